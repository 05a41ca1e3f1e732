/**
 * What the domain needs from a calendar. The decider depends on this, not on the class, so a
 * test can pass a fixed calendar and the application decides which overrides apply.
 */
export interface WorkingDays {
  /** End (23:59:59.999 Asia/Shanghai) of the n-th working day after the local date of `from`. */
  addWorkingDays(from: Date, n: number): Date;
  /** Working days d with localDate(from) < d <= localDate(to); 0 when `to` is not after that day. */
  workingDaysBetween(from: Date, to: Date): number;
  isWorkingDay(date: string): boolean;
  /** The last working day strictly before `date`. */
  previousWorkingDay(date: string): string;
  localDate?(instant: Date): string;
}
