/**
 * Sends the responses of one Read call (a read or a subscription), many messages per HTTP/2 write.
 *
 * Why: grpc-js writes each message of a server stream as its own HTTP/2 write and starts the next
 * only once that write has completed. For a read of small events that is one nghttp2 frame, one
 * socket write and one client-side read per event, and it cost more than reading and encoding the
 * events. So when the call exposes grpc-js's internals this relies on (the HTTP/2 stream and
 * `maybeSendMetadata`, as grpc-js 1.x has them when the server has no interceptors), it frames the
 * messages itself (gRPC's 5-byte prefix: uncompressed flag, big-endian length) and writes them in
 * batches to that stream. Otherwise it falls back to `call.write`, one message at a time; a test
 * checks that the installed grpc-js takes the batched path.
 *
 * It must never:
 * - reorder messages, or let one be written after the call's status (everything goes through the one
 *   path chosen per call; `flush` before ending the call);
 * - hold a lone message back: a live subscription's event goes out at the next turn of the event loop;
 * - buffer without bound: past a window of bytes the HTTP/2 stream has not sent, `send` returns a
 *   promise that settles when the stream drains (or the call is cancelled).
 */
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { ReadResp } from '@eventstore/db-client/generated/streams_pb';

/** Events go out as bytes encoded straight from the log (see read-response-encoder); the rest as protobuf objects. */
export type ReadResponse = ReadResp | Buffer;

export interface ReadResponseSink {
  /** Queues the response; returns a promise only when the caller must wait before sending more. */
  send(response: ReadResponse): Promise<void> | undefined;
  /** Writes everything queued; to be awaited before the call is ended, with a status or an error. */
  flush(): Promise<void>;
  readonly batched: boolean;
}

const FRAME_PREFIX_BYTES = 5;
/**
 * A batch goes out when the next message would not fit: about thirty 500-byte events, one HTTP/2
 * DATA frame at the default frame size. Measured on reads through the client, 16 KiB batches beat
 * 8, 32, 64 and 256 KiB ones (the client decodes smaller chunks faster).
 */
const BATCH_BYTES = 16 * 1024;
/** Bytes written but not yet taken by HTTP/2 (the client's flow-control window) before `send` waits. */
const WINDOW_BYTES = 256 * 1024;
/** The fallback's window, in messages: waiting for 'drain' after every refused write makes a read a ping-pong. */
const WINDOW_MESSAGES = 512;

/** The parts of grpc-js's BaseServerInterceptingCall the batched path uses; not public API. */
interface GrpcJsServerCall {
  stream: WritableHttp2Stream;
  maybeSendMetadata(): void;
}

interface WritableHttp2Stream {
  readonly destroyed: boolean;
  readonly closed: boolean;
  readonly writableEnded: boolean;
  readonly writableLength: number;
  write(bytes: Buffer): boolean;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  removeListener(event: 'drain' | 'close', listener: () => void): unknown;
}

export function readResponseSink(call: ServerWritableStream<unknown, ReadResponse>, signal: AbortSignal): ReadResponseSink {
  const internals = grpcJsCallOf(call);
  return internals ? new FramedSink(internals, signal) : new PerMessageSink(call, signal);
}

function grpcJsCallOf(call: ServerWritableStream<unknown, ReadResponse>): GrpcJsServerCall | undefined {
  const inner = (call as unknown as { call?: Partial<GrpcJsServerCall> }).call;
  const stream = inner?.stream;
  const usable =
    typeof inner?.maybeSendMetadata === 'function' &&
    typeof stream?.write === 'function' &&
    typeof stream.once === 'function' &&
    typeof stream.writableLength === 'number';
  return usable ? (inner as GrpcJsServerCall) : undefined;
}

class FramedSink implements ReadResponseSink {
  readonly batched = true;
  /** The batch being filled; a new one after each write, since the stream keeps the one it was given. */
  private batch: Buffer | undefined;
  private size = 0;
  private flushScheduled = false;

  constructor(
    private readonly call: GrpcJsServerCall,
    private readonly signal: AbortSignal,
  ) {}

  send(response: ReadResponse): Promise<void> | undefined {
    const body = Buffer.isBuffer(response) ? response : Buffer.from(response.serializeBinary());
    const frameBytes = FRAME_PREFIX_BYTES + body.length;
    let pending: Promise<void> | undefined;
    if (this.batch && this.size + frameBytes > this.batch.length) pending = this.flush();
    this.batch ??= Buffer.allocUnsafe(Math.max(BATCH_BYTES, frameBytes));
    this.batch[this.size] = 0; // not compressed
    this.batch.writeUInt32BE(body.length, this.size + 1);
    body.copy(this.batch, this.size + FRAME_PREFIX_BYTES);
    this.size += frameBytes;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        void this.flush();
      });
    }
    return pending;
  }

  flush(): Promise<void> {
    if (!this.batch || this.size === 0) return Promise.resolve();
    const bytes = this.batch.subarray(0, this.size);
    this.batch = undefined;
    this.size = 0;
    const { stream } = this.call;
    // A cancelled or finished call takes nothing more; the read notices the abort and stops.
    if (this.signal.aborted || stream.destroyed || stream.closed || stream.writableEnded) return Promise.resolve();
    this.call.maybeSendMetadata();
    stream.write(bytes);
    if (stream.writableLength < WINDOW_BYTES) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.signal.removeEventListener('abort', done);
        stream.removeListener('drain', done);
        stream.removeListener('close', done);
        resolve();
      };
      stream.once('drain', done);
      stream.once('close', done);
      this.signal.addEventListener('abort', done, { once: true });
    });
  }
}

class PerMessageSink implements ReadResponseSink {
  readonly batched = false;

  constructor(
    private readonly call: ServerWritableStream<unknown, ReadResponse>,
    private readonly signal: AbortSignal,
  ) {}

  send(response: ReadResponse): Promise<void> | undefined {
    if (this.call.write(response) || this.call.writableLength < WINDOW_MESSAGES) return undefined;
    return new Promise((resolve) => {
      const done = () => {
        this.signal.removeEventListener('abort', done);
        this.call.removeListener('drain', done);
        resolve();
      };
      this.call.once('drain', done);
      this.signal.addEventListener('abort', done, { once: true });
    });
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }
}
