import { eventMetadata, FRONTEND_SOURCE } from './event-metadata';

describe(eventMetadata.name, () => {
  it('gives a fact its source, its source id and the catalog schema version, caused by the request that carried it', () => {
    const sut = eventMetadata('HoldStarted', {
      correlationId: 'request-1',
      occurredAt: '2026-03-02T09:15:00Z',
      source: 'telephony',
      sourceEventId: 'tel-42',
      recordedBy: 'key-telephony',
    });

    expect(sut).toStrictEqual({
      $correlationId: 'request-1',
      $causationId: 'request-1',
      occurredAt: '2026-03-02T09:15:00Z',
      source: 'telephony',
      sourceEventId: 'tel-42',
      schemaVersion: 1,
      recordedBy: 'key-telephony',
    });
  });

  it('gives an event a command decided that command as its cause, and no fields it has no value for', () => {
    const sut = eventMetadata('CustomerForgotten', {
      correlationId: 'request-2',
      causationId: 'command-7',
      occurredAt: '2026-03-02T10:00:00Z',
      source: FRONTEND_SOURCE,
    });

    expect(sut).toStrictEqual({
      $correlationId: 'request-2',
      $causationId: 'command-7',
      occurredAt: '2026-03-02T10:00:00Z',
      source: 'hindsight-api',
      schemaVersion: 1,
    });
  });
});
