/**
 * Compiles TypeScript sources to CommonJS for tests that run code in a child process they can kill.
 * It compiles with the repository's .swcrc (Nest needs its decorator transform and constructor
 * metadata), `@hindsight/*` aliases rewritten to paths. The output mirrors the repository's layout
 * inside node_modules/.cache, so packages in node_modules resolve as they do from the sources.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { transformFileSync, type Options } from '@swc/core';

const repositoryRoot = resolve(__dirname, '..', '..');

export interface CompiledTree {
  /** The compiled path of a source file given relative to the repository root. */
  pathOf(source: string): string;
  remove(): void;
}

export function compileForChild(sourceDirs: readonly string[]): CompiledTree {
  const swcrc = JSON.parse(readFileSync(join(repositoryRoot, '.swcrc'), 'utf8')) as Options & { $schema?: string };
  delete swcrc.$schema;
  const options: Options = {
    ...swcrc,
    swcrc: false,
    sourceMaps: false,
    jsc: { ...swcrc.jsc, baseUrl: repositoryRoot, paths: { '@hindsight/*': ['./libs/*/src/index.ts'] } },
  };
  const cache = join(repositoryRoot, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const outDir = mkdtempSync(join(cache, 'hindsight-child-'));
  for (const sourceDir of sourceDirs) {
    const absolute = join(repositoryRoot, sourceDir);
    for (const file of readdirSync(absolute, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts') || file.endsWith('.spec.ts')) continue;
      const source = join(absolute, file);
      const { code } = transformFileSync(source, options);
      const target = join(outDir, relative(repositoryRoot, source)).replace(/\.ts$/, '.js');
      mkdirSync(join(target, '..'), { recursive: true });
      writeFileSync(target, code);
    }
  }
  return {
    pathOf: (source) => join(outDir, source).replace(/\.ts$/, '.js'),
    remove: () => rmSync(outDir, { recursive: true, force: true }),
  };
}

export interface ChildRun {
  readonly child: ChildProcess;
  /** Resolves with what follows `READY` on the line the child prints once it is up (a port, or nothing); rejects if it exits first. */
  readonly ready: Promise<string>;
  readonly exited: Promise<void>;
  /** All the child has printed so far, for a failure's message. */
  output(): string;
}

export interface RunChildOptions {
  /**
   * Run it the way `npm run` does under a supervisor: a shell that waits for Node leads a process
   * group of its own, so a test can kill the whole group (`process.kill(-child.pid, 'SIGKILL')`),
   * which leaves Node an orphan for init to reap whenever it gets to it.
   */
  processGroup?: boolean;
}

/** Runs a compiled script in a child process of its own, so that a test can kill it where it likes. */
export function runChild(script: string, args: readonly string[], options: RunChildOptions = {}): ChildRun {
  const child = options.processGroup
    ? spawn('sh', ['-c', '"$0" "$@"; exit $?', process.execPath, script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    : spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = /^READY ?(.*)$/m.exec(output);
      if (line) resolve(line[1]);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(() => reject(new Error(`${script} exited before it was ready: ${output}`)));
  });
  // A child killed before it was ready is often what the test wanted; those that care await `ready`.
  ready.catch(() => undefined);
  return { child, ready, exited, output: () => output };
}
