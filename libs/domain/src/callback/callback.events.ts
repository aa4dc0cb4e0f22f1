/**
 * Events of a `callback-<id>` stream: a promise to call the customer back, from the request to the
 * call that kept it (or its cancellation). A missed due time is not an event: it is what the
 * projection sees when `dueBy` passes without a completion.
 */
import { z } from 'zod';
import { defineEvents, type EventOf, type EventsOf } from '../shared/event';
import { idSchema, namedEnum, partySchema, phoneSchema, textSchema, timestampSchema } from '../shared/schema';

export const callbackAttemptOutcomes = ['reached', 'no_answer', 'voicemail', 'busy'] as const;
export type CallbackAttemptOutcome = (typeof callbackAttemptOutcomes)[number];

export const callbackEvents = defineEvents('callback', {
  CallbackRequested: {
    schemaVersion: 1,
    description: 'A callback was asked for by the customer or offered by an agent, for whom and about what.',
    schema: z.strictObject({
      customerId: idSchema,
      requestedBy: partySchema,
      /** The contact it was asked for on (a call, a voicemail). */
      contactId: idSchema.optional(),
      caseId: idSchema.optional(),
      /** The agent or team expected to call back. */
      assignedTo: idSchema.optional(),
      reason: textSchema.optional(),
      /** The number to call back, when it is not the one on file: personal data, encrypted with the customer's key. */
      phone: phoneSchema.optional(),
    }),
  },
  CallbackPromised: {
    schemaVersion: 1,
    description: 'Someone committed to calling back by a given time; a later promise replaces the due time.',
    schema: z.strictObject({ promisedBy: idSchema, dueBy: timestampSchema }),
  },
  CallbackAttempted: {
    schemaVersion: 1,
    description: 'A call back was tried: reached, no answer, voicemail or busy.',
    schema: z.strictObject({
      outcome: namedEnum('CallbackAttemptOutcome', callbackAttemptOutcomes),
      /** Absent when a dialer placed the call. */
      agentId: idSchema.optional(),
      contactId: idSchema.optional(),
    }),
  },
  CallbackCompleted: {
    schemaVersion: 1,
    description: 'The callback happened: the customer was reached.',
    schema: z.strictObject({ contactId: idSchema.optional() }),
  },
  CallbackCancelled: {
    schemaVersion: 1,
    description: 'The callback will not happen: who called it off and why.',
    schema: z.strictObject({ by: partySchema, reason: textSchema }),
  },
});

export type CallbackEvent = EventsOf<typeof callbackEvents>;
export type CallbackRequested = EventOf<typeof callbackEvents.CallbackRequested>;
export type CallbackPromised = EventOf<typeof callbackEvents.CallbackPromised>;
export type CallbackAttempted = EventOf<typeof callbackEvents.CallbackAttempted>;
export type CallbackCompleted = EventOf<typeof callbackEvents.CallbackCompleted>;
export type CallbackCancelled = EventOf<typeof callbackEvents.CallbackCancelled>;
