/**
 * Personal fields on their way into the store and back out: the write edge seals them, every reader
 * reveals them through `revealFacts`, the one place anything is decrypted. Which fields are personal
 * comes from the catalog (`personalFieldsOf`), never from a list kept here.
 *
 * Revealed, a field is its value again, or `null` when its key was destroyed (the customer was
 * forgotten): absent means it was never given, null means it was given and erased. Nothing that
 * journeys, metrics or findings compute reads a personal field, so erasure changes none of them.
 */
import { personalFieldsOf } from '@hindsight/domain';
import type { CustomerKeyStore } from './customer-key-store';
import { isSealedField, openField, sealField, type FieldContext } from './field-cipher';

interface EventLike {
  readonly type: string;
  readonly data: object;
}

/**
 * The events with every personal field replaced by its envelope, sealed with the key of the customer
 * the event names. Events without personal values come back as they were (the same objects).
 */
export async function sealEvents<E extends EventLike>(keys: CustomerKeyStore, events: readonly E[]): Promise<E[]> {
  const customers = events.filter(hasPersonalValues).map((event) => customerIdOf(event));
  if (customers.length === 0) return [...events];
  const keyByCustomer = await keys.keysFor(customers);
  return events.map((event) => {
    if (!hasPersonalValues(event)) return event;
    const customerId = customerIdOf(event);
    const data: Record<string, unknown> = { ...event.data };
    for (const field of personalFieldsOf(event.type)) {
      const value = data[field];
      if (typeof value !== 'string') continue;
      data[field] = sealField(keyByCustomer.get(customerId)!, { customerId, eventType: event.type, field }, value);
    }
    return { ...event, data };
  });
}

/**
 * The facts with every sealed field opened, or null where its key is gone. One read of the keys for
 * all of them. Facts without sealed fields come back as they were.
 */
export async function revealFacts<F extends EventLike>(customerKeys: CustomerKeyStore, facts: readonly F[]): Promise<F[]> {
  const references = facts.flatMap((fact) => sealedFieldsOf(fact).map(([, sealed]) => ({ customerId: customerIdOf(fact), kid: sealed.kid })));
  if (references.length === 0) return [...facts];
  const keys = await customerKeys.find(references);
  return facts.map((fact) => {
    const sealed = sealedFieldsOf(fact);
    if (sealed.length === 0) return fact;
    const data: Record<string, unknown> = { ...fact.data };
    for (const [field, envelope] of sealed) {
      const key = keys.get(envelope.kid);
      const context: FieldContext = { customerId: customerIdOf(fact), eventType: fact.type, field };
      data[field] = key ? openField(key, context, envelope) : null;
    }
    return { ...fact, data };
  });
}

function hasPersonalValues(event: EventLike): boolean {
  const data = event.data as Readonly<Record<string, unknown>>;
  return personalFieldsOf(event.type).some((field) => typeof data[field] === 'string');
}

function sealedFieldsOf(event: EventLike) {
  const data = event.data as Readonly<Record<string, unknown>>;
  return personalFieldsOf(event.type).flatMap((field) => {
    const value = data[field];
    return isSealedField(value) ? [[field, value] as const] : [];
  });
}

/** The catalog lets only events that name their customer carry personal fields. */
function customerIdOf(event: EventLike): string {
  return (event.data as { readonly customerId: string }).customerId;
}
