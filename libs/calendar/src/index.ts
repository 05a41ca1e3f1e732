export {
  addLocalDays,
  endOfLocalDay,
  isLocalDate,
  localDate,
  SHANGHAI_OFFSET,
  SHANGHAI_OFFSET_MS,
  startOfLocalDay,
  toLocalIso,
} from './local-date';
export { officialScheduleYears } from './official-schedule';
export { MAX_LISTED_DAYS, MAX_WORKING_DAYS, scheduleWarning, WorkingDayCalendar } from './working-day-calendar';
export type { CalendarOverride, DayInfo, DayOverride, DayReason, PublishedYearOverride } from './working-day-calendar';
export type { WorkingDays } from './working-days';
