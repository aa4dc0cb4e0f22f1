/**
 * Where the customers' data keys live: the one seam between crypto-shredding and storage. Each
 * implementation must make `destroy` final: once it returns, no copy of the key may remain readable
 * where the implementation keeps it (see the README's "Personal data" for what each one guarantees).
 *
 * Implementations: files in the data directory (embedded defaults), the PostgreSQL database, or an
 * external key service loaded from a module (HINDSIGHT_KEY_STORE_MODULE; see key-store-config.ts).
 * An abstract class rather than an interface so that Nest can inject it by this name.
 */
import type { CustomerKey } from './field-cipher';

/** What a sealed field says about the key that sealed it: the key's id, and whose it is. */
export interface KeyReference {
  readonly customerId: string;
  readonly kid: string;
}

export abstract class CustomerKeyStore {
  /** Where the keys are, fit for logs and health reports (no secrets). */
  abstract readonly description: string;

  /**
   * Each customer's live key, created on first use. Concurrent first uses, in this process or
   * another sharing the store, agree on one key.
   */
  abstract keysFor(customerIds: readonly string[]): Promise<Map<string, CustomerKey>>;

  /** The keys with these ids that still exist, by kid. A destroyed key, or one never made, is absent. */
  abstract find(references: readonly KeyReference[]): Promise<Map<string, Buffer>>;

  /** Destroys the customer's live key, for good. Says whether there was one. */
  abstract destroy(customerId: string): Promise<boolean>;

  abstract close(): Promise<void>;
}
