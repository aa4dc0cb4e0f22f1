/**
 * A bare graphql-transport-ws client over `ws`, for tests that must send what a well-behaved client
 * library never would (a repeated id, a second init) and see every message and the close code.
 */
import { WebSocket } from 'ws';

export interface ServerMessage {
  readonly type: string;
  readonly id?: string;
  readonly payload?: unknown;
}

export interface GraphQLErrorBody {
  readonly message: string;
  readonly extensions?: { readonly code?: string; readonly [key: string]: unknown };
}

export interface RawSubscriptionSocket {
  /** Every message the server sent so far, in order. */
  readonly messages: readonly ServerMessage[];
  /** The close code, once the server (or `close`) closed the socket. */
  readonly closed: Promise<{ readonly code: number; readonly reason: string }>;
  send(message: object): void;
  subscribe(id: string, query: string, variables?: object): void;
  complete(id: string): void;
  /** Resolves with the first message (from now or already received) that matches. */
  next(matches: (message: ServerMessage) => boolean): Promise<ServerMessage>;
  /**
   * A ping answered: the server has read everything sent before it (graphql-ws acknowledges no
   * subscribe, so this is how a test knows its subscriptions have been taken or refused). Rejects
   * if the socket closes first.
   */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** Opens a socket and, unless `init` is false, sends `connection_init` with the payload and waits for the ack. */
export async function openSubscriptionSocket(httpUrl: string, payload?: object, options: { readonly init?: boolean } = {}): Promise<RawSubscriptionSocket> {
  const socket = new WebSocket(httpUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const messages: ServerMessage[] = [];
  const waiting = new Set<{ matches: (message: ServerMessage) => boolean; resolve: (message: ServerMessage) => void }>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as ServerMessage;
    messages.push(message);
    for (const waiter of waiting) {
      if (waiter.matches(message)) {
        waiting.delete(waiter);
        waiter.resolve(message);
      }
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const send = (message: object) => socket.send(JSON.stringify(message));
  const next = (matches: (message: ServerMessage) => boolean) =>
    new Promise<ServerMessage>((resolve) => {
      const seen = messages.find(matches);
      if (seen) resolve(seen);
      else waiting.add({ matches, resolve });
    });
  if (options.init !== false) {
    send({ type: 'connection_init', payload });
    await next((message) => message.type === 'connection_ack');
  }
  return {
    messages,
    closed,
    send,
    subscribe: (id, query, variables) => send({ type: 'subscribe', id, payload: { query, variables } }),
    complete: (id) => send({ type: 'complete', id }),
    next,
    settle: async () => {
      const pongs = messages.filter((message) => message.type === 'pong').length;
      send({ type: 'ping' });
      const ponged = next((message) => message.type === 'pong' && messages.filter((each) => each.type === 'pong').indexOf(message) >= pongs);
      await Promise.race([ponged, closed.then(({ code }) => Promise.reject(new Error(`The socket closed (${code}) before answering`)))]);
    },
    close: async () => {
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close();
      await closed;
    },
  };
}

/** The codes of a refused subscription's `error` message. */
export function errorCodes(message: ServerMessage): (string | undefined)[] {
  return ((message.payload ?? []) as GraphQLErrorBody[]).map((error) => error.extensions?.code);
}
