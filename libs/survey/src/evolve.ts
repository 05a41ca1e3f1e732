import { SurveyEvent, respondentKeysOf } from './events';
import { SurveyState } from './state';

/** Folds one event into the state; never throws and holds no rules. */
export function evolveSurvey(state: SurveyState, event: SurveyEvent): SurveyState {
  switch (event.type) {
    case 'SurveyPublished': {
      const { surveyId, departmentId, questions, opensAt, closesAt, resultsVisibility } = event.data;
      return { status: 'open', surveyId, departmentId, questions, opensAt, closesAt, resultsVisibility, respondents: {}, responseIds: {} };
    }
    case 'SurveyResponseRecorded': {
      if (state.status === 'initial') return state;
      const claimed = Object.fromEntries(respondentKeysOf(event.data).map((key) => [key, event.data.responseId]));
      return {
        ...state,
        respondents: { ...state.respondents, ...claimed },
        responseIds: { ...state.responseIds, [event.data.responseId]: true },
      };
    }
    case 'SurveyClosed':
      return state.status === 'open' ? { ...state, status: 'closed', closedAt: event.data.at } : state;
    default: {
      const never: never = event;
      return never;
    }
  }
}
