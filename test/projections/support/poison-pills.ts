/**
 * Events another writer could have put in the store (a raw `@eventstore/db-client` append, an older
 * Hindsight): ones no projection can ever apply, and good facts to follow them, appended straight to
 * the store through the client, so nothing of Hindsight's write path checks them.
 */
import { randomUUID } from 'node:crypto';
import { jsonEvent, type EventStoreDBClient, type JSONType } from '@eventstore/db-client';

export function factMetadata(overrides: Record<string, string | number> = {}): Record<string, string | number> {
  const correlationId = randomUUID();
  return {
    $correlationId: correlationId,
    $causationId: correlationId,
    occurredAt: '2026-03-01T10:00:00Z',
    source: 'telephony',
    sourceEventId: randomUUID(),
    schemaVersion: 1,
    ...overrides,
  };
}

export function contactStarted(customerId: string) {
  return { channel: 'voice', direction: 'inbound', origin: 'inbound', customerId };
}

export interface PoisonPills {
  /** A valid-looking ContactStarted whose customerId holds a NUL: the database refuses it (SQLSTATE 22P05/22021). */
  readonly nulInCustomerId: { readonly stream: string; readonly customerId: string };
  /** A ContactStarted on a stream whose id holds a NUL: no stream name by the catalog's rules. */
  readonly nulInStreamId: { readonly stream: string };
  /** A ContactStarted without `$correlationId` in its metadata: unreadable as a Hindsight event. */
  readonly withoutCorrelationId: { readonly stream: string };
  /** Content type JSON, data JSON text but not an object: unreadable. */
  readonly dataNotAnObject: { readonly stream: string };
  /** Content type JSON, metadata bytes that are not JSON at all: unreadable. */
  readonly metadataNotJson: { readonly stream: string };
}

/** Appends the five poison pills, each to a stream of its own under `prefix` (a unique word). */
export async function appendPoisonPills(client: EventStoreDBClient, prefix: string): Promise<PoisonPills> {
  const pills: PoisonPills = {
    nulInCustomerId: { stream: `contact-${prefix}-nul-customer`, customerId: `cust-${prefix}\u0000x` },
    nulInStreamId: { stream: `contact-${prefix}-nul\u0000stream` },
    withoutCorrelationId: { stream: `contact-${prefix}-no-correlation` },
    dataNotAnObject: { stream: `contact-${prefix}-data-not-object` },
    metadataNotJson: { stream: `contact-${prefix}-metadata-not-json` },
  };
  const append = (stream: string, event: Parameters<EventStoreDBClient['appendToStream']>[1]) => client.appendToStream(stream, event);
  const { $correlationId: _dropped, ...withoutCorrelation } = factMetadata();
  await append(pills.nulInCustomerId.stream, jsonEvent({ type: 'ContactStarted', data: contactStarted(pills.nulInCustomerId.customerId), metadata: factMetadata() }));
  await append(pills.nulInStreamId.stream, jsonEvent({ type: 'ContactStarted', data: contactStarted(`cust-${prefix}`), metadata: factMetadata() }));
  await append(pills.withoutCorrelationId.stream, jsonEvent({ type: 'ContactStarted', data: contactStarted(`cust-${prefix}`), metadata: withoutCorrelation }));
  await append(pills.dataNotAnObject.stream, jsonEvent({ type: 'ContactStarted', data: '{"customerId": ' as unknown as JSONType, metadata: factMetadata() }));
  await append(pills.metadataNotJson.stream, {
    ...jsonEvent({ type: 'ContactStarted', data: contactStarted(`cust-${prefix}`) }),
    metadata: new Uint8Array(Buffer.from('{"$correlationId": "unterminated')),
  } as unknown as Parameters<EventStoreDBClient['appendToStream']>[1]);
  return pills;
}

/** Appends a good ContactStarted straight to the store; returns its stream. */
export async function appendGoodContact(client: EventStoreDBClient, stream: string, customerId: string): Promise<void> {
  await client.appendToStream(stream, jsonEvent({ type: 'ContactStarted', data: contactStarted(customerId), metadata: factMetadata() }));
}
