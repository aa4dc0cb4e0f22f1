/**
 * Events of a `review-<id>` stream: a quality team's post-mortem of one journey, from opening to
 * closing. Each finding the rules raised is confirmed or dismissed with a reason; the root cause and the
 * action items (an owner, a due date) are what the team takes away.
 *
 * A review is decided by our own API only. It is about a journey, never part of one: integration services
 * cannot record these events (`recordEvents` takes contact, callback and case streams) and journeys never
 * fold them.
 */
import { z } from 'zod';
import { defineEvents, type EventOf, type EventsOf } from '../shared/event';
import { MAX_ID_LENGTH } from '../shared/characters';
import { idSchema, textSchema, timestampSchema } from '../shared/schema';

/**
 * A finding's stable code (`LONG_HOLD`), as the rulebook names it. Not the rulebook's own list: a review
 * stored today must still read after a later rulebook retires the code.
 */
export const findingCodeSchema = z
  .string()
  .max(MAX_ID_LENGTH)
  .regex(/^[A-Z][A-Z0-9_]*$/, { error: 'A finding code is upper case with underscores, e.g. LONG_HOLD' });

/** Which finding of a code, when a journey has several (the hold's first event, the contact's stream). */
const findingSubjectSchema = idSchema.optional();

export const reviewEvents = defineEvents('review', {
  ReviewOpened: {
    schemaVersion: 1,
    description: 'A quality team opened a post-mortem review of a journey.',
    schema: z.strictObject({
      /** Any id the journey answers to: its id or one of its stream names (`contact-C-2`). */
      journeyId: idSchema,
      openedBy: idSchema,
      title: textSchema.optional(),
    }),
  },
  FindingConfirmed: {
    schemaVersion: 1,
    description: 'The review agreed with a finding, and said why; a later verdict on the same finding replaces it.',
    schema: z.strictObject({
      findingCode: findingCodeSchema,
      findingSubject: findingSubjectSchema,
      reason: textSchema,
      by: idSchema,
    }),
  },
  FindingDismissed: {
    schemaVersion: 1,
    description: 'The review set a finding aside, and said why; a later verdict on the same finding replaces it.',
    schema: z.strictObject({
      findingCode: findingCodeSchema,
      findingSubject: findingSubjectSchema,
      reason: textSchema,
      by: idSchema,
    }),
  },
  RootCauseRecorded: {
    schemaVersion: 1,
    description: 'The review named the root cause; a later one revises it.',
    schema: z.strictObject({ rootCause: textSchema, by: idSchema }),
  },
  ActionItemAdded: {
    schemaVersion: 1,
    description: 'The review gave someone something to do by a date.',
    schema: z.strictObject({
      /** Chosen by the caller, unique within the review. */
      actionItemId: idSchema,
      description: textSchema,
      owner: idSchema,
      dueBy: timestampSchema,
    }),
  },
  ActionItemCompleted: {
    schemaVersion: 1,
    description: 'An action item of the review was done.',
    schema: z.strictObject({ actionItemId: idSchema, by: idSchema }),
  },
  ReviewClosed: {
    schemaVersion: 1,
    description: 'The review was closed with its conclusion; its action items stay open until done.',
    schema: z.strictObject({ summary: textSchema, by: idSchema }),
  },
});

export type ReviewEvent = EventsOf<typeof reviewEvents>;
export type ReviewOpened = EventOf<typeof reviewEvents.ReviewOpened>;
export type FindingConfirmed = EventOf<typeof reviewEvents.FindingConfirmed>;
export type FindingDismissed = EventOf<typeof reviewEvents.FindingDismissed>;
export type RootCauseRecorded = EventOf<typeof reviewEvents.RootCauseRecorded>;
export type ActionItemAdded = EventOf<typeof reviewEvents.ActionItemAdded>;
export type ActionItemCompleted = EventOf<typeof reviewEvents.ActionItemCompleted>;
export type ReviewClosed = EventOf<typeof reviewEvents.ReviewClosed>;
