// Local dates are Asia/Shanghai. China has used a fixed +08:00 without DST since 1991, so
// plain arithmetic is exact and no host time-zone setting can change an answer.
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
/** The same offset as ISO 8601 writes it. */
export const SHANGHAI_OFFSET = '+08:00';
export const DAY_MS = 24 * 60 * 60 * 1000;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date; RangeError when it is not a real date. */
export function toEpochDay(date: string): number {
  const match = typeof date === 'string' ? LOCAL_DATE.exec(date) : null;
  if (match) {
    const [, y, m, d] = match;
    const day = Date.UTC(Number(y), Number(m) - 1, Number(d)) / DAY_MS;
    // Round-tripping rejects 2026-02-30 and years that Date.UTC maps into the 1900s.
    if (Number.isInteger(day) && fromEpochDay(day) === date) return day;
  }
  throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${String(date)}`);
}

// toISOString costs ~1.5 µs; seeding a million cases formats the same few hundred dates.
const formatted = new Map<number, string>();
const MAX_FORMATTED = 100_000;

export function fromEpochDay(day: number): string {
  let text = formatted.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (formatted.size >= MAX_FORMATTED) formatted.clear();
    formatted.set(day, text);
  }
  return text;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function epochDayOfInstant(instant: Date): number {
  const ms = instant instanceof Date ? instant.getTime() : NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`Not a valid instant: ${String(instant)}`);
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
}

export function startOfEpochDay(day: number): Date {
  return new Date(day * DAY_MS - SHANGHAI_OFFSET_MS);
}

export function endOfEpochDay(day: number): Date {
  return new Date((day + 1) * DAY_MS - SHANGHAI_OFFSET_MS - 1);
}

export function isLocalDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    toEpochDay(value);
    return true;
  } catch {
    return false;
  }
}

/** The Asia/Shanghai calendar date of an instant, 'YYYY-MM-DD'. */
export function localDate(instant: Date): string {
  return fromEpochDay(epochDayOfInstant(instant));
}

/** An instant as Asia/Shanghai wall-clock time with its offset, to the millisecond: 2026-10-15T23:59:59.999+08:00. */
export function toLocalIso(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().replace('Z', SHANGHAI_OFFSET);
}

/** 00:00:00.000+08:00 of a local date. */
export function startOfLocalDay(date: string): Date {
  return startOfEpochDay(toEpochDay(date));
}

/** 23:59:59.999+08:00 of a local date: the moment a deadline on that date expires. */
export function endOfLocalDay(date: string): Date {
  return endOfEpochDay(toEpochDay(date));
}

export function addLocalDays(date: string, days: number): string {
  if (!Number.isSafeInteger(days)) throw new RangeError(`Not a whole number of days: ${days}`);
  return fromEpochDay(toEpochDay(date) + days);
}
