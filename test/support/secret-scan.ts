/**
 * Looks for secrets in files at rest: every file under a directory, searched for a value in each form
 * it could plausibly have been written in. What the privacy tests use to say "no copy left".
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function filesUnder(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .map((name) => join(directory, name))
    .filter((path) => statSync(path).isFile());
}

/** A key's bytes: raw, and in every text encoding Hindsight writes binary in. */
export function encodingsOfBytes(bytes: Buffer): Buffer[] {
  return [bytes, ...(['base64', 'base64url', 'hex'] as const).map((encoding) => Buffer.from(bytes.toString(encoding)))];
}

/** A text value: UTF-8, UTF-16 (little and big endian), JSON-escaped (ASCII-only escapes too), and base64. */
export function encodingsOfText(text: string): Buffer[] {
  const jsonEscaped = JSON.stringify(text).slice(1, -1);
  const asciiEscaped = jsonEscaped.replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const utf16le = Buffer.from(text, 'utf16le');
  const utf16be = Buffer.from(utf16le).swap16();
  return [...new Set([text, jsonEscaped, asciiEscaped])].map((form) => Buffer.from(form, 'utf8')).concat(
    utf16le,
    utf16be,
    Buffer.from(Buffer.from(text, 'utf8').toString('base64')),
  );
}

/** Which of the named secrets appear, in any of their forms, in which files. */
export function findSecrets(files: readonly string[], secrets: Readonly<Record<string, readonly Buffer[]>>): string[] {
  return files.flatMap((path) => {
    const bytes = readFileSync(path);
    return Object.entries(secrets).flatMap(([name, forms]) => (forms.some((form) => bytes.includes(form)) ? [`${name} in ${path}`] : []));
  });
}
