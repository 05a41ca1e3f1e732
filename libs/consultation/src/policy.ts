import type { WorkingDays } from '@wenzheng/calendar';

/** Time limits of a consultation; data, passed in each command's context. */
export interface ConsultationPolicy {
  /** The feedback summary (采纳情况反馈) is due within N working days after the period closes. */
  readonly summaryWithinWorkingDays: number;
}

export const DEFAULT_CONSULTATION_POLICY: ConsultationPolicy = Object.freeze({ summaryWithinWorkingDays: 15 });

/** When the summary of a consultation whose period ends at closesAt is due (end of that working day). */
export const summaryDueBy = (closesAt: Date, policy: ConsultationPolicy, calendar: WorkingDays): Date =>
  calendar.addWorkingDays(closesAt, policy.summaryWithinWorkingDays);

/** Opinions are taken from opensAt (inclusive) until closesAt (exclusive). */
export const withinPeriod = (period: { opensAt: string; closesAt: string }, now: Date): boolean =>
  now.getTime() >= Date.parse(period.opensAt) && now.getTime() < Date.parse(period.closesAt);

/** The period is over: the consultation may close (the watcher closes it; staff may too). */
export const periodOver = (period: { closesAt: string }, now: Date): boolean => now.getTime() >= Date.parse(period.closesAt);

/** No summary by its due instant: the red light. Both the decider and the watcher ask this. */
export const summaryOverdue = (dueBy: string, now: Date): boolean => now.getTime() > Date.parse(dueBy);
