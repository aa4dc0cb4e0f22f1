/**
 * Every event type Hindsight records, in one place: its stream category, its schema version, a one-line
 * description and the runtime schema of its data. Integration facts are checked against it before they
 * are stored; the README's catalog table is generated from it.
 */
import { callbackEvents, type CallbackEvent } from '../callback/callback.events';
import { caseEvents, type CaseEvent } from '../case/case.events';
import { contactEvents, type ContactEvent } from '../contact/contact.events';
import { privacyEvents, type PrivacyEvent } from '../privacy/privacy.events';
import { reviewEvents, type ReviewEvent } from '../review/review.events';
import { ValidationError } from '../shared/domain-error';
import { parseOrReject } from '../shared/schema';
import { isJourneyStreamCategory, journeyStreamCategories, parseStreamName } from '../shared/stream-name';

/** The facts a customer's journey is made of: what integrations record and journeys fold. */
const journeyEventCatalog = { ...contactEvents, ...callbackEvents, ...caseEvents };

export const eventCatalog = { ...journeyEventCatalog, ...reviewEvents, ...privacyEvents };

/** An event of a contact, callback or case stream: one fact of a customer's journey. */
export type JourneyEvent = ContactEvent | CallbackEvent | CaseEvent;
export type JourneyEventType = JourneyEvent['type'];
export type CatalogEvent = JourneyEvent | ReviewEvent | PrivacyEvent;
export type EventType = CatalogEvent['type'];
export type EventData<Type extends EventType> = Extract<CatalogEvent, { type: Type }>['data'];

export const eventTypes = Object.keys(eventCatalog) as EventType[];
/** The event types integration services may record, and journeys fold. */
export const journeyEventTypes = Object.keys(journeyEventCatalog) as JourneyEventType[];

export function isEventType(candidate: string): candidate is EventType {
  return Object.hasOwn(eventCatalog, candidate);
}

export function isJourneyEventType(candidate: string): candidate is JourneyEventType {
  return Object.hasOwn(journeyEventCatalog, candidate);
}

/**
 * Checks an event's type and data against the catalog. Throws a ValidationError whose path reads
 * relative to `event` (`type`, `data.customerConsent`).
 */
export function parseEvent(event: { readonly type: string; readonly data: unknown }): CatalogEvent {
  if (!isEventType(event.type)) {
    throw new ValidationError('EVENT.UNKNOWN_TYPE', `Unknown event type ${JSON.stringify(event.type)}`, 'type');
  }
  const data = parseOrReject(eventCatalog[event.type].schema, event.data, 'EVENT.INVALID_DATA', 'data');
  // Sound because the schema was looked up by this very type; TypeScript cannot correlate the two.
  return { type: event.type, data } as CatalogEvent;
}

/** As parseEvent, and the event must belong on a stream of that name's category. */
export function parseEventForStream(
  streamName: string,
  event: { readonly type: string; readonly data: unknown },
): CatalogEvent {
  const { category } = parseStreamName(streamName);
  const parsed = parseEvent(event);
  const expected = eventCatalog[parsed.type].category;
  if (expected !== category) {
    throw new ValidationError(
      'EVENT.WRONG_STREAM',
      `${parsed.type} belongs on a ${expected} stream, not on ${streamName}`,
      'type',
    );
  }
  return parsed;
}

/**
 * As parseEventForStream, for a fact an integration service reports: only a journey's streams
 * (contact, callback, case) take facts from outside. A review is decided by our own API and nothing else.
 */
export function parseFactForStream(
  streamName: string,
  event: { readonly type: string; readonly data: unknown },
): JourneyEvent {
  const { category } = parseStreamName(streamName);
  if (!isJourneyStreamCategory(category)) {
    throw new ValidationError(
      'STREAM.NOT_RECORDABLE',
      `${streamName} does not take recorded facts: facts go on ${journeyStreamCategories.join(', ')} streams; a ${category} is written through its own mutations`,
    );
  }
  // The category is a journey's, and parseEventForStream checked the event belongs on it.
  return parseEventForStream(streamName, event) as JourneyEvent;
}
