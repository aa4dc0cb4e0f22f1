/**
 * Genesys Cloud's analytics conversation detail record (`POST /api/v2/analytics/conversations/details/query`,
 * the `/details/jobs` bulk export, `GET /api/v2/analytics/conversations/{id}/details`): one
 * conversation, transfers included, as participants (customer, IVR, ACD queue, agent) with sessions
 * (one per media) made of segments (a state with a start and an end). Segments have no ids of their
 * own: a session and a start name one. Only the fields Hindsight reads; enum values are compared in
 * lower case, since the detail events spell them in UPPER_SNAKE where the record uses camelCase.
 * Sources: developer.genesys.cloud analytics detail records, and the SDK models (AnalyticsConversation,
 * AnalyticsParticipant, AnalyticsSession, AnalyticsConversationSegment).
 */

export interface ConversationSegment {
  readonly segmentStart: string;
  readonly segmentEnd?: string;
  readonly segmentType: string;
  readonly queueId?: string;
  readonly wrapUpCode?: string;
  readonly disconnectType?: string;
  readonly conference?: boolean;
}

export interface ConversationSession {
  readonly sessionId: string;
  readonly mediaType: string;
  readonly messageType?: string;
  readonly direction?: string;
  readonly agentOwned?: boolean;
  readonly callbackNumbers?: readonly string[];
  readonly callbackScheduledTime?: string;
  readonly segments: readonly ConversationSegment[];
}

export interface ConversationParticipant {
  readonly participantId: string;
  readonly purpose: string;
  readonly userId?: string;
  readonly externalContactId?: string;
  readonly sessions: readonly ConversationSession[];
}

export interface Conversation {
  readonly conversationId: string;
  readonly conversationStart: string;
  readonly conversationEnd?: string;
  readonly originatingDirection?: string;
  readonly participants: readonly ConversationParticipant[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const lower = (value: unknown): string => (typeof value === 'string' ? value.toLowerCase().replace(/_/g, '') : '');
const list = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter(isObject) : []);

/** Conversations of one export line: a conversation, or a page of the query or a job (`{ conversations: [...] }`). */
export function conversationsOf(raw: unknown): unknown[] {
  return isObject(raw) && Array.isArray(raw.conversations) ? raw.conversations : [raw];
}

export function parseConversation(raw: unknown): Conversation | { readonly notAConversation: string } {
  if (!isObject(raw)) return { notAConversation: 'it is not a JSON object' };
  const conversationId = text(raw.conversationId);
  const conversationStart = text(raw.conversationStart);
  if (!conversationId || !conversationStart) return { notAConversation: 'it has no conversationId or conversationStart' };
  return {
    conversationId,
    conversationStart,
    conversationEnd: text(raw.conversationEnd),
    originatingDirection: lower(raw.originatingDirection) || undefined,
    participants: list(raw.participants).map((participant) => ({
      participantId: text(participant.participantId) ?? '',
      purpose: lower(participant.purpose),
      userId: text(participant.userId),
      externalContactId: text(participant.externalContactId),
      sessions: list(participant.sessions).map((session) => ({
        sessionId: text(session.sessionId) ?? '',
        mediaType: lower(session.mediaType),
        messageType: lower(session.messageType) || undefined,
        direction: lower(session.direction) || undefined,
        agentOwned: session.agentOwned === true,
        callbackNumbers: Array.isArray(session.callbackNumbers) ? session.callbackNumbers.filter((number): number is string => typeof number === 'string') : undefined,
        callbackScheduledTime: text(session.callbackScheduledTime),
        segments: list(session.segments)
          .filter((segment) => text(segment.segmentStart))
          .map((segment) => ({
            segmentStart: text(segment.segmentStart)!,
            segmentEnd: text(segment.segmentEnd),
            segmentType: lower(segment.segmentType),
            queueId: text(segment.queueId),
            wrapUpCode: text(segment.wrapUpCode),
            disconnectType: lower(segment.disconnectType) || undefined,
            conference: segment.conference === true,
          })),
      })),
    })),
  };
}
