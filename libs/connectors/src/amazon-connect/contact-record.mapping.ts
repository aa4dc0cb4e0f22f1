/**
 * Amazon Connect contact records to catalog facts: one record is one leg of a contact, on
 * `contact-<ContactId>`; legs linked by a transfer give the transfer's facts on the leg that handed
 * over, once both are settled. Records are re-delivered whenever Connect learns more, so only the
 * newest copy of each (by `LastUpdateTimestamp`) counts, and a leg is emitted only once settled
 * (disconnected, and its after-contact work done): what it emits then will not change.
 *
 * Ids are Connect's own: `sourceEventId` is `<ContactId>:<fact>`, so importing a file twice, or two
 * copies of a record, records each fact once. The customer's number (`CustomerEndpoint`) is personal
 * data and never becomes an id; it travels only as a callback's number, sealed by the API.
 */
import {
  callbackStream,
  contactStream,
  isId,
  type Channel,
  type ContactDirection,
  type ContactOrigin,
  type DisconnectParty,
  type JourneyEvent,
  type StreamName,
} from '@hindsight/domain';
import { checkedFact, type ConnectorFact, type Mapping, type Unmapped } from '../connector-fact';
import { DEFAULT_TENANT_SETTINGS, type TenantSettings } from '../tenant-settings';
import { toWholeSeconds } from '../instants';
import { arnTail, parseContactRecord, type ContactRecord } from './contact-record';
import { linkedLegKind } from './linked-legs';

/** A supervisor listening in, a third party's leg, a survey after the call: not a customer contact. */
const NOT_CUSTOMER_CONTACTS = new Set(['MONITOR', 'EXTERNAL_OUTBOUND', 'DISCONNECT']);
const CHANNELS: Readonly<Record<string, Channel>> = { VOICE: 'voice', CHAT: 'chat', EMAIL: 'email' };

/** Connect's disconnect reasons by who ended the contact; a reason missing here is `unknownDisconnectParty`'s. */
const DISCONNECTED_BY: Readonly<Record<string, DisconnectParty>> = {
  CUSTOMER_DISCONNECT: 'customer',
  CUSTOMER_CONNECTION_NOT_ESTABLISHED: 'customer',
  CUSTOMER_NEVER_ARRIVED: 'customer',
  TELECOM_ORIGINATOR_CANCEL: 'customer',
  AGENT_DISCONNECT: 'agent',
  AGENT_COMPLETED: 'agent',
  TRANSFERRED: 'agent',
  DISCARDED: 'agent',
  AGENT_NETWORK_DISCONNECT: 'network',
  TELECOM_BUSY: 'network',
  TELECOM_NUMBER_INVALID: 'network',
  TELECOM_POTENTIAL_BLOCKING: 'network',
  TELECOM_UNANSWERED: 'network',
  TELECOM_TIMEOUT: 'network',
  TELECOM_PROBLEM: 'network',
  CONTACT_FLOW_DISCONNECT: 'system',
  API: 'system',
  EXPIRED: 'system',
  IDLE_DISCONNECT: 'system',
  SYSTEM_ERROR: 'system',
};

export function mapContactRecords(raws: readonly unknown[], settings: TenantSettings = DEFAULT_TENANT_SETTINGS): Mapping {
  const unmapped: Unmapped[] = [];
  const legs = new Map<string, ContactRecord>();
  raws.forEach((raw, index) => {
    const record = parseContactRecord(raw);
    if ('notARecord' in record) {
      unmapped.push({ recordId: `#${index + 1}`, kind: 'skipped', why: `not a contact record: ${record.notARecord}` });
      return;
    }
    const earlier = legs.get(record.ContactId);
    if (!earlier || Date.parse(record.LastUpdateTimestamp ?? '') > Date.parse(earlier.LastUpdateTimestamp ?? '')) legs.set(record.ContactId, record);
  });
  const facts: ConnectorFact[] = [];
  for (const record of legs.values()) {
    const leg = new Leg(record, legs, settings);
    leg.map();
    facts.push(...leg.facts);
    unmapped.push(...leg.unmapped);
  }
  return { facts, unmapped };
}

const upper = (text: string | undefined): string => (text ?? '').toUpperCase();

function isSettled(record: ContactRecord): boolean {
  if (!record.DisconnectTimestamp) return false;
  const agent = record.Agent;
  // A leg an agent took is settled when after-contact work is over, or never began (none configured).
  return !agent?.AfterContactWorkStartTimestamp || Boolean(agent.AfterContactWorkEndTimestamp);
}

/** One leg being mapped: the facts it gives and what it could not say. */
class Leg {
  readonly facts: ConnectorFact[] = [];
  readonly unmapped: Unmapped[] = [];
  private readonly id: string;
  private readonly source: string;

  constructor(
    private readonly record: ContactRecord,
    private readonly legs: ReadonlyMap<string, ContactRecord>,
    private readonly settings: TenantSettings,
  ) {
    this.id = record.ContactId;
    this.source = `amazon-connect:${arnTail(record.InstanceARN) ?? 'instance'}`;
  }

  map(): void {
    const { record } = this;
    const method = upper(record.InitiationMethod) || 'INBOUND';
    const channelName = upper(record.Channel);
    if (!isId(this.id)) return this.note('skipped', 'its ContactId is not an id Hindsight can store');
    if (NOT_CUSTOMER_CONTACTS.has(method)) return this.note('skipped', `a ${method} leg is not a customer contact`);
    if (this.settings.skipChannels.some((skipped) => upper(skipped) === channelName)) return this.note('skipped', `channel ${channelName} is skipped by the tenant settings`);
    const channel = CHANNELS[channelName];
    if (!channel) return this.note('skipped', `channel ${channelName || '(none)'} has no catalog channel`);
    const startedAt = toWholeSeconds(record.InitiationTimestamp);
    if (!startedAt) return this.note('skipped', 'it has no InitiationTimestamp');
    if (!isSettled(record)) return this.note('held', 'not settled yet (not disconnected, or after-contact work still open): import it again later');

    const customerId = this.customerId();
    const caseId = this.attributeId(this.settings.caseIdAttribute, 'case id');
    const callbackId = method === 'CALLBACK' ? this.callbackRequested(startedAt, customerId) : undefined;
    const { origin, direction } = this.howItBegan(method, channel);
    const transferredFrom = origin === 'transfer' ? this.linkedId(record.PreviousContactId) : undefined;
    this.emit(contactStream(this.id), 'started', startedAt, {
      type: 'ContactStarted',
      data: { channel, direction, origin, customerId, caseId, transferredFromContactId: transferredFrom, answersCallbackId: callbackId },
    });
    this.queued();
    const answeredAt = this.answered();
    if (callbackId) this.callbackOutcome(callbackId, answeredAt);
    this.holdTotals();
    this.transfersOut();
    this.disconnected();
    if (answeredAt) this.wrappedUp();
  }

  private note(kind: Unmapped['kind'], why: string): void {
    this.unmapped.push({ recordId: this.id, kind, why });
  }

  /** A fact of this leg, checked against the catalog: one the catalog refuses is a note, never a failed import. */
  private emit(stream: StreamName, key: string, occurredAt: string, event: JourneyEvent): void {
    const fact = checkedFact(stream, event, { occurredAt, source: this.source, sourceEventId: `${this.id}:${key}` });
    if ('refused' in fact) this.note('lost', fact.refused);
    else this.facts.push(fact);
  }

  private attribute(name: string | undefined): string | undefined {
    return name ? this.record.Attributes?.[name] : undefined;
  }

  /** An id named by a contact attribute, when it is one. */
  private attributeId(attribute: string | undefined, what: string): string | undefined {
    const value = this.attribute(attribute);
    if (value === undefined) return undefined;
    if (isId(value)) return value;
    this.note('lost', `its ${what} (attribute ${attribute}) is not an id Hindsight can store`);
    return undefined;
  }

  private customerId(): string | undefined {
    const fromAttribute = this.attributeId(this.settings.customerIdAttribute, 'customer id');
    if (fromAttribute) return fromAttribute;
    const own = this.record.CustomerId;
    if (own && isId(own)) return own;
    return undefined;
  }

  private linkedId(contactId: string | undefined): string | undefined {
    return contactId && isId(contactId) ? contactId : undefined;
  }

  private howItBegan(method: string, channel: Channel): { origin: ContactOrigin; direction: ContactDirection } {
    switch (method) {
      case 'OUTBOUND':
      case 'AGENT_REPLY':
        return { origin: 'outbound', direction: 'outbound' };
      case 'TRANSFER':
      case 'QUEUE_TRANSFER':
        return { origin: 'transfer', direction: this.directionOfFirstLeg() };
      case 'CALLBACK':
        return { origin: 'callback', direction: 'outbound' };
      case 'API':
      case 'FLOW':
        // A voice contact started through the API is an outbound call; a chat or email one, the customer's.
        return { origin: 'api', direction: channel === 'voice' ? 'outbound' : 'inbound' };
      case 'WEBRTC_API':
        return { origin: 'api', direction: 'inbound' };
      default:
        return { origin: 'inbound', direction: 'inbound' };
    }
  }

  private directionOfFirstLeg(): ContactDirection {
    const first = this.record.InitialContactId ? this.legs.get(this.record.InitialContactId) : undefined;
    return ['OUTBOUND', 'AGENT_REPLY', 'CALLBACK'].includes(upper(first?.InitiationMethod)) ? 'outbound' : 'inbound';
  }

  /** A queued callback is its own leg (`CALLBACK`): the request, on `callback-<ContactId>`, and the call that answers it. */
  private callbackRequested(at: string, customerId: string | undefined): string | undefined {
    if (!customerId) {
      this.note('lost', 'a callback without a customer id: the catalog needs one to record the request');
      return undefined;
    }
    const phone = this.record.CustomerEndpoint?.Type?.toUpperCase() === 'TELEPHONE_NUMBER' ? this.record.CustomerEndpoint.Address : undefined;
    const contactId = this.linkedId(this.record.PreviousContactId);
    this.emit(callbackStream(this.id), 'callback-requested', at, {
      type: 'CallbackRequested',
      data: { customerId, requestedBy: 'customer', contactId, phone },
    });
    return this.id;
  }

  private callbackOutcome(callbackId: string, answeredAt: string | undefined): void {
    const reason = upper(this.record.DisconnectReason);
    const disconnectedAt = toWholeSeconds(this.record.DisconnectTimestamp)!;
    const unreached = reason === 'TELECOM_BUSY' ? 'busy' : reason === 'TELECOM_UNANSWERED' ? 'no_answer' : undefined;
    const stream = callbackStream(callbackId);
    if (unreached) {
      this.emit(stream, 'callback-attempted', disconnectedAt, { type: 'CallbackAttempted', data: { outcome: unreached, contactId: this.id } });
    } else if (answeredAt) {
      const agentId = arnTail(this.record.Agent?.ARN);
      this.emit(stream, 'callback-attempted', answeredAt, { type: 'CallbackAttempted', data: { outcome: 'reached', agentId, contactId: this.id } });
      this.emit(stream, 'callback-completed', answeredAt, { type: 'CallbackCompleted', data: { contactId: this.id } });
    }
  }

  private queued(): void {
    const queue = this.record.Queue;
    const at = toWholeSeconds(queue?.EnqueueTimestamp);
    if (!queue || !at) return;
    const queueId = arnTail(queue.ARN);
    if (!queueId || !isId(queueId)) return this.note('lost', `its queue ${queue.Name ?? ''} has no ARN to take an id from`.replace('  ', ' '));
    this.emit(contactStream(this.id), 'queued', at, { type: 'ContactQueued', data: { queueId } });
  }

  private answered(): string | undefined {
    const agent = this.record.Agent;
    const at = toWholeSeconds(agent?.ConnectedToAgentTimestamp);
    if (!agent || !at) return undefined;
    const agentId = arnTail(agent.ARN) ?? agent.Username;
    if (!agentId || !isId(agentId)) {
      this.note('lost', 'its agent has neither an ARN nor a user name to take an id from');
      return undefined;
    }
    this.emit(contactStream(this.id), 'answered', at, { type: 'ContactAnswered', data: { agentId } });
    return at;
  }

  /** Connect's records give holds as totals only; their times are in the agent event stream, not here. */
  private holdTotals(): void {
    const holds = this.record.Agent?.NumberOfHolds ?? 0;
    if (holds <= 0) return;
    const { CustomerHoldDuration: total, LongestHoldDuration: longest } = this.record.Agent!;
    this.note('lost', `${holds} hold(s), ${total ?? '?'} s in all, the longest ${longest ?? '?'} s: known only as totals, which the catalog cannot record yet`);
  }

  /** The transfer to the leg this one created, from both legs' records. */
  private transfersOut(): void {
    const nextId = this.linkedId(this.record.NextContactId);
    if (!nextId) return;
    const next = this.legs.get(nextId);
    if (!next) return this.note('lost', `the leg it handed over to (${nextId}) is not in this import: no transfer facts until it is`);
    if (!isSettled(next)) return this.note('held', `the transfer to ${nextId} waits until that leg is settled`);
    const kind = linkedLegKind(this.record, next);
    if (kind === 'conference') return this.note('lost', `a conference with ${nextId}: the catalog has no conference yet`);
    const target = this.transferTarget(next);
    const initiatedAt = toWholeSeconds(next.InitiationTimestamp);
    if (!initiatedAt) return;
    // What the customer had said goes along with a warm hand-over or a consult, and not with a blind one.
    const transfer = { kind, target, contextShared: kind !== 'blind' };
    const stream = contactStream(this.id);
    this.emit(stream, `transfer-initiated:${nextId}`, initiatedAt, { type: 'TransferInitiated', data: transfer });
    const connectedAt = toWholeSeconds(next.Agent?.ConnectedToAgentTimestamp);
    if (connectedAt) {
      this.emit(stream, `transfer-completed:${nextId}`, connectedAt, { type: 'TransferCompleted', data: transfer });
    } else if (target.type !== 'external') {
      const reason = next.DisconnectReason ? `the customer was not connected to an agent: ${next.DisconnectReason}` : 'the customer was not connected to an agent';
      this.emit(stream, `transfer-failed:${nextId}`, toWholeSeconds(next.DisconnectTimestamp)!, { type: 'TransferFailed', data: { target, reason } });
    }
  }

  private transferTarget(next: ContactRecord): { type: 'queue' | 'agent' | 'external'; id: string } {
    // An outside number is personal data: the leg's own ContactId names the target instead.
    if (next.TransferredToEndpoint || upper(next.InitiationMethod) === 'EXTERNAL_OUTBOUND') return { type: 'external', id: next.ContactId };
    const queueId = arnTail(next.Queue?.ARN);
    if (queueId && isId(queueId)) return { type: 'queue', id: queueId };
    const agentId = arnTail(next.Agent?.ARN);
    if (agentId && isId(agentId)) return { type: 'agent', id: agentId };
    return { type: 'external', id: next.ContactId };
  }

  private disconnected(): void {
    const at = toWholeSeconds(this.record.DisconnectTimestamp)!;
    const reason = this.record.DisconnectReason;
    const by = (reason && DISCONNECTED_BY[upper(reason)]) || this.settings.unknownDisconnectParty;
    this.emit(contactStream(this.id), 'disconnected', at, {
      type: 'ContactDisconnected',
      data: { by, reason: reason || this.settings.placeholders.disconnectReason },
    });
  }

  private wrappedUp(): void {
    const at = toWholeSeconds(this.record.Agent?.AfterContactWorkEndTimestamp ?? this.record.DisconnectTimestamp)!;
    const code = this.attribute(this.settings.dispositionAttribute);
    const outcome = (code !== undefined ? this.settings.outcomeByDisposition[code] : undefined) ?? this.settings.defaultOutcome;
    if (!outcome) {
      return this.note('lost', `its wrap-up: no outcome for disposition ${code ?? '(none)'}; set outcomeByDisposition or defaultOutcome in the tenant settings`);
    }
    this.emit(contactStream(this.id), 'wrapped-up', at, {
      type: 'ContactWrappedUp',
      data: { outcome, disposition: code?.trim() ? code : this.settings.placeholders.disposition },
    });
  }
}
