import { PetitionCommand } from '../commands';
import { PetitionDecider } from '../decider';
import { PetitionDomainError } from '../errors';
import { PetitionEvent } from '../events';
import { PetitionState } from '../state';

type ErrorClass = abstract new (...args: never[]) => PetitionDomainError;

/**
 * given / when / then for a decider, after Emmett's DeciderSpecification:
 *   given([events]).when(command).then([events])
 *   given([events]).when(command).thenThrows(IllegalStateError, /acknowledge first/)
 *   given([events]).when(command).thenNothing()
 */
export const DeciderSpecification = {
  for: (decider: PetitionDecider) => (givenEvents: PetitionEvent | readonly PetitionEvent[]) => {
    const history = Array.isArray(givenEvents) ? (givenEvents as readonly PetitionEvent[]) : [givenEvents as PetitionEvent];
    const state = (): PetitionState => history.reduce(decider.evolve, decider.initialState());
    return {
      when: (command: PetitionCommand) => {
        const run = () => decider.decide(command, state());
        return {
          then: (expected: readonly PetitionEvent[]): void => {
            expect(run()).toStrictEqual(expected);
          },
          thenNothing: (): void => {
            expect(run()).toStrictEqual([]);
          },
          thenThrows: (errorClass: ErrorClass, message?: RegExp | string): PetitionDomainError => {
            let thrown: unknown;
            let events: PetitionEvent[] | undefined;
            try {
              events = run();
            } catch (error) {
              thrown = error;
            }
            if (events !== undefined) {
              throw new Error(`expected ${errorClass.name} but decide returned ${JSON.stringify(events.map((e) => e.type))}`);
            }
            expect(thrown).toBeInstanceOf(errorClass);
            if (message !== undefined) expect((thrown as Error).message).toMatch(message);
            return thrown as PetitionDomainError;
          },
          /** Runs decide and folds its events: the state the case ends in. */
          thenState: (expected: Partial<Record<string, unknown>>): PetitionState => {
            const after = run().reduce(decider.evolve, state());
            expect(after).toMatchObject(expected);
            return after;
          },
        };
      },
    };
  },
};
