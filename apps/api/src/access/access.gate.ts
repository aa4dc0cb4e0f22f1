/**
 * Where access meets Mercurius: who is calling (the context of each HTTP request), and the hooks
 * that refuse a request: over its rate limit (RATE_LIMITED, before its text is even parsed), with
 * a bad credential (UNAUTHENTICATED), or asking for a field its roles do not allow (FORBIDDEN) or
 * for introspection where it is disabled (INTROSPECTION_DISABLED). graphql-ws sockets get the same
 * checks from subscription-sockets.ts.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import { ACCESS_CONFIG, type AccessConfig, type RateLimit } from './access.config';
import { accessErrors } from './access-policy';
import { Authenticator } from './authenticator';
import { credentialFromHeaders } from './credentials';
import type { AccessContext, Principal } from './principal';
import { RateLimiter } from './rate-limiter';
import { RequestRefused } from '../graphql/request-refused';

declare module 'mercurius' {
  // Every context, over HTTP and graphql-ws alike, says who is calling.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface MercuriusContext extends AccessContext {}
}

@Injectable()
export class AccessGate {
  private readonly limiter = new RateLimiter();

  constructor(
    @Inject(ACCESS_CONFIG) private readonly config: AccessConfig,
    private readonly authenticator: Authenticator,
  ) {}

  /** Mercurius's `context` for an HTTP request. */
  async httpContext(request: FastifyRequest): Promise<AccessContext> {
    return { authentication: await this.authenticator.authenticate(credentialFromHeaders(request.headers)), clientAddress: request.ip };
  }

  /**
   * Mercurius's `preParsing` hook: a request takes its token before its text is parsed or
   * validated, so that an invalid request costs the caller as much as a valid one.
   */
  readonly takeToken = async (_schema: GraphQLSchema, _source: string, context: AccessContext): Promise<void> => {
    const refused = this.rateRefusal(context);
    if (refused) throw new RequestRefused([refused]);
  };

  /** Mercurius's `preExecution` hook. */
  readonly checkRequest = async (schema: GraphQLSchema, document: DocumentNode, context: AccessContext): Promise<void> => {
    const errors = this.accessRefusal(schema, document, context);
    if (errors.length) throw new RequestRefused(errors);
  };

  /** RATE_LIMITED when the caller (its principal, or else its address) has no token left; else one is taken. */
  rateRefusal(context: AccessContext): GraphQLError | undefined {
    const { authentication } = context;
    const principal = authentication.status === 'authenticated' ? authentication.principal : undefined;
    const limit = principal ? this.limitFor(principal) : this.config.rateLimit;
    if (!limit) return undefined;
    const decision = this.limiter.take(principal?.id ?? `address:${context.clientAddress}`, limit);
    if (decision.allowed) return undefined;
    return new GraphQLError(`Too many requests: ${limit.perSecond} a second, bursts of ${limit.burst}. Try again in ${decision.retryAfterSeconds} s`, {
      extensions: { code: 'RATE_LIMITED', retryAfter: decision.retryAfterSeconds },
    });
  }

  accessRefusal(schema: GraphQLSchema, document: DocumentNode, context: AccessContext): GraphQLError[] {
    return accessErrors(schema, document, context.authentication, { introspection: this.config.allowIntrospection });
  }

  /** A role's own limit replaces the global one; of several roles, the most generous wins. */
  private limitFor(principal: Principal): RateLimit | undefined {
    const own = principal.roles.map((role) => this.config.roleRateLimits[role]).filter((limit) => limit !== undefined);
    if (own.length === 0) return this.config.rateLimit;
    if (own.includes('off')) return undefined;
    return (own as RateLimit[]).reduce((best, limit) => (limit.perSecond > best.perSecond ? limit : best));
  }
}
