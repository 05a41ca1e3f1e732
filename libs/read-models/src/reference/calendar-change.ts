import { DayInfo, WorkingDayCalendar, officialScheduleYears, scheduleWarning } from '@wenzheng/calendar';

export interface CalendarDayOverrideInput {
  readonly date: string;
  readonly workingDay: boolean;
  readonly name: string;
  readonly note?: string;
}

export interface CalendarOverridesInput {
  readonly days: readonly CalendarDayOverrideInput[];
  readonly publishedYears: readonly number[];
}

export interface ChangedDate {
  readonly date: string;
  readonly before: DayInfo;
  readonly after: DayInfo;
}

export const CALENDAR_CHANGE_NOTE = 'Deadlines already stored in events are not rewritten; new deadlines use the new calendar';

export function calendarOf(overrides: CalendarOverridesInput): WorkingDayCalendar {
  return new WorkingDayCalendar([
    ...overrides.days.map((d) => ({ date: d.date, workingDay: d.workingDay, name: d.name })),
    ...overrides.publishedYears.map((year) => ({ year, published: true as const })),
  ]);
}

/** The dates whose meaning differs between the two calendars, among those either one overrides. */
export function changedDates(before: CalendarOverridesInput, after: CalendarOverridesInput): ChangedDate[] {
  const old = calendarOf(before);
  const next = calendarOf(after);
  const dates = [...new Set([...before.days, ...after.days].map((d) => d.date))].sort();
  return dates.flatMap((date) => {
    const a = old.dayInfo(date);
    const b = next.dayInfo(date);
    return a.workingDay === b.workingDay && a.reason === b.reason && a.name === b.name ? [] : [{ date, before: a, after: b }];
  });
}

/** What an admin should know about a new override list before relying on it. */
export function overrideWarnings(after: CalendarOverridesInput, changed: readonly ChangedDate[], today: string): string[] {
  const warnings: string[] = [];
  const official = new Set(officialScheduleYears());
  const published = new Set(after.publishedYears);
  const yearsWithDays = new Set(after.days.map((d) => Number(d.date.slice(0, 4))));
  for (const year of [...yearsWithDays].sort()) {
    if (!official.has(year) && !published.has(year)) {
      warnings.push(`${scheduleWarning(year)}; add ${year} to publishedYears once its holidays and 调休 are entered as day overrides`);
    }
  }
  for (const year of [...published].sort()) {
    if (official.has(year)) warnings.push(`${year}: the official schedule is built in; listing it in publishedYears changes nothing`);
    else if (!yearsWithDays.has(year))
      warnings.push(`${year}: marked published but has no day overrides, so its holidays and 调休 count as ordinary weekdays`);
  }
  const base = WorkingDayCalendar.official();
  for (const d of after.days) {
    // In a year without a schedule, naming the weekend days of a holiday is expected, not redundant.
    if (official.has(Number(d.date.slice(0, 4))) && base.isWorkingDay(d.date) === d.workingDay) {
      warnings.push(`${d.date}: the override does not change whether it is a working day (it already ${d.workingDay ? 'is' : 'is not'})`);
    }
  }
  for (const c of changed) {
    if (c.date < today && c.before.workingDay !== c.after.workingDay) {
      warnings.push(`${c.date}: in the past; deadlines that have already expired are not re-evaluated`);
    }
  }
  return warnings;
}
