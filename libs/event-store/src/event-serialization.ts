/**
 * Turns Hindsight events into the client's event data and recorded events back into Hindsight
 * events. Reading checks the metadata every event must carry and applies upcasters, so nothing
 * downstream sees a malformed or outdated event.
 */
import { jsonEvent, type AllStreamRecordedEvent, type JSONEventData, type JSONType, type RecordedEvent } from '@eventstore/db-client';
import type { AllStreamDelivery, DomainEvent, EventMetadata, EventToAppend, RecordedAllStreamEvent, RecordedDomainEvent } from './domain-event';
import { UnreadableEventError } from './event-store-errors';
import type { UpcasterRegistry } from './upcaster-registry';

export function toEventData(event: EventToAppend): JSONEventData {
  return jsonEvent({
    id: event.id,
    type: event.type,
    data: event.data as JSONType,
    metadata: event.metadata as unknown as JSONType,
  });
}

export function fromRecordedEvent<E extends DomainEvent = DomainEvent>(
  recorded: RecordedEvent,
  upcasters: UpcasterRegistry,
): RecordedDomainEvent<E> {
  const unreadable = (reason: string) => new UnreadableEventError(recorded.streamId, recorded.revision, reason);
  if (!recorded.isJson) throw unreadable('its content type is not JSON');
  if (!isObject(recorded.data)) throw unreadable('its data is not a JSON object');
  const metadata = readMetadata(recorded.metadata, unreadable);

  let current: ReturnType<UpcasterRegistry['upcast']>;
  try {
    current = upcasters.upcast({ type: recorded.type, schemaVersion: metadata.schemaVersion, data: recorded.data });
  } catch (error) {
    throw unreadable(`upcasting it from version ${metadata.schemaVersion} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const event = {
    id: recorded.id,
    streamName: recorded.streamId,
    revision: recorded.revision,
    type: current.type,
    data: current.data,
    metadata: { ...metadata, schemaVersion: current.schemaVersion },
    recordedAt: recorded.created,
    position: recorded.position,
  };
  // The stream's category decides which events it may hold; the type system cannot check that.
  return event as unknown as RecordedDomainEvent<E>;
}

/**
 * An event of `$all` as Hindsight reads it or, when it cannot be read, what the store says of it and
 * why: other errors (none expected) are thrown.
 */
export function fromRecordedAllStreamEvent<E extends DomainEvent = DomainEvent>(
  recorded: AllStreamRecordedEvent,
  upcasters: UpcasterRegistry,
): AllStreamDelivery<E> {
  try {
    return fromRecordedEvent<E>(recorded, upcasters) as RecordedAllStreamEvent<E>;
  } catch (error) {
    if (!(error instanceof UnreadableEventError)) throw error;
    const { id, streamId, revision, type, created, position } = recorded;
    return { id, streamName: streamId, revision, type, recordedAt: created, position, unreadable: error };
  }
}

const requiredTexts = ['$correlationId', '$causationId', 'occurredAt', 'source'] as const;
const optionalTexts = ['sourceEventId', 'recordedBy'] as const;

function readMetadata(metadata: unknown, unreadable: (reason: string) => Error): EventMetadata {
  if (!isObject(metadata)) throw unreadable('it has no JSON metadata');
  for (const key of requiredTexts) {
    if (typeof metadata[key] !== 'string') throw unreadable(`metadata.${key} is missing or not a string`);
  }
  for (const key of optionalTexts) {
    if (metadata[key] !== undefined && typeof metadata[key] !== 'string') {
      throw unreadable(`metadata.${key} is not a string`);
    }
  }
  const { schemaVersion } = metadata;
  if (typeof schemaVersion !== 'number' || !Number.isInteger(schemaVersion) || schemaVersion < 1) {
    throw unreadable('metadata.schemaVersion is missing or not a positive integer');
  }
  return metadata as unknown as EventMetadata;
}

/** A parsed JSON object; the client hands over raw bytes (a Uint8Array) when they were not JSON. */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}
