/**
 * Per-caller rate limits: one token bucket per principal (or, for requests without one, per client
 * address), in this process. A bucket refills at `perSecond` up to `burst`; a request takes one
 * token or is refused with how long until the next. Several API instances each limit on their own.
 */
import type { RateLimit } from './access.config';

/** Past this many buckets, full ones (which hold no state worth keeping) are dropped. */
const SWEEP_AT = 10_000;

interface Bucket {
  tokens: number;
  at: number;
}

export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket & { readonly limit: RateLimit }>();
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(private readonly now: () => number = Date.now) {}

  take(key: string, limit: RateLimit): RateDecision {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: limit.burst, at: now, limit };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * limit.perSecond);
    bucket.at = now;
    // At most once a second: many busy callers must not make every request walk all their buckets.
    if (this.buckets.size >= SWEEP_AT && now - this.lastSweep >= 1000) this.sweep(now);
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond)) };
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * bucket.limit.perSecond >= bucket.limit.burst) this.buckets.delete(key);
    }
  }
}
