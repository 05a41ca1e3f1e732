// The permanent contract: these type strings are stored and never renamed; a changed shape gets
// a new optional field, a new name or an upcaster. Times are ISO-8601 strings. Every event carries
// surveyId and `at` (the instant of the act).

type EventOf<Type extends string, Data> = Readonly<{ type: Type; data: Readonly<Data> }>;

interface Base {
  surveyId: string;
  /** ISO instant of the act (the command's context.now). */
  at: string;
}

/** single: one option; multiple: one or more options; scale: 1–5; text: free text. */
export const QUESTION_KINDS = ['single', 'multiple', 'scale', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const SCALE_MIN = 1;
export const SCALE_MAX = 5;

export interface SurveyQuestion {
  /** Unique within the survey; answers name it. */
  readonly id: string;
  readonly kind: QuestionKind;
  readonly text: string;
  /** single and multiple only: the labels, answered by their index. */
  readonly options?: readonly string[];
  /** An optional question may be left out of a response. */
  readonly required: boolean;
}

/** One answer: `choices` (option indexes) for single and multiple, `scale` for scale, `text` for text. */
export interface SurveyAnswer {
  readonly questionId: string;
  readonly choices?: readonly number[];
  readonly scale?: number;
  readonly text?: string;
}

/** live: results public while the survey runs; after_close: once it is closed or its period over; staff: never public. */
export const RESULTS_VISIBILITIES = ['live', 'after_close', 'staff'] as const;
export type ResultsVisibility = (typeof RESULTS_VISIBILITIES)[number];

/** 网上调查 published by a department, with its questions and period. */
export type SurveyPublished = EventOf<
  'SurveyPublished',
  Base & {
    departmentId: string;
    title: string;
    description?: string;
    questions: readonly SurveyQuestion[];
    opensAt: string;
    closesAt: string;
    resultsVisibility: ResultsVisibility;
  }
>;

/**
 * One respondent's answers. `respondentKey` is a keyed hash (HMAC) of the signed-in account or of
 * the verified phone, per survey: never the number or the account itself. `otherKeys` (absent in
 * older events, and when there is none) are the respondent's other keys, as keyed: a signed-in
 * citizen's phone that the token's issuer verified, so that phone cannot answer again by SMS code.
 * `text` answers may name people: the store seals them and keeps a redacted copy.
 */
export type SurveyResponseRecorded = EventOf<
  'SurveyResponseRecorded',
  Base & {
    responseId: string;
    respondentKey: string;
    otherKeys?: readonly string[];
    via: 'account' | 'phone';
    answers: readonly SurveyAnswer[];
  }
>;

/** Every key a response claims: its respondent's, and the other keys of the same citizen. */
export const respondentKeysOf = (data: { respondentKey: string; otherKeys?: readonly string[] }): readonly string[] => [
  data.respondentKey,
  ...(data.otherKeys ?? []),
];

export type SurveyClosed = EventOf<'SurveyClosed', Base & { automatic: boolean }>;

export type SurveyEvent = SurveyPublished | SurveyResponseRecorded | SurveyClosed;

export type SurveyEventType = SurveyEvent['type'];
export type SurveyEventData<T extends SurveyEventType> = Extract<SurveyEvent, { type: T }>['data'];

const TYPES = {
  SurveyPublished: true,
  SurveyResponseRecorded: true,
  SurveyClosed: true,
} satisfies Record<SurveyEventType, true>;

export const SURVEY_EVENT_TYPES = Object.keys(TYPES) as SurveyEventType[];

export const isSurveyEvent = (e: { type: string }): e is SurveyEvent => Object.hasOwn(TYPES, e.type);

export const SURVEY_STREAM_PREFIX = 'survey-';
export const surveyStream = (surveyId: string): string => `${SURVEY_STREAM_PREFIX}${surveyId}`;
