/**
 * What a connector's mapping gives back: the facts to record, in the shape `recordEvents` takes,
 * and what it could not say, each with the platform's own id and why. A mapping never throws on a
 * record it cannot use: a platform's export holds many kinds of records, and one odd record must
 * not stop an import of a million.
 */
import { parseFactForStream, type JourneyEvent, type StoryFact, type StreamName } from '@hindsight/domain';

/** A catalog fact as an integration service records it: stream, event, when, and its source's id for it. */
export type ConnectorFact = StoryFact;

/** Something a record said that no fact carries, or a whole record left out, and why. */
export interface Unmapped {
  /** The platform's id of the record (a ContactId, a ticket id). */
  readonly recordId: string;
  /** `held`: not settled on the platform yet, so nothing of it is emitted; `skipped`: not a customer contact; `lost`: a detail the catalog cannot carry. */
  readonly kind: 'held' | 'skipped' | 'lost';
  readonly why: string;
}

export interface Mapping {
  readonly facts: readonly ConnectorFact[];
  readonly unmapped: readonly Unmapped[];
}

/** The facts of `fact`, as the public API's FactInput (the event keyed by its type, first letter lowered). */
export function factInput({ type, data, streamName, occurredAt, source, sourceEventId }: ConnectorFact) {
  return { source, sourceEventId, occurredAt, stream: streamName, event: { [type[0].toLowerCase() + type.slice(1)]: data } };
}

/**
 * A fact checked against the catalog, fields left undefined dropped; or, when the catalog refuses it,
 * why, for the mapping to report: one odd value must not fail an import.
 */
export function checkedFact(
  stream: StreamName,
  event: JourneyEvent,
  origin: { readonly occurredAt: string; readonly source: string; readonly sourceEventId: string },
): ConnectorFact | { readonly refused: string } {
  const data = Object.fromEntries(Object.entries(event.data).filter(([, value]) => value !== undefined));
  try {
    return { ...parseFactForStream(stream, { type: event.type, data }), streamName: stream, ...origin };
  } catch (error) {
    return { refused: `its ${event.type} does not fit the catalog: ${(error as Error).message}` };
  }
}
