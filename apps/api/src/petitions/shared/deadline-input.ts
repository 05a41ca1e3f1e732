import { endOfLocalDay } from '@wenzheng/calendar';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A deadline given as a date means the end of that day in Asia/Shanghai, as every deadline does. */
export function toDeadline(value: string): Date {
  return DATE_ONLY.test(value) ? endOfLocalDay(value) : new Date(value);
}
