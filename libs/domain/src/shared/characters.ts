/**
 * Which characters ids and text may hold. Ids become stream names, SQL keys, log lines and labels on
 * screens, so they hold only characters that show: no whitespace, no control characters, no
 * invisible format characters (bidi overrides, isolates and marks, zero-width characters, the BOM,
 * which make one id look like another), no lone surrogates. Text is prose and may hold newlines,
 * tabs and any script, but nothing that cannot be stored: NUL (PostgreSQL refuses it in text and
 * JSON) and lone surrogates (no character at all: UTF-8, canonical JSON and gRPC cannot carry them).
 *
 * The rules name Unicode general categories that do not move between Unicode versions for the
 * characters they catch, so an id valid today stays valid on a newer Node.
 */

/** The longest id, in UTF-16 code units (a character beyond the Basic Multilingual Plane counts two). */
export const MAX_ID_LENGTH = 200;

/** Cc (C0, DEL, C1, NUL among them), Cf (bidi controls, zero-width characters, BOM), Cs (lone surrogates), Z (whitespace). */
const NOT_IN_AN_ID = /[\p{Cc}\p{Cf}\p{Cs}\p{Z}]/u;
/** In unicode mode a well-formed surrogate pair is one code point, so only a lone surrogate is Cs. */
const NOT_IN_TEXT = /[\0\p{Cs}]/u;

/** Why `candidate` is not an id ("must not contain …"), or undefined when it is one. */
export function idProblem(candidate: string): string | undefined {
  if (candidate.length === 0) return 'must not be empty';
  if (candidate.length > MAX_ID_LENGTH) return `must be at most ${MAX_ID_LENGTH} characters, not ${candidate.length}`;
  return offending(NOT_IN_AN_ID, candidate);
}

/** Why `candidate` cannot be stored as text, or undefined when it can. */
export function textProblem(candidate: string): string | undefined {
  return offending(NOT_IN_TEXT, candidate);
}

function offending(pattern: RegExp, candidate: string): string | undefined {
  const found = pattern.exec(candidate);
  return found ? `must not contain ${describe(found[0])} (at index ${found.index})` : undefined;
}

/** The character by its code point and its kind, never the character itself: an error message must not spoof either. */
function describe(character: string): string {
  const codePoint = `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  if (/\p{Cs}/u.test(character)) return `a lone surrogate, ${codePoint}`;
  if (/\p{Cc}/u.test(character)) return `the control character ${codePoint}`;
  if (/\p{Cf}/u.test(character)) return `the invisible format character ${codePoint}`;
  return `whitespace, ${codePoint}`;
}
