import type { Decider } from '@wenzheng/consultation';
import { SurveyCommand } from './commands';
import { decideSurvey } from './decide';
import { SurveyEvent } from './events';
import { evolveSurvey } from './evolve';
import { SurveyState, initialSurveyState } from './state';

export type SurveyDecider = Decider<SurveyCommand, SurveyEvent, SurveyState>;

/** The same plain value runs in memory and on any event store. */
export const surveyDecider: SurveyDecider = Object.freeze({
  initialState: initialSurveyState,
  decide: decideSurvey,
  evolve: evolveSurvey,
  isTerminal: (state: SurveyState) => state.status === 'closed',
});

export const foldSurvey = (events: readonly SurveyEvent[], from: SurveyState = initialSurveyState()): SurveyState =>
  events.reduce(evolveSurvey, from);
