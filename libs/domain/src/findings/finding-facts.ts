/**
 * What the rules read besides the Journey's own fields: its timeline looked up by stream and by event
 * id, and the finding built from a rule's answer (evidence put in timeline order, its streams named).
 * Pure helpers; the index is cached per Journey object, which is immutable.
 */
import type { Journey, TimelineEntry } from '../journey/journey';
import { formatDuration } from '../journey/journey-time';
import type { StreamName } from '../shared/stream-name';
import type { Finding, FindingCode, FindingKind, FindingSeverity } from './finding';

interface TimelineIndex {
  readonly byEventId: ReadonlyMap<string, { readonly index: number; readonly entry: TimelineEntry }>;
  readonly byStream: ReadonlyMap<StreamName, readonly TimelineEntry[]>;
}

const indexes = new WeakMap<Journey, TimelineIndex>();

function indexOf(journey: Journey): TimelineIndex {
  let index = indexes.get(journey);
  if (!index) {
    const byEventId = new Map<string, { index: number; entry: TimelineEntry }>();
    const byStream = new Map<StreamName, TimelineEntry[]>();
    journey.timeline.forEach((entry, position) => {
      if (!byEventId.has(entry.eventId)) byEventId.set(entry.eventId, { index: position, entry });
      const entries = byStream.get(entry.streamName) ?? [];
      entries.push(entry);
      byStream.set(entry.streamName, entries);
    });
    index = { byEventId, byStream };
    indexes.set(journey, index);
  }
  return index;
}

/** The timeline entries of one stream, in timeline order. */
export function entriesOf(journey: Journey, streamName: StreamName): readonly TimelineEntry[] {
  return indexOf(journey).byStream.get(streamName) ?? [];
}

/** The position of an event on the timeline, or -1. */
export function timelineIndexOf(journey: Journey, eventId: string): number {
  return indexOf(journey).byEventId.get(eventId)?.index ?? -1;
}

/** The first entry of a stream of one of the types, at the instant given when one is. */
export function entryOf(
  journey: Journey,
  streamName: StreamName,
  types: readonly TimelineEntry['type'][],
  at?: string | null,
): TimelineEntry | undefined {
  return entriesOf(journey, streamName).find(
    (entry) => types.includes(entry.type) && (at === undefined || at === null || entry.occurredAt === at),
  );
}

/** Event ids of entries, skipping the ones not found. */
export function idsOf(...entries: readonly (TimelineEntry | null | undefined)[]): string[] {
  return entries.flatMap((entry) => (entry ? [entry.eventId] : []));
}

export interface FindingDraft {
  readonly severity: FindingSeverity;
  readonly subject: string;
  readonly sentence: string;
  readonly evidence: readonly string[];
  readonly at: string;
  readonly details: Readonly<Record<string, number>>;
}

/** A finding from a rule's draft: evidence deduplicated and in timeline order, its streams named. */
export function findingOf(journey: Journey, code: FindingCode, kind: FindingKind, draft: FindingDraft): Finding {
  const { byEventId } = indexOf(journey);
  const evidence = [...new Set(draft.evidence)].sort(
    (a, b) => (byEventId.get(a)?.index ?? Infinity) - (byEventId.get(b)?.index ?? Infinity),
  );
  const streamNames: StreamName[] = [];
  for (const eventId of evidence) {
    const stream = byEventId.get(eventId)?.entry.streamName;
    if (stream !== undefined && !streamNames.includes(stream)) streamNames.push(stream);
  }
  return { code, kind, ...draft, evidence, streamNames };
}

// Words

const UNITS_MS = [24 * 3_600_000, 3_600_000, 60_000, 1_000] as const;

/**
 * `21 min 30 s`, `11 h`, `83 d 5 h`: the two largest units, rounded rather than cut, so a promise made at
 * 10:03 and due a week later at 10:00 reads `7 d`, as it was said, and not `6 d 23 h`.
 */
export function duration(milliseconds: number): string {
  const size = Math.abs(milliseconds);
  const largest = UNITS_MS.findIndex((unit) => size >= unit);
  const step = largest < 0 ? 1_000 : (UNITS_MS[largest + 1] ?? 1_000);
  return formatDuration(Math.sign(milliseconds) * Math.round(size / step) * step);
}

/** `2026-03-05 15:56 UTC`: minutes are what a meeting reads; seconds only when there are some. */
export function instant(isoInstant: string): string {
  const seconds = isoInstant.slice(17, 19);
  return `${isoInstant.slice(0, 10)} ${isoInstant.slice(11, seconds === '00' ? 16 : 19)} UTC`;
}

export function ms(isoInstant: string): number {
  return Date.parse(isoInstant);
}

export function isoAt(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** `C-1, C-2 and C-3`. */
export function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
