/**
 * The journey fold's first step: from the facts as delivered to the facts in the journey's one order. Drops
 * duplicates (noting copies that disagree), facts that cannot be placed in time and facts after `asOf`,
 * parses each instant once, and sorts by occurredAt, `$all` position and event id, so that everything after
 * it sees one order whatever order the facts arrived in.
 *
 * It must never read a fact's meaning: what a fact says is the walks' business (contacts.walk.ts,
 * callbacks.walk.ts, cases.walk.ts), and a fact dropped here is one no walk will ever see.
 */
import type { DataQualityNote } from './journey';
import { dataQualityNote } from './journey.drafts';
import { comparePositions, instantOf, type JourneyFact } from './journey-fact';
import { iso } from './journey-time';

/** A fact with its instants parsed, and written back in the journey's one ISO form, once for every fold and step. */
export type OrderedFact = JourneyFact & {
  readonly at: number;
  readonly recorded: number;
  readonly occurredIso: string;
  readonly recordedIso: string;
};

/** The ordered facts of one kind of event (a stream category's walk takes only its own). */
export type OrderedFactOf<Event extends { readonly type: string }> = Extract<OrderedFact, { readonly type: Event['type'] }>;

/**
 * Drops duplicates, facts that cannot be placed in time and facts after `asOf`, and puts the rest in the
 * journey order. Which copy of a duplicated event id wins depends only on the copies, not their order.
 */
export function prepare(
  facts: readonly JourneyFact[],
  asOf: number | null,
  clock: 'occurred' | 'recorded',
): { readonly ordered: OrderedFact[]; readonly notes: DataQualityNote[] } {
  const notes: DataQualityNote[] = [];
  const byId = new Map<string, JourneyFact>();
  const conflicting = new Set<string>();
  for (const fact of facts) {
    const kept = byId.get(fact.eventId);
    if (kept === undefined) {
      byId.set(fact.eventId, fact);
      continue;
    }
    const [keptKey, factKey] = [canonicalKey(kept), canonicalKey(fact)];
    if (keptKey === factKey) continue;
    conflicting.add(fact.eventId);
    if (factKey < keptKey) byId.set(fact.eventId, fact);
  }
  const unique = [...byId.values()].sort((a, b) => (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
  for (const fact of unique) {
    if (conflicting.has(fact.eventId)) {
      notes.push(
        dataQualityNote(
          'conflicting_duplicate',
          fact.streamName,
          `Event ${fact.eventId} was delivered with different contents; the copy first in position is used`,
          [fact.eventId],
        ),
      );
    }
  }
  const placed: OrderedFact[] = [];
  for (const fact of unique) {
    const at = instantOf(fact.occurredAt);
    const recorded = instantOf(fact.recordedAt);
    if (Number.isNaN(at) || Number.isNaN(recorded)) {
      notes.push(
        dataQualityNote(
          'invalid_time',
          fact.streamName,
          `Event ${fact.eventId} has an occurredAt or recordedAt that is not an instant; it is left out`,
          [fact.eventId],
        ),
      );
      continue;
    }
    if (asOf !== null && (clock === 'occurred' ? at : recorded) > asOf) continue;
    placed.push({ ...fact, at, recorded, occurredIso: iso(at), recordedIso: iso(recorded) });
  }
  // compareJourneyFacts's order, on instants parsed once rather than in every comparison.
  placed.sort(
    (a, b) =>
      a.at - b.at || comparePositions(a.position, b.position) || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0),
  );
  return { ordered: placed, notes };
}

/** Orders copies of one event id: by position first, then by everything else, as text. */
function canonicalKey(fact: JourneyFact): string {
  const position = fact.position.toString().padStart(24, '0');
  const { streamName, type, data, occurredAt, recordedAt, source } = fact;
  return `${position} ${JSON.stringify([streamName, type, occurredAt, recordedAt, source, data])}`;
}
