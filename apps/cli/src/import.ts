/**
 * `cli import <platform> <file>`: a contact centre's own export, mapped by @hindsight/connectors and
 * sent to the public `recordEvents` like any integration's facts, in batches. The file is what the
 * platform exports: JSON lines, or one JSON array. Importing it again records nothing new, since
 * every fact's id comes from the platform's own ids. What the API refuses is written, with its code,
 * to a file beside the input; what the mapping could not say (records not settled yet, legs that are
 * no customer contact, details the catalog cannot carry) to another.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { mapContactRecords, mapConversationDetails, mapTicketAudits, tenantSettings, type Mapping, type TenantSettings } from '@hindsight/connectors';
import { EXIT, UsageError, errorMessage, wholeNumber, type Command } from './command';
import { URL_HELP, apiCredential, apiUrl, graphqlClient } from './graphql-client';
import { MAX_BATCH, recordFacts } from './record-facts';
import { reportApiError } from './api-output';

const PLATFORMS: Readonly<Record<string, (records: readonly unknown[], settings: TenantSettings) => Mapping>> = {
  'amazon-connect': mapContactRecords,
  zendesk: mapTicketAudits,
  'genesys-cloud': mapConversationDetails,
};
const DEFAULT_BATCH = MAX_BATCH;

/** JSON lines or a JSON array: the two ways the platforms export. */
export function parseExport(text: string, file: string): unknown[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) {
    const parsed: unknown = JSON.parse(trimmed);
    if (!Array.isArray(parsed)) throw new UsageError(`${file} is not a JSON array`);
    return parsed;
  }
  return text.split('\n').flatMap((line, index) => {
    if (line.trim() === '') return [];
    try {
      return [JSON.parse(line) as unknown];
    } catch (error) {
      throw new UsageError(`${file}, line ${index + 1}: not JSON (${errorMessage(error)})`);
    }
  });
}

async function readSettings(file: string | undefined): Promise<TenantSettings> {
  if (!file) return tenantSettings(undefined);
  try {
    return tenantSettings(JSON.parse(await readFile(file, 'utf8')));
  } catch (error) {
    throw new UsageError(`${file}: ${errorMessage(error)}`);
  }
}

const jsonLines = (items: readonly unknown[]) => items.map((item) => `${JSON.stringify(item)}\n`).join('');

export const importCommand: Command = {
  path: ['import'],
  summary: "Import a contact centre's export (Amazon Connect, Zendesk, Genesys Cloud) through recordEvents",
  help: `Usage: npm run cli -- import <platform> <file> [--settings <file>] [--batch-size <n>] [--url <url>] [--api-key <key>]

Maps the platform's own export to catalog facts and records them through the running API's public
recordEvents mutation, ${DEFAULT_BATCH} facts a call, with progress on stderr. Ends with one line:
"<N> new, <M> already recorded, <K> rejected". Importing the same file again records nothing new.

Platforms:
  amazon-connect      contact records as data streaming (Kinesis, Firehose) delivers them
  zendesk             ticket audits as the Ticket Audits API pages them (pages or single audits)
  genesys-cloud       conversation detail records (details query or job pages, or one per line)

Files written beside <file>:
  <file>.rejected.jsonl   the facts the API refused, each with its code, field and message
  <file>.unmapped.jsonl   what the mapping could not say: records not settled yet (import again
                          later), legs that are no customer contact, details the catalog cannot carry

Options:
  --settings <file>   Tenant settings (JSON): customerIdAttribute, caseIdAttribute, dispositionAttribute,
                      contactIdField, outcomeByDisposition, defaultOutcome, skipChannels,
                      unknownDisconnectParty, placeholders
  --batch-size <n>    Facts per recordEvents call, 1 to ${MAX_BATCH} (default ${DEFAULT_BATCH})
${URL_HELP}

The key needs the integration role (or admin).`,
  async run(args, context) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: {
        settings: { type: 'string' },
        'batch-size': { type: 'string' },
        url: { type: 'string' },
        'api-key': { type: 'string' },
      },
      strict: true,
      allowPositionals: true,
    });
    const [platform, file, ...extra] = positionals;
    if (!platform || !file || extra.length) throw new UsageError('import takes a platform and a file');
    const map = PLATFORMS[platform];
    if (!map) throw new UsageError(`unknown platform "${platform}": one of ${Object.keys(PLATFORMS).join(', ')}`);
    const batchSize = wholeNumber('--batch-size', values['batch-size'], DEFAULT_BATCH, 1, MAX_BATCH);
    const settings = await readSettings(values.settings);
    const text = await readFile(file, 'utf8').catch((error: unknown) => {
      throw new UsageError(`cannot read ${file}: ${errorMessage(error)}`);
    });
    const records = parseExport(text, file);
    const { facts, unmapped } = map(records, settings);
    const byKind = (kind: string) => unmapped.filter((note) => note.kind === kind).length;
    context.stderr.write(
      `${records.length} records: ${facts.length} facts; ${byKind('held')} not settled yet, ${byKind('skipped')} skipped, ${byKind('lost')} details the catalog cannot carry\n`,
    );
    await writeFile(`${file}.unmapped.jsonl`, jsonLines(unmapped));

    const client = graphqlClient(apiUrl(values.url, context.env), context.signal, apiCredential(values['api-key'], context.env));
    try {
      const { recorded, duplicates, rejected } = await recordFacts(client, context, facts, { batchSize, label: `Importing ${file}` });
      await writeFile(`${file}.rejected.jsonl`, jsonLines(rejected.map(({ fact, error }) => ({ ...error, fact }))));
      if (context.signal.aborted) return EXIT.interrupted;
      context.stdout.write(`${recorded} new, ${duplicates} already recorded, ${rejected.length} rejected\n`);
      if (rejected.length) context.stderr.write(`The rejected facts and their codes are in ${file}.rejected.jsonl\n`);
      return rejected.length ? EXIT.failed : EXIT.ok;
    } catch (error) {
      return reportApiError(context, 'import', error);
    }
  },
};
