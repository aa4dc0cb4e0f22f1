import type { JSONEventData, JSONRecordedEvent } from '@eventstore/db-client';
import type { DomainEvent, EventMetadata, EventToAppend } from './domain-event';
import { fromRecordedAllStreamEvent, fromRecordedEvent, toEventData } from './event-serialization';
import { UnreadableEventError } from './event-store-errors';
import { UpcasterRegistry } from './upcaster-registry';

type HoldStarted = DomainEvent<'HoldStarted', { contactId: string; customerConsented: boolean }>;

const metadata: EventMetadata = {
  $correlationId: 'c0a8012e-0000-4000-8000-000000000001',
  $causationId: 'c0a8012e-0000-4000-8000-000000000002',
  occurredAt: '2026-03-02T09:15:00.000Z',
  source: 'telephony',
  sourceEventId: 'tel-991',
  schemaVersion: 1,
  recordedBy: 'integration:telephony',
};

const holdStarted = (overrides: Partial<EventToAppend<HoldStarted>> = {}): EventToAppend<HoldStarted> => ({
  type: 'HoldStarted',
  data: { contactId: 'contact-1', customerConsented: true },
  metadata,
  ...overrides,
});

/** What the client hands back after the store has recorded `data` at the given place. */
function recorded(
  data: JSONEventData,
  place: { revision: bigint; commit: bigint; prepare: bigint },
): JSONRecordedEvent {
  return {
    streamId: 'contact-1',
    id: data.id,
    isJson: true,
    revision: place.revision,
    type: data.type,
    created: new Date('2026-03-02T09:15:01.000Z'),
    data: data.data,
    metadata: data.metadata as JSONRecordedEvent['metadata'],
    position: { commit: place.commit, prepare: place.prepare },
  };
}

const noUpcasters = new UpcasterRegistry();
const farPosition = { revision: 7n, commit: 2n ** 60n + 1n, prepare: 2n ** 60n };

describe('event serialization', () => {
  it('stores the type, data and metadata as JSON', () => {
    const data = toEventData(holdStarted());

    expect(data).toMatchObject({
      contentType: 'application/json',
      type: 'HoldStarted',
      data: { contactId: 'contact-1', customerConsented: true },
      metadata,
    });
  });

  it('keeps a deterministic event id given by the caller', () => {
    const id = '5f1d7c1e-8a4b-5c3d-9e2f-0a1b2c3d4e5f';

    expect(toEventData(holdStarted({ id })).id).toBe(id);
  });

  it('gives each event a fresh UUID when the caller has none', () => {
    const first = toEventData(holdStarted()).id;
    const second = toEventData(holdStarted()).id;

    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second).not.toBe(first);
  });

  it('reads back what it wrote, with revision and position as exact bigints', () => {
    const data = toEventData(holdStarted());

    const event = fromRecordedEvent<HoldStarted>(recorded(data, farPosition), noUpcasters);

    expect(event).toEqual({
      id: data.id,
      streamName: 'contact-1',
      revision: 7n,
      type: 'HoldStarted',
      data: { contactId: 'contact-1', customerConsented: true },
      metadata,
      recordedAt: new Date('2026-03-02T09:15:01.000Z'),
      position: { commit: 2n ** 60n + 1n, prepare: 2n ** 60n },
    });
  });

  it('upcasts on read and reports the version the data now has', () => {
    const upcasters = new UpcasterRegistry([
      {
        type: 'HoldStarted',
        fromSchemaVersion: 1,
        upcast: ({ data }) => ({ type: 'HoldStarted', schemaVersion: 2, data: { ...(data as object), reason: null } }),
      },
    ]);

    const event = fromRecordedEvent(recorded(toEventData(holdStarted()), farPosition), upcasters);

    expect(event.data).toEqual({ contactId: 'contact-1', customerConsented: true, reason: null });
    expect(event.metadata.schemaVersion).toBe(2);
  });

  it('refuses an event stored without Hindsight metadata', () => {
    const foreign = { ...recorded(toEventData(holdStarted()), farPosition), metadata: undefined };

    expect(() => fromRecordedEvent(foreign as unknown as JSONRecordedEvent, noUpcasters)).toThrow(UnreadableEventError);
  });

  it.each(['$correlationId', '$causationId', 'occurredAt', 'source', 'schemaVersion'] as const)(
    'refuses an event whose metadata lacks %s',
    (key) => {
      const { [key]: _missing, ...incomplete } = metadata;
      const event = { ...recorded(toEventData(holdStarted()), farPosition), metadata: incomplete };

      expect(() => fromRecordedEvent(event, noUpcasters)).toThrow(`metadata.${key}`);
    },
  );

  it('refuses an event whose data is not JSON', () => {
    const binary = { ...recorded(toEventData(holdStarted()), farPosition), isJson: false, data: new Uint8Array([1]) };

    expect(() => fromRecordedEvent(binary as unknown as JSONRecordedEvent, noUpcasters)).toThrow(/not JSON/);
  });

  it('refuses an event whose upcaster fails, saying from which version', () => {
    const upcasters = new UpcasterRegistry([
      {
        type: 'HoldStarted',
        fromSchemaVersion: 1,
        upcast: () => {
          throw new TypeError('reason is not a string');
        },
      },
    ]);

    expect(() => fromRecordedEvent(recorded(toEventData(holdStarted()), farPosition), upcasters)).toThrow(
      'upcasting it from version 1 failed: reason is not a string',
    );
  });

  it('refuses metadata the client could not parse (it hands over the raw bytes)', () => {
    const event = { ...recorded(toEventData(holdStarted()), farPosition), metadata: new Uint8Array(Buffer.from('{"$correlationId": ')) };

    expect(() => fromRecordedEvent(event as unknown as JSONRecordedEvent, noUpcasters)).toThrow('it has no JSON metadata');
  });

  it('describes an unreadable event of $all, with where it is and why, instead of throwing', () => {
    const { $correlationId: _missing, ...incomplete } = metadata;
    const event = { ...recorded(toEventData(holdStarted()), farPosition), metadata: incomplete };

    expect(fromRecordedAllStreamEvent(event as JSONRecordedEvent & { position: { commit: bigint; prepare: bigint } }, noUpcasters)).toEqual({
      id: event.id,
      streamName: 'contact-1',
      revision: farPosition.revision,
      type: 'HoldStarted',
      recordedAt: event.created,
      position: event.position,
      unreadable: expect.objectContaining({ code: 'EVENT_STORE.UNREADABLE_EVENT', message: expect.stringContaining('metadata.$correlationId') }),
    });
  });
});
