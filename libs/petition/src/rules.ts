import { addLocalDays, endOfLocalDay, startOfLocalDay } from '@wenzheng/calendar';
import { TimeLimitPolicy } from './policy';
import { AwaitedInformation, PendingExtension, PetitionState } from './state';
import { PetitionSource } from './vocabulary';
import { WorkingDays } from './working-days';

// The time rules the decider applies, as predicates, so that the deadline watcher (which reads a
// read model, not the stream) asks the domain instead of restating it. Each takes plain instants,
// so it serves both the folded state and a read-model row.

/** Working days by which the answer is overdue at `now` (0 while respondBy has not passed). */
export const overdueWorkingDays = (respondBy: Date, now: Date, calendar: WorkingDays): number =>
  now.getTime() > respondBy.getTime() ? calendar.workingDaysBetween(respondBy, now) : 0;

/** 督办 automatically: once the answer is overdue by more than policy.escalateAfterOverdueWorkingDays. */
export const escalationDue = (respondBy: Date, now: Date, calendar: WorkingDays, policy: TimeLimitPolicy): boolean =>
  overdueWorkingDays(respondBy, now, calendar) > policy.escalateAfterOverdueWorkingDays;

/** The last instant the citizen may rate an answer given at respondedAt. */
export const ratingWindowEnds = (respondedAt: Date, calendar: WorkingDays, policy: TimeLimitPolicy): Date =>
  calendar.addWorkingDays(respondedAt, policy.rateWithinWorkingDays);

/** The rating window has ended at `now`: a rating is refused, and the case closes unrated. */
export const ratingWindowClosed = (respondedAt: Date, now: Date, calendar: WorkingDays, policy: TimeLimitPolicy): boolean =>
  now.getTime() > ratingWindowEnds(respondedAt, calendar, policy).getTime();

/** A supervisor is to decide an extension request by then; after it the system approves it. */
export const extensionDecisionDueBy = (requestedAt: Date, calendar: WorkingDays, policy: TimeLimitPolicy): Date =>
  calendar.addWorkingDays(requestedAt, policy.decideExtensionWithinWorkingDays);

/** Whether the system approves the pending request at `now` (its decision time has passed). */
export const extensionAutoApprovalDue = (requestedAt: Date, now: Date, calendar: WorkingDays, policy: TimeLimitPolicy): boolean =>
  now.getTime() > extensionDecisionDueBy(requestedAt, calendar, policy).getTime();

/** 退单: the hotline office re-dispatches a returned case within this many working days. */
export const REDISPATCH_WITHIN_WORKING_DAYS = 1;

/** By then a case returned at returnedAt should be dispatched again. */
export const redispatchDueBy = (returnedAt: Date, calendar: WorkingDays): Date =>
  calendar.addWorkingDays(returnedAt, REDISPATCH_WITHIN_WORKING_DAYS);

/** A returned case has waited for re-dispatch longer than the office allows (the supervisor follows it up). */
export const redispatchOverdue = (returnedAt: Date, now: Date, calendar: WorkingDays): boolean =>
  now.getTime() > redispatchDueBy(returnedAt, calendar).getTime();

/** What responseDeadlineProtected needs of a case: its pending request, if any. */
export interface ExtensionView {
  readonly pendingExtension?: Pick<PendingExtension, 'requestedAt'>;
}

/**
 * While an extension request is pending, the response deadline it covers is not missed (no red
 * light) and not escalated automatically: the department asked in good order (成华区 rule).
 */
export const responseDeadlineProtected = (state: PetitionState | ExtensionView): boolean =>
  'pendingExtension' in state && state.pendingExtension !== undefined;

/**
 * Why a case cannot be the original a duplicate points to (docs/lifecycle.md: an existing, accepted,
 * non-duplicate case), or undefined when it can. Accepted means reviewed as accepted, whatever
 * happened since (dispatched, answered, closed after a rating).
 */
export const notAnOriginal = (original: PetitionState): string | undefined => {
  switch (original.status) {
    case 'initial':
      return 'names no existing petition';
    case 'submitted':
      return 'names a petition that has not been accepted (it awaits review)';
    case 'closed':
      if (original.closeReason === 'rejected') return 'names a rejected petition';
      if (original.closeReason === 'duplicate') return 'names a petition that is itself a duplicate; name its original';
      return undefined;
    default:
      return undefined;
  }
};

/**
 * 在线访谈: the system itself accepts and dispatches a petition it forwarded from an interview's
 * question: the interview's moderators already approved the question and the interview names the
 * department, so the hotline office has nothing to decide. Any other petition waits for a reviewer.
 */
export const systemHandles = (facts: { readonly source?: PetitionSource }): boolean => facts.source?.kind === 'interview';

/**
 * Nobody is texted about a petition the system submitted from a source: there is no citizen's
 * phone, and the department and the office know it from the interview and their queues.
 */
export const textsNobody = (source: PetitionSource | undefined): boolean => source !== undefined;

// --- 审核时限, 补充材料 and 跟帖 after closing (the watcher asks these too) ---

const isWorkingDay = (date: string, calendar: WorkingDays): boolean =>
  calendar.workingDaysBetween(startOfLocalDay(addLocalDays(date, -1)), startOfLocalDay(date)) === 1;

/** A review is due after this many days without a working day (no official schedule has 30 days off). */
const MAX_DAYS_SCANNED = 400;

/**
 * The instant by which the hotline office reviews a case submitted at submittedAt: after
 * policy.reviewWithinWorkingHours hours that fall on working days (the office's hotline works the
 * whole working day, so every hour of a working day counts; weekends and holidays do not).
 */
export const reviewDueBy = (submittedAt: Date, calendar: WorkingDays, policy: TimeLimitPolicy): Date => {
  let remaining = policy.reviewWithinWorkingHours * 3_600_000;
  let day = calendar.localDate(submittedAt);
  let from = submittedAt.getTime();
  for (let i = 0; i < MAX_DAYS_SCANNED; i++) {
    const next = addLocalDays(day, 1);
    const dayEnds = startOfLocalDay(next).getTime();
    if (isWorkingDay(day, calendar)) {
      if (remaining <= dayEnds - from) return new Date(from + remaining);
      remaining -= dayEnds - from;
    }
    day = next;
    from = dayEnds;
  }
  return new Date(from + remaining);
};

/** The review is late at `now` (a red light for the office; a review after it records one). */
export const reviewOverdue = (submittedAt: Date, now: Date, calendar: WorkingDays, policy: TimeLimitPolicy): boolean =>
  now.getTime() > reviewDueBy(submittedAt, calendar, policy).getTime();

/** 补充材料: the last instant the citizen may supply information asked at requestedAt. */
export const supplyInformationDueBy = (requestedAt: Date, calendar: WorkingDays, policy: TimeLimitPolicy): Date =>
  calendar.addWorkingDays(requestedAt, policy.supplyInformationWithinWorkingDays);

/** The citizen's time to supply has passed: the system records the lapse and the clock resumes. */
export const informationRequestLapsed = (supplyBy: Date, now: Date): boolean => now.getTime() > supplyBy.getTime();

/**
 * The response deadline after a pause from pausedAt to resumedAt: moved by the working days the clock
 * stood still, as the calendar counts them (a pause within one day moves nothing).
 */
export const resumedRespondBy = (
  respondBy: Date,
  pausedAt: Date,
  resumedAt: Date,
  calendar: WorkingDays,
): { pausedWorkingDays: number; respondBy: Date } => {
  const pausedWorkingDays = calendar.workingDaysBetween(pausedAt, resumedAt);
  return { pausedWorkingDays, respondBy: pausedWorkingDays > 0 ? calendar.addWorkingDays(respondBy, pausedWorkingDays) : respondBy };
};

/** 跟帖: the last instant a closed case takes comments: the end of the N-th local day after closing. */
export const commentWindowEnds = (closedAt: Date, calendar: WorkingDays, policy: TimeLimitPolicy): Date =>
  new Date(endOfLocalDay(addLocalDays(calendar.localDate(closedAt), policy.commentWithinDaysAfterClose)).getTime());

/** What responseClockPaused needs of a case. */
export interface InformationView {
  readonly awaitingInformation?: AwaitedInformation;
}

/** 补充材料: while information is awaited, the response deadline neither runs, is missed nor escalated. */
export const responseClockPaused = (state: PetitionState | InformationView): boolean =>
  'awaitingInformation' in state && state.awaitingInformation !== undefined;

/**
 * The response deadline running on the case now: its respondBy while the department owes the answer
 * (dispatched or in progress) and the clock runs; undefined once it is answered, returned or closed
 * (withdrawn included), and while information is awaited. An approved extension, a resumed clock or a
 * reopen replaces the instant. What the deadline watcher's "due next working day" reminder is about.
 */
export const runningResponseDeadline = (state: PetitionState): string | undefined =>
  (state.status === 'dispatched' || state.status === 'in_progress') && !responseClockPaused(state) ? state.respondBy : undefined;

/**
 * The text that tells a caller without a key the office will call back about an answer (请留意来电) stands
 * while that answer still waits for its call-back: not once the 回访 is recorded, the case closed or
 * reopened, nor once a later answer took its place (its own text goes). `answerIndex` is the answer's
 * place among `events` (the case's stream); the SMS sender sends a queued text only while this holds.
 */
export const callbackNoticeStands = (state: PetitionState, events: readonly { readonly type: string }[], answerIndex: number): boolean => {
  if (state.status !== 'responded') return false;
  let latest = -1;
  events.forEach((e, i) => {
    if (e.type === 'PetitionResponded') latest = i;
  });
  return latest === answerIndex;
};

/**
 * A "due next working day" reminder about the response deadline `respondBy` stands: that deadline
 * still runs on the case, at the same instant. The watcher proposes a reminder only then, and the
 * SMS sender sends a queued one only then.
 */
export const responseReminderStands = (state: PetitionState, respondBy: string | Date): boolean => {
  const running = runningResponseDeadline(state);
  return running !== undefined && Date.parse(running) === new Date(respondBy).getTime();
};
