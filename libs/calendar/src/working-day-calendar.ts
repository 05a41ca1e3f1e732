import { endOfEpochDay, epochDayOfInstant, fromEpochDay, localDate, toEpochDay, weekdayOf } from './local-date';
import { isOfficialYear, officialDay } from './official-schedule';
import type { WorkingDays } from './working-days';

export type DayReason = 'workday' | 'weekend' | 'holiday' | 'adjusted_working_day' | 'override_holiday' | 'override_working_day';

export interface DayInfo {
  readonly date: string;
  readonly workingDay: boolean;
  readonly reason: DayReason;
  /** Chinese holiday name (国庆节, 春节 …) or the override's name. */
  readonly name?: string;
}

/** One date decided locally: a city's own day off (e.g. 台风停工) or a day of a newly published year. */
export interface DayOverride {
  date: string;
  workingDay: boolean;
  name: string;
}

/**
 * Declares that a year's State Council schedule is loaded through day overrides, so the year
 * stops producing the "weekdays only" warning. A single day override does not do this on its
 * own: a local holiday in 2027 says nothing about whether 2027's 春节 and 调休 are loaded.
 */
export interface PublishedYearOverride {
  year: number;
  published: true;
  name?: string;
}

export type CalendarOverride = DayOverride | PublishedYearOverride;

/** Longest range `days()` lists: two years, enough for any screen, bounded for a public endpoint. */
export const MAX_LISTED_DAYS = 366 * 2;
/** About forty years; a larger count is a bug, and the loop would otherwise run for ever. */
export const MAX_WORKING_DAYS = 10_000;
/** No real schedule has this many consecutive days off; a longer gap means broken overrides. */
const MAX_SCAN_DAYS = 366;

export function scheduleWarning(year: number): string {
  return `${year}年尚未载入国务院放假安排，仅按周一至周五计算 (no official schedule for ${year}: weekdays only)`;
}

function isPublishedYearOverride(o: CalendarOverride): o is PublishedYearOverride {
  return (o as PublishedYearOverride).year !== undefined && (o as DayOverride).date === undefined;
}

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_WORKING_DAYS) {
    throw new RangeError(`Working days must be an integer from 0 to ${MAX_WORKING_DAYS}: ${n}`);
  }
}

export class WorkingDayCalendar implements WorkingDays {
  private static officialInstance: WorkingDayCalendar | undefined;

  /** In the order given; for the same date the later override wins. */
  readonly overrides: readonly CalendarOverride[];
  private readonly dayOverrides = new Map<string, DayOverride>();
  private readonly publishedYears = new Set<number>();
  // Keyed by epoch day: deadline arithmetic walks integers and never formats a string on a hit.
  private readonly cache = new Map<number, DayInfo>();

  constructor(overrides: readonly CalendarOverride[] = []) {
    for (const o of overrides) {
      if (isPublishedYearOverride(o)) {
        if (!Number.isInteger(o.year) || o.year < 1900 || o.year > 9999 || o.published !== true) {
          throw new RangeError(`Not a published-year override: ${JSON.stringify(o)}`);
        }
        this.publishedYears.add(o.year);
      } else {
        toEpochDay(o.date);
        if (typeof o.workingDay !== 'boolean' || typeof o.name !== 'string' || !o.name.trim()) {
          throw new RangeError(`A day override needs workingDay and a name: ${JSON.stringify(o)}`);
        }
        this.dayOverrides.set(o.date, { date: o.date, workingDay: o.workingDay, name: o.name });
      }
    }
    this.overrides = Object.freeze([...overrides]);
  }

  /** The State Council schedule alone; shared, since a calendar never changes once built. */
  static official(): WorkingDayCalendar {
    return (WorkingDayCalendar.officialInstance ??= new WorkingDayCalendar());
  }

  /** A new calendar with `list` applied after this one's overrides. */
  withOverrides(list: readonly CalendarOverride[]): WorkingDayCalendar {
    return new WorkingDayCalendar([...this.overrides, ...list]);
  }

  localDate(instant: Date): string {
    return localDate(instant);
  }

  dayInfo(date: string): DayInfo {
    return this.infoOn(toEpochDay(date));
  }

  isWorkingDay(date: string): boolean {
    return this.infoOn(toEpochDay(date)).workingDay;
  }

  /** Every date from `from` to `to` inclusive. */
  days(from: string, to: string): DayInfo[] {
    const first = toEpochDay(from);
    const last = toEpochDay(to);
    if (last < first) throw new RangeError(`Range ends before it starts: ${from} .. ${to}`);
    if (last - first + 1 > MAX_LISTED_DAYS) {
      throw new RangeError(`At most ${MAX_LISTED_DAYS} days can be listed: ${from} .. ${to}`);
    }
    const out: DayInfo[] = [];
    for (let day = first; day <= last; day++) out.push(this.infoOn(day));
    return out;
  }

  /**
   * End (23:59:59.999+08:00) of the n-th working day strictly after the local date of `from`
   * (次日开始计算). n = 0 is the end of `from`'s own local day, working or not.
   */
  addWorkingDays(from: Date, n: number): Date {
    checkCount(n);
    return endOfEpochDay(this.nthWorkingDayAfter(epochDayOfInstant(from), n));
  }

  /** addWorkingDays on local dates: the date of the n-th working day after `fromDate`. */
  dueDate(fromDate: string, n: number): string {
    checkCount(n);
    return fromEpochDay(this.nthWorkingDayAfter(toEpochDay(fromDate), n));
  }

  /**
   * Working days d with localDate(from) < d <= localDate(to), so that
   * workingDaysBetween(x, addWorkingDays(x, n)) === n. Never negative: 0 when `to` falls on
   * or before `from`'s local day. How late a case is = workingDaysBetween(dueAt, now).
   */
  workingDaysBetween(from: Date, to: Date): number {
    const first = epochDayOfInstant(from);
    const last = epochDayOfInstant(to);
    let count = 0;
    for (let day = first + 1; day <= last; day++) if (this.infoOn(day).workingDay) count++;
    return count;
  }

  /** The last working day strictly before `date` (届满前1个工作日 for extension requests). */
  previousWorkingDay(date: string): string {
    const start = toEpochDay(date);
    for (let day = start - 1; day >= start - MAX_SCAN_DAYS; day--) {
      if (this.infoOn(day).workingDay) return fromEpochDay(day);
    }
    throw new RangeError(`No working day in the ${MAX_SCAN_DAYS} days before ${date}`);
  }

  /** Whether the year's holidays and 调休 are known: shipped in chinese-days or declared published. */
  hasOfficialSchedule(year: number): boolean {
    return isOfficialYear(year) || this.publishedYears.has(year);
  }

  /** One warning per year of the range (either order) counted as weekdays only. */
  warningsFor(fromDate: string, toDate: string): string[] {
    const a = Number(fromEpochDay(toEpochDay(fromDate)).slice(0, 4));
    const b = Number(fromEpochDay(toEpochDay(toDate)).slice(0, 4));
    const warnings: string[] = [];
    for (let year = Math.min(a, b); year <= Math.max(a, b); year++) {
      if (!this.hasOfficialSchedule(year)) warnings.push(scheduleWarning(year));
    }
    return warnings;
  }

  private nthWorkingDayAfter(start: number, n: number): number {
    let day = start;
    let left = n;
    let gap = 0;
    while (left > 0) {
      day++;
      if (this.infoOn(day).workingDay) {
        left--;
        gap = 0;
      } else if (++gap > MAX_SCAN_DAYS) {
        throw new RangeError(`No working day in the ${MAX_SCAN_DAYS} days after ${fromEpochDay(day - gap)}`);
      }
    }
    return day;
  }

  private infoOn(day: number): DayInfo {
    const cached = this.cache.get(day);
    if (cached) return cached;
    const info = Object.freeze(this.classify(day));
    this.cache.set(day, info);
    return info;
  }

  private classify(day: number): DayInfo {
    const date = fromEpochDay(day);
    const override = this.dayOverrides.get(date);
    if (override) {
      return {
        date,
        workingDay: override.workingDay,
        reason: override.workingDay ? 'override_working_day' : 'override_holiday',
        name: override.name,
      };
    }
    const official = officialDay(date);
    if (official) {
      return {
        date,
        workingDay: official.workingDay,
        reason: official.workingDay ? 'adjusted_working_day' : 'holiday',
        name: official.name,
      };
    }
    const weekday = weekdayOf(day);
    const weekend = weekday === 0 || weekday === 6;
    return { date, workingDay: !weekend, reason: weekend ? 'weekend' : 'workday' };
  }
}
