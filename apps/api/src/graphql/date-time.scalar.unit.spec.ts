import { Kind } from 'graphql';
import { DateTimeScalar } from './date-time.scalar';

describe('DateTime scalar', () => {
  it.each(['2026-01-05T14:00:00Z', '2026-01-05T15:00:00+01:00', '2026-01-05T14:00:00.250Z'])(
    'keeps %s exactly as given',
    (value) => {
      expect(DateTimeScalar.parseValue(value)).toBe(value);
    },
  );

  it.each(['2026-01-05T14:00:00', '2026-01-05', '14:00', 'yesterday', '', 1_767_621_600_000])(
    'refuses %p, which has no timezone or is no date and time',
    (value) => {
      expect(() => DateTimeScalar.parseValue(value)).toThrow(/with a timezone/);
    },
  );

  it('refuses a literal without a timezone in a query too', () => {
    expect(() => DateTimeScalar.parseLiteral({ kind: Kind.STRING, value: '2026-01-05T14:00:00' })).toThrow(/timezone/);
  });
});
