/**
 * Where access meets Mercurius: who is calling (the context of each HTTP request and of each
 * graphql-ws connection), and the hooks that refuse a request before it runs: over its rate limit
 * (RATE_LIMITED), with a bad credential (UNAUTHENTICATED), or asking for a field its roles do not
 * allow (FORBIDDEN) or for introspection where it is disabled (INTROSPECTION_DISABLED).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import { ACCESS_CONFIG, type AccessConfig, type RateLimit } from './access.config';
import { accessErrors } from './access-policy';
import { Authenticator } from './authenticator';
import { credentialFromConnectionInit, credentialFromHeaders } from './credentials';
import type { AccessContext, Principal } from './principal';
import { RateLimiter } from './rate-limiter';

declare module 'mercurius' {
  // Every context, over HTTP and graphql-ws alike, says who is calling.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface MercuriusContext extends AccessContext {}
}

/** Thrown by the HTTP hook: every reason at once, each with its code (the error formatter spreads them). */
class AccessRefused extends Error {
  constructor(readonly errors: readonly GraphQLError[]) {
    super(errors.map((error) => error.message).join('; '));
    this.name = 'AccessRefused';
  }
}

@Injectable()
export class AccessGate {
  private readonly limiter = new RateLimiter();

  constructor(
    @Inject(ACCESS_CONFIG) private readonly config: AccessConfig,
    private readonly authenticator: Authenticator,
  ) {}

  /** Mercurius's `context` for an HTTP request, and `subscription.context` for a graphql-ws upgrade request. */
  async httpContext(request: FastifyRequest): Promise<AccessContext> {
    return { authentication: await this.authenticator.authenticate(credentialFromHeaders(request.headers)), clientAddress: request.ip };
  }

  /**
   * Mercurius's `subscription.onConnect`: a credential in the `connection_init` payload replaces the
   * headers'. The connection is always accepted; each subscription is then checked like a request,
   * so a refusal comes with its code rather than as a closed socket.
   */
  async connectionInit(payload: unknown): Promise<Pick<AccessContext, 'authentication'> | true> {
    const credential = credentialFromConnectionInit(payload);
    return credential === undefined ? true : { authentication: await this.authenticator.authenticate(credential) };
  }

  /** Mercurius's `preExecution` hook. */
  readonly checkRequest = async (schema: GraphQLSchema, document: DocumentNode, context: AccessContext): Promise<void> => {
    const errors = this.refusal(schema, document, context);
    if (errors.length) throw new AccessRefused(errors);
  };

  /** Mercurius's `preSubscriptionExecution` hook: graphql-ws sends one error as it was thrown, so the first. */
  readonly checkSubscription = async (schema: GraphQLSchema, document: DocumentNode, context: AccessContext): Promise<void> => {
    const [first] = this.refusal(schema, document, context);
    if (first) throw first;
  };

  private refusal(schema: GraphQLSchema, document: DocumentNode, context: AccessContext): readonly GraphQLError[] {
    const { authentication } = context;
    const principal = authentication.status === 'authenticated' ? authentication.principal : undefined;
    const limit = principal ? this.limitFor(principal) : this.config.rateLimit;
    if (limit) {
      const decision = this.limiter.take(principal?.id ?? `address:${context.clientAddress}`, limit);
      if (!decision.allowed) {
        return [
          new GraphQLError(`Too many requests: ${limit.perSecond} a second, bursts of ${limit.burst}. Try again in ${decision.retryAfterSeconds} s`, {
            extensions: { code: 'RATE_LIMITED', retryAfter: decision.retryAfterSeconds },
          }),
        ];
      }
    }
    return accessErrors(schema, document, authentication, { introspection: this.config.allowIntrospection });
  }

  /** A role's own limit replaces the global one; of several roles, the most generous wins. */
  private limitFor(principal: Principal): RateLimit | undefined {
    const own = principal.roles.map((role) => this.config.roleRateLimits[role]).filter((limit) => limit !== undefined);
    if (own.length === 0) return this.config.rateLimit;
    if (own.includes('off')) return undefined;
    return (own as RateLimit[]).reduce((best, limit) => (limit.perSecond > best.perSecond ? limit : best));
  }
}
