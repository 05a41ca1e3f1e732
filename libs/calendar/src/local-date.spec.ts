import { addLocalDays, endOfLocalDay, isLocalDate, localDate, startOfLocalDay } from './local-date';

describe('local dates (Asia/Shanghai, +08:00)', () => {
  it('gives the Shanghai date of an instant that is still the previous day in UTC', () => {
    expect(localDate(new Date('2026-09-29T15:59:59.999Z'))).toBe('2026-09-29');
    expect(localDate(new Date('2026-09-29T16:00:00.000Z'))).toBe('2026-09-30');
    expect(localDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });

  it('starts and ends a local day at +08:00 midnight', () => {
    expect(startOfLocalDay('2026-10-15').toISOString()).toBe('2026-10-14T16:00:00.000Z');
    expect(endOfLocalDay('2026-10-15').toISOString()).toBe('2026-10-15T15:59:59.999Z');
    expect(localDate(startOfLocalDay('2026-10-15'))).toBe('2026-10-15');
    expect(localDate(endOfLocalDay('2026-10-15'))).toBe('2026-10-15');
  });

  it('adds calendar days across month and year ends', () => {
    expect(addLocalDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addLocalDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  it.each(['2026-02-30', '2026-2-3', '2026-13-01', '20261001', '', '0050-01-01', '2026-10-01T00:00'])('refuses %p as a date', (bad) => {
    expect(isLocalDate(bad)).toBe(false);
    expect(() => endOfLocalDay(bad)).toThrow(RangeError);
    expect(() => startOfLocalDay(bad)).toThrow(RangeError);
  });

  it('refuses an invalid instant', () => {
    expect(() => localDate(new Date('not a date'))).toThrow(RangeError);
    expect(() => localDate(undefined as unknown as Date)).toThrow(RangeError);
  });
});
