import type { ResultsVisibility, SurveyQuestion } from './events';

interface Published {
  readonly surveyId: string;
  readonly departmentId: string;
  readonly questions: readonly SurveyQuestion[];
  readonly opensAt: string;
  readonly closesAt: string;
  readonly resultsVisibility: ResultsVisibility;
  /** Every key a response claimed (its respondentKey and otherKeys) → responseId: one response each. */
  readonly respondents: Readonly<Record<string, string>>;
  readonly responseIds: Readonly<Record<string, true>>;
}

export type SurveyState =
  | { readonly status: 'initial' }
  | (Published & { readonly status: 'open' })
  | (Published & { readonly status: 'closed'; readonly closedAt: string });

export type SurveyStatus = SurveyState['status'];

export const initialSurveyState = (): SurveyState => ({ status: 'initial' });
