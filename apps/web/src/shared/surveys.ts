// The survey (网上调查) read routes declare examples, not schemas, in the OpenAPI document; their
// shapes are written here from apps/api/src/surveys/survey-reader.ts (the fields the screens read).
// Their labels are in the i18n file (m.surveys, here as sm).

import { ApiError } from '../api/errors';
import { m } from '../i18n';
import { TAG } from './colors';
import { formatTime } from './format';

export type SurveyStatus = 'open' | 'closed';
export type QuestionKind = 'single' | 'multiple' | 'scale' | 'text';
export type ResultsVisibility = 'live' | 'after_close' | 'staff';

export const SURVEY_STATUS_COLOR: Record<SurveyStatus, string> = { open: TAG.green, closed: TAG.blue };

export interface SurveyQuestion {
  id: string;
  kind: QuestionKind;
  text: string;
  options?: string[];
  required: boolean;
}

export interface SurveyItem {
  id: string;
  departmentId: string;
  title: string;
  status: SurveyStatus;
  opensAt: string;
  closesAt: string;
  resultsVisibility: ResultsVisibility;
  responses: number;
}

export interface QuestionResult {
  questionId: string;
  kind: QuestionKind;
  text: string;
  /** single, multiple and scale: per option (scale: per point 1–5), percent of all responses. */
  options?: { label: string; count: number; percent: number }[];
  answered?: number;
  mean?: number | null;
  /** text: the answers as redacted when written, newest first. */
  texts?: string[];
}

export interface PublicSurvey extends SurveyItem {
  description: string | null;
  questions: SurveyQuestion[];
  results: QuestionResult[] | null;
}

export interface ManagedSurvey extends SurveyItem {
  description: string | null;
  questions: SurveyQuestion[];
  closedAt: string | null;
  results: QuestionResult[];
}

export interface SurveyList {
  items: SurveyItem[];
  total: number;
}

/** Responses are taken while open and within the period (the API says 409 otherwise). */
export const takingResponses = (s: SurveyItem, now = Date.now()): boolean =>
  s.status === 'open' && now >= Date.parse(s.opensAt) && now < Date.parse(s.closesAt);

/** A 409 (the survey or interview moved on) said as such, with the API's words; anything else its message. */
export function conflictOrMessage(e: unknown, conflict: string): string {
  if (e instanceof ApiError && e.status === 409) return `${conflict}（${e.message}）`;
  return e instanceof Error ? e.message : String(e);
}

/**
 * A survey's 409 or 429 in the citizen's words, told by its `rule` (libs/survey's decider,
 * apps/api/src/surveys/phone-codes.ts): the phone's lock with its end in Beijing time. A refusal
 * not listed is said as conflictOrMessage says it; a 429 without a rule as the site's "too many".
 */
export function surveyRefusal(e: unknown): string {
  if (!(e instanceof ApiError)) return conflictOrMessage(e, sm.form.conflict);
  const until = e.rule === 'phone_locked' ? /\d{4}-\d{2}-\d{2}T[\d:.]+Z/.exec(e.message)?.[0] : undefined;
  if (until) return sm.form.lockedUntil(formatTime(until));
  const told = sm.form.refused[e.rule ?? e.code ?? ''];
  if (told) return e.status === 409 ? `${sm.form.conflict}：${told}` : told;
  return e.status === 429 ? m.errors.tooMany : conflictOrMessage(e, sm.form.conflict);
}

/** The labels, in the i18n file with every other (m.surveys). */
export const sm = m.surveys;
