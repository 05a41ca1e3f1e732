// The State Council schedule as published by chinese-days. We read its JSON data file rather
// than calling getDayDetail/isWorkday: in 1.5.7 those parse 'YYYY-MM-DD' as UTC, format with
// the host's local getters and build their lookup tables the same way, so on a host west of
// UTC every answer shifts by a day (getDayDetail('2026-10-01') answers for 2026-09-30).
// The data file is the package's documented, time-zone-free artefact (README: chinese-days.json).
import schedule from 'chinese-days/dist/chinese-days.json';

interface ScheduleData {
  /** date → 'English name,中文名,n'; days off, including weekend days inside a holiday. */
  holidays: Record<string, string>;
  /** date → same; weekend days the State Council made working days (调休上班). */
  workdays: Record<string, string>;
}

const data = schedule as ScheduleData;

export interface OfficialDay {
  workingDay: boolean;
  /** Chinese name of the holiday, e.g. 国庆节, 春节, 元旦. */
  name: string;
}

function chineseName(entry: string): string {
  const parts = entry.split(',');
  return (parts[1] ?? parts[0]).trim();
}

/** The official entry for a date, or undefined for an ordinary weekday or weekend. */
export function officialDay(date: string): OfficialDay | undefined {
  const worked = data.workdays[date];
  if (worked !== undefined) return { workingDay: true, name: chineseName(worked) };
  const off = data.holidays[date];
  if (off !== undefined) return { workingDay: false, name: chineseName(off) };
  return undefined;
}

// Every published year has at least 元旦 and 春节, so a year with no holiday entry has no schedule.
const publishedYears: ReadonlySet<number> = new Set(Object.keys(data.holidays).map((date) => Number(date.slice(0, 4))));

export function officialScheduleYears(): number[] {
  return [...publishedYears].sort((a, b) => a - b);
}

export function isOfficialYear(year: number): boolean {
  return publishedYears.has(year);
}
