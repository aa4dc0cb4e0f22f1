/**
 * Zendesk ticket audits to catalog facts on `case-<ticket id>`. Audits are immutable, so each goes
 * as soon as it is read; the ids are Zendesk's own (`<audit id>:<event id>`), the authoritative feed
 * for every fact here (a webhook's delivery id differs for the same change, so webhooks can only say
 * "ticket N changed, read its audits").
 *
 * The requester is the customer (a Zendesk user id, a pseudonym). A ticket field chosen by the tenant
 * (`external_id` by default) holds the id of the contact it was opened on: that one link puts a call
 * recorded by a telephony connector and this ticket in one journey. Comment text is free text that
 * may hold personal data and is never copied: a reply is recorded as a reply.
 */
import { caseStream, isId, type Channel, type JourneyEvent } from '@hindsight/domain';
import { checkedFact, type ConnectorFact, type Mapping, type Unmapped } from '../connector-fact';
import { toWholeSeconds } from '../instants';
import { DEFAULT_TENANT_SETTINGS, type TenantSettings } from '../tenant-settings';
import { auditsOf, parseTicketAudit, type AuditEvent, type TicketAudit } from './ticket-audit';

/** `via.channel` to the catalog's channel; one missing here is recorded as a portal contact, and said so. */
const CHANNELS: Readonly<Record<string, Channel>> = {
  email: 'email',
  web: 'portal',
  web_form: 'portal',
  web_widget: 'portal',
  mobile: 'portal',
  mobile_sdk: 'portal',
  help_center: 'portal',
  voice: 'voice',
  chat: 'chat',
  native_messaging: 'message',
  sms: 'message',
  whatsapp: 'message',
  twitter: 'social',
  facebook: 'social',
  instagram_dm: 'social',
};
const FEEDBACK_SCORES: Readonly<Record<string, number>> = { good: 10, bad: 0 };
const WAITING = new Set(['pending', 'hold']);

export function mapTicketAudits(raws: readonly unknown[], settings: TenantSettings = DEFAULT_TENANT_SETTINGS): Mapping {
  const unmapped: Unmapped[] = [];
  const byTicket = new Map<string, Map<string, TicketAudit>>();
  raws.flatMap(auditsOf).forEach((raw, index) => {
    const audit = parseTicketAudit(raw);
    if ('notAnAudit' in audit) return void unmapped.push({ recordId: `#${index + 1}`, kind: 'skipped', why: `not a ticket audit: ${audit.notAnAudit}` });
    const audits = byTicket.get(audit.ticket_id) ?? new Map<string, TicketAudit>();
    audits.set(audit.id, audit);
    byTicket.set(audit.ticket_id, audits);
  });
  const facts: ConnectorFact[] = [];
  for (const [ticketId, audits] of byTicket) {
    const ticket = new Ticket(ticketId, settings);
    const inOrder = [...audits.values()].sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || Number(a.id) - Number(b.id));
    for (const audit of inOrder) ticket.apply(audit);
    facts.push(...ticket.facts);
    unmapped.push(...ticket.unmapped);
  }
  return { facts, unmapped };
}

/** One ticket's audits, in order: what the ticket was, to know what each change means. */
class Ticket {
  readonly facts: ConnectorFact[] = [];
  readonly unmapped: Unmapped[] = [];
  private opened = false;
  private requesterId: string | undefined;
  private status: string | undefined;

  constructor(
    private readonly ticketId: string,
    private readonly settings: TenantSettings,
  ) {}

  apply(audit: TicketAudit): void {
    if (!isId(this.ticketId)) return this.note('skipped', 'its ticket id is not an id Hindsight can store');
    const at = toWholeSeconds(audit.created_at);
    if (!at) return this.note('skipped', `audit ${audit.id} has no instant`);
    const source = `zendesk:${subdomainOf(audit.url) ?? 'account'}`;
    const emit = (key: string, event: JourneyEvent) => {
      const fact = checkedFact(caseStream(this.ticketId), event, { occurredAt: at, source, sourceEventId: `${audit.id}:${key}` });
      if ('refused' in fact) this.note('lost', fact.refused);
      else this.facts.push(fact);
    };
    const fields = new Map(audit.events.filter((event) => event.type === 'Create' || event.type === 'Change').map((event) => [event.field_name, event]));
    this.requesterId = fields.get('requester_id')?.value ?? this.requesterId;
    if (!this.opened) {
      if (!audit.events.some((event) => event.type === 'Create')) return this.note('lost', `audit ${audit.id} comes before the ticket's creation in this import`);
      if (!this.open(audit, fields, emit)) return;
    } else if (fields.has(this.settings.contactIdField)) {
      this.note('lost', `audit ${audit.id} links the ticket to a contact after it opened: the catalog links a case to a contact only at its opening`);
    }
    for (const event of audit.events) this.applyEvent(audit, event, emit);
  }

  private note(kind: Unmapped['kind'], why: string): void {
    this.unmapped.push({ recordId: this.ticketId, kind, why });
  }

  private open(audit: TicketAudit, fields: ReadonlyMap<string | undefined, AuditEvent>, emit: (key: string, event: JourneyEvent) => void): boolean {
    const customerId = this.requesterId;
    if (!customerId || !isId(customerId)) {
      this.note('skipped', 'it has no requester to be its customer');
      return false;
    }
    const via = audit.via?.channel?.toLowerCase() ?? '';
    const channel = CHANNELS[via];
    if (!channel) this.note('lost', `its channel ${via || '(none)'} has no catalog channel: recorded as portal`);
    const contactId = fields.get(this.settings.contactIdField)?.value ?? undefined;
    if (contactId && !isId(contactId)) this.note('lost', `its ${this.settings.contactIdField} is not a contact id Hindsight can store`);
    const subject = fields.get('subject')?.value?.trim() || this.settings.placeholders.subject;
    emit('opened', {
      type: 'CaseOpened',
      data: { customerId, subject, channel: channel ?? 'portal', contactId: contactId && isId(contactId) ? contactId : undefined },
    });
    this.opened = true;
    return true;
  }

  private applyEvent(audit: TicketAudit, event: AuditEvent, emit: (key: string, event: JourneyEvent) => void): void {
    const key = event.id || `${event.type}:${event.field_name ?? ''}`;
    const author = event.author_id ?? audit.author_id;
    if ((event.type === 'Create' || event.type === 'Change') && event.field_name === 'assignee_id' && event.value) {
      if (isId(event.value)) emit(key, { type: 'CaseAssigned', data: { assigneeId: event.value } });
    } else if ((event.type === 'Create' || event.type === 'Change') && event.field_name === 'status' && event.value) {
      this.statusChanged(audit, event.value.toLowerCase(), author, key, emit);
    } else if (event.type === 'Comment' && event.public && !audit.events.some((each) => each.type === 'Create')) {
      if (author !== undefined && author === this.requesterId) {
        this.note('lost', `audit ${audit.id}: the customer wrote in on the case, which the catalog cannot say yet`);
      } else {
        const channel = CHANNELS[audit.via?.channel?.toLowerCase() ?? ''] ?? 'email';
        emit(key, { type: 'CustomerUpdated', data: { channel, summary: this.settings.placeholders.updateSummary } });
      }
    } else if (event.type === 'SatisfactionRating' && event.score && event.score in FEEDBACK_SCORES) {
      emit(key, { type: 'FeedbackReceived', data: { score: FEEDBACK_SCORES[event.score], comment: event.body?.trim() || undefined } });
    }
  }

  private statusChanged(audit: TicketAudit, next: string, author: string | undefined, key: string, emit: (key: string, event: JourneyEvent) => void): void {
    const previous = this.status;
    this.status = next;
    const { placeholders } = this.settings;
    if (next === 'solved') {
      emit(key, { type: 'CaseResolved', data: { resolution: placeholders.resolution, resolvedBy: author && isId(author) ? author : undefined } });
    } else if (next === 'closed') {
      emit(key, { type: 'CaseClosed', data: { reason: placeholders.closeReason, resolved: previous === 'solved' } });
    } else if (previous === 'solved') {
      emit(key, { type: 'CaseReopened', data: { reason: placeholders.reopenReason, by: author === this.requesterId ? 'customer' : 'agent' } });
    }
    if (WAITING.has(next)) this.note('lost', `audit ${audit.id}: the case waits on ${next === 'pending' ? 'the customer' : 'a third party'}, which the catalog cannot say yet`);
  }
}

/** `https://acme.zendesk.com/api/v2/…` → `acme`. */
function subdomainOf(url: string | undefined): string | undefined {
  const match = url ? /^https:\/\/([a-z0-9-]+)\.zendesk\.com\//i.exec(url) : null;
  return match?.[1]?.toLowerCase();
}
