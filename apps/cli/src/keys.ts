/**
 * `npm run cli -- keys create | list | revoke`: API keys, straight in the read store (the API's
 * admin-only createApiKey, apiKeys and revokeApiKey do the same over GraphQL). A key's secret is
 * printed once, alone on stdout, so a script can capture it; only its hash is kept.
 *
 * In embedded mode the running API holds PGlite's directory, so these run while it is stopped
 * (with DATABASE_URL they run beside it; a revocation then reaches it within 30 seconds).
 */
import { parseArgs } from 'node:util';
import { ApiKeyStore, isRole, ROLES, type ApiKey } from '@hindsight/access';
import { ReadStore, ReadStoreLockedError, readStoreConfigFromEnv } from '@hindsight/read-store';
import { EXIT, UsageError, errorMessage, type Command, type CommandContext } from './command';

const ENVIRONMENT_HELP = `Environment (the same as the API's):
  DATABASE_URL                   PostgreSQL; without it, PGlite in $HINDSIGHT_DATA_DIR/read-store
                                 (the API must be stopped: use its createApiKey mutation instead)
  HINDSIGHT_DATA_DIR             default ./.hindsight
  HINDSIGHT_READ_SCHEMA_PREFIX   default read (keys live in the schema <prefix>_access)`;

export const keysCreateCommand: Command = {
  path: ['keys', 'create'],
  summary: 'Create an API key with a role; prints its secret once',
  help: `Usage: npm run cli -- keys create --role <role> --name <name>

Creates an API key and prints its secret on stdout, alone, this once: only its hash is stored.
Send it as "Authorization: Bearer <secret>" (or HINDSIGHT_API_KEY for the CLI).

Options:
  --role <role>   ${ROLES.join(', ')}
  --name <name>   What the key is for (shown in keys list), e.g. telephony

${ENVIRONMENT_HELP}`,
  async run(args, context) {
    const { values } = parseArgs({ args: [...args], options: { role: { type: 'string' }, name: { type: 'string' } }, strict: true, allowPositionals: false });
    const role = values.role;
    if (!isRole(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}${role === undefined ? '' : `, got "${role}"`}`);
    const name = values.name?.trim();
    if (!name) throw new UsageError('--name is required: say what the key is for, e.g. --name telephony');
    return withKeyStore(context, async (store) => {
      const { key, secret } = await store.create({ name, role, createdBy: 'cli' });
      context.stderr.write(`Created key ${key.id} (${key.name}, ${key.role}). Its secret, shown this once:\n`);
      context.stdout.write(`${secret}\n`);
      return EXIT.ok;
    });
  },
};

export const keysListCommand: Command = {
  path: ['keys', 'list'],
  summary: 'List the API keys (never their secrets)',
  help: `Usage: npm run cli -- keys list

Lists every API key, revoked ones included, oldest first: id, role, name, created, revoked.

${ENVIRONMENT_HELP}`,
  async run(args, context) {
    parseArgs({ args: [...args], options: {}, strict: true, allowPositionals: false });
    return withKeyStore(context, async (store) => {
      context.stdout.write(renderKeys(await store.list()));
      return EXIT.ok;
    });
  },
};

export const keysRevokeCommand: Command = {
  path: ['keys', 'revoke'],
  summary: 'Revoke an API key for good',
  help: `Usage: npm run cli -- keys revoke <id>

Revokes the key with this id (as keys list shows it): it is refused from then on.

${ENVIRONMENT_HELP}`,
  async run(args, context) {
    const { positionals } = parseArgs({ args: [...args], options: {}, strict: true, allowPositionals: true });
    if (positionals.length !== 1) throw new UsageError('give the id of one key, as keys list shows it');
    const [id] = positionals;
    return withKeyStore(context, async (store) => {
      const key = await store.revoke(id, new Date());
      if (!key) {
        context.stderr.write(`cli keys revoke: no key has the id "${id}"; see npm run cli -- keys list\n`);
        return EXIT.failed;
      }
      context.stdout.write(`Revoked key ${key.id} (${key.name}, ${key.role}) at ${key.revokedAt!.toISOString()}\n`);
      return EXIT.ok;
    });
  },
};

export function renderKeys(keys: readonly ApiKey[]): string {
  if (keys.length === 0) return 'No API keys.\n';
  const rows = [
    ['ID', 'ROLE', 'NAME', 'CREATED', 'REVOKED'],
    ...keys.map((key) => [key.id, key.role, key.name, key.createdAt.toISOString(), key.revokedAt?.toISOString() ?? '-']),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n') + '\n';
}

async function withKeyStore(context: CommandContext, work: (store: ApiKeyStore) => Promise<number>): Promise<number> {
  const config = readStoreConfigFromEnv(context.env);
  let readStore: ReadStore;
  try {
    readStore = await ReadStore.open(config);
  } catch (error) {
    if (error instanceof ReadStoreLockedError) {
      context.stderr.write(
        `cli keys: the read store in ${config.kind === 'pglite' ? config.dataDir : 'PostgreSQL'} is in use by another process, most likely the Hindsight API.\n` +
          'Stop the API and run this again, or manage keys through the running API as admin (createApiKey, apiKeys, revokeApiKey).\n',
      );
      return EXIT.failed;
    }
    context.stderr.write(`cli keys: the read store could not be opened: ${errorMessage(error)}\n`);
    return EXIT.failed;
  }
  try {
    return await work(await ApiKeyStore.open(readStore));
  } finally {
    await readStore.close();
  }
}
