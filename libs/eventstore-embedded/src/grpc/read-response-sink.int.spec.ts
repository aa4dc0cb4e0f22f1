/** The read sink over a real grpc-js server and client on loopback: order, completeness, and the batched path. */
import * as http2 from 'node:http2';
import { Client, Server, ServerCredentials, credentials, type ServerWritableStream, type ClientReadableStream } from '@grpc/grpc-js';
import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { readResponseSink, type ReadResponse, type ReadResponseSink } from './read-response-sink';

const PATH = '/test.Sink/Read';
const identity = (bytes: Buffer) => bytes;

describe(readResponseSink.name, () => {
  let server: Server;
  let client: Client;
  let handler: (call: ServerWritableStream<Buffer, ReadResponse>, sink: ReadResponseSink) => Promise<void>;
  let sinks: ReadResponseSink[];
  let port: number;

  beforeAll(async () => {
    server = new Server();
    server.addService(
      { read: { path: PATH, requestStream: false, responseStream: true, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity } },
      {
        read: (call: ServerWritableStream<Buffer, ReadResponse>) => {
          const abort = new AbortController();
          call.on('cancelled', () => abort.abort());
          const sink = readResponseSink(call, abort.signal);
          sinks.push(sink);
          void handler(call, sink);
        },
      },
    );
    port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
    );
    client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
  });
  beforeEach(() => {
    sinks = [];
  });
  afterAll(() => {
    client.close();
    server.forceShutdown();
  });

  const call = (): ClientReadableStream<Buffer> => client.makeServerStreamRequest(PATH, identity, identity, Buffer.alloc(0));
  const message = (n: number) => Buffer.from(`message ${n} `.padEnd(500, '.'));

  it('delivers every message in order and ends with the status, taking the batched path with the installed grpc-js', async () => {
    handler = async (serverCall, sink) => {
      for (let n = 0; n < 5000; n++) {
        const full = sink.send(n === 0 ? Buffer.from(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()).serializeBinary()) : message(n));
        if (full) await full;
      }
      await sink.flush();
      serverCall.end();
    };
    const received: Buffer[] = [];
    const stream = call();
    stream.on('data', (bytes: Buffer) => received.push(bytes));
    await new Promise<void>((resolve, reject) => stream.on('status', () => resolve()).on('error', reject));
    expect(sinks[0].batched).toBe(true);
    expect(received).toHaveLength(5000);
    expect(ReadResp.deserializeBinary(received[0]).hasCaughtUp()).toBe(true);
    expect(received.slice(1).map(String)).toEqual(Array.from({ length: 4999 }, (_, n) => message(n + 1).toString()));
  });

  it('sends a lone message at once, without waiting for a batch to fill', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    handler = async (serverCall, sink) => {
      sink.send(message(1));
      await released;
      await sink.flush();
      serverCall.end();
    };
    const stream = call();
    const first = await new Promise<Buffer>((resolve) => stream.once('data', resolve));
    expect(first.toString()).toBe(message(1).toString());
    release();
    await new Promise((resolve) => stream.on('status', resolve));
  });

  it('holds the sender back, within a bounded number of bytes, while the client does not read', async () => {
    // A raw HTTP/2 client: a paused grpc-js client call goes on reading into its own memory.
    const total = 20_000; // 10 MB of messages
    let sent = 0;
    handler = async (serverCall, sink) => {
      for (; sent < total && !serverCall.cancelled; sent++) {
        const full = sink.send(message(sent));
        if (full) await full;
      }
      await sink.flush();
      serverCall.end();
    };
    const session = http2.connect(`http://127.0.0.1:${port}`);
    try {
      const request = session.request({ ':method': 'POST', ':path': PATH, 'content-type': 'application/grpc', te: 'trailers' });
      request.end(Buffer.alloc(5)); // one empty, uncompressed message
      request.pause();
      await new Promise((resolve) => setTimeout(resolve, 500));
      // Its window plus what HTTP/2 flow control and the sockets take, far below the 10 MB on offer.
      expect(sent * 505).toBeLessThan(2 * 1024 * 1024);
      let received = 0;
      request.on('data', (bytes: Buffer) => (received += bytes.length));
      request.resume();
      await new Promise((resolve) => request.on('end', resolve));
      expect(received).toBe(total * 505);
    } finally {
      session.close();
    }
  });

  it('stops writing when the client cancels, without an error', async () => {
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    handler = async (serverCall, sink) => {
      for (let n = 0; n < 100_000 && !serverCall.cancelled; n++) {
        const full = sink.send(message(n));
        if (full) await full;
      }
      finished();
    };
    const stream = call();
    stream.on('error', () => {});
    await new Promise((resolve) => stream.once('data', resolve));
    stream.cancel();
    await done;
  });
});
