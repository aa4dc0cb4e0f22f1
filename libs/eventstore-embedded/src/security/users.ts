/**
 * The users a secure store knows: EventStoreDB's two default users, `admin` (group `$admins`) and
 * `ops` (group `$ops`), with EventStoreDB's default password `changeit` unless told otherwise. They
 * are configuration, not data: nothing about them is stored, so a changed password takes effect at
 * the next start. Credentials arrive the way the client sends them: HTTP basic in the gRPC
 * `authorization` header.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { NotAuthenticatedError } from '../engine/engine-errors';
import { ADMINS_GROUP, OPS_GROUP, type Principal } from '../engine/stream-access';

export const DEFAULT_PASSWORD = 'changeit';

export interface DefaultUserPasswords {
  readonly admin?: string;
  readonly ops?: string;
}

interface UserAccount extends Principal {
  readonly passwordDigest: Buffer;
}

export class UserDirectory {
  private readonly accounts: ReadonlyMap<string, UserAccount>;

  constructor(passwords: DefaultUserPasswords = {}) {
    const account = (name: string, group: string, password: string): [string, UserAccount] => {
      if (password.length === 0) throw new Error(`The ${name} user's password must not be empty.`);
      return [name, { name, groups: [group], passwordDigest: digest(password) }];
    };
    this.accounts = new Map([
      account('admin', ADMINS_GROUP, passwords.admin ?? DEFAULT_PASSWORD),
      account('ops', OPS_GROUP, passwords.ops ?? DEFAULT_PASSWORD),
    ]);
  }

  /**
   * The caller named by an `authorization` header, undefined when there is none (anonymous), or
   * NotAuthenticatedError for anything that does not verify: an unknown user, a wrong password, a
   * header that is not HTTP basic.
   */
  authenticate(authorization: string | undefined): Principal | undefined {
    if (authorization === undefined) return undefined;
    const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(authorization.trim());
    if (!basic) throw new NotAuthenticatedError();
    const credentials = Buffer.from(basic[1], 'base64').toString('utf8');
    const separator = credentials.indexOf(':');
    if (separator < 0) throw new NotAuthenticatedError();
    const account = this.accounts.get(credentials.slice(0, separator));
    // Compared by digest, in constant time, and for unknown users too, so timing tells nothing.
    const offered = digest(credentials.slice(separator + 1));
    const matches = timingSafeEqual(offered, account?.passwordDigest ?? digest(`${DEFAULT_PASSWORD}\u0000unknown`));
    if (!account || !matches) throw new NotAuthenticatedError();
    return { name: account.name, groups: account.groups };
  }
}

function digest(password: string): Buffer {
  return createHash('sha256').update(password, 'utf8').digest();
}
