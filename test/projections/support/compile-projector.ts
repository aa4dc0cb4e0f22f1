/**
 * Compiles the projector's sources for a child process the kill test can SIGKILL. Unlike
 * test/support/compile-for-child.ts (plain code), Nest needs the build's decorator transform and
 * constructor metadata, so this compiles with the repository's .swcrc, aliases rewritten to paths.
 * The output sits inside node_modules/.cache so packages resolve as they do from the sources.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { transformFileSync, type Options } from '@swc/core';

const repositoryRoot = resolve(__dirname, '..', '..', '..');

export interface CompiledProjector {
  pathOf(source: string): string;
  remove(): void;
}

export function compileProjector(sourceDirs: readonly string[]): CompiledProjector {
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
  const outDir = mkdtempSync(join(cache, 'hindsight-projector-'));
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
