/**
 * Genesys Cloud conversation detail records to catalog facts. One conversation is one Hindsight
 * contact, `contact-<conversationId>`, with its transfers inside it (Genesys has no leg id); a
 * callback session is a callback, `callback-<sessionId>`. Only ended conversations are emitted (an
 * open one still gains segments); a fact's id is `<conversationId>:<sessionId>:<what>:<segment
 * start>`, since segments have no ids, so a re-exported conversation gives the same facts.
 *
 * `disconnectType` is read relative to its participant: `endpoint` on the customer's session is the
 * customer hanging up, `client` on an agent's is the agent ending it in the Genesys UI.
 */
import { callbackStream, contactStream, isId, type Channel, type DisconnectParty, type JourneyEvent, type StreamName, type TransferKind } from '@hindsight/domain';
import { checkedFact, type ConnectorFact, type Mapping, type Unmapped } from '../connector-fact';
import { toWholeSeconds } from '../instants';
import { DEFAULT_TENANT_SETTINGS, type TenantSettings } from '../tenant-settings';
import { conversationsOf, parseConversation, type Conversation, type ConversationSegment, type ConversationSession } from './conversation-detail';

const CUSTOMER_PURPOSES = new Set(['customer', 'external']);
const AGENT_PURPOSES = new Set(['agent', 'user']);
const MEDIA_CHANNELS: Readonly<Record<string, Channel>> = { voice: 'voice', chat: 'chat', email: 'email', video: 'video', callback: 'voice' };
const MESSAGE_CHANNELS: Readonly<Record<string, Channel>> = { sms: 'message', whatsapp: 'message', line: 'message', facebook: 'social', twitter: 'social', instagram: 'social' };
/** How an agent's segment ended, when it ended in a hand-over. */
const TRANSFER_KINDS: Readonly<Record<string, TransferKind | 'conference'>> = {
  transfer: 'blind',
  forwardtransfer: 'blind',
  consulttransfer: 'consult',
  conferencetransfer: 'conference',
};
const CUSTOMER_SIDE: Readonly<Record<string, DisconnectParty>> = { endpoint: 'customer', system: 'system', error: 'system', timeout: 'system', transportfailure: 'network' };

export function mapConversationDetails(raws: readonly unknown[], settings: TenantSettings = DEFAULT_TENANT_SETTINGS): Mapping {
  const unmapped: Unmapped[] = [];
  const conversations = new Map<string, Conversation>();
  raws.flatMap(conversationsOf).forEach((raw, index) => {
    const conversation = parseConversation(raw);
    if ('notAConversation' in conversation) return void unmapped.push({ recordId: `#${index + 1}`, kind: 'skipped', why: `not a conversation: ${conversation.notAConversation}` });
    conversations.set(conversation.conversationId, conversation);
  });
  const facts: ConnectorFact[] = [];
  for (const conversation of conversations.values()) {
    const mapped = new ConversationMapping(conversation, settings);
    mapped.map();
    facts.push(...mapped.facts);
    unmapped.push(...mapped.unmapped);
  }
  return { facts, unmapped };
}

interface AgentSegment {
  readonly agentId: string;
  readonly session: ConversationSession;
  readonly segment: ConversationSegment;
}

const startOf = (segment: ConversationSegment) => Date.parse(segment.segmentStart);

class ConversationMapping {
  readonly facts: ConnectorFact[] = [];
  readonly unmapped: Unmapped[] = [];
  private readonly id: string;
  private readonly stream: StreamName<'contact'>;

  constructor(
    private readonly conversation: Conversation,
    private readonly settings: TenantSettings,
  ) {
    this.id = conversation.conversationId;
    this.stream = contactStream(isId(this.id) ? this.id : 'invalid');
  }

  map(): void {
    const { conversation } = this;
    if (!isId(this.id)) return this.note('skipped', 'its conversationId is not an id Hindsight can store');
    if (!conversation.conversationEnd) return this.note('held', 'the conversation has not ended: it still gains segments; import it again later');
    const customer = conversation.participants.find((participant) => CUSTOMER_PURPOSES.has(participant.purpose));
    const customerSession = customer?.sessions.find((session) => session.mediaType !== 'callback');
    if (!customer || !customerSession) return this.note('skipped', 'it has no customer participant: not a customer contact');
    const channel = MEDIA_CHANNELS[customerSession.mediaType] ?? MESSAGE_CHANNELS[customerSession.messageType ?? ''];
    if (!channel) return this.note('skipped', `media ${customerSession.mediaType} is not a customer contact the catalog knows`);
    const customerId = customer.externalContactId && isId(customer.externalContactId) ? customer.externalContactId : undefined;
    const direction = conversation.originatingDirection === 'outbound' ? 'outbound' : 'inbound';
    this.emit(this.stream, 'started', conversation.conversationStart, { type: 'ContactStarted', data: { channel, direction, origin: direction, customerId } });

    const agentSegments = this.agentSegments();
    this.queued();
    this.answeredAndTransferred(agentSegments);
    this.holds(agentSegments);
    this.disconnected(customerSession, agentSegments);
    this.wrappedUp(agentSegments);
    this.callbacks(customerId);
  }

  private note(kind: Unmapped['kind'], why: string): void {
    this.unmapped.push({ recordId: this.id, kind, why });
  }

  private emit(stream: StreamName, key: string, at: string | undefined, event: JourneyEvent): void {
    const occurredAt = toWholeSeconds(at);
    if (!occurredAt) return;
    const fact = checkedFact(stream, event, { occurredAt, source: 'genesys-cloud', sourceEventId: `${this.id}:${key}` });
    if ('refused' in fact) this.note('lost', fact.refused);
    else this.facts.push(fact);
  }

  /** Every agent's segments, in time order. */
  private agentSegments(): AgentSegment[] {
    return this.conversation.participants
      .filter((participant) => AGENT_PURPOSES.has(participant.purpose) && participant.userId && isId(participant.userId))
      .flatMap((participant) => participant.sessions.flatMap((session) => session.segments.map((segment) => ({ agentId: participant.userId!, session, segment }))))
      .sort((a, b) => startOf(a.segment) - startOf(b.segment));
  }

  private queued(): void {
    for (const participant of this.conversation.participants.filter((each) => each.purpose === 'acd')) {
      for (const session of participant.sessions) {
        const segment = session.segments.find((each) => each.queueId);
        if (segment && isId(segment.queueId!)) {
          this.emit(this.stream, `${session.sessionId}:queued:${segment.segmentStart}`, segment.segmentStart, { type: 'ContactQueued', data: { queueId: segment.queueId! } });
        }
      }
    }
  }

  /** Each agent's first `interact` answers the contact; an `interact` that ended in a hand-over is a transfer to whoever came next. */
  private answeredAndTransferred(agentSegments: readonly AgentSegment[]): void {
    const interactions = agentSegments.filter(({ segment }) => segment.segmentType === 'interact');
    const answered = new Set<string>();
    interactions.forEach(({ agentId, session, segment }, index) => {
      if (!answered.has(session.sessionId)) {
        answered.add(session.sessionId);
        this.emit(this.stream, `${session.sessionId}:answered:${segment.segmentStart}`, segment.segmentStart, { type: 'ContactAnswered', data: { agentId } });
      }
      const kind = TRANSFER_KINDS[segment.disconnectType ?? ''];
      if (!kind) return;
      const key = `${session.sessionId}:transfer:${segment.segmentStart}`;
      if (kind === 'conference') return this.note('lost', `a conference from agent ${agentId}: the catalog has no conference yet`);
      const next = interactions.slice(index + 1).find((each) => each.agentId !== agentId);
      const queueId = this.queueAfter(segment.segmentEnd ?? segment.segmentStart);
      const target = queueId ? { type: 'queue' as const, id: queueId } : next ? { type: 'agent' as const, id: next.agentId } : undefined;
      if (!target) return this.note('lost', `a transfer from agent ${agentId} to someone outside: its destination is an address, not an id`);
      const transfer = { kind, target, contextShared: kind !== 'blind' };
      this.emit(this.stream, `${key}:initiated`, segment.segmentEnd, { type: 'TransferInitiated', data: transfer });
      if (next) this.emit(this.stream, `${key}:completed`, next.segment.segmentStart, { type: 'TransferCompleted', data: transfer });
      else this.emit(this.stream, `${key}:failed`, this.conversation.conversationEnd, { type: 'TransferFailed', data: { target, reason: 'no agent took the transfer before the conversation ended' } });
    });
  }

  /** The queue whose ACD session began at or after `at`: where a hand-over went. */
  private queueAfter(at: string): string | undefined {
    const after = Date.parse(at);
    const segments = this.conversation.participants
      .filter((participant) => participant.purpose === 'acd')
      .flatMap((participant) => participant.sessions.flatMap((session) => session.segments))
      .filter((segment) => segment.queueId && startOf(segment) >= after - 1_000)
      .sort((a, b) => startOf(a) - startOf(b));
    const queueId = segments[0]?.queueId;
    return queueId && isId(queueId) ? queueId : undefined;
  }

  private holds(agentSegments: readonly AgentSegment[]): void {
    for (const { agentId, session, segment } of agentSegments.filter((each) => each.segment.segmentType === 'hold')) {
      const key = `${session.sessionId}:hold:${segment.segmentStart}`;
      this.emit(this.stream, `${key}:started`, segment.segmentStart, {
        type: 'HoldStarted',
        data: { reason: this.settings.placeholders.holdReason, customerConsent: 'unknown' },
      });
      if (segment.segmentEnd) this.emit(this.stream, `${key}:ended`, segment.segmentEnd, { type: 'HoldEnded', data: { agentId } });
    }
  }

  private disconnected(customerSession: ConversationSession, agentSegments: readonly AgentSegment[]): void {
    const last = customerSession.segments.at(-1);
    const type = last?.disconnectType ?? '';
    const agentEnded = agentSegments.some(({ segment }) => segment.disconnectType === 'client' || segment.disconnectType === 'endpoint');
    const by = CUSTOMER_SIDE[type] ?? (type === 'peer' && agentEnded ? 'agent' : this.settings.unknownDisconnectParty);
    this.emit(this.stream, 'disconnected', last?.segmentEnd ?? this.conversation.conversationEnd, {
      type: 'ContactDisconnected',
      data: { by, reason: type || this.settings.placeholders.disconnectReason },
    });
  }

  private wrappedUp(agentSegments: readonly AgentSegment[]): void {
    for (const { session, segment } of agentSegments.filter((each) => each.segment.segmentType === 'wrapup' && each.segment.wrapUpCode)) {
      const code = segment.wrapUpCode!;
      const outcome = this.settings.outcomeByDisposition[code] ?? this.settings.defaultOutcome;
      if (!outcome) {
        this.note('lost', `its wrap-up: no outcome for wrap-up code ${code}; set outcomeByDisposition or defaultOutcome in the tenant settings`);
        continue;
      }
      this.emit(this.stream, `${session.sessionId}:wrapped-up:${segment.segmentStart}`, segment.segmentEnd ?? segment.segmentStart, {
        type: 'ContactWrappedUp',
        data: { outcome, disposition: code },
      });
    }
  }

  /** A callback session asks for a call back; its scheduled time is a promise with a due time. */
  private callbacks(customerId: string | undefined): void {
    for (const participant of this.conversation.participants) {
      for (const session of participant.sessions.filter((each) => each.mediaType === 'callback' && isId(each.sessionId))) {
        if (!customerId) {
          this.note('lost', `callback ${session.sessionId} has no external contact: the catalog needs a customer id to record the request`);
          continue;
        }
        const stream = callbackStream(session.sessionId);
        const first = session.segments[0];
        const phone = session.callbackNumbers?.[0];
        this.emit(stream, `${session.sessionId}:callback-requested`, first?.segmentStart ?? this.conversation.conversationStart, {
          type: 'CallbackRequested',
          data: { customerId, requestedBy: session.agentOwned ? 'agent' : 'customer', contactId: this.id, phone },
        });
        const promisedBy = first?.queueId ?? participant.userId;
        const dueBy = toWholeSeconds(session.callbackScheduledTime);
        if (dueBy && promisedBy && isId(promisedBy)) {
          this.emit(stream, `${session.sessionId}:callback-promised`, first?.segmentStart ?? this.conversation.conversationStart, {
            type: 'CallbackPromised',
            data: { promisedBy, dueBy },
          });
        }
      }
    }
  }
}
