/**
 * What makes two deliveries of a fact "the same fact": its type, its data and the instant it happened.
 * Key order, formatting and the timezone the instant is written in do not count (RFC 8785 canonical
 * JSON, the instant in epoch milliseconds); neither does the request that carried it.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { DomainEvent, EventMetadata } from './domain-event';

export function eventFingerprint(event: DomainEvent & { readonly metadata: Pick<EventMetadata, 'occurredAt'> }): string {
  const canonical = canonicalize({ type: event.type, data: event.data, occurredAt: Date.parse(event.metadata.occurredAt) });
  return createHash('sha256').update(canonical ?? '').digest('base64url');
}
