import { randomBytes, randomUUID } from 'node:crypto';
import {
  type LogRecord,
  StorageError,
  decodeFrame,
  encodeRecordInto,
  inspectFrame,
  maxEncodedSize,
} from './log-record';

function aRecord(overrides: Partial<LogRecord> = {}): LogRecord {
  return {
    id: randomUUID(),
    streamName: 'contact-42',
    revision: 7n,
    type: 'HoldStarted',
    contentType: 'application/json',
    created: 17_000_000_000_000_000n,
    data: Buffer.from('{"reason":"lookup"}'),
    metadata: Buffer.from('{"$correlationId":"c-1"}'),
    ...overrides,
  };
}

function encode(record: LogRecord, endsTransaction = true, batchPosition = 0): Buffer {
  const target = Buffer.alloc(maxEncodedSize(record));
  const length = encodeRecordInto(target, 0, record, { endsTransaction, batchPosition });
  return target.subarray(0, length);
}

function roundTrip(record: LogRecord): LogRecord {
  const frame = encode(record);
  expect(inspectFrame(frame, 0)).toEqual({ status: 'complete', frameLength: frame.length });
  const { record: decoded } = decodeFrame(frame, 0, 0);
  return { ...decoded, data: Buffer.from(decoded.data), metadata: Buffer.from(decoded.metadata) };
}

describe('log record codec', () => {
  it('decodes every field as it was encoded', () => {
    const record = aRecord();
    expect(roundTrip(record)).toEqual({ ...record, position: 0n });
  });

  it('keeps empty data and metadata empty', () => {
    const decoded = roundTrip(aRecord({ data: new Uint8Array(0), metadata: new Uint8Array(0) }));
    expect(decoded.data).toHaveLength(0);
    expect(decoded.metadata).toHaveLength(0);
  });

  it('keeps unicode stream names and types intact', () => {
    const record = aRecord({ streamName: 'case-Zoë-東京-🙂', type: 'CaseÖffnet' });
    expect(roundTrip(record)).toMatchObject({ streamName: 'case-Zoë-東京-🙂', type: 'CaseÖffnet' });
  });

  it('carries large payloads byte for byte', () => {
    const data = randomBytes(3 * 1024 * 1024);
    expect(Buffer.from(roundTrip(aRecord({ data, contentType: 'application/octet-stream' })).data).equals(data)).toBe(true);
  });

  it('keeps the extremes of revision and created', () => {
    const record = aRecord({ revision: 9223372036854775807n, created: -9223372036854775808n });
    expect(roundTrip(record)).toMatchObject({ revision: 9223372036854775807n, created: -9223372036854775808n });
  });

  it('carries the commit marker and the batch position', () => {
    const frame = decodeFrame(encode(aRecord(), false, 123_456_789_012), 0, 0);
    expect(frame).toMatchObject({ endsTransaction: false, batchPosition: 123_456_789_012 });
  });

  it('decodes at an offset and reports the position it was given', () => {
    const frame = encode(aRecord());
    const bytes = Buffer.concat([Buffer.alloc(5), frame]);
    expect(decodeFrame(bytes, 5, 4096).record.position).toBe(4096n);
  });

  it('detects a single flipped bit anywhere in the body', () => {
    const frame = encode(aRecord());
    for (let byte = 8; byte < frame.length; byte++) {
      for (let bit = 0; bit < 8; bit++) {
        const damaged = Buffer.from(frame);
        damaged[byte] ^= 1 << bit;
        expect(inspectFrame(damaged, 0)).toMatchObject({ status: 'invalid' });
      }
    }
  });

  it('detects a flipped bit in the data by its checksum', () => {
    const frame = encode(aRecord());
    frame[frame.length - 1] ^= 0b0001_0000;
    expect(inspectFrame(frame, 0)).toEqual({ status: 'invalid', reason: 'checksum mismatch' });
  });

  it('reports a frame cut short as incomplete, with its length once the header is there', () => {
    const frame = encode(aRecord());
    expect(inspectFrame(frame.subarray(0, 5), 0)).toEqual({ status: 'incomplete' });
    expect(inspectFrame(frame.subarray(0, 20), 0)).toEqual({ status: 'incomplete', frameLength: frame.length });
    expect(inspectFrame(frame.subarray(0, frame.length - 1), 0)).toEqual({ status: 'incomplete', frameLength: frame.length });
  });

  it('refuses a length field no record can have', () => {
    expect(inspectFrame(Buffer.alloc(64), 0)).toMatchObject({ status: 'invalid' });
  });

  it.each([
    ['an uppercase id', { id: randomUUID().toUpperCase() }],
    ['an id without dashes', { id: randomUUID().replace(/-/g, '').padEnd(36, '0') }],
    ['an id with a non-hex digit', { id: '0123456g-89ab-cdef-0123-456789abcdef' }],
    ['an id with braces', { id: `{${randomUUID().slice(1, 35)}}` }],
    ['a revision past 2^63-1', { revision: 2n ** 63n }],
    ['a negative revision', { revision: -1n }],
    ['another content type', { contentType: 'text/plain' }],
  ])('refuses %s', (_, overrides) => {
    expect(() => encode(aRecord(overrides))).toThrow(StorageError);
  });
});
