/**
 * Every event type Hindsight records, in one place: its stream category, its schema version, a one-line
 * description and the runtime schema of its data. Integration facts are checked against it before they
 * are stored; the README's catalog table is generated from it.
 */
import { callbackEvents, type CallbackEvent } from '../callback/callback.events';
import { caseEvents, type CaseEvent } from '../case/case.events';
import { contactEvents, type ContactEvent } from '../contact/contact.events';
import { ValidationError } from '../shared/domain-error';
import { parseOrReject } from '../shared/schema';
import { parseStreamName } from '../shared/stream-name';

export const eventCatalog = { ...contactEvents, ...callbackEvents, ...caseEvents };

export type CatalogEvent = ContactEvent | CallbackEvent | CaseEvent;
export type EventType = CatalogEvent['type'];
export type EventData<Type extends EventType> = Extract<CatalogEvent, { type: Type }>['data'];

export const eventTypes = Object.keys(eventCatalog) as EventType[];

export function isEventType(candidate: string): candidate is EventType {
  return Object.hasOwn(eventCatalog, candidate);
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
