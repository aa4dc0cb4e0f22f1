/**
 * `event_store.client.streams.Streams`: Read (reads and subscriptions), Append, BatchAppend, Delete and
 * Tombstone. Handlers only translate between the wire and the engine; every rule lives in the engine.
 * Each call is authenticated and each stream operation checked through `CallAccess` before it reaches
 * the engine; appends that miss their caller's deadline are answered DeadlineExceeded.
 */
import { randomUUID } from 'node:crypto';
import type {
  sendUnaryData,
  ServerDuplexStream,
  ServerReadableStream,
  ServerUnaryCall,
  ServerWritableStream,
  ServiceDefinition,
  UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { AllStreamPosition, Empty } from '@eventstore/db-client/generated/shared_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  DeleteReq,
  DeleteResp,
  ReadReq,
  ReadResp,
  TombstoneReq,
  TombstoneResp,
} from '@eventstore/db-client/generated/streams_pb';
import { Empty as ProtobufEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import {
  AppendDeadlineExceededError,
  InvalidArgumentError,
  MaximumAppendSizeExceededError,
  StoreUnavailableError,
  WrongExpectedVersionError,
} from '../engine/engine-errors';
import { compileEventFilter, type EventFilter } from '../engine/event-filter';
import type { EventStoreEngine } from '../engine/event-store-engine';
import type { ExpectedRevision } from '../engine/expected-revision';
import type { Principal } from '../engine/stream-access';
import { LINK_EVENT_TYPE, type AppendResult, type ProposedEvent, type RecordedEvent } from '../engine/recorded-event';
import { subscribeToAll, subscribeToStream, type SubscriptionMessage } from '../engine/subscription-feed';
import { beforeDeadline, deadlineMsOf } from './append-deadline';
import { OPEN_ACCESS, type CallAccess } from './call-access';
import { toBatchAppendStatus, toServiceError } from './protocol-errors';
import { encodeReadEventResponse } from './read-response-encoder';
import { type ReadResponse, readResponseSink } from './read-response-sink';
import {
  expectedRevisionOf,
  proposedEventOf,
  streamIdentifier,
  streamNameOf,
  uuidOf,
  type UuidFormat,
} from './protocol-messages';

const ALL_STREAM = '$all';

/** EventStoreDB's default search window for filtered subscriptions; checkpoints come every window × multiplier events. */
const DEFAULT_FILTER_WINDOW = 32;

/** The client's own service definition, except that Read also accepts responses already encoded. */
export const STREAMS_SERVICE: ServiceDefinition = {
  ...StreamsService,
  read: {
    ...StreamsService.read,
    responseSerialize: (response: ReadResponse) => (Buffer.isBuffer(response) ? response : Buffer.from(response.serializeBinary())),
  },
};

export function streamsService(engine: EventStoreEngine, access: CallAccess = OPEN_ACCESS): UntypedServiceImplementation {
  return {
    read: (call: ServerWritableStream<ReadReq, ReadResponse>) => void read(engine, access, call),
    append: (call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>) => append(engine, access, call, callback),
    batchAppend: (call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>) => batchAppend(engine, access, call),
    delete: (call: ServerUnaryCall<DeleteReq, DeleteResp>, callback: sendUnaryData<DeleteResp>) => {
      answer(callback, async () => {
        const principal = access.authenticate(call.metadata);
        const options = requireOptions(call.request.getOptions());
        const streamName = streamNameOf(options.getStreamIdentifier());
        access.check(principal, 'delete', streamName);
        const expected = expectedRevisionOf(options, () => (options.hasRevision() ? options.getRevision() : undefined));
        const position = await engine.deleteStream(streamName, expected);
        return new DeleteResp().setPosition(new DeleteResp.Position().setCommitPosition(position.toString()).setPreparePosition(position.toString()));
      });
    },
    tombstone: (call: ServerUnaryCall<TombstoneReq, TombstoneResp>, callback: sendUnaryData<TombstoneResp>) => {
      answer(callback, async () => {
        const principal = access.authenticate(call.metadata);
        const options = requireOptions(call.request.getOptions());
        const streamName = streamNameOf(options.getStreamIdentifier());
        access.check(principal, 'delete', streamName);
        const expected = expectedRevisionOf(options, () => (options.hasRevision() ? options.getRevision() : undefined));
        const position = await engine.tombstoneStream(streamName, expected);
        return new TombstoneResp().setPosition(
          new TombstoneResp.Position().setCommitPosition(position.toString()).setPreparePosition(position.toString()),
        );
      });
    },
  };
}

async function read(engine: EventStoreEngine, access: CallAccess, call: ServerWritableStream<ReadReq, ReadResponse>): Promise<void> {
  const abort = new AbortController();
  call.on('cancelled', () => abort.abort());
  const sink = readResponseSink(call, abort.signal);
  // Waits only when the sink says so: most sends return at once, and a microtask per event adds up.
  const send = (response: ReadResponse) => sink.send(response);
  try {
    const principal = access.authenticate(call.metadata);
    const options = requireOptions(call.request.getOptions());
    access.check(principal, 'read', options.hasStream() ? streamNameOf(options.getStream()!.getStreamIdentifier()) : ALL_STREAM);
    const format: UuidFormat = options.getUuidOption()?.hasStructured() ? 'structured' : 'string';
    // A link resolves only for who may read its target: a link must not be a way around an ACL.
    const resolve = (link: RecordedEvent) => {
      const target = engine.resolveLink(link);
      return target && access.mayRead(principal, target.streamName) ? target : link;
    };
    const toResponse = (event: RecordedEvent) =>
      options.getResolveLinks() && event.type === LINK_EVENT_TYPE
        ? encodeReadEventResponse(resolve(event), event, format)
        : encodeReadEventResponse(event, undefined, format);

    if (options.hasSubscription()) {
      const confirmation = new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID());
      await send(new ReadResp().setConfirmation(confirmation));
      for await (const message of subscriptionFeed(engine, options, abort.signal)) {
        const full = send(subscriptionResponse(message, toResponse));
        if (full) await full;
      }
      if (!abort.signal.aborted) throw new StoreUnavailableError('The event store is shutting down.');
      return;
    }

    const direction = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS ? 'backwards' : 'forwards';
    const maxCount = countOf(options.getCount());
    if (options.hasStream()) {
      const streamOptions = options.getStream()!;
      const streamName = streamNameOf(streamOptions.getStreamIdentifier());
      const result = engine.readStream(streamName, streamReadFrom(streamOptions), direction, maxCount);
      if (!result.found) {
        await send(new ReadResp().setStreamNotFound(new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(streamName))));
      } else {
        for (const event of result.events) {
          if (abort.signal.aborted) return;
          const full = send(toResponse(event));
          if (full) await full;
        }
      }
    } else {
      const events = engine.readAll(allReadFrom(requireOptions(options.getAll())), direction, maxCount, filterOf(options.getFilter()));
      for (const event of events) {
        if (abort.signal.aborted) return;
        const full = send(toResponse(event));
        if (full) await full;
      }
    }
    await sink.flush();
    call.end();
  } catch (error) {
    if (abort.signal.aborted) return;
    await sink.flush(); // what was read before the failure goes out before the status
    call.emit('error', toServiceError(error));
  }
}

function subscriptionFeed(engine: EventStoreEngine, options: ReadReq.Options, signal: AbortSignal): AsyncGenerator<SubscriptionMessage> {
  if (options.hasStream()) {
    const streamOptions = options.getStream()!;
    return subscribeToStream(engine, streamNameOf(streamOptions.getStreamIdentifier()), { from: streamReadFrom(streamOptions), signal });
  }
  const filterOptions = options.getFilter();
  return subscribeToAll(engine, {
    from: allReadFrom(requireOptions(options.getAll())),
    filter: filterOf(filterOptions),
    checkpointInterval: (filterOptions?.getMax() || DEFAULT_FILTER_WINDOW) * Math.max(1, filterOptions?.getCheckpointintervalmultiplier() ?? 1),
    signal,
  });
}

function subscriptionResponse(message: SubscriptionMessage, toResponse: (event: RecordedEvent) => Buffer): ReadResponse {
  switch (message.kind) {
    case 'event':
      return toResponse(message.event);
    case 'checkpoint':
      return new ReadResp().setCheckpoint(
        new ReadResp.Checkpoint().setCommitPosition(message.position.toString()).setPreparePosition(message.position.toString()),
      );
    case 'caught-up':
      return new ReadResp().setCaughtUp(new ReadResp.CaughtUp());
    case 'fell-behind':
      return new ReadResp().setFellBehind(new ReadResp.FellBehind());
    default:
      return assertNever(message);
  }
}

function append(
  engine: EventStoreEngine,
  access: CallAccess,
  call: ServerReadableStream<AppendReq, AppendResp>,
  callback: sendUnaryData<AppendResp>,
): void {
  let options: AppendReq.Options | undefined;
  const events: ProposedEvent[] = [];
  let size = 0;
  let answered = false;
  const reply = (...args: Parameters<sendUnaryData<AppendResp>>) => {
    if (answered) return;
    answered = true;
    callback(...args);
  };
  let principal: Principal | undefined;
  try {
    principal = access.authenticate(call.metadata);
  } catch (error) {
    reply(toServiceError(error));
  }
  call.on('data', (request: AppendReq) => {
    if (answered) return;
    try {
      if (request.hasOptions()) options = request.getOptions();
      else if (request.hasProposedMessage()) {
        const event = proposedEventOf(request.getProposedMessage()!);
        size += event.data.length + event.metadata.length;
        // Refuse early rather than buffer an oversized append in memory.
        if (size > engine.maxAppendSize) throw new MaximumAppendSizeExceededError(engine.maxAppendSize);
        events.push(event);
      }
    } catch (error) {
      reply(toServiceError(error));
    }
  });
  call.on('error', () => (answered = true));
  call.on('end', () => {
    if (answered) return;
    void (async () => {
      try {
        const header = requireOptions(options);
        const streamName = streamNameOf(header.getStreamIdentifier());
        access.check(principal, 'write', streamName);
        const expected = expectedRevisionOf(header, () => (header.hasRevision() ? header.getRevision() : undefined));
        // Past the call's deadline grpc-js has already answered DEADLINE_EXCEEDED: write nothing the caller gave up on.
        if (deadlineMsOf(call.getDeadline()) <= Date.now()) throw new AppendDeadlineExceededError();
        const result = await engine.append(streamName, expected, events);
        reply(null, new AppendResp().setSuccess(appendSuccess(result)));
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) reply(null, new AppendResp().setWrongExpectedVersion(appendWrongExpectedVersion(error)));
        else reply(toServiceError(error));
      }
    })();
  });
}

function appendSuccess(result: AppendResult): AppendResp.Success {
  const success = new AppendResp.Success();
  if (result.revision === undefined) success.setNoStream(new Empty());
  else success.setCurrentRevision(result.revision.toString());
  if (result.position === undefined) success.setNoPosition(new Empty());
  else success.setPosition(new AppendResp.Position().setCommitPosition(result.position.toString()).setPreparePosition(result.position.toString()));
  return success;
}

function appendWrongExpectedVersion(error: WrongExpectedVersionError): AppendResp.WrongExpectedVersion {
  const message = new AppendResp.WrongExpectedVersion();
  if (error.currentRevision === undefined) message.setCurrentNoStream(new Empty());
  else message.setCurrentRevision(error.currentRevision.toString());
  const expected = error.expected;
  if (expected.kind === 'exact') message.setExpectedRevision(expected.revision.toString());
  else if (expected.kind === 'any') message.setExpectedAny(new Empty());
  else if (expected.kind === 'no_stream') message.setExpectedNoStream(new Empty());
  else message.setExpectedStreamExists(new Empty());
  return message;
}

interface PendingBatch {
  options: BatchAppendReq.Options | undefined;
  events: ProposedEvent[];
  size: number;
}

/**
 * One long-lived call carries many appends, each split into chunks under one correlation id; the last
 * chunk is marked final. Appends on the same call run concurrently and are answered by correlation id.
 * A store that can no longer append (shutting down, or its log failed) ends the whole call with
 * UNAVAILABLE: the client reads an in-band failure only by its detail type, and has none for
 * "unavailable", so in-band it would look like an unknown error instead of one worth retrying.
 */
function batchAppend(engine: EventStoreEngine, access: CallAccess, call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void {
  let principal: Principal | undefined;
  try {
    principal = access.authenticate(call.metadata);
  } catch (error) {
    call.emit('error', toServiceError(error));
    return;
  }
  const pending = new Map<string, PendingBatch>();
  let inFlight = 0;
  let clientDone = false;
  const endWhenIdle = () => {
    if (clientDone && inFlight === 0) call.end();
  };
  call.on('data', (request: BatchAppendReq) => {
    const correlationId = request.getCorrelationId();
    const key = correlationId ? uuidOf(correlationId) : '';
    const batch = pending.get(key) ?? { options: request.getOptions(), events: [], size: 0 };
    pending.set(key, batch);
    for (const message of request.getProposedMessagesList()) {
      const event = proposedEventOf(message);
      batch.size += event.data.length + event.metadata.length;
      if (batch.size <= engine.maxAppendSize) batch.events.push(event);
    }
    if (!request.getIsFinal()) return;
    pending.delete(key);
    inFlight++;
    void answerBatch(engine, access, principal, request, batch).then((response) => {
      inFlight--;
      if (response instanceof StoreUnavailableError) {
        if (!call.cancelled && !call.destroyed) call.emit('error', toServiceError(response));
        return;
      }
      if (!call.cancelled) call.write(response);
      endWhenIdle();
    });
  });
  call.on('end', () => {
    clientDone = true;
    endWhenIdle();
  });
  call.on('error', () => pending.clear());
}

async function answerBatch(
  engine: EventStoreEngine,
  access: CallAccess,
  principal: Principal | undefined,
  final: BatchAppendReq,
  batch: PendingBatch,
): Promise<BatchAppendResp | StoreUnavailableError> {
  const response = new BatchAppendResp();
  const correlationId = final.getCorrelationId();
  if (correlationId) response.setCorrelationId(correlationId);
  try {
    const options = requireOptions(batch.options);
    const streamName = streamNameOf(options.getStreamIdentifier());
    response.setStreamIdentifier(options.getStreamIdentifier());
    access.check(principal, 'write', streamName);
    const expected = expectedRevisionOf(options, () => (options.hasStreamPosition() ? options.getStreamPosition() : undefined));
    echoExpected(response, expected);
    if (batch.size > engine.maxAppendSize) throw new MaximumAppendSizeExceededError(engine.maxAppendSize);
    const result = await beforeDeadline(options.getDeadline()?.toDate().getTime() ?? Infinity, () => engine.append(streamName, expected, batch.events));
    const success = new BatchAppendResp.Success();
    if (result.revision === undefined) success.setNoStream(new ProtobufEmpty());
    else success.setCurrentRevision(result.revision.toString());
    if (result.position === undefined) success.setNoPosition(new ProtobufEmpty());
    else success.setPosition(new AllStreamPosition().setCommitPosition(result.position.toString()).setPreparePosition(result.position.toString()));
    return response.setSuccess(success);
  } catch (error) {
    if (error instanceof StoreUnavailableError) return error;
    return response.setError(toBatchAppendStatus(error));
  }
}

function echoExpected(response: BatchAppendResp, expected: ExpectedRevision): void {
  if (expected.kind === 'exact') response.setStreamPosition(expected.revision.toString());
  else if (expected.kind === 'any') response.setAny(new ProtobufEmpty());
  else if (expected.kind === 'no_stream') response.setNoStream(new ProtobufEmpty());
  else response.setStreamExists(new ProtobufEmpty());
}

function streamReadFrom(options: ReadReq.Options.StreamOptions): 'start' | 'end' | bigint {
  if (options.hasStart()) return 'start';
  if (options.hasEnd()) return 'end';
  return BigInt(options.getRevision());
}

function allReadFrom(options: ReadReq.Options.AllOptions): 'start' | 'end' | bigint {
  if (options.hasStart()) return 'start';
  if (options.hasEnd()) return 'end';
  return BigInt(requireOptions(options.getPosition()).getCommitPosition());
}

function filterOf(options: ReadReq.Options.FilterOptions | undefined): EventFilter | undefined {
  if (!options) return undefined;
  const onStream = options.hasStreamIdentifier();
  const expression = onStream ? options.getStreamIdentifier() : options.getEventType();
  if (!expression) throw new InvalidArgumentError('A filter needs a stream name or event type expression.');
  return compileEventFilter({
    on: onStream ? 'stream' : 'event-type',
    regex: expression.getRegex() || undefined,
    prefixes: expression.getPrefixList(),
  });
}

/** Counts arrive as uint64 strings; anything beyond what fits in memory reads "everything". */
function countOf(count: string): number {
  const value = Number(count);
  return Number.isFinite(value) && value >= 0 ? Math.min(value, Number.MAX_SAFE_INTEGER) : Number.MAX_SAFE_INTEGER;
}

function requireOptions<T>(options: T | undefined): T {
  if (options === undefined) throw new InvalidArgumentError('The request has no options.');
  return options;
}

function answer<T>(callback: sendUnaryData<T>, work: () => Promise<T>): void {
  work().then(
    (response) => callback(null, response),
    (error: unknown) => callback(toServiceError(error)),
  );
}

function assertNever(value: never): never {
  throw new Error(`Unexpected message ${JSON.stringify(value)}`);
}
