/**
 * Rebuild progress for people and for logs: on a terminal, one line redrawn in place (a bar, the
 * percentage, events done out of the estimated total, the rate and the time left); elsewhere (a
 * pipe, CI, a log file), a plain line every few seconds and one at the end.
 *
 * `$all` positions are byte offsets, not event numbers: the percentage is how far through the log
 * by bytes, and the total is estimated from it (`~`) until the rebuild is done.
 */
import type { Output } from './command';

export interface ProgressSample {
  readonly generation: number;
  readonly eventsDone: number;
  /** 0 to 1. */
  readonly fraction: number;
  readonly done: boolean;
}

export interface ProgressReporter {
  /** The work starts now: rates count from here. */
  start(): void;
  update(progress: ProgressSample): void;
  /** A line of its own (a warning), printed without breaking the bar. */
  message(line: string): void;
  /** Leaves the terminal on a fresh line. */
  finish(): void;
}

export interface ProgressOptions {
  readonly label?: string;
  readonly now?: () => number;
  /** Plain output only: at most one line per this many ms (the last one always prints). Default 5,000. */
  readonly plainIntervalMs?: number;
  /** Rate and time left are measured over this last stretch. Default 5,000 ms. */
  readonly windowMs?: number;
}

/** What a line shows, derived from the samples so far. */
export interface ProgressFigures {
  readonly generation: number;
  readonly eventsDone: number;
  /** The events the whole rebuild will apply: exact when done, estimated (from bytes) before. */
  readonly eventsTotal: number | undefined;
  readonly totalIsEstimate: boolean;
  readonly fraction: number;
  /** Events per second over the recent window, undefined until two samples are apart in time. */
  readonly eventsPerSecond: number | undefined;
  readonly secondsLeft: number | undefined;
  readonly done: boolean;
}

const BAR_WIDTH = 24;
const FULL = '█';
const EMPTY = '░';

export function progressReporter(output: Output, options: ProgressOptions = {}): ProgressReporter {
  const now = options.now ?? Date.now;
  const meter = new ProgressMeter(options.windowMs ?? 5_000);
  const label = options.label ?? 'rebuild';
  let last: ProgressFigures | undefined;

  if (output.isTTY) {
    let drawn = false;
    const draw = () => {
      if (!last) return;
      output.write(`\r\x1b[2K${formatBarLine(last, label, output.columns)}`);
      drawn = true;
    };
    return {
      start: () => meter.start(now()),
      update: (progress) => {
        last = meter.add(progress, now());
        draw();
      },
      message: (line) => {
        output.write(`${drawn ? '\r\x1b[2K' : ''}${line}\n`);
        draw();
      },
      finish: () => {
        if (drawn) output.write('\n');
        drawn = false;
      },
    };
  }

  const interval = options.plainIntervalMs ?? 5_000;
  let lastPrintedAt = -Infinity;
  let printedDone = false;
  return {
    start: () => meter.start(now()),
    update: (progress) => {
      last = meter.add(progress, now());
      const at = now();
      if ((progress.done && !printedDone) || at - lastPrintedAt >= interval) {
        output.write(`${formatPlainLine(last, label)}\n`);
        lastPrintedAt = at;
        printedDone ||= progress.done;
      }
    },
    message: (line) => output.write(`${line}\n`),
    finish: () => undefined,
  };
}

/** Keeps the recent samples and turns them into figures. */
export class ProgressMeter {
  private readonly samples: { at: number; eventsDone: number; fraction: number }[] = [];

  constructor(private readonly windowMs: number) {}

  /** Nothing done yet at `at`: the first rate is measured from here. */
  start(at: number): void {
    this.samples.splice(0, this.samples.length, { at, eventsDone: 0, fraction: 0 });
  }

  add(progress: ProgressSample, at: number): ProgressFigures {
    this.samples.push({ at, eventsDone: progress.eventsDone, fraction: progress.fraction });
    while (this.samples.length > 2 && at - this.samples[1].at >= this.windowMs) this.samples.shift();
    const first = this.samples[0];
    const seconds = (at - first.at) / 1000;
    const eventsPerSecond = seconds > 0 ? Math.max(0, (progress.eventsDone - first.eventsDone) / seconds) : undefined;
    const fractionPerSecond = seconds > 0 ? (progress.fraction - first.fraction) / seconds : 0;
    const secondsLeft = progress.done ? 0 : fractionPerSecond > 0 ? (1 - progress.fraction) / fractionPerSecond : undefined;
    const estimate = progress.fraction > 0 && progress.eventsDone > 0 ? Math.round(progress.eventsDone / progress.fraction) : undefined;
    return {
      generation: progress.generation,
      eventsDone: progress.eventsDone,
      eventsTotal: progress.done ? progress.eventsDone : estimate,
      totalIsEstimate: !progress.done,
      fraction: progress.done ? 1 : progress.fraction,
      eventsPerSecond,
      secondsLeft,
      done: progress.done,
    };
  }
}

/** `rebuild g3 [██████░░░░] 42.0% | 12,345/~29,400 events | 3,210 ev/s | ETA 0:09` */
export function formatBarLine(figures: ProgressFigures, label: string, columns?: number): string {
  const parts = [
    `${percent(figures.fraction)}`,
    `${count(figures.eventsDone)}/${total(figures)} events`,
    `${rate(figures.eventsPerSecond)} ev/s`,
    figures.done ? 'done' : `ETA ${clock(figures.secondsLeft)}`,
  ];
  const text = parts.join(' | ');
  const head = `${label} g${figures.generation} `;
  // Narrow terminals shrink the bar first; a line that wraps would break the redraw.
  const room = columns ? columns - 1 - head.length - text.length - 3 : BAR_WIDTH;
  const width = Math.max(0, Math.min(BAR_WIDTH, room));
  if (width < 5) return `${head}${text}`.slice(0, columns ? columns - 1 : undefined);
  const filled = Math.round(figures.fraction * width);
  return `${head}[${FULL.repeat(filled)}${EMPTY.repeat(width - filled)}] ${text}`;
}

/** `rebuild generation 3: 42.0%, 12,345 of ~29,400 events, 3,210 events/s, about 9 s left` */
export function formatPlainLine(figures: ProgressFigures, label: string): string {
  const left = figures.done ? 'done' : figures.secondsLeft === undefined ? 'time left unknown yet' : `about ${duration(figures.secondsLeft)} left`;
  return (
    `${label} generation ${figures.generation}: ${percent(figures.fraction)}, ${count(figures.eventsDone)} of ${total(figures)} events, ` +
    `${rate(figures.eventsPerSecond)} events/s, ${left}`
  );
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function total(figures: ProgressFigures): string {
  if (figures.eventsTotal === undefined) return '?';
  return `${figures.totalIsEstimate ? '~' : ''}${count(figures.eventsTotal)}`;
}

function rate(eventsPerSecond: number | undefined): string {
  return eventsPerSecond === undefined ? '-' : count(eventsPerSecond);
}

/** m:ss, or h:mm:ss past an hour; `-:--` when unknown. */
function clock(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '-:--';
  const whole = Math.ceil(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const secs = String(whole % 60).padStart(2, '0');
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${secs}` : `${minutes}:${secs}`;
}

function duration(seconds: number): string {
  const whole = Math.ceil(seconds);
  if (whole < 60) return `${whole} s`;
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${whole % 60} s`;
  return `${Math.floor(whole / 3600)} h ${Math.floor((whole % 3600) / 60)} min`;
}
/**
 * Progress of one stage on stderr: on a terminal a line redrawn in place, elsewhere a plain line at
 * most every `intervalMs` and one at the end. Rates come from progress.ts's meter.
 */
export class StageProgress {
  private readonly meter = new ProgressMeter(5_000);
  private lastPlainAt = -Infinity;
  private drawn = false;

  constructor(
    private readonly output: Output,
    private readonly label: string,
    private readonly unit: string,
    private readonly intervalMs = 2_000,
  ) {
    this.meter.start(Date.now());
  }

  update(done: number, total: number, finished = false, note = ''): void {
    const figures = this.meter.add({ generation: 0, eventsDone: done, fraction: total ? done / total : 1, done: finished }, Date.now());
    const rate = figures.eventsPerSecond === undefined ? '' : `, ${count(figures.eventsPerSecond)} ${this.unit}/s`;
    const line = `${this.label}: ${count(done)} of ${count(total)} ${this.unit}${rate}${note ? `, ${note}` : ''}${finished ? ', done' : ''}`;
    if (this.output.isTTY) {
      this.output.write(`\r\x1b[2K${line.slice(0, this.output.columns ? this.output.columns - 1 : undefined)}${finished ? '\n' : ''}`);
      this.drawn = !finished;
      return;
    }
    const at = Date.now();
    if (finished || at - this.lastPlainAt >= this.intervalMs) {
      this.output.write(`${line}\n`);
      this.lastPlainAt = at;
    }
  }

  /** A line of its own, without breaking a drawn one. */
  message(line: string): void {
    this.output.write(`${this.drawn ? '\r\x1b[2K' : ''}${line}\n`);
    this.drawn = false;
  }

  end(): void {
    if (this.drawn) this.output.write('\n');
    this.drawn = false;
  }
}

