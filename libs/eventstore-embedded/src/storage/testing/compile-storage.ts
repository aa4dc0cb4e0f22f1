/**
 * Compiles the storage folder's sources (not its specs) to CommonJS once, for tests that run its
 * code in child processes they kill: each child then pays only Node's start-up.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { transformFileSync } from '@swc/core';

const STORAGE_DIR = path.resolve(__dirname, '..');

/** Returns the compiled path of a file given relative to the storage folder (`testing/x.child.ts`). */
export function compileStorageTo(outDir: string): (source: string) => string {
  const sources = fs.readdirSync(STORAGE_DIR, { recursive: true, encoding: 'utf8' });
  for (const source of sources.filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))) {
    const { code } = transformFileSync(path.join(STORAGE_DIR, source), {
      swcrc: false,
      jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
      module: { type: 'commonjs' },
    });
    const target = path.join(outDir, source.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, code);
  }
  return (source) => path.join(outDir, source.replace(/\.ts$/, '.js'));
}
