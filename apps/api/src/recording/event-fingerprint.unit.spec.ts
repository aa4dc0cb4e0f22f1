import { eventFingerprint } from './event-fingerprint';

describe(eventFingerprint.name, () => {
  const identified = (data: Record<string, unknown>, occurredAt = '2026-02-03T10:01:00Z') => ({
    type: 'CustomerIdentified',
    data: { customerId: 'cust-maple', method: 'agent', ...data },
    metadata: { occurredAt },
  });
  const sealed = (iv: string) => ({ $pii: 'v1', kid: 'kid-1', iv, data: 'c2VhbGVk' });

  it('gives a fact the same fingerprint whatever its personal fields hold, or whether it has them: a guess cannot be confirmed', () => {
    const recorded = eventFingerprint(identified({ name: sealed('iv-1'), phone: sealed('iv-2') }));

    expect(eventFingerprint(identified({ name: sealed('iv-3'), phone: sealed('iv-4') }))).toBe(recorded);
    expect(eventFingerprint(identified({ name: 'Maple Guess' }))).toBe(recorded);
    expect(eventFingerprint(identified({}))).toBe(recorded);
  });

  it('tells facts apart by their non-personal content and their instant', () => {
    const recorded = eventFingerprint(identified({ name: sealed('iv-1') }));

    expect(eventFingerprint(identified({ name: sealed('iv-1'), method: 'ivr' }))).not.toBe(recorded);
    expect(eventFingerprint(identified({ name: sealed('iv-1'), customerId: 'cust-other' }))).not.toBe(recorded);
    expect(eventFingerprint(identified({ name: sealed('iv-1') }, '2026-02-03T10:02:00Z'))).not.toBe(recorded);
  });

  it('ignores key order and the timezone the instant is written in', () => {
    expect(eventFingerprint({ type: 'HoldStarted', data: { reason: 'x', customerConsent: 'unknown' }, metadata: { occurredAt: '2026-02-03T10:01:00Z' } })).toBe(
      eventFingerprint({ type: 'HoldStarted', data: { customerConsent: 'unknown', reason: 'x' }, metadata: { occurredAt: '2026-02-03T11:01:00+01:00' } }),
    );
  });
});
