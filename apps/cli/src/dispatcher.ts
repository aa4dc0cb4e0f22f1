/**
 * Finds the command named by the first words of the arguments and runs it with the rest. Commands
 * are named by one or more words (`eventstore`, `projections rebuild`); a word that only starts
 * command names (`projections`) lists them. `--help` anywhere before or after the command's words
 * prints help instead of running anything.
 */
import { EXIT, UsageError, errorMessage, type Command, type CommandContext } from './command';

/** How the CLI is started, for usage lines and hints; `cli` prefixes its messages. */
export const INVOCATION = 'npm run cli --';

export async function dispatch(commands: readonly Command[], argv: readonly string[], context: CommandContext): Promise<number> {
  const words = argv[0] === 'help' ? argv.slice(1) : argv;
  const askedForHelp = argv[0] === 'help' || argv.some(isHelpFlag);
  const command = findCommand(commands, words);
  if (!command) {
    const prefix = words.filter((word) => !word.startsWith('-'));
    const group = commands.filter((candidate) => startsWith(candidate.path, prefix));
    if (prefix.length === 0 && (argv.length === 0 || askedForHelp)) {
      context.stdout.write(overview(commands));
      return EXIT.ok;
    }
    if (prefix.length > 0 && group.length > 0) {
      // A group word alone (`projections`): its commands, as help when asked for, as an error otherwise.
      (askedForHelp ? context.stdout : context.stderr).write(overview(group, prefix));
      return askedForHelp ? EXIT.ok : EXIT.usage;
    }
    const what = prefix.length ? `unknown command "${prefix.join(' ')}"` : `unknown option "${words[0]}"`;
    context.stderr.write(`cli: ${what}. Run "${INVOCATION} --help" for the list of commands.\n`);
    return EXIT.usage;
  }
  const args = words.slice(command.path.length);
  if (askedForHelp) {
    context.stdout.write(`${command.help.trimEnd()}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(args, context);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      context.stderr.write(`cli ${command.path.join(' ')}: ${errorMessage(error)}\nRun "${INVOCATION} ${command.path.join(' ')} --help" for its options.\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

/** The list `--help` prints: every command (or every command under a group word) and its summary. */
export function overview(commands: readonly Command[], prefix: readonly string[] = []): string {
  const names = commands.map((command) => command.path.join(' '));
  const width = Math.max(...names.map((name) => name.length));
  const lines = commands.map((command, index) => `  ${names[index].padEnd(width)}  ${command.summary}`);
  const subject = prefix.length ? `${prefix.join(' ')} ` : '';
  return [
    `Usage: ${INVOCATION} ${subject}<command> [options]`,
    '',
    'Commands:',
    ...lines,
    '',
    `Run "${INVOCATION} <command> --help" for a command's options and environment.`,
    '',
  ].join('\n');
}

function findCommand(commands: readonly Command[], words: readonly string[]): Command | undefined {
  const matching = commands.filter((command) => startsWith(words, command.path));
  return matching.sort((a, b) => b.path.length - a.path.length)[0];
}

function startsWith(words: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= words.length && prefix.every((word, index) => words[index] === word);
}

function isHelpFlag(word: string): boolean {
  return word === '--help' || word === '-h';
}

/** node:util parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown or malformed options. */
function isParseArgsError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}
