/**
 * The API keys as the API uses them: the read store's keys behind a short-lived cache of keys
 * found valid, so a request costs no read-store query (on PGlite, one connection shared with the
 * projector, a query waits for its batch). A key revoked here stops working at once; one revoked
 * by another process (the CLI beside a live API on PostgreSQL) within CACHE_TTL_MS. Whoever holds
 * something open for a key (a graphql-ws socket) hears of a revocation here through `onRevoked`.
 */
import { Injectable } from '@nestjs/common';
import { ApiKeyStore, hashApiKey, type ApiKey, type Role } from '@hindsight/access';

export const CACHE_TTL_MS = 30_000;
const CACHE_MAX_ENTRIES = 10_000;

@Injectable()
export class ApiKeysService {
  private readonly valid = new Map<string, { readonly key: ApiKey; readonly until: number }>();
  private readonly revocationListeners = new Set<(keyId: string) => void>();

  constructor(private readonly store: ApiKeyStore) {}

  create(name: string, role: Role, createdBy: string): Promise<{ readonly key: ApiKey; readonly secret: string }> {
    return this.store.create({ name, role, createdBy });
  }

  list(): Promise<ApiKey[]> {
    return this.store.list();
  }

  async revoke(id: string): Promise<ApiKey | undefined> {
    const revoked = await this.store.revoke(id, new Date());
    for (const [hash, entry] of this.valid) if (entry.key.id === id) this.valid.delete(hash);
    if (revoked) for (const listener of this.revocationListeners) listener(id);
    return revoked;
  }

  /** Called with a key's id each time this process revokes one. */
  onRevoked(listener: (keyId: string) => void): void {
    this.revocationListeners.add(listener);
  }

  countActive(role?: Role): Promise<number> {
    return this.store.countActive(role);
  }

  /** The active key whose secret this is, if any. */
  async find(secret: string): Promise<ApiKey | undefined> {
    const hash = hashApiKey(secret);
    const cached = this.valid.get(hash);
    if (cached && cached.until > Date.now()) return cached.key;
    const key = await this.store.findActive(secret);
    if (!key) {
      this.valid.delete(hash);
      return undefined;
    }
    if (this.valid.size >= CACHE_MAX_ENTRIES) this.valid.clear();
    this.valid.set(hash, { key, until: Date.now() + CACHE_TTL_MS });
    return key;
  }
}
