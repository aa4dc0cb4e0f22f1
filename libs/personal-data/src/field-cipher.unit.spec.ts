import { randomBytes } from 'node:crypto';
import { openField, sealField, type CustomerKey, type FieldContext } from './field-cipher';

describe(sealField.name, () => {
  const customerKey: CustomerKey = { kid: 'kid-1', key: randomBytes(32) };
  const phone: FieldContext = { customerId: 'cust-maple', eventType: 'CustomerIdentified', field: 'phone' };

  it('seals the same value twice to unrelated envelopes: equal values are not recognisable as equal', () => {
    const [first, second] = [sealField(customerKey, phone, '+44 20 7946 0958'), sealField(customerKey, phone, '+44 20 7946 0958')];

    expect(second.iv).not.toBe(first.iv);
    expect(second.data).not.toBe(first.data);
  });

  it('never shows the value, and opens back to it with the same key in the same place', () => {
    const sealed = sealField(customerKey, phone, '+44 20 7946 0958');

    expect(JSON.stringify(sealed)).not.toContain('7946');
    expect(openField(customerKey.key, phone, sealed)).toBe('+44 20 7946 0958');
  });

  it('does not open in another place: an envelope moved to another field or customer is refused', () => {
    const sealed = sealField(customerKey, phone, '+44 20 7946 0958');

    expect(() => openField(customerKey.key, { ...phone, field: 'email' }, sealed)).toThrow();
    expect(() => openField(customerKey.key, { ...phone, customerId: 'cust-other' }, sealed)).toThrow();
  });

  it('does not open with another key', () => {
    expect(() => openField(randomBytes(32), phone, sealField(customerKey, phone, '+44 20 7946 0958'))).toThrow();
  });
});
