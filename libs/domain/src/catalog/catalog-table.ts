/**
 * The event catalog as a Markdown table, for the README: generated from the schemas themselves, so
 * the documentation cannot drift from what the API accepts (a test compares the two).
 */
import { z } from 'zod';
import { isPersonal } from '../shared/schema';
import { eventCatalog, eventTypes } from './event-catalog';

function describeField(name: string, schema: z.ZodType): string {
  const optional = schema instanceof z.ZodOptional;
  const inner = (optional ? schema.unwrap() : schema) as z.ZodType;
  const label = `\`${name}${optional ? '?' : ''}\`${isPersonal(schema) ? ' (personal)' : ''}`;
  if (inner instanceof z.ZodEnum) return `${label} (${inner.options.join(' \\| ')})`;
  if (inner instanceof z.ZodObject) {
    return `${label} { ${Object.entries(inner.shape).map(([field, value]) => describeField(field, value as z.ZodType)).join(', ')} }`;
  }
  return label;
}

export function catalogMarkdownTable(): string {
  const rows = eventTypes.map((type) => {
    const { category, schemaVersion, description, schema } = eventCatalog[type];
    const fields = Object.entries((schema as z.ZodObject).shape).map(([name, value]) => describeField(name, value as z.ZodType));
    return `| \`${type}\` | \`${category}-…\` | ${schemaVersion} | ${description} | ${fields.join(', ') || '—'} |`;
  });
  return ['| Event type | Stream | Version | What it records | Data (`?` optional) |', '|---|---|---|---|---|', ...rows].join('\n');
}
