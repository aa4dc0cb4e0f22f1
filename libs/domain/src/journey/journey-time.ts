/**
 * Instants and durations as the journey states them: milliseconds inside the fold, ISO-8601 in UTC and
 * millisecond durations outside, and a short human form for the timeline's sentences.
 */
export const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/**
 * A fold and every replay step write the same few instants again and again; remembering their text is
 * much cheaper than formatting it each time. Bounded, so a long-running projector does not grow with it.
 */
const isoTexts = new Map<number, string>();
const ISO_TEXTS_KEPT = 100_000;

export function iso(ms: number): string {
  let text = isoTexts.get(ms);
  if (text === undefined) {
    text = new Date(ms).toISOString();
    if (isoTexts.size >= ISO_TEXTS_KEPT) isoTexts.clear();
    isoTexts.set(ms, text);
  }
  return text;
}

export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : iso(ms);
}

/** The time from one instant to another, or null while either is not known. */
export function since(from: number | null, to: number | null): number | null {
  return from === null || to === null ? null : to - from;
}

/** The two largest units that are not zero: `21 min 30 s`, `11 h`, `83 d 5 h`, `0 s`. */
export function formatDuration(ms: number): string {
  const units: readonly (readonly [string, number])[] = [
    ['d', DAY_MS],
    ['h', HOUR_MS],
    ['min', MINUTE_MS],
    ['s', SECOND_MS],
  ];
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  const parts: string[] = [];
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 || parts.length > 0) parts.push(`${count} ${unit}`);
  }
  const shown = parts.slice(0, 2).filter((part) => !part.startsWith('0 '));
  return shown.length > 0 ? sign + shown.join(' ') : '0 s';
}
