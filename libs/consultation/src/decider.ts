import { ConsultationCommand } from './commands';
import { decideConsultation } from './decide';
import { ConsultationEvent } from './events';
import { evolveConsultation } from './evolve';
import { ConsultationState, initialConsultationState } from './state';

export interface Decider<Command, Event, State> {
  readonly initialState: () => State;
  readonly decide: (command: Command, state: State) => Event[];
  readonly evolve: (state: State, event: Event) => State;
  readonly isTerminal: (state: State) => boolean;
}

export type ConsultationDecider = Decider<ConsultationCommand, ConsultationEvent, ConsultationState>;

/** The same plain value runs in memory and on any event store. */
export const consultationDecider: ConsultationDecider = Object.freeze({
  initialState: initialConsultationState,
  decide: decideConsultation,
  evolve: evolveConsultation,
  isTerminal: (state: ConsultationState) => state.status === 'summarised',
});

export const foldConsultation = (
  events: readonly ConsultationEvent[],
  from: ConsultationState = initialConsultationState(),
): ConsultationState => events.reduce(evolveConsultation, from);
