import { ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';
import { MAX_LISTED_DAYS, isLocalDate } from '@wenzheng/calendar';

// Years the API accepts: wide enough for any case, narrow enough that adding working days can
// never leave the four-digit YYYY-MM-DD range.
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2999;

const DAY_MS = 86_400_000;

export function isApiDate(v: unknown): v is string {
  if (!isLocalDate(v)) return false;
  const year = Number(v.slice(0, 4));
  return year >= FIRST_YEAR && year <= LAST_YEAR;
}

const daysBetween = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS;

function decorator(
  name: string,
  message: string,
  validate: (value: unknown, args: ValidationArguments) => boolean,
  options?: ValidationOptions,
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message, ...options },
      validator: { validate },
    });
}

/** A real date written YYYY-MM-DD (2026-02-30 and 2026-1-1 are not). */
export const IsLocalDate = (options?: ValidationOptions) =>
  decorator('isLocalDate', `$property must be a real date written YYYY-MM-DD, years ${FIRST_YEAR} to ${LAST_YEAR}`, isApiDate, options);

/** This date is not before the date in `property` (checked only when both are dates). */
export const IsNotBefore = (property: string) =>
  decorator('isNotBefore', `$property must not be before ${property}`, (value, args) => {
    const other = (args.object as Record<string, unknown>)[property];
    return !isApiDate(value) || !isApiDate(other) || other <= value;
  });

/** The range from `property` to this date, both included, holds at most MAX_LISTED_DAYS days. */
export const IsWithinListLimit = (property: string) =>
  decorator('maxRange', `$property must be at most ${MAX_LISTED_DAYS} days from ${property} (both included)`, (value, args) => {
    const other = (args.object as Record<string, unknown>)[property];
    return !isApiDate(value) || !isApiDate(other) || daysBetween(other, value) + 1 <= MAX_LISTED_DAYS;
  });

/** No date appears twice in a list of `{ date }` objects. */
export const HasUniqueDates = () =>
  decorator('uniqueDates', '$property must not list the same date twice', (value) => {
    if (!Array.isArray(value)) return true;
    const dates = value
      .map((d: unknown) => (d && typeof d === 'object' ? (d as { date?: unknown }).date : undefined))
      .filter((d) => typeof d === 'string');
    return new Set(dates).size === dates.length;
  });
