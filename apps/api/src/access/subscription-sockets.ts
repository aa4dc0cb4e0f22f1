/**
 * Every graphql-ws socket of the API, between the network and Mercurius. Mercurius's subscription
 * path parses a document without bounds, never validates it, applies neither rate limits nor
 * cost, keeps a socket's subscriptions in a map that a repeated id overwrites (the first one then
 * runs, and holds its listeners, until the process ends), and cannot end a socket whose credential
 * has gone. So each socket reaches Mercurius wrapped in a GuardedSocket that reads every message
 * first, in order:
 * - `connection_init` authenticates the credential (its payload's, else the upgrade request's
 *   headers'); Mercurius's context for the socket is that authentication, and nothing else;
 * - `subscribe` takes a rate-limit token before its query is parsed, then gets exactly what an HTTP
 *   request gets, in the same order (query-limits.ts, then access, then cost), then the caps on
 *   subscriptions per socket and per principal (TOO_MANY_SUBSCRIPTIONS); a refused one is answered
 *   with an `error` message carrying codes and never reaches Mercurius;
 * - a subscription's end (`complete` either way, or `error`) frees its place.
 * A socket whose credential stops being valid is closed with a graphql-ws close code: when this
 * process revokes its key, at once (4403); when its token expires, at `exp` (4401); and for a key
 * revoked by another process, at the next re-check (every RECHECK_INTERVAL_MS, through the key
 * cache, so within CACHE_TTL_MS plus that interval).
 */
import { EventEmitter } from 'node:events';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { getOperationAST, GraphQLError, OperationTypeNode } from 'graphql';
import { costErrors, documentErrors, parseQuery } from '../graphql/query-limits';
import { ACCESS_CONFIG, type AccessConfig } from './access.config';
import { AccessGate } from './access.gate';
import { ApiKeysService } from './api-keys.service';
import { Authenticator } from './authenticator';
import { credentialFromConnectionInit, credentialFromHeaders } from './credentials';
import { ANONYMOUS, type AccessContext, type Authentication } from './principal';

/** How often each open socket's credential is checked again, for revocations made elsewhere. */
export const RECHECK_INTERVAL_MS = 5_000;

/** graphql-ws close codes (its protocol's own where it has one), each with why. */
export const SOCKET_CLOSE = {
  credentialExpired: { code: 4401, reason: 'Unauthorized: the credential has expired' },
  credentialRevoked: { code: 4403, reason: 'Forbidden: the credential has been revoked or is no longer accepted' },
  duplicateId: { code: 4409, reason: 'Subscriber for this id already exists' },
  repeatedInit: { code: 4429, reason: 'Too many initialisation requests' },
} as const;

/** A timer's longest delay; a later expiry is caught by the re-check instead. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What the `ws` library's socket offers that Mercurius uses. */
interface RawSocket {
  readonly protocol: string;
  readonly readyState: number;
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): unknown;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  send(data: string, callback?: (error?: Error) => void): void;
  close(code?: number, reason?: string): void;
}

type WsHandler = (this: FastifyInstance, socket: unknown, request: FastifyRequest) => unknown;
type ErrorPresenter = (errors: readonly GraphQLError[]) => readonly unknown[];

interface ClientMessage {
  readonly type?: unknown;
  readonly id?: unknown;
  readonly payload?: unknown;
}

/** Both of Mercurius's protocols: graphql-transport-ws (`subscribe`, `complete`) and the older graphql-ws (`start`, `stop`). */
const STARTS = new Set(['subscribe', 'start']);
const STOPS = new Set(['complete', 'stop']);
/** What Mercurius sends when a subscription ends; it writes `type` first, then `id`. */
const ENDED = /^\{"type":"(?:complete|error)","id":("(?:[^"\\]|\\.)*")/;

class GuardedSocket extends EventEmitter {
  authentication: Authentication = ANONYMOUS;
  /** The ids of this socket's subscriptions still running. */
  readonly active = new Set<string>();
  private credential?: string;
  private initialised = false;
  private expiry?: NodeJS.Timeout;
  private inbox: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: RawSocket,
    readonly request: FastifyRequest,
    private readonly sockets: SubscriptionSockets,
  ) {
    super();
    socket.on('message', (data, isBinary) => {
      this.inbox = this.inbox.then(() => this.receive(data, isBinary)).catch((error: unknown) => void this.emit('error', error));
    });
    socket.on('close', (code, reason) => {
      clearTimeout(this.expiry);
      this.active.clear();
      this.sockets.forget(this);
      this.emit('close', code, reason);
    });
    socket.on('error', (error) => this.emit('error', error));
  }

  get protocol(): string {
    return this.socket.protocol;
  }

  get readyState(): number {
    return this.socket.readyState;
  }

  get principalId(): string | undefined {
    return this.authentication.status === 'authenticated' ? this.authentication.principal.id : undefined;
  }

  send(data: string, callback?: (error?: Error) => void): void {
    const ended = ENDED.exec(data);
    if (ended) this.active.delete(JSON.parse(ended[1]) as string);
    this.socket.send(data, callback);
  }

  close(code?: number, reason?: string): void {
    this.socket.close(code, reason);
  }

  end(why: { readonly code: number; readonly reason: string }): void {
    this.socket.close(why.code, why.reason);
  }

  /** Authenticates the credential again (through the key cache); closes the socket if it is no longer good. */
  async recheck(): Promise<void> {
    if (this.credential === undefined || this.authentication.status !== 'authenticated') return;
    const now = await this.sockets.authenticator.authenticate(this.credential);
    if (now.status === 'authenticated') return;
    const expiresAt = this.authentication.principal.expiresAt;
    this.end(expiresAt !== undefined && expiresAt <= Date.now() ? SOCKET_CLOSE.credentialExpired : SOCKET_CLOSE.credentialRevoked);
  }

  private async receive(data: Buffer, isBinary: boolean): Promise<void> {
    const message = parseMessage(data);
    const type = typeof message?.type === 'string' ? message.type : undefined;
    if (type === 'connection_init') {
      if (this.initialised) return this.end(SOCKET_CLOSE.repeatedInit);
      await this.authenticate(credentialFromConnectionInit(message?.payload) ?? credentialFromHeaders(this.request.headers));
      this.initialised = true;
    } else if (type !== undefined && STARTS.has(type) && this.initialised && typeof message?.id === 'string') {
      if (this.active.has(message.id)) return this.end(SOCKET_CLOSE.duplicateId);
      const refused = this.sockets.refusal(this, message.payload);
      if (refused.length) {
        this.socket.send(JSON.stringify({ type: 'error', id: message.id, payload: this.sockets.present(refused) }));
        return;
      }
      this.active.add(message.id);
    } else if (type !== undefined && STOPS.has(type) && typeof message?.id === 'string') {
      this.active.delete(message.id);
    }
    // Whatever else a client sends, Mercurius answers as it always has.
    this.emit('message', data, isBinary);
  }

  private async authenticate(credential: string | undefined): Promise<void> {
    this.credential = credential;
    this.authentication = await this.sockets.authenticator.authenticate(credential);
    const expiresAt = this.authentication.status === 'authenticated' ? this.authentication.principal.expiresAt : undefined;
    if (expiresAt !== undefined) {
      this.expiry = setTimeout(() => this.end(SOCKET_CLOSE.credentialExpired), Math.min(MAX_TIMER_MS, Math.max(0, expiresAt - Date.now())));
    }
  }
}

function parseMessage(data: Buffer): ClientMessage | undefined {
  try {
    const message: unknown = JSON.parse(data.toString());
    return message && typeof message === 'object' ? (message as ClientMessage) : undefined;
  } catch {
    return undefined;
  }
}

const badRequest = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_REQUEST' } });

@Injectable()
export class SubscriptionSockets implements OnApplicationShutdown {
  private readonly open = new Set<GuardedSocket>();
  private readonly guarded = new WeakSet<WsHandler>();
  private readonly recheckTimer: NodeJS.Timeout;
  private presenter: ErrorPresenter = () => [];

  constructor(
    @Inject(ACCESS_CONFIG) private readonly config: AccessConfig,
    private readonly gate: AccessGate,
    readonly authenticator: Authenticator,
    keys: ApiKeysService,
  ) {
    keys.onRevoked((keyId) => this.closeSocketsOf(`key:${keyId}`, SOCKET_CLOSE.credentialRevoked));
    this.recheckTimer = setInterval(() => void this.recheckAll(), RECHECK_INTERVAL_MS).unref();
  }

  /**
   * Puts every graphql-ws handler registered on this Fastify instance from now on (Mercurius's)
   * behind a GuardedSocket; `present` turns refusals into what a client sees (the error formatter).
   */
  guardRoutes(fastify: FastifyInstance, present: ErrorPresenter): void {
    this.presenter = present;
    fastify.addHook('onRoute', (route) => {
      const options = route as { wsHandler?: WsHandler };
      const handler = options.wsHandler;
      if (!handler || this.guarded.has(handler)) return;
      const guard = (socket: unknown, request: FastifyRequest) => {
        const wrapped = new GuardedSocket(socket as RawSocket, request, this);
        this.open.add(wrapped);
        return wrapped;
      };
      // Not an arrow function: @fastify/websocket calls the handler with its Fastify instance as `this`.
      const guarded: WsHandler = function (socket, request) {
        return handler.call(this, guard(socket, request), request);
      };
      this.guarded.add(guarded);
      options.wsHandler = guarded;
    });
  }

  /** Mercurius's `subscription.context`: who the socket's `connection_init` says is calling. */
  contextOf(socket: unknown): AccessContext {
    // Fails closed: a socket that did not come through guardRoutes gets no context, so no subscription.
    if (!(socket instanceof GuardedSocket)) throw new Error('A graphql-ws socket reached Mercurius without passing SubscriptionSockets');
    return { authentication: socket.authentication, clientAddress: socket.request.ip };
  }

  /** Why a `subscribe` message may not start, in the order HTTP checks a request; empty when it may. */
  refusal(socket: GuardedSocket, payload: unknown): readonly GraphQLError[] {
    const context = this.contextOf(socket);
    const limited = this.gate.rateRefusal(context);
    if (limited) return [limited];
    const { query, variables, operationName } = (payload ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown };
    if (typeof query !== 'string') return [badRequest('A subscribe message carries its query as a string')];
    if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) {
      return [badRequest('Variables are an object of names and values')];
    }
    if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return [badRequest('operationName is a string')];
    const document = parseQuery(query);
    if (document instanceof GraphQLError) return [document];
    const schema = socket.request.server.graphql.schema;
    const request = { variables: (variables ?? undefined) as Record<string, unknown> | undefined, operationName: operationName ?? undefined };
    const invalid = documentErrors(schema, document, request);
    if (invalid.length) return invalid;
    if (getOperationAST(document, request.operationName)?.operation !== OperationTypeNode.SUBSCRIPTION) {
      return [badRequest('Only subscriptions travel over graphql-ws; send queries and mutations over HTTP')];
    }
    const denied = this.gate.accessRefusal(schema, document, context);
    if (denied.length) return denied;
    const costly = costErrors(schema, document, request.variables, request.operationName);
    if (costly.length) return costly;
    return this.capRefusal(socket);
  }

  present(errors: readonly GraphQLError[]): readonly unknown[] {
    return this.presenter(errors);
  }

  forget(socket: GuardedSocket): void {
    this.open.delete(socket);
  }

  onApplicationShutdown(): void {
    clearInterval(this.recheckTimer);
  }

  private capRefusal(socket: GuardedSocket): GraphQLError[] {
    const { perSocket, perPrincipal } = this.config.subscriptionLimits;
    const tooMany = (message: string) => [new GraphQLError(message, { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } })];
    if (socket.active.size >= perSocket) {
      return tooMany(`This socket has ${socket.active.size} subscriptions open, the most one may (HINDSIGHT_MAX_SUBSCRIPTIONS_PER_SOCKET): complete one first`);
    }
    const principal = socket.principalId;
    let held = 0;
    for (const each of this.open) if (principal !== undefined && each.principalId === principal) held += each.active.size;
    if (held >= perPrincipal) {
      return tooMany(`This credential has ${held} subscriptions open, the most one may (HINDSIGHT_MAX_SUBSCRIPTIONS_PER_KEY): complete one first`);
    }
    return [];
  }

  private closeSocketsOf(principalId: string, why: { readonly code: number; readonly reason: string }): void {
    for (const socket of this.open) if (socket.principalId === principalId) socket.end(why);
  }

  private async recheckAll(): Promise<void> {
    await Promise.all([...this.open].map((socket) => socket.recheck().catch(() => undefined)));
  }
}
