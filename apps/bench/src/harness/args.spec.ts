import { ArgumentError, pastYear } from './args';

describe('pastYear (npm run seed -- --year)', () => {
  const now = new Date('2026-12-08T02:00:00.000Z');

  it('takes a year before the present one, and the default when none is given', () => {
    expect(pastYear('2025', 2025, now)).toBe(2025);
    expect(pastYear(undefined, 2025, now)).toBe(2025);
  });

  it('refuses the present year and later: their cases would be dated after today', () => {
    expect(() => pastYear('2026', 2025, now)).toThrow(ArgumentError);
    expect(() => pastYear('2026', 2025, now)).toThrow('--year must be before 2026');
    expect(() => pastYear('2030', 2025, now)).toThrow(ArgumentError);
  });

  it('reads the present year in the city’s time (31 December 16:00 UTC is already the new year there)', () => {
    expect(() => pastYear('2026', 2025, new Date('2026-12-31T16:00:00.000Z'))).not.toThrow();
    expect(() => pastYear('2026', 2025, new Date('2026-12-31T15:59:59.000Z'))).toThrow(ArgumentError);
  });
});
