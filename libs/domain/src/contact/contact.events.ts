/**
 * Events of a `contact-<id>` stream: one call, chat, email or message session, from its start to its
 * wrap-up. Who did what is data: who ended it, whether the customer agreed to a hold, whether context
 * went along with a transfer.
 */
import { z } from 'zod';
import { defineEvents, type EventOf, type EventsOf } from '../shared/event';
import {
  channelSchema,
  emailSchema,
  idSchema,
  namedEnum,
  namedObject,
  parties,
  personNameSchema,
  phoneSchema,
  textSchema,
} from '../shared/schema';

export const contactDirections = ['inbound', 'outbound'] as const;
export const contactOrigins = ['inbound', 'outbound', 'transfer', 'callback', 'api'] as const;
export const identificationMethods = ['ivr', 'caller_id', 'agent', 'authenticated_session'] as const;
export const holdConsents = ['yes', 'no', 'unknown'] as const;
export const transferKinds = ['blind', 'warm', 'consult'] as const;
export const transferTargetTypes = ['agent', 'queue', 'external'] as const;
export const messageKinds = ['voicemail', 'message'] as const;
export const disconnectParties = [...parties, 'network'] as const;
export const wrapUpOutcomes = ['resolved', 'unresolved', 'follow_up_required'] as const;

export type ContactDirection = (typeof contactDirections)[number];
export type ContactOrigin = (typeof contactOrigins)[number];
export type IdentificationMethod = (typeof identificationMethods)[number];
export type HoldConsent = (typeof holdConsents)[number];
export type TransferKind = (typeof transferKinds)[number];
export type TransferTargetType = (typeof transferTargetTypes)[number];
export type MessageKind = (typeof messageKinds)[number];
export type DisconnectParty = (typeof disconnectParties)[number];
export type WrapUpOutcome = (typeof wrapUpOutcomes)[number];

export const messageAuthors = ['customer', 'agent'] as const;

const transferTargetSchema = namedObject('TransferTarget', {
  type: namedEnum('TransferTargetType', transferTargetTypes),
  id: idSchema,
});

const transferSchema = z.strictObject({
  kind: namedEnum('TransferKind', transferKinds),
  target: transferTargetSchema,
  /** Whether what the customer had already said went along (a warm hand-over, notes, a consult). */
  contextShared: z.boolean(),
});

export const contactEvents = defineEvents('contact', {
  ContactStarted: {
    schemaVersion: 1,
    description: 'A contact began: its channel, its direction, how it came about and what it is linked to.',
    schema: z.strictObject({
      channel: channelSchema,
      direction: namedEnum('ContactDirection', contactDirections),
      origin: namedEnum('ContactOrigin', contactOrigins),
      /** Absent when the customer is not known yet; CustomerIdentified brings it. */
      customerId: idSchema.optional(),
      caseId: idSchema.optional(),
      transferredFromContactId: idSchema.optional(),
      answersCallbackId: idSchema.optional(),
    }),
  },
  CustomerIdentified: {
    schemaVersion: 1,
    description: 'The customer on the contact was identified, and how (IVR, caller id, by the agent, a login).',
    schema: z.strictObject({
      customerId: idSchema,
      method: namedEnum('IdentificationMethod', identificationMethods),
      // Personal data, encrypted with this customer's key before it is stored. Optional, so adding them
      // kept version 1: every event stored before still fits.
      name: personNameSchema.optional(),
      phone: phoneSchema.optional(),
      email: emailSchema.optional(),
    }),
  },
  ContactQueued: {
    schemaVersion: 1,
    description: 'The contact entered a queue to wait for an agent.',
    schema: z.strictObject({ queueId: idSchema }),
  },
  ContactAnswered: {
    schemaVersion: 1,
    description: 'An agent took the contact.',
    schema: z.strictObject({ agentId: idSchema }),
  },
  ProblemExplained: {
    schemaVersion: 1,
    description:
      'The customer explained the problem to an agent; several in one journey mean the customer had to repeat it.',
    schema: z.strictObject({
      summary: textSchema,
      /** The case the problem is about, when the customer or the agent named one: a link for the journey. */
      caseId: idSchema.optional(),
    }),
  },
  HoldStarted: {
    schemaVersion: 1,
    description: 'The customer was put on hold: why, and whether the customer agreed to it.',
    schema: z.strictObject({ reason: textSchema, customerConsent: namedEnum('HoldConsent', holdConsents) }),
  },
  HoldEnded: {
    schemaVersion: 1,
    description: 'The customer was taken off hold, by whom when known.',
    schema: z.strictObject({ agentId: idSchema.optional() }),
  },
  TransferInitiated: {
    schemaVersion: 1,
    description: 'A transfer began: blind, warm or consult; to an agent, a queue or outside; with or without context.',
    schema: transferSchema,
  },
  TransferCompleted: {
    schemaVersion: 1,
    // It repeats the transfer's terms because a source may report only the completion.
    description: 'A transfer went through: blind, warm or consult; to whom; with or without context.',
    schema: transferSchema,
  },
  TransferFailed: {
    schemaVersion: 1,
    description: 'A transfer did not go through; the contact stays where it was.',
    schema: z.strictObject({ target: transferTargetSchema, reason: textSchema }),
  },
  MessageLeft: {
    schemaVersion: 1,
    description: 'A voicemail or a written message was left, by the customer or by an agent, and for whom.',
    schema: z.strictObject({
      kind: namedEnum('MessageKind', messageKinds),
      leftBy: namedEnum('MessageAuthor', messageAuthors),
      /** The agent, team or customer it was left for. */
      recipientId: idSchema.optional(),
      summary: textSchema.optional(),
    }),
  },
  ContactDisconnected: {
    schemaVersion: 1,
    description: 'The contact ended: who ended it (customer, agent, system or network) and why.',
    schema: z.strictObject({ by: namedEnum('DisconnectParty', disconnectParties), reason: textSchema }),
  },
  ContactWrappedUp: {
    schemaVersion: 1,
    description: "The agent's wrap-up: the outcome of the contact and its disposition code.",
    schema: z.strictObject({ outcome: namedEnum('WrapUpOutcome', wrapUpOutcomes), disposition: textSchema }),
  },
});

export type ContactEvent = EventsOf<typeof contactEvents>;
export type ContactStarted = EventOf<typeof contactEvents.ContactStarted>;
export type CustomerIdentified = EventOf<typeof contactEvents.CustomerIdentified>;
export type ContactQueued = EventOf<typeof contactEvents.ContactQueued>;
export type ContactAnswered = EventOf<typeof contactEvents.ContactAnswered>;
export type ProblemExplained = EventOf<typeof contactEvents.ProblemExplained>;
export type HoldStarted = EventOf<typeof contactEvents.HoldStarted>;
export type HoldEnded = EventOf<typeof contactEvents.HoldEnded>;
export type TransferInitiated = EventOf<typeof contactEvents.TransferInitiated>;
export type TransferCompleted = EventOf<typeof contactEvents.TransferCompleted>;
export type TransferFailed = EventOf<typeof contactEvents.TransferFailed>;
export type MessageLeft = EventOf<typeof contactEvents.MessageLeft>;
export type ContactDisconnected = EventOf<typeof contactEvents.ContactDisconnected>;
export type ContactWrappedUp = EventOf<typeof contactEvents.ContactWrappedUp>;
