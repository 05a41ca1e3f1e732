import { WeekdayCalendar, weekdayCalendar as calendar } from './weekday-calendar';
import { T, endOf, local } from './fixtures';

describe('WeekdayCalendar (test helper)', () => {
  it('reads local dates in Asia/Shanghai', () => {
    expect(calendar.localDate(new Date('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
    expect(calendar.localDate(new Date('2026-03-01T15:59:59.999Z'))).toBe('2026-03-01');
  });

  it('counts working days from the next day and ends at 23:59:59.999 local', () => {
    expect(calendar.addWorkingDays(T.dispatched, 1).toISOString()).toBe(T.acknowledgeBy);
    expect(calendar.addWorkingDays(T.dispatched, 8).toISOString()).toBe(T.respondBy);
    expect(T.respondBy).toBe('2026-03-12T15:59:59.999Z');
    expect(calendar.addWorkingDays(local('2026-03-06T20:00'), 1).toISOString()).toBe(endOf('2026-03-09'));
    expect(calendar.addWorkingDays(local('2026-03-07T10:00'), 1).toISOString()).toBe(endOf('2026-03-09'));
  });

  it('counts working days between two instants, after the first local date', () => {
    expect(calendar.workingDaysBetween(new Date(T.respondBy), local('2026-03-17T10:00'))).toBe(3);
    expect(calendar.workingDaysBetween(new Date(T.respondBy), local('2026-03-18T10:00'))).toBe(4);
    expect(calendar.workingDaysBetween(local('2026-03-18T10:00'), new Date(T.respondBy))).toBe(0);
  });

  it('finds the previous working day across a weekend', () => {
    expect(calendar.previousWorkingDay('2026-03-16')).toBe('2026-03-13');
    expect(calendar.previousWorkingDay('2026-03-12')).toBe('2026-03-11');
  });

  it('honours holidays and adjusted working days (国庆 2026 example of docs/lifecycle.md)', () => {
    const national = new WeekdayCalendar({
      holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
      workdays: ['2026-09-20', '2026-10-10'],
    });
    expect(national.addWorkingDays(local('2026-09-29T10:00'), 8).toISOString()).toBe(endOf('2026-10-15'));
    expect(national.isWorkingDay('2026-10-10')).toBe(true);
    expect(national.isWorkingDay('2026-10-01')).toBe(false);
  });
});
