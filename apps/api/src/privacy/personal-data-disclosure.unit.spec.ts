import type { Role } from '@hindsight/access';
import type { Authentication } from '../access/principal';
import { mayReadPersonalData, redactFact, REDACTED } from './personal-data-disclosure';

const envelope = { $pii: 'v1', kid: 'k-1', iv: 'iv', data: 'ciphertext' };
const as = (...roles: Role[]): Authentication => ({ status: 'authenticated', principal: { id: 'key:1', roles, description: 'key 1' } });

describe(redactFact.name, () => {
  it('shows each personal field that was given as redacted, whether a value, an envelope or erased', () => {
    const identified = { type: 'CustomerIdentified', data: { customerId: 'cust-1', method: 'ivr', name: 'Ada', phone: envelope, email: null } };

    expect(redactFact(identified).data).toEqual({ customerId: 'cust-1', method: 'ivr', name: REDACTED, phone: REDACTED, email: REDACTED });
  });

  it('leaves a personal field that was never given absent', () => {
    const requested = { type: 'CallbackRequested', data: { customerId: 'cust-1', requestedBy: 'customer' } };

    expect(redactFact(requested).data).toEqual({ customerId: 'cust-1', requestedBy: 'customer' });
  });

  it('leaves an event type without personal fields as it was', () => {
    const hold = { type: 'HoldStarted', data: { reason: 'to confirm identity', name: 'not a personal field here' } };

    expect(redactFact(hold)).toBe(hold);
  });
});

describe(mayReadPersonalData.name, () => {
  it('is for agent-app, quality and admin only', () => {
    const roles: Role[] = ['integration', 'agent-app', 'reader', 'quality', 'admin'];

    expect(roles.filter((role) => mayReadPersonalData(as(role)))).toEqual(['agent-app', 'quality', 'admin']);
    expect(mayReadPersonalData({ status: 'anonymous' })).toBe(false);
    expect(mayReadPersonalData(as())).toBe(false);
  });
});
