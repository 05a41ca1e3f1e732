import { SHANGHAI_OFFSET, SHANGHAI_OFFSET_MS } from '@wenzheng/calendar';
import { LocalDate, WorkingDays } from '../working-days';

const DAY_MS = 24 * 60 * 60 * 1000;

const shift = (date: LocalDate, days: number): LocalDate =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * A test calendar: Monday–Friday in Asia/Shanghai (no DST, fixed +08:00), plus optional
 * holidays and adjusted working weekends, so decider tests do not depend on the real calendar.
 */
export class WeekdayCalendar implements WorkingDays {
  private readonly holidays: ReadonlySet<LocalDate>;
  private readonly workdays: ReadonlySet<LocalDate>;

  constructor(options: { holidays?: readonly LocalDate[]; workdays?: readonly LocalDate[] } = {}) {
    this.holidays = new Set(options.holidays ?? []);
    this.workdays = new Set(options.workdays ?? []);
  }

  localDate(instant: Date): LocalDate {
    return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
  }

  isWorkingDay(date: LocalDate): boolean {
    if (this.workdays.has(date)) return true;
    if (this.holidays.has(date)) return false;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  endOfDay(date: LocalDate): Date {
    return new Date(`${date}T23:59:59.999${SHANGHAI_OFFSET}`);
  }

  addWorkingDays(from: Date, n: number): Date {
    let date = this.localDate(from);
    for (let counted = 0; counted < n;) {
      date = shift(date, 1);
      if (this.isWorkingDay(date)) counted++;
    }
    return this.endOfDay(date);
  }

  workingDaysBetween(from: Date, to: Date): number {
    const end = this.localDate(to);
    let count = 0;
    for (let date = shift(this.localDate(from), 1); date <= end; date = shift(date, 1)) {
      if (this.isWorkingDay(date)) count++;
    }
    return count;
  }

  previousWorkingDay(date: LocalDate): LocalDate {
    let previous = shift(date, -1);
    while (!this.isWorkingDay(previous)) previous = shift(previous, -1);
    return previous;
  }
}

export const weekdayCalendar = new WeekdayCalendar();
