/**
 * The CLI's dispatcher (commands named by words, help, unknown commands and options) and its
 * progress output (the terminal bar and the plain lines), without any store.
 */
import type { Command, CommandContext } from '../../apps/cli/src/command';
import { UsageError } from '../../apps/cli/src/command';
import { commands } from '../../apps/cli/src/all-commands';
import { dispatch } from '../../apps/cli/src/dispatcher';
import { CapturedOutput } from '../support/cli';
import { ProgressMeter, formatBarLine, formatPlainLine, progressReporter } from '../../apps/cli/src/progress';

function context() {
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const value: CommandContext = { env: {}, stdout, stderr, signal: new AbortController().signal };
  return { value, stdout, stderr };
}

describe('The CLI dispatcher', () => {
  const ran: { path: string; args: readonly string[] }[] = [];
  const command = (path: string[], run: Command['run'] = async (args) => (ran.push({ path: path.join(' '), args }), 0)): Command => ({
    path,
    summary: `does ${path.join(' ')}`,
    help: `Usage: ${path.join(' ')} [--flag]`,
    run,
  });
  const fakes = [
    command(['projections', 'rebuild']),
    command(['projections', 'replay']),
    command(['demo']),
    command(['strict'], async () => {
      throw new UsageError('--size must be a number');
    }),
  ];
  beforeEach(() => ran.splice(0));

  it('runs the command the first words name, with the words after them', async () => {
    const { value } = context();
    expect(await dispatch(fakes, ['projections', 'rebuild', '--batch-size', '5'], value)).toBe(0);
    expect(ran).toEqual([{ path: 'projections rebuild', args: ['--batch-size', '5'] }]);
  });

  it('lists every command with --help, help, or no arguments', async () => {
    for (const argv of [['--help'], ['-h'], ['help'], []]) {
      const { value, stdout } = context();
      expect(await dispatch(fakes, argv, value)).toBe(0);
      expect(stdout.text).toContain('Usage: npm run cli -- <command> [options]');
      expect(stdout.text).toMatch(/projections rebuild\s+does projections rebuild/);
      expect(stdout.text).toMatch(/demo\s+does demo/);
    }
    expect(ran).toEqual([]);
  });

  it("prints a command's own help instead of running it", async () => {
    const { value, stdout } = context();
    expect(await dispatch(fakes, ['projections', 'rebuild', '--help'], value)).toBe(0);
    expect(stdout.text).toBe('Usage: projections rebuild [--flag]\n');
    expect(ran).toEqual([]);
  });

  it('lists the commands under a group word, and refuses unknown commands with exit code 2', async () => {
    const group = context();
    expect(await dispatch(fakes, ['projections'], group.value)).toBe(2);
    expect(group.stderr.text).toContain('projections replay');
    expect(group.stderr.text).not.toContain('demo');

    const unknown = context();
    expect(await dispatch(fakes, ['nope'], unknown.value)).toBe(2);
    expect(unknown.stderr.text).toContain('cli: unknown command "nope"');
  });

  it('turns usage errors and unknown options into exit code 2 with a pointer to the help', async () => {
    const usage = context();
    expect(await dispatch(fakes, ['strict'], usage.value)).toBe(2);
    expect(usage.stderr.text).toContain('cli strict: --size must be a number');
    expect(usage.stderr.text).toContain('npm run cli -- strict --help');

    const option = context();
    expect(await dispatch(commands, ['projections', 'rebuild', '--bogus'], option.value)).toBe(2);
    expect(option.stderr.text).toContain("Unknown option '--bogus'");
  });

  it('knows the real commands: projections rebuild and eventstore', async () => {
    const { value, stdout } = context();
    await dispatch(commands, ['--help'], value);
    expect(stdout.text).toMatch(/projections rebuild/);
    expect(stdout.text).toMatch(/eventstore/);
  });
});

describe('Rebuild progress', () => {
  it('measures the rate and the time left over the recent window, and estimates the total from the fraction', () => {
    const meter = new ProgressMeter(5_000);
    meter.start(0);
    meter.add({ generation: 2, eventsDone: 1_000, fraction: 0.1, done: false }, 1_000);
    const figures = meter.add({ generation: 2, eventsDone: 4_000, fraction: 0.4, done: false }, 4_000);
    expect(figures).toMatchObject({ eventsDone: 4_000, eventsTotal: 10_000, totalIsEstimate: true, eventsPerSecond: 1_000 });
    expect(figures.secondsLeft).toBeCloseTo(6);
    const done = meter.add({ generation: 2, eventsDone: 10_000, fraction: 1, done: true }, 10_000);
    expect(done).toMatchObject({ eventsTotal: 10_000, totalIsEstimate: false, secondsLeft: 0, fraction: 1 });
  });

  it('draws a bar that fits the terminal and plain lines that say the same', () => {
    const figures = { generation: 3, eventsDone: 12_345, eventsTotal: 29_400, totalIsEstimate: true, fraction: 0.42, eventsPerSecond: 3_210, secondsLeft: 9, done: false };
    expect(formatBarLine(figures, 'rebuild')).toBe('rebuild g3 [██████████░░░░░░░░░░░░░░] 42.0% | 12,345/~29,400 events | 3,210 ev/s | ETA 0:09');
    expect(formatBarLine(figures, 'rebuild', 80).length).toBeLessThan(80);
    expect(formatPlainLine(figures, 'rebuild')).toBe('rebuild generation 3: 42.0%, 12,345 of ~29,400 events, 3,210 events/s, about 9 s left');
  });

  it('redraws one line on a terminal, and prints a plain line at most every interval (and always the last) elsewhere', () => {
    let now = 0;
    const tty = new CapturedOutput(true);
    const bar = progressReporter(tty, { now: () => now });
    bar.start();
    now = 1_000;
    bar.update({ generation: 2, eventsDone: 10, fraction: 0.5, done: false });
    bar.message('warning: slow');
    now = 2_000;
    bar.update({ generation: 2, eventsDone: 20, fraction: 1, done: true });
    bar.finish();
    expect(tty.text.split('\r\x1b[2K').filter(Boolean)).toEqual([
      expect.stringContaining('50.0%'),
      'warning: slow\n',
      expect.stringContaining('50.0%'),
      expect.stringMatching(/100\.0% \| 20\/20 events \| 10 ev\/s \| done\n$/),
    ]);

    const plain = new CapturedOutput(false);
    const lines = progressReporter(plain, { now: () => now, plainIntervalMs: 5_000 });
    now = 0;
    lines.start();
    for (const [at, fraction] of [[100, 0.1], [2_000, 0.3], [5_200, 0.6], [6_000, 0.8]] as const) {
      now = at;
      lines.update({ generation: 4, eventsDone: fraction * 100, fraction, done: false });
    }
    now = 6_500;
    lines.update({ generation: 4, eventsDone: 100, fraction: 1, done: true });
    expect(plain.text.trimEnd().split('\n')).toEqual([
      expect.stringContaining('10.0%'),
      expect.stringContaining('60.0%'),
      expect.stringMatching(/100\.0%, 100 of 100 events, .* done$/),
    ]);
  });
});
