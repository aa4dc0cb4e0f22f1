/**
 * The official client's own `appendToStream` error tests, run against the secure store the way they
 * run against a secure EventStoreDB node: connected as admin, trusting the node's CA.
 *
 * Ported from EventStore/EventStore-Client-NodeJS, packages/test/src/streams/appendToStream-errors.test.ts
 * (the @eventstore/db-client 6.x version), with its helpers inlined: `createTestNode()` and
 * `node.connectionString()` become our store started secure in-process and its admin connection
 * string; `jsonTestEvents` is theirs (packages/test/src/utils/testEvents.ts); the version checks
 * (`optionalTest`, `matchServerVersion`) are dropped, as the store speaks 23.10, past both. The
 * test bodies are theirs, unchanged.
 */
import {
  AccessDeniedError,
  DeadlineExceededError,
  EventStoreDBClient,
  MaxAppendSizeExceededError,
  NO_STREAM,
  StreamDeletedError,
  WrongExpectedVersionError,
  jsonEvent,
  type EventData,
} from '@eventstore/db-client';
import { startSecureStore, type RunningSecureStore } from '../support/embedded-store';

const jsonTestEvents = (count = 4, type = 'test'): EventData[] =>
  Array.from({ length: count }, (_, i) =>
    jsonEvent({
      type,
      data: {
        message: 'test',
        index: i,
      },
    }),
  );

describe('appendToStream - errors', () => {
  let node!: RunningSecureStore;
  let client!: EventStoreDBClient;

  beforeAll(async () => {
    node = await startSecureStore();
    client = EventStoreDBClient.connectionString(node.store.connectionString.replace('esdb://', 'esdb://admin:changeit@'));
  });

  afterAll(async () => {
    await client.dispose();
    await node.stop();
  });

  describe.each([['Batch append (>21.10)'], ['Normal Append']])('%s', (prefix) => {
    it('WrongExpectedVersion', async () => {
      const STREAM_NAME = `${prefix}_no_stream_here_but_there_is`;

      await client.appendToStream(STREAM_NAME, jsonTestEvents());

      try {
        const result = await client.appendToStream(STREAM_NAME, jsonTestEvents(), {
          expectedRevision: 'no_stream',
        });

        expect(result).toBe('unreachable');
      } catch (error) {
        expect(error).toBeInstanceOf(WrongExpectedVersionError);

        if (error instanceof WrongExpectedVersionError) {
          expect(error.streamName).toBe(STREAM_NAME);
          expect(error.expectedVersion).toBe(NO_STREAM);
          expect(error.actualVersion).toBeGreaterThanOrEqual(1);
        }
      }
    });

    it('StreamDeleted', async () => {
      const STREAM_NAME = `${prefix}_i_will_be_deleted`;

      await client.appendToStream(STREAM_NAME, jsonTestEvents());
      await client.tombstoneStream(STREAM_NAME);

      try {
        const result = await client.appendToStream(STREAM_NAME, jsonTestEvents());

        expect(result).toBe('unreachable');
      } catch (error) {
        expect(error).toBeInstanceOf(StreamDeletedError);

        if (error instanceof StreamDeletedError) {
          expect(error.streamName).toBe(STREAM_NAME);
        }
      }
    });

    it('AccessDenied', async () => {
      const STREAM_NAME = `${prefix}_no_entry`;

      await client.appendToStream(STREAM_NAME, jsonTestEvents());

      await client.setStreamMetadata(STREAM_NAME, {
        acl: {
          writeRoles: ['some_user'],
        },
      });

      try {
        const result = await client.appendToStream(STREAM_NAME, jsonTestEvents(), {
          credentials: { username: 'AzureDiamond', password: 'hunter2' },
        });

        expect(result).toBe('unreachable');
      } catch (error) {
        expect(error).toBeInstanceOf(AccessDeniedError);
      }
    });

    it('DeadlineExceeded', async () => {
      const STREAM_NAME = `${prefix}_deadline`;

      try {
        await client.appendToStream(STREAM_NAME, jsonTestEvents(30_000), {
          deadline: 1,
        });
        expect('this point').toBe('unreachable');
      } catch (error) {
        expect(error).toBeInstanceOf(DeadlineExceededError);
      }
    });

    it('MaximumAppendSizeExceeded', async () => {
      const STREAM_NAME = `${prefix}_i_am_too_many`;

      try {
        const result = await client.appendToStream(STREAM_NAME, jsonTestEvents(40_000));

        expect(result).toBe('unreachable');
      } catch (error) {
        expect(error).toBeInstanceOf(MaxAppendSizeExceededError);

        if (error instanceof MaxAppendSizeExceededError) {
          expect(typeof error.maxAppendSize).toBe('number');
        }
      }
    });
  });
});
