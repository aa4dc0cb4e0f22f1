/**
 * Zendesk's ticket audits (`GET /api/v2/ticket_audits`, `/api/v2/tickets/{id}/audits`): one audit is
 * one update of a ticket, read-only and immutable, with the events it made (Create and Change of a
 * field, Comment, SatisfactionRating, and many Hindsight ignores). Only the fields Hindsight reads.
 * Custom fields' events name the field by its numeric id. Values arrive as strings or numbers
 * alike, and statuses in any case (`SOLVED`, `Open`): both are normalised here.
 * Sources: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_audits/ and
 * https://developer.zendesk.com/documentation/ticketing/reference-guides/ticket-audit-events-reference
 */

export interface AuditEvent {
  readonly id: string;
  readonly type: string;
  readonly field_name?: string;
  readonly value?: string | null;
  readonly previous_value?: string | null;
  readonly public?: boolean;
  readonly author_id?: string;
  readonly body?: string;
  /** SatisfactionRating: `good` or `bad`. */
  readonly score?: string;
}

export interface TicketAudit {
  readonly id: string;
  readonly ticket_id: string;
  readonly author_id?: string;
  readonly created_at: string;
  readonly via?: { readonly channel?: string };
  readonly events: readonly AuditEvent[];
  /** The API's own address of the audit, whose host names the account (`<subdomain>.zendesk.com`). */
  readonly url?: string;
}

const asText = (value: unknown): string | undefined => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Audits of one export line: an audit, or a page of the API (`{ audits: [...] }`). */
export function auditsOf(raw: unknown): unknown[] {
  return isObject(raw) && Array.isArray(raw.audits) ? raw.audits : [raw];
}

export function parseTicketAudit(raw: unknown): TicketAudit | { readonly notAnAudit: string } {
  if (!isObject(raw)) return { notAnAudit: 'it is not a JSON object' };
  const id = asText(raw.id);
  const ticketId = asText(raw.ticket_id);
  const createdAt = asText(raw.created_at);
  if (!id || !ticketId || !createdAt || !Array.isArray(raw.events)) return { notAnAudit: 'it has no id, ticket_id, created_at or events' };
  const events = raw.events.filter(isObject).map(
    (event): AuditEvent => ({
      id: asText(event.id) ?? '',
      type: asText(event.type) ?? '',
      field_name: asText(event.field_name),
      value: event.value === null ? null : asText(event.value),
      previous_value: event.previous_value === null ? null : asText(event.previous_value),
      public: typeof event.public === 'boolean' ? event.public : undefined,
      author_id: asText(event.author_id),
      body: asText(event.body),
      score: asText(event.score),
    }),
  );
  const via = isObject(raw.via) ? { channel: asText(raw.via.channel) } : undefined;
  return { id, ticket_id: ticketId, author_id: asText(raw.author_id), created_at: createdAt, via, events, url: asText(raw.url) };
}
