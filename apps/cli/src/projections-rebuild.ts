/**
 * `npm run cli -- projections rebuild`: builds every projection's read models again from position 0
 * of `$all`, into a new read-store generation beside the live one, and switches over once it has
 * caught up (see @hindsight/projections `rebuildProjections`). Queries keep answering from the live
 * generation meanwhile; a rebuild that fails or is interrupted (Ctrl-C) discards its generation and
 * leaves the live one as it was.
 */
import { parseArgs } from 'node:util';
import type { LoggerService } from '@nestjs/common';
import {
  HINDSIGHT_PROJECTION_NAMES,
  hindsightProjections,
  rebuildProjections,
  type Projection, type RebuildProgress, type RebuildResult } from '@hindsight/projections';
import type { Generation } from '@hindsight/read-store';
import { EXIT, UsageError, errorMessage, type Command, type CommandContext } from './command';
import { progressReporter, count, type ProgressReporter } from './progress';
import { DataDirectoryInUseError, openStores, type OpenStores } from './stores';

export interface RebuildCommandOptions {
  /** Events per transaction; the projections' default (500) when omitted. */
  readonly batchSize?: number;
  /** Every Hindsight projection when omitted (a generation holds all of them). */
  readonly projections?: readonly Projection[];
  /** Told every progress report too, beside the bar or lines (tests, other front ends). */
  readonly onProgress?: (progress: RebuildProgress) => void;
  /** Non-terminal output: one line per this many ms. Default 5,000. */
  readonly plainIntervalMs?: number;
}

export const projectionsRebuildCommand: Command = {
  path: ['projections', 'rebuild'],
  summary: 'Rebuild every read model from position 0 into a new generation, then switch to it',
  help: `Usage: npm run cli -- projections rebuild [--batch-size <n>]

Builds the read models again from the start of $all into a new read-store generation, beside the
live one, and makes it the live one once it has caught up with the head of $all. Queries keep
answering from the old generation until then. Ctrl-C stops the rebuild and discards the new
generation; the live one is untouched. An event a projection cannot apply is quarantined in the
new generation and the rebuild carries on (see projections reapply-quarantined). Projections:
${HINDSIGHT_PROJECTION_NAMES.join(', ')}.

Options:
  --batch-size <n>   events per transaction (default 500)
  -h, --help         this text

Environment (the same as the API's):
  EVENTSTORE_CONNECTION_STRING   the event store; without it, the embedded store in
                                 $HINDSIGHT_DATA_DIR/events (the API must be stopped)
  DATABASE_URL                   PostgreSQL for the read models; without it, PGlite in
                                 $HINDSIGHT_DATA_DIR/read-store (the API must be stopped)
  HINDSIGHT_DATA_DIR             default ./.hindsight
  HINDSIGHT_READ_SCHEMA_PREFIX   the generations' schema prefix (default read)

Progress goes to stderr: a bar on a terminal, a line every 5 s otherwise. The summary goes to
stdout. Exit status: 0 rebuilt and switched, 1 failed, 130 interrupted.`,
  run: async (args, context) => {
    const { values } = parseArgs({ args: [...args], options: { 'batch-size': { type: 'string' } }, strict: true, allowPositionals: false });
    return rebuildProjectionsCommand(context, { batchSize: parseBatchSize(values['batch-size']) });
  },
};

/** The command's work, callable without argument parsing; resolves to the exit code. */
export async function rebuildProjectionsCommand(context: CommandContext, options: RebuildCommandOptions = {}): Promise<number> {
  const { stdout, stderr, signal } = context;
  const reporter = progressReporter(stderr, { label: 'rebuild', plainIntervalMs: options.plainIntervalMs });

  let stores: OpenStores;
  try {
    stores = await openStores(context.env, reporterLogger(reporter));
  } catch (error) {
    stderr.write(`${error instanceof DataDirectoryInUseError ? 'Cannot rebuild now' : 'Cannot rebuild'}: ${errorMessage(error)}\n`);
    return EXIT.failed;
  }

  const projections = options.projections ?? hindsightProjections();
  const names = projections.map((projection) => projection.name).join(', ') || 'none';
  let live: Generation | undefined;
  let started = false;
  let building: number | undefined;
  try {
    stderr.write(`Rebuilding ${names} from position 0 (${stores.description})\n`);
    const health = await stores.eventStore.checkHealth();
    if (!health.connected) throw new Error(`the event store at ${health.connectionString} does not answer: ${health.error ?? 'no reason given'}`);
    live = await stores.readStore.activeGeneration();
    if (signal.aborted) {
      stderr.write('Interrupted before the rebuild started: nothing changed.\n');
      return EXIT.interrupted;
    }
    reporter.start();
    started = true;
    const result = await rebuildProjections(stores.eventStore, stores.readStore, {
      projections,
      batchSize: options.batchSize,
      signal,
      onProgress: (progress) => {
        building = progress.generation;
        reporter.update(progress);
        options.onProgress?.(progress);
      },
    });
    reporter.finish();
    stdout.write(`${summary(result, live)}\n`);
    return EXIT.ok;
  } catch (error) {
    reporter.finish();
    if (!started) {
      stderr.write(`Rebuild failed: ${errorMessage(error)}. Nothing changed.\n`);
      return EXIT.failed;
    }
    const leftOver = await buildingGenerations(stores).catch(() => []);
    const what = building === undefined ? 'The new generation' : `Generation ${building}`;
    const cleanUp = leftOver.length
      ? `${what} could not be dropped (${leftOver.map((generation) => generation.schema).join(', ')}); the next rebuild drops it.`
      : `${what} was discarded.`;
    const liveNow = live ? ` The live generation (${live.number}) is untouched.` : '';
    if (signal.aborted) {
      stderr.write(`Rebuild interrupted. ${cleanUp}${liveNow}\n`);
      return EXIT.interrupted;
    }
    stderr.write(`Rebuild failed: ${errorMessage(error)}. ${cleanUp}${liveNow}\n`);
    return EXIT.failed;
  } finally {
    await stores.close().catch((error: unknown) => stderr.write(`Closing the stores failed: ${errorMessage(error)}\n`));
  }
}

function summary(result: RebuildResult, previous: Generation): string {
  const rate = result.seconds > 0 ? result.events / result.seconds : result.events;
  return (
    `Rebuilt generation ${result.generation.number} (${result.generation.schema}): ${count(result.events)} events in ` +
    `${result.seconds.toFixed(1)} s (${count(rate)} events/s). It is the live generation now; generation ${previous.number} was dropped.` +
    (result.quarantined > 0
      ? ` ${count(result.quarantined)} events could not be applied and are in its quarantine (see health, quarantinedEvents; projections reapply-quarantined).`
      : '')
  );
}

async function buildingGenerations(stores: OpenStores): Promise<Generation[]> {
  return (await stores.readStore.generations()).filter((generation) => generation.state === 'building');
}

function parseBatchSize(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1) throw new UsageError(`--batch-size must be a positive whole number, got "${text}"`);
  return value;
}

/** Nest's log lines from inside the rebuild (a projection failing and retrying), printed without breaking the bar. */
function reporterLogger(reporter: ProgressReporter): LoggerService {
  const line = (level: string, message: unknown, params: unknown[]) => {
    const context = typeof params.at(-1) === 'string' ? `[${String(params.at(-1))}] ` : '';
    reporter.message(`${level}: ${context}${message instanceof Error ? message.message : String(message)}`);
  };
  return {
    log: () => undefined,
    warn: (message: unknown, ...params: unknown[]) => line('warning', message, params),
    error: (message: unknown, ...params: unknown[]) => line('error', message, params),
  };
}
