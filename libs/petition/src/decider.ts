import { PetitionCommand } from './commands';
import { decide } from './decide';
import { PetitionEvent } from './events';
import { evolve } from './evolve';
import { PetitionState, initialState } from './state';

export interface PetitionDecider {
  readonly initialState: () => PetitionState;
  readonly decide: (command: PetitionCommand, state: PetitionState) => PetitionEvent[];
  readonly evolve: (state: PetitionState, event: PetitionEvent) => PetitionState;
  readonly isTerminal: (state: PetitionState) => boolean;
}

/** The same plain value runs in memory, on PostgreSQL and on EventStoreDB. */
export const decider: PetitionDecider = Object.freeze({
  initialState,
  decide,
  evolve,
  isTerminal: (state: PetitionState) => state.status === 'closed',
});

/** The case as it stands after the given events (time travel: pass a prefix of the stream). */
export const fold = (events: readonly PetitionEvent[], from: PetitionState = initialState()): PetitionState => events.reduce(evolve, from);
