import { RateLimiter } from './rate-limiter';

describe(RateLimiter.name, () => {
  const limit = { perSecond: 2, burst: 3 };
  let now: number;
  let sut: RateLimiter;

  beforeEach(() => {
    now = 0;
    sut = new RateLimiter(() => now);
  });

  it('allows a burst, then refuses with the seconds until the next token', () => {
    const decisions = [1, 2, 3, 4].map(() => sut.take('key:a', limit));

    expect(decisions).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }, { allowed: false, retryAfterSeconds: 1 }]);
  });

  it('refills at its rate, never beyond its burst', () => {
    for (let request = 0; request < 3; request++) sut.take('key:a', limit);

    now = 1_000;
    const afterOneSecond = [1, 2, 3].map(() => sut.take('key:a', limit).allowed);
    now = 60_000;
    const afterAMinute = [1, 2, 3, 4].map(() => sut.take('key:a', limit).allowed);

    expect(afterOneSecond).toEqual([true, true, false]);
    expect(afterAMinute).toEqual([true, true, true, false]);
  });

  it('keeps one bucket per key', () => {
    for (let request = 0; request < 3; request++) sut.take('key:a', limit);

    expect(sut.take('key:a', limit).allowed).toBe(false);
    expect(sut.take('key:b', limit).allowed).toBe(true);
  });

  it('forgets callers whose buckets have refilled, once there are many', () => {
    for (let caller = 0; caller < 10_000; caller++) sut.take(`address:${caller}`, limit);
    for (let request = 0; request < 3; request++) sut.take('key:busy', limit);

    now = 60_000;
    sut.take('key:late', limit);

    expect(sut.take('key:busy', limit).allowed).toBe(true);
    expect((sut as unknown as { buckets: Map<string, unknown> }).buckets.size).toBe(2);
  });

  it('says how long a slow bucket needs to refill', () => {
    sut.take('key:slow', { perSecond: 0.1, burst: 1 });

    expect(sut.take('key:slow', { perSecond: 0.1, burst: 1 })).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });
});
