/** A calendar date in Asia/Shanghai, 'YYYY-MM-DD'. */
export type LocalDate = string;

/**
 * The part of the working-day calendar (工作日历) the decider needs. The application passes an
 * implementation in each command, so the domain stays pure and the calendar's data (holidays,
 * 调休 working weekends, overrides) stays outside it.
 */
export interface WorkingDays {
  /** End (23:59:59.999 Asia/Shanghai) of the n-th working day strictly after from's local date (次日开始计算). */
  addWorkingDays(from: Date, n: number): Date;
  /** Working days after from's local date up to and including to's local date; 0 when to is not later. */
  workingDaysBetween(from: Date, to: Date): number;
  /** The last working day strictly before the given date. */
  previousWorkingDay(date: LocalDate): LocalDate;
  /** The Asia/Shanghai calendar date of an instant. */
  localDate(instant: Date): LocalDate;
}
