import { ConsultationEvent } from './events';
import { ConsultationState } from './state';

/** Folds one event into the state; never throws and holds no rules (an event that does not fit changes nothing). */
export function evolveConsultation(state: ConsultationState, event: ConsultationEvent): ConsultationState {
  switch (event.type) {
    case 'ConsultationPublished': {
      const { consultationId, departmentId, opensAt, closesAt, summaryDueBy } = event.data;
      return { status: 'open', consultationId, departmentId, opensAt, closesAt, summaryDueBy, opinions: {}, summaryOverdue: false };
    }
    case 'OpinionSubmitted':
      if (state.status === 'initial') return state;
      return { ...state, opinions: { ...state.opinions, [event.data.opinionId]: { private: event.data.private, status: 'pending' } } };
    case 'OpinionModerated': {
      if (state.status === 'initial' || !Object.hasOwn(state.opinions, event.data.opinionId)) return state;
      const opinion = state.opinions[event.data.opinionId];
      return { ...state, opinions: { ...state.opinions, [event.data.opinionId]: { ...opinion, status: event.data.decision } } };
    }
    case 'ConsultationClosed':
      return state.status === 'open' ? { ...state, status: 'closed', closedAt: event.data.at } : state;
    case 'FeedbackSummaryPublished':
      return state.status === 'closed' ? { ...state, status: 'summarised', summarisedAt: event.data.at } : state;
    case 'ConsultationSummaryOverdue':
      return state.status === 'initial' ? state : { ...state, summaryOverdue: true };
    default: {
      const never: never = event;
      return never;
    }
  }
}
