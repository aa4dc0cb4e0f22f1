/**
 * What a platform leaves to each contact centre to decide, told once per tenant (a JSON file or the
 * environment) rather than written into a mapping: where the customer and case ids are kept, which
 * wrap-up codes mean resolved, which channels are not customer contacts, and the words to record
 * where the catalog asks for text a platform never gives.
 */
import { disconnectParties, wrapUpOutcomes, type DisconnectParty, type WrapUpOutcome } from '@hindsight/domain';
import { z } from 'zod';

export interface TenantSettings {
  /** The contact attribute that holds the customer's id (a CRM number); else the platform's own customer id field. */
  readonly customerIdAttribute?: string;
  /** The contact attribute that holds the id of the case (ticket) a contact is about. */
  readonly caseIdAttribute?: string;
  /** The ticket field (`external_id`, or a custom field's numeric id) that holds the id of the contact a ticket was opened on. */
  readonly contactIdField: string;
  /** The contact attribute that holds the agent's wrap-up (disposition) code. */
  readonly dispositionAttribute?: string;
  /** Wrap-up code to outcome; a contact whose code is not here gets `defaultOutcome`, or no wrap-up fact. */
  readonly outcomeByDisposition: Readonly<Record<string, WrapUpOutcome>>;
  readonly defaultOutcome?: WrapUpOutcome;
  /** Channels (as the platform spells them, any case) whose contacts are not customer contacts: back-office tasks. */
  readonly skipChannels: readonly string[];
  /** Who ended a contact when the platform's reason names nobody the catalog knows (a third party, a supervisor's barge). */
  readonly unknownDisconnectParty: DisconnectParty;
  /** Text for required fields a platform never reports. */
  readonly placeholders: {
    readonly disconnectReason: string;
    readonly holdReason: string;
    readonly disposition: string;
    readonly subject: string;
    readonly resolution: string;
    readonly reopenReason: string;
    readonly closeReason: string;
    readonly updateSummary: string;
  };
}

export const DEFAULT_TENANT_SETTINGS: TenantSettings = {
  outcomeByDisposition: {},
  contactIdField: 'external_id',
  skipChannels: ['TASK'],
  unknownDisconnectParty: 'system',
  placeholders: {
    disconnectReason: 'not reported by the platform',
    holdReason: 'not reported by the platform',
    disposition: 'not reported by the platform',
    subject: 'no subject given',
    resolution: 'not reported by the platform',
    reopenReason: 'not reported by the platform',
    closeReason: 'not reported by the platform',
    updateSummary: 'a public reply (its text is not copied)',
  },
};

const text = z.string().trim().min(1);

const settingsSchema = z.strictObject({
  customerIdAttribute: text.optional(),
  caseIdAttribute: text.optional(),
  dispositionAttribute: text.optional(),
  contactIdField: text.default(DEFAULT_TENANT_SETTINGS.contactIdField),
  outcomeByDisposition: z.record(z.string(), z.enum(wrapUpOutcomes)).default(DEFAULT_TENANT_SETTINGS.outcomeByDisposition),
  defaultOutcome: z.enum(wrapUpOutcomes).optional(),
  skipChannels: z.array(text).default([...DEFAULT_TENANT_SETTINGS.skipChannels]),
  unknownDisconnectParty: z.enum(disconnectParties).default(DEFAULT_TENANT_SETTINGS.unknownDisconnectParty),
  placeholders: z
    .strictObject(Object.fromEntries(Object.keys(DEFAULT_TENANT_SETTINGS.placeholders).map((key) => [key, text.optional()])))
    .default({})
    .transform((given) => ({ ...DEFAULT_TENANT_SETTINGS.placeholders, ...Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) })),
});

/** Settings from a tenant's JSON over the defaults; a wrong or unknown field is an error naming it, never ignored. */
export function tenantSettings(raw: unknown): TenantSettings {
  const parsed = settingsSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  throw new Error(`Tenant settings: ${issue.path.join('.') || '(the whole file)'}: ${issue.message}`);
}
