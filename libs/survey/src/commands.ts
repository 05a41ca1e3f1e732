import type { ResultsVisibility, SurveyAnswer, SurveyQuestion } from './events';

export interface SurveyActor {
  readonly id: string;
  /** 'handler' (staff of departmentId), 'admin', 'citizen' (signed in or verified by phone), 'system' (the watcher). */
  readonly role: string;
  readonly departmentId?: string;
}

/** Everything decide needs from outside the stream travels with the command. */
export interface SurveyContext {
  readonly now: Date;
  readonly actor: SurveyActor;
}

type CommandOf<Type extends string, Data> = Readonly<{
  type: Type;
  data: Readonly<Data & { surveyId: string }>;
  context: SurveyContext;
}>;

/** handler of departmentId, or admin. */
export type PublishSurvey = CommandOf<
  'PublishSurvey',
  {
    departmentId: string;
    title: string;
    description?: string;
    questions: readonly SurveyQuestion[];
    opensAt: Date;
    closesAt: Date;
    resultsVisibility: ResultsVisibility;
  }
>;

/**
 * A respondent: respondentKey is computed by the application (HMAC of the account or the verified
 * phone); otherKeys, the same citizen's other keys (a signed-in citizen's phone the issuer verified).
 */
export type RecordSurveyResponse = CommandOf<
  'RecordSurveyResponse',
  { responseId: string; respondentKey: string; otherKeys?: readonly string[]; via: 'account' | 'phone'; answers: readonly SurveyAnswer[] }
>;

/** Staff of the department (at any time: ends the survey early), or the system once the period is over. */
export type CloseSurvey = CommandOf<'CloseSurvey', Record<never, never>>;

export type SurveyCommand = PublishSurvey | RecordSurveyResponse | CloseSurvey;
export type SurveyCommandType = SurveyCommand['type'];

/** What each command is called in messages ("cannot respond: survey is closed"). */
export const SURVEY_ACTIONS: Readonly<Record<SurveyCommandType, string>> = {
  PublishSurvey: 'publish',
  RecordSurveyResponse: 'respond',
  CloseSurvey: 'close',
};

export const SURVEY_COMMAND_TYPES = Object.keys(SURVEY_ACTIONS) as SurveyCommandType[];
