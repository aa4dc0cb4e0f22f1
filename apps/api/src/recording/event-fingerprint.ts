/**
 * What makes two deliveries of a fact "the same fact": its type, its non-personal data and the
 * instant it happened. Key order, formatting and the timezone the instant is written in do not count
 * (RFC 8785 canonical JSON, the instant in epoch milliseconds); neither does the request that carried it.
 *
 * Nor do the catalog's personal fields, present or not, whatever they hold: a re-send that differs
 * only there is a duplicate, and what was stored stays. Were they counted, a caller could confirm a
 * guessed name by re-sending a known fact with it (a duplicate when right, a conflict when wrong);
 * and a correction never comes by content anyway. Computed from the stored events whenever a stream is
 * read, so events stored before this rule follow it too: nothing stored holds a fingerprint.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { personalFieldsOf } from '@hindsight/domain';
import type { DomainEvent, EventMetadata } from '@hindsight/event-store';

export function eventFingerprint(event: DomainEvent & { readonly metadata: Pick<EventMetadata, 'occurredAt'> }): string {
  const canonical = canonicalize({ type: event.type, data: withoutPersonalFields(event), occurredAt: Date.parse(event.metadata.occurredAt) });
  return createHash('sha256').update(canonical ?? '').digest('base64url');
}

function withoutPersonalFields({ type, data }: DomainEvent): unknown {
  const personal = personalFieldsOf(type);
  if (personal.length === 0 || typeof data !== 'object' || data === null) return data;
  return Object.fromEntries(Object.entries(data).filter(([field]) => !personal.includes(field)));
}
