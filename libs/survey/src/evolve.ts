import { SurveyEvent } from './events';
import { SurveyState } from './state';

/** Folds one event into the state; never throws and holds no rules. */
export function evolveSurvey(state: SurveyState, event: SurveyEvent): SurveyState {
  switch (event.type) {
    case 'SurveyPublished': {
      const { surveyId, departmentId, questions, opensAt, closesAt, resultsVisibility } = event.data;
      return { status: 'open', surveyId, departmentId, questions, opensAt, closesAt, resultsVisibility, respondents: {}, responseIds: {} };
    }
    case 'SurveyResponseRecorded':
      if (state.status === 'initial') return state;
      return {
        ...state,
        respondents: { ...state.respondents, [event.data.respondentKey]: event.data.responseId },
        responseIds: { ...state.responseIds, [event.data.responseId]: true },
      };
    case 'SurveyClosed':
      return state.status === 'open' ? { ...state, status: 'closed', closedAt: event.data.at } : state;
    default: {
      const never: never = event;
      return never;
    }
  }
}
