/**
 * Who is calling, and what they may do, for every call. A secure store authenticates each call from
 * the `authorization` header the client sends (HTTP basic) and checks each stream operation against
 * the ACLs; an insecure one (EventStoreDB's `--insecure`) has no users: it never reads credentials
 * and lets every call through.
 */
import type { Metadata } from '@grpc/grpc-js';
import type { EventStoreEngine } from '../engine/event-store-engine';
import { AccessDeniedError } from '../engine/engine-errors';
import { ADMINS_GROUP, OPS_GROUP, StreamAccess, type Principal, type StreamAction } from '../engine/stream-access';
import type { UserDirectory } from '../security/users';

export interface CallAccess {
  /** The caller, undefined when anonymous; throws NotAuthenticatedError for credentials that do not verify. */
  authenticate(metadata: Metadata): Principal | undefined;
  /** Throws AccessDeniedError unless the caller may do `action` to `streamName`. */
  check(principal: Principal | undefined, action: StreamAction, streamName: string): void;
  /** Whether a link to an event of `streamName` may be resolved for this caller. */
  mayRead(principal: Principal | undefined, streamName: string): boolean;
  /** Throws AccessDeniedError unless the caller is an operator (`$admins` or `$ops`): managing projections, as on EventStoreDB. */
  checkOperator(principal: Principal | undefined): void;
}

export const OPEN_ACCESS: CallAccess = {
  authenticate: () => undefined,
  check: () => undefined,
  mayRead: () => true,
  checkOperator: () => undefined,
};

export function checkedAccess(engine: EventStoreEngine, users: UserDirectory): CallAccess {
  const streams = new StreamAccess(engine);
  return {
    authenticate: (metadata) => {
      const [authorization] = metadata.get('authorization');
      return users.authenticate(authorization === undefined ? undefined : authorization.toString());
    },
    check: (principal, action, streamName) => streams.check(principal, action, streamName),
    mayRead: (principal, streamName) => streams.allows(principal, 'read', streamName),
    checkOperator: (principal) => {
      if (!principal?.groups.some((group) => group === ADMINS_GROUP || group === OPS_GROUP)) throw new AccessDeniedError();
    },
  };
}
