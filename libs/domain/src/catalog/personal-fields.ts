/**
 * Which fields of which event types are personal data, read from the catalog's `personal` marks so
 * that no list of fields is kept by hand anywhere else. Every event type with a personal field names
 * the customer it belongs to in `customerId`: that id picks the key that encrypts it.
 */
import { z } from 'zod';
import { isPersonal } from '../shared/schema';
import { eventCatalog, eventTypes, type EventType } from './event-catalog';

const personalFieldsByType: ReadonlyMap<EventType, readonly string[]> = new Map(
  eventTypes.flatMap((type) => {
    const shape = (eventCatalog[type].schema as z.ZodObject).shape;
    const fields = Object.entries(shape)
      .filter(([, schema]) => isPersonal(schema as z.ZodType))
      .map(([field]) => field);
    if (fields.length === 0) return [];
    if (!('customerId' in shape)) {
      throw new Error(`${type} has personal fields but names no customerId whose key would encrypt them`);
    }
    return [[type, fields] as const];
  }),
);

/** The personal fields of an event type's data, top level only; none for a type that has none. */
export function personalFieldsOf(type: string): readonly string[] {
  return personalFieldsByType.get(type as EventType) ?? [];
}

/** The event types that may carry personal data. */
export const personalEventTypes: readonly EventType[] = [...personalFieldsByType.keys()];
