/**
 * Instants as facts carry them: ISO-8601 at whole seconds. Platforms give the same moment at
 * different precisions on different feeds (Amazon Connect's events in milliseconds, its records in
 * seconds), and a fact's instant is part of what makes it the same fact: both paths must agree.
 */

/** An instant to whole seconds, as ISO-8601; undefined for text that is no instant. */
export function toWholeSeconds(instant: string | undefined): string | undefined {
  if (!instant) return undefined;
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return undefined;
  return new Date(ms - (((ms % 1000) + 1000) % 1000)).toISOString().replace('.000Z', 'Z');
}
