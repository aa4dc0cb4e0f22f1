/**
 * `npm run cli -- projections reapply-quarantined [--projection <name>]`: applies the events the
 * projections set aside again, once what kept them out is fixed (see @hindsight/projections
 * `reapplyQuarantined`). Each that applies leaves the quarantine; each that still fails stays, with
 * its new error. It opens the stores as `projections rebuild` does, so the same rules apply: in
 * embedded mode with the API stopped, with an external store and PostgreSQL beside it.
 */
import { parseArgs } from 'node:util';
import type { Upcaster } from '@hindsight/event-store';
import { HINDSIGHT_PROJECTION_NAMES, hindsightProjections, printable, reapplyQuarantined, type Projection, type ReapplyResult } from '@hindsight/projections';
import { EXIT, errorMessage, type Command, type CommandContext } from './command';
import { DataDirectoryInUseError, openStores, type OpenStores } from './stores';

export interface ReapplyCommandOptions {
  readonly projection?: string;
  /** Every Hindsight projection when omitted. */
  readonly projections?: readonly Projection[];
  /** Upcasters to read the events with (a fix may be one); the event store's own when omitted. */
  readonly upcasters?: readonly Upcaster[];
}

export const projectionsReapplyCommand: Command = {
  path: ['projections', 'reapply-quarantined'],
  summary: 'Apply the events the projections quarantined again, after a fix',
  help: `Usage: npm run cli -- projections reapply-quarantined [--projection <name>]

Reads each quarantined event again from the event store at its position and applies it to the live
read-store generation. One that applies now is released from quarantine; one that still fails stays
there with its new error. The admin query quarantinedEvents, and health, show what is left.
Projections: ${HINDSIGHT_PROJECTION_NAMES.join(', ')}.

Options:
  --projection <name>   only this projection's quarantine (default: every projection's)
  -h, --help            this text

Environment: the same as projections rebuild (EVENTSTORE_CONNECTION_STRING, DATABASE_URL,
HINDSIGHT_DATA_DIR, HINDSIGHT_READ_SCHEMA_PREFIX). In embedded mode the API must be stopped.

One line per event on stdout, then a summary. Exit status: 0 every event applied (or none was
quarantined), 1 some still fail or the stores could not be used.`,
  run: async (args, context) => {
    const { values } = parseArgs({ args: [...args], options: { projection: { type: 'string' } }, strict: true, allowPositionals: false });
    return reapplyQuarantinedCommand(context, { projection: values.projection });
  },
};

/** The command's work, callable without argument parsing; resolves to the exit code. */
export async function reapplyQuarantinedCommand(context: CommandContext, options: ReapplyCommandOptions = {}): Promise<number> {
  const { stdout, stderr } = context;
  let stores: OpenStores;
  try {
    stores = await openStores(context.env, false, options.upcasters);
  } catch (error) {
    stderr.write(`${error instanceof DataDirectoryInUseError ? 'Cannot re-apply now' : 'Cannot re-apply'}: ${errorMessage(error)}\n`);
    return EXIT.failed;
  }
  try {
    const results = await reapplyQuarantined(stores.eventStore, stores.readStore, {
      projections: options.projections ?? hindsightProjections(),
      projection: options.projection,
      onResult: (result) => stdout.write(`${line(result)}\n`),
    });
    const failed = results.filter((result) => result.outcome === 'failed').length;
    if (results.length === 0) stdout.write('No quarantined events.\n');
    else stdout.write(`Re-applied ${results.length - failed} of ${results.length} quarantined events; ${failed} still fail and stay in quarantine.\n`);
    return failed === 0 ? EXIT.ok : EXIT.failed;
  } catch (error) {
    stderr.write(`Re-applying stopped: ${errorMessage(error)}. What was re-applied stays so; the rest stays in quarantine.\n`);
    return EXIT.failed;
  } finally {
    await stores.close().catch((error: unknown) => stderr.write(`Closing the stores failed: ${errorMessage(error)}\n`));
  }
}

function line({ entry, outcome, error }: ReapplyResult): string {
  const what = `${entry.projection} ${entry.position.commit}/${entry.position.prepare} ${entry.eventType} ${entry.eventId} (${entry.streamName})`;
  return outcome === 'applied' ? `applied      ${what}` : `still fails  ${what}: ${printable(error ?? 'no reason given')}`;
}
