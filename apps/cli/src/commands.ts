/**
 * Every command of the CLI, in the order `--help` lists them. A new command is a `Command` in a file
 * of its own, added here.
 */
import type { Command, CommandContext } from './command';
import { demoCommand } from './demo';
import { dispatch } from './dispatcher';
import { eventStoreCommand } from './eventstore-command';
import { importCommand } from './import';
import { keysCreateCommand, keysListCommand, keysRevokeCommand } from './keys';
import { projectionsReapplyCommand } from './projections-reapply';
import { projectionsRebuildCommand } from './projections-rebuild';
import { replayCommand } from './replay';
import { reportCommand } from './report/report.command';

export const commands: readonly Command[] = [
  projectionsRebuildCommand,
  projectionsReapplyCommand,
  eventStoreCommand,
  replayCommand,
  reportCommand,
  demoCommand,
  importCommand,
  keysCreateCommand,
  keysListCommand,
  keysRevokeCommand,
];

/** Runs the command the arguments name; resolves to the exit code. */
export function runCli(argv: readonly string[], context: CommandContext): Promise<number> {
  return dispatch(commands, argv, context);
}
