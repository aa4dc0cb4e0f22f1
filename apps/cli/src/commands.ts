/**
 * Every command of the CLI, in the order `--help` lists them. A new command is a `Command` in a file
 * of its own, added here.
 */
import type { Command, CommandContext } from './command';
import { dispatch } from './dispatcher';
import { eventStoreCommand } from './eventstore-command';
import { projectionsRebuildCommand } from './projections-rebuild';

export const commands: readonly Command[] = [projectionsRebuildCommand, eventStoreCommand];

/** Runs the command the arguments name; resolves to the exit code. */
export function runCli(argv: readonly string[], context: CommandContext): Promise<number> {
  return dispatch(commands, argv, context);
}
