/**
 * Events of a `case-<id>` stream: a ticket, from opening to follow-up, and what the customer was
 * promised and told on the way. A long silence is not an event: it is the gap the projection measures
 * between status updates.
 */
import { z } from 'zod';
import { defineEvents, type EventOf, type EventsOf } from '../shared/event';
import { channelSchema, idSchema, namedEnum, partySchema, textSchema, timestampSchema } from '../shared/schema';

export const followUpOutcomes = ['confirmed_resolved', 'not_resolved', 'no_response'] as const;
/** What was promised, so the projection knows which later event keeps the promise. */
export const expectationKinds = ['status_update', 'resolution', 'delivery', 'other'] as const;
export const MAX_FEEDBACK_SCORE = 10;

export type FollowUpOutcome = (typeof followUpOutcomes)[number];
export type ExpectationKind = (typeof expectationKinds)[number];

export const caseEvents = defineEvents('case', {
  CaseOpened: {
    schemaVersion: 1,
    description: 'A case was opened: for which customer, about what, through which channel, duplicating which case.',
    schema: z.strictObject({
      customerId: idSchema,
      subject: textSchema,
      channel: channelSchema,
      /** The earlier case about the same problem: the problem was handed on rather than solved. */
      duplicateOf: idSchema.optional(),
      /** The contact it was opened on. */
      contactId: idSchema.optional(),
    }),
  },
  CaseAssigned: {
    schemaVersion: 1,
    description: 'The case was given to an agent or a team.',
    schema: z.strictObject({ assigneeId: idSchema }),
  },
  CaseEscalated: {
    schemaVersion: 1,
    description: 'The case went up: to whom, over whom, why, and whether the customer or we escalated it.',
    schema: z.strictObject({
      to: idSchema,
      /** The owner it was taken from, when someone was passed over. */
      from: idSchema.optional(),
      reason: textSchema,
      initiatedBy: partySchema,
    }),
  },
  CustomerUpdated: {
    schemaVersion: 1,
    description: 'A status update or an answer went out to the customer, through which channel.',
    schema: z.strictObject({ channel: channelSchema, summary: textSchema, contactId: idSchema.optional() }),
  },
  CaseResolved: {
    schemaVersion: 1,
    description: 'A resolution was given; with a contact, the case was resolved on that contact.',
    schema: z.strictObject({
      resolution: textSchema,
      resolvedBy: idSchema.optional(),
      contactId: idSchema.optional(),
    }),
  },
  CaseReopened: {
    schemaVersion: 1,
    description: 'A resolved case was reopened: why, and by whom.',
    schema: z.strictObject({ reason: textSchema, by: partySchema }),
  },
  CaseClosed: {
    schemaVersion: 1,
    description: 'The case was closed, resolved or not, and why.',
    schema: z.strictObject({ reason: textSchema, resolved: z.boolean() }),
  },
  FollowUpCompleted: {
    schemaVersion: 1,
    description: 'We checked back after the resolution: confirmed, not resolved after all, or no response.',
    schema: z.strictObject({ outcome: namedEnum('FollowUpOutcome', followUpOutcomes), contactId: idSchema.optional() }),
  },
  FeedbackReceived: {
    schemaVersion: 1,
    description: `The customer rated or commented on the handling of the case (score 0 to ${MAX_FEEDBACK_SCORE}).`,
    schema: z
      .strictObject({
        score: z.int().min(0).max(MAX_FEEDBACK_SCORE).optional(),
        comment: textSchema.optional(),
      })
      .refine((feedback) => feedback.score !== undefined || feedback.comment !== undefined, {
        error: 'Feedback needs a score, a comment or both',
        path: ['score'],
      }),
  },
  /*
   * A promise that is not a callback lives on the case it concerns, not on the contact it was made on:
   * the case outlives the contact, the events that keep the promise (CustomerUpdated, CaseResolved) land
   * on the same stream, and so one fold of the case sees the promise and its keeping side by side.
   * The contact it was made on stays a link.
   */
  ExpectationSet: {
    schemaVersion: 1,
    description:
      'Someone promised the customer something other than a callback (an update, a resolution, a delivery) by a time.',
    schema: z.strictObject({
      kind: namedEnum('ExpectationKind', expectationKinds),
      what: textSchema,
      dueBy: timestampSchema,
      promisedBy: idSchema,
      contactId: idSchema.optional(),
    }),
  },
  /*
   * The end of a relationship is recorded on the case whose handling lost the customer. A journey is
   * stitched by explicit links, and the case is already in the lost customer's journey, so the outcome
   * lands where the post-mortem looks; a separate customer stream would need a link of its own to
   * every journey it ended.
   */
  CustomerLost: {
    schemaVersion: 1,
    description: 'The customer ended the relationship over this case, and why.',
    schema: z.strictObject({ reason: textSchema }),
  },
});

export type CaseEvent = EventsOf<typeof caseEvents>;
export type CaseOpened = EventOf<typeof caseEvents.CaseOpened>;
export type CaseAssigned = EventOf<typeof caseEvents.CaseAssigned>;
export type CaseEscalated = EventOf<typeof caseEvents.CaseEscalated>;
export type CustomerUpdated = EventOf<typeof caseEvents.CustomerUpdated>;
export type CaseResolved = EventOf<typeof caseEvents.CaseResolved>;
export type CaseReopened = EventOf<typeof caseEvents.CaseReopened>;
export type CaseClosed = EventOf<typeof caseEvents.CaseClosed>;
export type FollowUpCompleted = EventOf<typeof caseEvents.FollowUpCompleted>;
export type FeedbackReceived = EventOf<typeof caseEvents.FeedbackReceived>;
export type ExpectationSet = EventOf<typeof caseEvents.ExpectationSet>;
export type CustomerLost = EventOf<typeof caseEvents.CustomerLost>;
