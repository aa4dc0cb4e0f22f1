/** The README's event catalog is the catalog: regenerate it with `npm run docs:catalog` when this fails. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogMarkdownTable } from '@hindsight/domain';
import { catalogSection } from '../../apps/cli/src/readme-catalog';

describe('the README event catalog', () => {
  it('matches the schemas', () => {
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');

    expect(catalogSection(readme)).toBe(catalogMarkdownTable());
  });
});
