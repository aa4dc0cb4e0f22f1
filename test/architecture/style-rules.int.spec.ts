/**
 * The style rules are checks, not conventions: each is broken on purpose here, in a real ESLint and
 * a real dependency-cruiser run over the project's own configurations, and each must fail.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

interface LintMessage {
  readonly ruleId: string | null;
  readonly message: string;
}

/** ESLint's messages for each source text, linted as if it were the file at that path. */
async function lint(files: ReadonlyArray<{ readonly path: string; readonly text: string }>): Promise<LintMessage[][]> {
  const script = `
    const { ESLint } = require('eslint');
    const files = JSON.parse(process.argv[1]);
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd() });
      const results = [];
      for (const file of files) results.push((await eslint.lintText(file.text, { filePath: file.path }))[0].messages);
      process.stdout.write(JSON.stringify(results));
    })();`;
  const { stdout } = await run(process.execPath, ['-e', script, JSON.stringify(files)], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as LintMessage[][];
}

/** `rule: module` for each rule dependency-cruiser says a project made of these files breaks. */
async function brokenRules(files: Record<string, string>): Promise<string[]> {
  const project = await mkdtemp(join(tmpdir(), 'hindsight-depcruise-'));
  try {
    const all = {
      'package.json': JSON.stringify({ name: 'probe', devDependencies: { 'fast-check': '*' } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'commonjs', moduleResolution: 'bundler' } }),
      ...files,
    };
    for (const [path, text] of Object.entries(all)) {
      await mkdir(dirname(join(project, path)), { recursive: true });
      await writeFile(join(project, path), text);
    }
    // The probe's imports of packages resolve to the project's own, as dev-dependencies.
    await symlink(join(ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
    const cruiser = join(ROOT, 'node_modules', '.bin', 'depcruise');
    const { stdout } = await run(cruiser, ['apps', 'libs', 'test', '--config', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'json'], {
      cwd: project,
    }).catch((failure: { stdout: string }) => failure);
    const { summary } = JSON.parse(stdout) as { summary: { violations: Array<{ from: string; rule: { name: string } }> } };
    return [...new Set(summary.violations.map((violation) => `${violation.rule.name}: ${violation.from}`))].sort();
  } finally {
    await rm(project, { recursive: true, force: true });
  }
}

describe('Style rules', () => {
  it('fail the lint for a switch over a union that leaves a member out, and for a clock in the domain only', async () => {
    const partialSwitch = `export function size(kind: 'small' | 'large'): number {\n  switch (kind) {\n    case 'small':\n      return 1;\n    default:\n      return 2;\n  }\n}\n`;
    const clock = `export const now = (): number => Date.now();\nexport const today = (): Date => new Date();\nexport const parsed = (text: string): Date => new Date(text);\n`;

    const [inDomain, clockInDomain, clockInApi] = await lint([
      { path: 'libs/domain/src/findings/cases.rules.ts', text: partialSwitch },
      { path: 'libs/domain/src/journey/journey-time.ts', text: clock },
      { path: 'apps/api/src/app.config.ts', text: clock },
    ]);

    expect(inDomain.map((message) => message.ruleId)).toEqual(['@typescript-eslint/switch-exhaustiveness-check']);
    expect(clockInDomain.map((message) => `${message.ruleId}: ${message.message}`)).toEqual([
      'no-restricted-syntax: The domain has no clock: take the instant as an input.',
      'no-restricted-syntax: The domain has no clock: take the instant as an input.',
    ]);
    expect(clockInApi).toEqual([]);
  }, 120_000);

  it('fail the dependency check for a lib edge not on the list, a lib not on the list, production code that reaches test or dev-only code, and a spec beside its code that reaches test/', async () => {
    const broken = await brokenRules({
      'libs/read-store/src/index.ts': `export const rows = 1;\n`,
      'libs/domain/src/index.ts': `import { rows } from '../../read-store/src/index';\nexport const count = rows;\n`,
      'libs/newcomer/src/index.ts': `import { rows } from '../../read-store/src/index';\nexport const more = rows;\n`,
      'test/support/fixture.ts': `export const fixture = 1;\n`,
      'apps/api/src/main.ts': `import { fixture } from '../../../test/support/fixture';\nimport fc from 'fast-check';\nexport const started = [fixture, fc];\n`,
      'apps/api/src/main.unit.spec.ts': `import { fixture } from '../../../test/support/fixture';\nimport fc from 'fast-check';\nexport const checked = [fixture, fc];\n`,
    });

    expect(broken).toEqual([
      'domain-without-other-libs: libs/domain/src/index.ts',
      'lib-edges-are-listed: libs/newcomer/src/index.ts',
      'lib-edges-of-domain: libs/domain/src/index.ts',
      'production-without-dev-dependencies: apps/api/src/main.ts',
      'production-without-development-code: apps/api/src/main.ts',
      'specs-beside-code-stand-alone: apps/api/src/main.unit.spec.ts',
    ]);
  }, 120_000);
});
