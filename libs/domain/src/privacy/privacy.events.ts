/**
 * Events of a `privacy-<customerId>` stream: what was done to a customer's personal data. The stream
 * holds no personal data itself (a customer id is a pseudonym), so it can stay in the log forever as
 * the audit trail of an erasure.
 */
import { z } from 'zod';
import { defineEvents, type EventOf, type EventsOf } from '../shared/event';
import { idSchema } from '../shared/schema';

export const privacyEvents = defineEvents('privacy', {
  CustomerForgotten: {
    schemaVersion: 1,
    description:
      "The customer's key was destroyed: every personal field recorded for them reads as erased from then on.",
    schema: z.strictObject({ customerId: idSchema }),
  },
});

export type PrivacyEvent = EventsOf<typeof privacyEvents>;
export type CustomerForgotten = EventOf<typeof privacyEvents.CustomerForgotten>;
