import type { ResultsVisibility } from './events';

/** The code sent to a phone is good for this long. */
export const PHONE_CODE_TTL_MS = 10 * 60_000;
/** A new code for the same phone and survey no sooner than this. */
export const PHONE_CODE_RESEND_MS = 60_000;
/** At most this many codes per phone and survey per hour. */
export const PHONE_CODES_PER_HOUR = 5;
/** This many wrong guesses lock the phone for the survey … */
export const PHONE_CODE_MAX_FAILURES = 5;
/** … for this long. */
export const PHONE_LOCK_MS = 60 * 60_000;

/** Responses are taken from opensAt (inclusive) until closesAt (exclusive). */
export const withinPeriod = (period: { opensAt: string; closesAt: string }, now: Date): boolean =>
  now.getTime() >= Date.parse(period.opensAt) && now.getTime() < Date.parse(period.closesAt);

export const periodOver = (period: { closesAt: string }, now: Date): boolean => now.getTime() >= Date.parse(period.closesAt);

/** Whether the public may see the results now; the department always may. */
export const resultsPublic = (survey: { resultsVisibility: ResultsVisibility; closesAt: string; status: string }, now: Date): boolean =>
  survey.resultsVisibility === 'live' ||
  (survey.resultsVisibility === 'after_close' && (survey.status === 'closed' || periodOver(survey, now)));
