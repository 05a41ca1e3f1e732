import { SHANGHAI_OFFSET_MS } from '@wenzheng/calendar';

// Periods are half-open [from, to) between Asia/Shanghai midnights: with a fixed offset all year,
// a local midnight is plain arithmetic.

export interface Period {
  readonly from: Date;
  readonly to: Date;
}

const YEAR_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const FIRST_PERIOD_YEAR = 1900;
export const LAST_PERIOD_YEAR = 2999;

/** 'YYYY-MM' with a real month and a four-digit year the platform accepts. */
export function isYearMonth(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = YEAR_MONTH.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  return year >= FIRST_PERIOD_YEAR && year <= LAST_PERIOD_YEAR;
}

/** 00:00:00.000+08:00 of the first day of a month (month 1-12; 13 rolls into the next year). */
function startOfLocalMonth(year: number, month: number): Date {
  return new Date(Date.UTC(year, month - 1, 1) - SHANGHAI_OFFSET_MS);
}

/** The calendar month 'YYYY-MM' in Asia/Shanghai: [first day 00:00+08:00, first day of the next month 00:00+08:00). */
export function monthPeriod(yearMonth: string): Period {
  if (!isYearMonth(yearMonth)) throw new RangeError(`Not a month written YYYY-MM: ${String(yearMonth)}`);
  const year = Number(yearMonth.slice(0, 4));
  const month = Number(yearMonth.slice(5, 7));
  return { from: startOfLocalMonth(year, month), to: startOfLocalMonth(year, month + 1) };
}

/** Whether an instant falls in [from, to). */
export const inPeriod = (at: Date, period: Period): boolean => at.getTime() >= period.from.getTime() && at.getTime() < period.to.getTime();
