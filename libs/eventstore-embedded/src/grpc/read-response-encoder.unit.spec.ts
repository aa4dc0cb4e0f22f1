import { StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { convertGrpcEvent } from '@eventstore/db-client/dist/utils/convertGrpcEvent';
import type { RecordedEvent } from '../engine/recorded-event';
import { encodeReadEventResponse } from './read-response-encoder';

const event: RecordedEvent = {
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  streamName: 'contact-C-1 ☎',
  revision: 300n,
  position: 9_007_199_254_740_000n,
  type: 'HoldStarted',
  contentType: 'application/json',
  created: 17_725_000_000_000_000n,
  data: Buffer.from('{"reason":"confirm identity"}'),
  metadata: Buffer.from('{"source":"telephony"}'),
};
const link: RecordedEvent = { ...event, id: 'a3bb189e-8bf9-3888-9912-ace4e6543002', streamName: 'links', revision: 0n, position: 12n, type: '$>', data: Buffer.from('300@contact-C-1 ☎'), metadata: Buffer.alloc(0) };

const decode = (bytes: Buffer) => ReadResp.deserializeBinary(bytes).getEvent()!;

describe(encodeReadEventResponse.name, () => {
  it('encodes an event the client reads back field for field', () => {
    const resolved = convertGrpcEvent(decode(encodeReadEventResponse(event, undefined, 'string')));
    expect(resolved.event).toEqual({
      streamId: event.streamName,
      id: event.id,
      revision: 300n,
      type: 'HoldStarted',
      data: { reason: 'confirm identity' },
      metadata: { source: 'telephony' },
      isJson: true,
      created: new Date(1_772_500_000_000),
      position: { commit: event.position, prepare: event.position },
    });
    expect(resolved.commitPosition).toBe(event.position);
    expect(resolved.link).toBeUndefined();
  });

  it('encodes a resolved link with the link position, and a dangling link alone', () => {
    const resolved = convertGrpcEvent(decode(encodeReadEventResponse(event, link, 'string')));
    expect(resolved.event!.id).toBe(event.id);
    expect(resolved.link!.id).toBe(link.id);
    expect(resolved.commitPosition).toBe(12n);
    const dangling = convertGrpcEvent(decode(encodeReadEventResponse(link, link, 'string')));
    expect(dangling.event).toBeUndefined();
    expect(dangling.link!.type).toBe('$>');
  });

  it('encodes the same message google-protobuf builds from the same fields', () => {
    const recorded = (from: RecordedEvent, format: 'string' | 'structured') => {
      const hex = from.id.replace(/-/g, '');
      const id =
        format === 'string'
          ? new UUID().setString(from.id)
          : new UUID().setStructured(
              new UUID.Structured()
                .setMostSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(0, 16)}`)).toString())
                .setLeastSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(16)}`)).toString()),
            );
      const message = new ReadResp.ReadEvent.RecordedEvent()
        .setId(id)
        .setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(from.streamName)))
        .setStreamRevision(from.revision.toString())
        .setPreparePosition(from.position.toString())
        .setCommitPosition(from.position.toString())
        .setData(from.data);
      if (from.metadata.length > 0) message.setCustomMetadata(from.metadata);
      message.getMetadataMap().set('type', from.type).set('content-type', from.contentType).set('created', from.created.toString());
      return message;
    };
    for (const format of ['string', 'structured'] as const) {
      const expected = new ReadResp().setEvent(
        new ReadResp.ReadEvent().setEvent(recorded(event, format)).setLink(recorded(link, format)).setCommitPosition(link.position.toString()),
      );
      expect(ReadResp.deserializeBinary(encodeReadEventResponse(event, link, format)).toObject()).toEqual(expected.toObject());
    }
  });

  it('encodes structured uuids, tombstone revisions and empty payloads', () => {
    const tombstone = { ...event, revision: 9223372036854775807n, data: Buffer.alloc(0), metadata: Buffer.alloc(0), contentType: 'application/octet-stream' };
    const resolved = convertGrpcEvent(decode(encodeReadEventResponse(tombstone, undefined, 'structured')));
    expect(resolved.event!.id).toBe(event.id);
    expect(resolved.event!.revision).toBe(9223372036854775807n);
    expect(resolved.event!.data).toEqual(new Uint8Array(0));
    expect(resolved.event!.metadata).toBeUndefined();
  });
});
