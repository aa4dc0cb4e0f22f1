/**
 * What every CLI command is given and what it gives back. A command never touches `process`
 * directly: it reads `env`, writes to `stdout`/`stderr`, stops when `signal` aborts and returns an
 * exit code, so tests run it in-process with their own environment and streams.
 */

/** The little of a stream a command writes to; `isTTY` decides between a progress bar and plain lines. */
export interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  /** Terminal width, when known. */
  readonly columns?: number;
}

export interface CommandContext {
  readonly env: NodeJS.ProcessEnv;
  /** Results: what a script would capture. */
  readonly stdout: Output;
  /** Progress, warnings and errors. */
  readonly stderr: Output;
  /** Aborted on SIGINT/SIGTERM: a command stops what it is doing and cleans up. */
  readonly signal: AbortSignal;
}

export interface Command {
  /** The words that name it: `['projections', 'rebuild']` is `cli projections rebuild`. */
  readonly path: readonly string[];
  /** One line for `cli --help`. */
  readonly summary: string;
  /** The command's own `--help` text (usage, options, environment). */
  readonly help: string;
  /** Runs with the arguments after the command's words; resolves to the process's exit code. */
  run(args: readonly string[], context: CommandContext): Promise<number>;
}

/** Exit codes shared by the commands. */
export const EXIT = {
  ok: 0,
  failed: 1,
  /** Bad arguments or an unknown command. */
  usage: 2,
  /** Stopped by SIGINT (128 + 2, as shells report it). */
  interrupted: 130,
} as const;

/** A wrong argument: the dispatcher prints it with a pointer to `--help` and exits with `EXIT.usage`. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A whole-number option from `min` to `max`, or `fallback` when it is not given. */
export function wholeNumber(option: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new UsageError(`${option} must be a whole number from ${min} to ${max}, got "${text}"`);
  return value;
}
