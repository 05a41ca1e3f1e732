import { decider } from './decider';
import { ForbiddenError, IllegalStateError, RuleViolationError } from './errors';
import { DeciderSpecification } from './testing/decider-spec';
import { PETITION_ID, T, actors, command, endOf, ev, history, local } from './testing/fixtures';

const given = DeciderSpecification.for(decider);
const close = (now: Date, actor: (typeof actors)[keyof typeof actors] = actors.system) => command('ClosePetition', {}, { now, actor });

describe('ClosePetition (办结归档, by the system)', () => {
  it('closes an answered case without a rating once the rating window has passed', () => {
    const now = new Date(Date.parse(T.rateBy) + 1);
    given(history.responded())
      .when(close(now))
      .then([{ type: 'PetitionClosed', data: { petitionId: PETITION_ID, reason: 'no_rating_in_time', at: now.toISOString() } }]);
    given(history.responded()).when(close(now)).thenState({ status: 'closed', closeReason: 'no_rating_in_time', respondedAt: T.responded.toISOString() });
  });

  it('is refused while the citizen may still rate', () => {
    given(history.responded())
      .when(close(new Date(T.rateBy)))
      .thenThrows(RuleViolationError, `cannot close: the citizen may rate until ${T.rateBy}`);
  });

  it('counts the rating window in working days (answered on a Friday → the next Friday)', () => {
    const friday = [...history.inProgress(), ev.responded({ at: local('2026-03-13T16:00').toISOString() })];
    given(friday).when(close(local('2026-03-20T23:00'))).thenThrows(RuleViolationError, new RegExp(endOf('2026-03-20')));
    given(friday).when(close(local('2026-03-21T00:00'))).thenState({ status: 'closed', closeReason: 'no_rating_in_time' });
  });

  it('closes a case rated unsatisfied that was not reopened', () => {
    const now = local('2026-03-20T10:00');
    given(history.rated())
      .when(close(now))
      .then([{ type: 'PetitionClosed', data: { petitionId: PETITION_ID, reason: 'rated', at: now.toISOString() } }]);
    given(history.rated()).when(close(now)).thenState({ status: 'closed', closeReason: 'rated', lastRating: 'unsatisfied' });
  });

  it.each([actors.supervisor, actors.reviewer, actors.admin, actors.citizen])('is for the system only, not $role', (actor) => {
    given(history.rated()).when(close(local('2026-03-20T10:00'), actor)).thenThrows(ForbiddenError, /requires system/);
  });

  it.each([
    ['accepted', history.accepted()],
    ['in_progress', history.inProgress()],
    ['returned', history.returned()],
  ])('only closes answered cases, not %s ones', (status, events) => {
    given(events).when(close(local('2026-03-20T10:00'))).thenThrows(IllegalStateError, `cannot close: petition is ${status} (only answered cases close)`);
  });

  it('is refused on a closed case', () => {
    given(history.closedRated()).when(close(local('2026-03-20T10:00'))).thenThrows(IllegalStateError, 'cannot close: petition is closed');
  });

  it('makes the case terminal', () => {
    expect(decider.isTerminal(history.closedRated().reduce(decider.evolve, decider.initialState()))).toBe(true);
    expect(decider.isTerminal(history.rated().reduce(decider.evolve, decider.initialState()))).toBe(false);
  });
});
