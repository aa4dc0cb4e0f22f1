/**
 * Amazon Connect's contact record (formerly CTR), as data streaming (Kinesis Data Streams or
 * Firehose) delivers it, one per contact leg: only the fields Hindsight reads. Keys are matched
 * whatever their case, since AWS's own samples mix `ContactId` and `contactId`; the rest of the
 * connector then reads one spelling. Durations are whole seconds and instants carry whole seconds
 * (`yyyy-mm-ddThh:mm:ssZ`), unlike the contact events' milliseconds.
 * Source: https://docs.aws.amazon.com/connect/latest/adminguide/ctr-data-model.html
 */

export interface ContactRecord {
  readonly ContactId: string;
  readonly InitialContactId?: string;
  readonly PreviousContactId?: string;
  readonly NextContactId?: string;
  readonly InstanceARN?: string;
  readonly Channel?: string;
  readonly InitiationMethod?: string;
  readonly InitiationTimestamp?: string;
  readonly ConnectedToSystemTimestamp?: string;
  readonly DisconnectTimestamp?: string;
  readonly DisconnectReason?: string;
  readonly TransferCompletedTimestamp?: string;
  readonly LastUpdateTimestamp?: string;
  readonly CustomerId?: string;
  readonly CustomerEndpoint?: { readonly Type?: string; readonly Address?: string };
  readonly TransferredToEndpoint?: { readonly Type?: string; readonly Address?: string };
  readonly Attributes?: Readonly<Record<string, string>>;
  readonly Queue?: {
    readonly ARN?: string;
    readonly Name?: string;
    readonly EnqueueTimestamp?: string;
    readonly DequeueTimestamp?: string;
    readonly Duration?: number;
  };
  readonly Agent?: {
    readonly ARN?: string;
    readonly Username?: string;
    readonly ConnectedToAgentTimestamp?: string;
    readonly AgentInteractionDuration?: number;
    readonly NumberOfHolds?: number;
    readonly CustomerHoldDuration?: number;
    readonly LongestHoldDuration?: number;
    readonly AfterContactWorkStartTimestamp?: string;
    readonly AfterContactWorkEndTimestamp?: string;
  };
}

/** The documented spellings, by their lower case: a key of any case is read as the documented one. */
const RECORD_KEYS = canonical([
  'ContactId', 'InitialContactId', 'PreviousContactId', 'NextContactId', 'InstanceARN', 'Channel', 'InitiationMethod',
  'InitiationTimestamp', 'ConnectedToSystemTimestamp', 'DisconnectTimestamp', 'DisconnectReason', 'TransferCompletedTimestamp',
  'LastUpdateTimestamp', 'CustomerId', 'CustomerEndpoint', 'TransferredToEndpoint', 'Attributes', 'Queue', 'Agent',
]);
const NESTED_KEYS: Readonly<Record<string, ReadonlyMap<string, string>>> = {
  CustomerEndpoint: canonical(['Type', 'Address']),
  TransferredToEndpoint: canonical(['Type', 'Address']),
  Queue: canonical(['ARN', 'Name', 'EnqueueTimestamp', 'DequeueTimestamp', 'Duration']),
  Agent: canonical([
    'ARN', 'Username', 'ConnectedToAgentTimestamp', 'AgentInteractionDuration', 'NumberOfHolds', 'CustomerHoldDuration',
    'LongestHoldDuration', 'AfterContactWorkStartTimestamp', 'AfterContactWorkEndTimestamp',
  ]),
};

function canonical(keys: readonly string[]): ReadonlyMap<string, string> {
  return new Map(keys.map((key) => [key.toLowerCase(), key]));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pick(source: Record<string, unknown>, keys: ReadonlyMap<string, string>): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    const known = keys.get(key.toLowerCase());
    if (known && value !== null && value !== undefined) picked[known] = value;
  }
  return picked;
}

/** The record in the documented spelling, or why it is not a contact record (no ContactId). */
export function parseContactRecord(raw: unknown): ContactRecord | { readonly notARecord: string } {
  if (!isObject(raw)) return { notARecord: 'it is not a JSON object' };
  const record = pick(raw, RECORD_KEYS);
  for (const [field, keys] of Object.entries(NESTED_KEYS)) {
    if (field in record) record[field] = isObject(record[field]) ? pick(record[field], keys) : undefined;
  }
  if (typeof record.ContactId !== 'string' || record.ContactId === '') return { notARecord: 'it has no ContactId' };
  return record as unknown as ContactRecord;
}

/** The last part of an ARN (`…/agent/<id>` → `<id>`): the id Connect's API uses, without the account noise. */
export function arnTail(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const tail = arn.slice(arn.lastIndexOf('/') + 1);
  return tail || undefined;
}
