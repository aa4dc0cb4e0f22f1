/**
 * `cli replay <journeyId> [--clock occurred|recorded]`: a journey's timeline in the terminal, from the
 * API's `journeySteps`: one line per event (time of day, offset from the start, time since the previous
 * event, stream, what happened), aligned, a date line whenever the day changes, and under a step the
 * findings that became true (or were withdrawn) there. ANSI colour only when stdout is a terminal and
 * NO_COLOR is not set.
 */
import { parseArgs } from 'node:util';
import { formatDuration } from '@hindsight/domain';
import { JourneyNotFoundError, formatOffset, reportApiError } from './api-output';
import { EXIT, UsageError, type Command, type CommandContext } from './command';
import { URL_HELP, apiCredential, apiUrl, graphqlClient } from './graphql-client';

export type ReplayClockOption = 'occurred' | 'recorded';

interface StepFinding {
  readonly code: string;
  readonly kind: string;
  readonly severity: string;
  readonly subject: string;
  readonly sentence: string;
}

export interface ReplayStep {
  readonly index: number;
  readonly entry: { eventId: string; occurredAt: string; recordedAt: string; streamName: string; type: string; description: string };
  readonly appeared: readonly StepFinding[];
  readonly withdrawn: readonly StepFinding[];
}

export interface ReplayAnswer {
  readonly journey: { id: string; customerId: string | null; streams: string[] } | null;
  readonly journeySteps: readonly ReplayStep[];
}

const replayQuery = `
  query Replay($id: ID!, $clock: ReplayClock) {
    journey(id: $id) { id customerId streams }
    journeySteps(id: $id, clock: $clock) {
      index
      entry { eventId occurredAt recordedAt streamName type description }
      appeared { code kind severity subject sentence }
      withdrawn { code kind severity subject sentence }
    }
  }`;

/** The few SGR codes the replay uses; all empty without colour. */
interface Palette {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly severity: (severity: string, kind: string, text: string) => string;
}

const sgr = (open: string) => (text: string) => `\x1b[${open}m${text}\x1b[0m`;
const colours: Palette = {
  bold: sgr('1'),
  dim: sgr('2'),
  severity: (severity, kind, text) => {
    if (kind === 'good_practice') return sgr('32')(text);
    if (severity === 'critical') return sgr('1;97;41')(text);
    if (severity === 'high') return sgr('1;31')(text);
    if (severity === 'medium') return sgr('33')(text);
    if (severity === 'low') return sgr('36')(text);
    return sgr('2')(text);
  },
};
const plain: Palette = { bold: (text) => text, dim: (text) => text, severity: (_severity, _kind, text) => text };

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColour(context: Pick<CommandContext, 'env' | 'stdout'>): boolean {
  return Boolean(context.stdout.isTTY) && context.env.NO_COLOR === undefined;
}

/** The replay as text: aligned columns, findings under the step where they became true. */
export function renderReplay(answer: ReplayAnswer, options: { clock: ReplayClockOption; colour: boolean }): string {
  const paint = options.colour ? colours : plain;
  const steps = answer.journeySteps;
  const timeOf = (step: ReplayStep) => (options.clock === 'recorded' ? step.entry.recordedAt : step.entry.occurredAt);
  const start = steps.length ? Date.parse(timeOf(steps[0])) : 0;
  const rows = steps.map((step, position) => {
    const at = Date.parse(timeOf(step));
    const previous = position === 0 ? at : Date.parse(timeOf(steps[position - 1]));
    const iso = new Date(at).toISOString();
    return {
      step,
      day: iso.slice(0, 10),
      number: String(position + 1),
      time: iso.slice(11, 19),
      offset: formatOffset(at - start),
      gap: position === 0 ? '' : at - previous < 1000 ? '·' : `+${formatDuration(at - previous)}`,
    };
  });
  const width = {
    number: Math.max(1, ...rows.map((row) => row.number.length)),
    offset: Math.max(...rows.map((row) => row.offset.length), 'since start'.length),
    gap: Math.max(...rows.map((row) => row.gap.length), 'gap'.length),
    stream: Math.max(...rows.map((row) => row.step.entry.streamName.length), 'stream'.length),
  };
  const indent = width.number + 2 + 8 + 2 + width.offset + 2 + width.gap + 2 + width.stream + 2;

  const journey = answer.journey;
  const id = journey?.id ?? steps[0]?.entry.streamName ?? '?';
  const findingsCount = steps.reduce((sum, step) => sum + step.appeared.length - step.withdrawn.length, 0);
  const lines: string[] = [
    paint.bold(`Journey ${id}`) +
      ` · customer ${journey?.customerId ?? 'unknown'} · ${steps.length} event${steps.length === 1 ? '' : 's'} · ` +
      `${findingsCount} finding${findingsCount === 1 ? '' : 's'} · ${options.clock} clock, UTC`,
    '',
    paint.dim(
      `${'#'.padStart(width.number)}  ${'time'.padEnd(8)}  ${'since start'.padStart(width.offset)}  ${'gap'.padStart(width.gap)}  ${'stream'.padEnd(width.stream)}  event`,
    ),
  ];
  let day = '';
  for (const row of rows) {
    if (row.day !== day) {
      day = row.day;
      lines.push(paint.bold(`── ${weekday(day)} ${day} `));
    }
    lines.push(
      `${row.number.padStart(width.number)}  ${row.time}  ${row.offset.padStart(width.offset)}  ${paint.dim(row.gap.padStart(width.gap))}  ` +
        `${paint.dim(row.step.entry.streamName.padEnd(width.stream))}  ${row.step.entry.description}`,
    );
    for (const finding of row.step.appeared) {
      const label = finding.kind === 'good_practice' ? '✓ good' : `⚑ ${finding.severity}`;
      lines.push(`${' '.repeat(indent)}${paint.severity(finding.severity, finding.kind, label.padEnd(10))} ${finding.sentence} ${paint.dim(`[${finding.code}]`)}`);
    }
    for (const finding of row.step.withdrawn) {
      lines.push(`${' '.repeat(indent)}${paint.dim('↺ withdrawn'.padEnd(10))} ${paint.dim(`${finding.sentence} [${finding.code}]`)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function weekday(day: string): string {
  return ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(`${day}T00:00:00Z`).getUTCDay()];
}

export const replayCommand: Command = {
  path: ['replay'],
  summary: 'Replay a journey in the terminal, step by step, with findings where they became true',
  help: `Usage: npm run cli -- replay <journeyId> [--clock occurred|recorded] [--url <url>] [--api-key <key>]

Prints the journey's timeline from the running API's journeySteps (GraphQL only): one line per
event with its time of day (UTC), the time since the journey's start and since the event before,
its stream and what happened; under a step, the findings that became true there (severity and the
sentence to read aloud) and any withdrawn. Colour on a terminal unless NO_COLOR is set.

<journeyId> is a journey's id or any of its streams (case-T-1, contact-C-2).

Options:
  --clock <c>   occurred (default): the sources' clocks, what really happened when;
                recorded: when Hindsight recorded each event, what it knew when
${URL_HELP}`,
  async run(args, context) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { clock: { type: 'string', default: 'occurred' }, url: { type: 'string' }, 'api-key': { type: 'string' } },
      strict: true,
      allowPositionals: true,
    });
    const [journeyId, ...extra] = positionals;
    if (!journeyId) throw new UsageError('which journey? Give its id or one of its streams, e.g. case-T-1');
    if (extra.length) throw new UsageError(`one journey at a time, got also "${extra.join(' ')}"`);
    const clock = values.clock as string;
    if (clock !== 'occurred' && clock !== 'recorded') throw new UsageError(`--clock must be occurred or recorded, got "${clock}"`);
    const client = graphqlClient(apiUrl(values.url, context.env), context.signal, apiCredential(values['api-key'], context.env));
    try {
      const answer = await client.request<ReplayAnswer>(replayQuery, { id: journeyId, clock: clock.toUpperCase() });
      if (answer.journeySteps.length === 0) throw new JourneyNotFoundError(journeyId);
      context.stdout.write(renderReplay(answer, { clock, colour: useColour(context) }));
      return EXIT.ok;
    } catch (error) {
      return reportApiError(context, 'replay', error);
    }
  },
};
