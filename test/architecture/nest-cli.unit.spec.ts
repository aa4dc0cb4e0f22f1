/** nest-cli.json is the monorepo's map: every app and lib on disk is in it, and nothing else. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

describe('nest-cli.json', () => {
  it('lists each folder of apps/ as an application and each of libs/ as a library, at its own root', () => {
    const { projects } = JSON.parse(readFileSync(join(ROOT, 'nest-cli.json'), 'utf8')) as {
      projects: Record<string, { type: string; root: string; sourceRoot: string }>;
    };
    const onDisk = (kind: 'apps' | 'libs', type: string) =>
      readdirSync(join(ROOT, kind), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => ({ name: entry.name, type, root: `${kind}/${entry.name}`, sourceRoot: `${kind}/${entry.name}/src` }));

    const listed = Object.entries(projects).map(([name, { type, root, sourceRoot }]) => ({ name, type, root, sourceRoot }));

    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(listed.sort(byName)).toEqual([...onDisk('apps', 'application'), ...onDisk('libs', 'library')].sort(byName));
  });
});
