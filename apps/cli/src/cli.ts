/**
 * The Hindsight CLI: `npm run cli -- <command> [options]` (`npm run cli -- --help` lists the
 * commands). The first SIGINT or SIGTERM asks the running command to stop cleanly; a second SIGINT
 * ends the process at once.
 */
import { errorMessage, EXIT } from './command';
import { runCli } from './all-commands';

async function main(): Promise<number> {
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      if (signal === 'SIGINT') process.exit(EXIT.interrupted);
      return;
    }
    process.stderr.write(`\n${signal}: stopping (${signal === 'SIGINT' ? 'Ctrl-C again to quit at once' : 'please wait'})...\n`);
    controller.abort(new Error(`Stopped by ${signal}`));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return runCli(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr, signal: controller.signal });
}

main().then(
  (code) => {
    // Exits rather than waiting for the event loop to drain: a client's idle sockets must not keep a finished command alive.
    process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`cli: ${error instanceof Error ? (error.stack ?? error.message) : errorMessage(error)}\n`);
    process.exit(EXIT.failed);
  },
);
