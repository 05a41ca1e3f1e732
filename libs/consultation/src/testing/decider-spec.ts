import type { Decider } from '../decider';

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * given / when / then for any decider, after Emmett's DeciderSpecification:
 *   given([events]).when(command).then([events])
 *   given([events]).when(command).thenThrows(ConsultationStateError, /closed/)
 */
export const DeciderSpecification = {
  for:
    <C, E, S>(decider: Decider<C, E, S>) =>
    (history: readonly E[]) => {
      const state = (): S => history.reduce(decider.evolve, decider.initialState());
      return {
        when: (command: C) => {
          const run = () => decider.decide(command, state());
          return {
            then: (expected: readonly E[]): void => {
              expect(run()).toStrictEqual(expected);
            },
            thenNothing: (): void => {
              expect(run()).toStrictEqual([]);
            },
            thenThrows: (errorClass: ErrorClass, message?: RegExp | string): void => {
              let events: E[] | undefined;
              let thrown: unknown;
              try {
                events = run();
              } catch (error) {
                thrown = error;
              }
              if (events !== undefined) throw new Error(`expected ${errorClass.name} but decide returned ${JSON.stringify(events)}`);
              expect(thrown).toBeInstanceOf(errorClass);
              if (message !== undefined) expect((thrown as Error).message).toMatch(message);
            },
          };
        },
      };
    },
};
