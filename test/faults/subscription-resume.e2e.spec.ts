/**
 * A live subscriber that loses its connection comes back with the last position it saw
 * (`journeysChanged(after:)`) and misses nothing: first every journey that changed while it was
 * away, then live changes again, over graphql-ws against the running API.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { setTimeout as sleep } from 'node:timers/promises';
import { startApi, type RunningApi } from '../support/api';
import { recordEventsMutation, type RecordEventsBody } from '../support/facts';

interface Change {
  readonly id: string;
  readonly position: string;
  readonly timeline: readonly { type: string }[];
}

const subscription = `subscription Changes($after: Long) { journeysChanged(after: $after) { id position timeline { type } } }`;

function contactFacts(contactId: string, steps: readonly Record<string, object>[], from = 0) {
  return steps.map((event, index) => ({
    source: 'telephony',
    sourceEventId: `${contactId}-${from + index}`,
    occurredAt: new Date(Date.UTC(2026, 2, 5, 10, from + index)).toISOString(),
    stream: `contact-${contactId}`,
    event,
  }));
}

const started = { contactStarted: { channel: 'voice', direction: 'inbound', origin: 'inbound' } };
const queued = { contactQueued: { queueId: 'billing' } };
const answered = { contactAnswered: { agentId: 'agent-7' } };

/** A subscriber that writes down every change it hears. */
class Subscriber {
  readonly changes: Change[] = [];
  private readonly client: Client;
  private done?: Promise<void>;

  constructor(api: RunningApi, url: string) {
    this.client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${api.adminKey}` }, retryAttempts: 0 });
  }

  /**
   * Subscribes after a position. The server subscribes to live changes before it replays what changed
   * after the position, so whatever is committed from now on is heard, one way or the other.
   */
  subscribe(after: string): void {
    this.done = new Promise((resolve, reject) => {
      this.client.subscribe<{ journeysChanged: Change }>(
        { query: subscription, variables: { after } },
        {
          next: ({ data, errors }) => {
            if (errors) reject(new Error(JSON.stringify(errors)));
            else this.changes.push(data!.journeysChanged);
          },
          error: reject,
          complete: resolve,
        },
      );
    });
    this.done.catch(() => undefined);
  }

  async until(predicate: (changes: readonly Change[]) => boolean, what: string): Promise<void> {
    for (let waited = 0; !predicate(this.changes); waited += 20) {
      if (waited > 15_000) throw new Error(`Still waiting for ${what}; heard ${JSON.stringify(this.changes.map(({ id, position }) => [id, position]))}`);
      await sleep(20);
    }
  }

  lastPosition(): string {
    return this.changes.map((change) => BigInt(change.position)).reduce((a, b) => (a > b ? a : b)).toString();
  }

  async disconnect(): Promise<void> {
    await this.client.dispose();
  }
}

describe('journeysChanged, resumed after a disconnect', () => {
  let api: RunningApi;
  let wsUrl: string;
  const record = async (facts: readonly object[]) => {
    const response = await api.graphql<RecordEventsBody>(recordEventsMutation, { facts });
    expect(response.data?.recordEvents.recorded).toBe(facts.length);
  };
  const projectorCaughtUp = async () => {
    for (;;) {
      const health = await api.graphql<{ health: { projector: { eventsBehind: number } } }>('{ health { projector { eventsBehind } } }');
      if (health.data?.health.projector.eventsBehind === 0) return;
      await sleep(50);
    }
  };

  beforeAll(async () => {
    api = await startApi();
    wsUrl = `${(await api.app.getUrl()).replace('http', 'ws')}/graphql`;
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('replays every journey changed while it was away, and nothing it had already seen, then goes on live', async () => {
    // Given a subscriber that has seen two journeys
    const first = new Subscriber(api, wsUrl);
    first.subscribe('0');
    await record([...contactFacts('R-A', [started]), ...contactFacts('R-B', [started])]);
    await first.until((changes) => ['contact-R-A', 'contact-R-B'].every((id) => changes.some((change) => change.id === id)), 'A and B');
    const lastSeen = first.lastPosition();

    // When it loses its connection while one of them changes and two new ones begin
    await first.disconnect();
    await record(contactFacts('R-A', [queued], 1));
    await record([...contactFacts('R-C', [started, queued]), ...contactFacts('R-D', [started])]);
    await projectorCaughtUp();

    // and comes back after the last position it saw
    const second = new Subscriber(api, wsUrl);
    second.subscribe(lastSeen);
    await second.until((changes) => changes.length >= 3, 'the three journeys that changed');
    await record(contactFacts('R-E', [started, queued, answered]));
    await second.until((changes) => changes.some((change) => change.id === 'contact-R-E'), 'E, live');
    await second.disconnect();

    // Then it hears each change it missed, oldest first, then the live one; B, unchanged, is not sent again
    const heard = second.changes.map((change) => [change.id, change.timeline.length]);
    expect(heard).toEqual([
      ['contact-R-A', 2],
      ['contact-R-C', 2],
      ['contact-R-D', 1],
      ['contact-R-E', 3],
    ]);
    const positions = second.changes.map((change) => BigInt(change.position));
    expect(positions.every((position) => position > BigInt(lastSeen))).toBe(true);
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
  });

  it('gives a journey its position in queries too, the same one subscribers see', async () => {
    const response = await api.graphql<{ journey: { position: string } }>('{ journey(id: "contact-R-E") { position } }');
    const health = await api.graphql<{ health: { projector: { eventsBehind: number } } }>('{ health { projector { eventsBehind } } }');

    expect(health.data?.health.projector.eventsBehind).toBe(0);
    expect(response.data?.journey.position).toMatch(/^\d+$/);
  });

  it('refuses a position that is not one, saying which argument', async () => {
    const subscriber = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${api.adminKey}` }, retryAttempts: 0 });
    const errors = await new Promise<readonly { extensions?: Record<string, unknown> }[]>((resolve, reject) => {
      subscriber.subscribe(
        { query: subscription, variables: { after: 'yesterday' } },
        { next: () => reject(new Error('a change was sent')), error: (error) => resolve(error as never), complete: () => reject(new Error('completed')) },
      );
    });
    await subscriber.dispose();

    expect(errors.map((error) => [error.extensions?.code, error.extensions?.field])).toEqual([['SUBSCRIPTION.INVALID_POSITION', 'after']]);
  });
});
