/** Runs CLI commands in-process, capturing what they print, for the CLI's tests. */
import type { CommandContext, Output } from '../../apps/cli/src/command';
import { runCli } from '../../apps/cli/src/all-commands';

/** An output stream that keeps what was written; `isTTY` decides whether commands draw bars and colour on it. */
export class CapturedOutput implements Output {
  text = '';
  constructor(readonly isTTY = false) {}
  write(text: string): boolean {
    this.text += text;
    return true;
  }
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly env: NodeJS.ProcessEnv;
  /** Which streams are terminals. */
  readonly stdoutTTY?: boolean;
  readonly stderrTTY?: boolean;
  readonly signal?: AbortSignal;
}

export async function runCliCapturing(argv: readonly string[], options: CliOptions): Promise<CliRun> {
  const stdout = new CapturedOutput(options.stdoutTTY);
  const stderr = new CapturedOutput(options.stderrTTY);
  const context: CommandContext = { env: options.env, stdout, stderr, signal: options.signal ?? new AbortController().signal };
  const code = await runCli(argv, context);
  return { code, stdout: stdout.text, stderr: stderr.text };
}
