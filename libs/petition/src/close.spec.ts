import { decider } from './decider';
import { ForbiddenError, IllegalStateError, InvalidCommandError, RuleViolationError } from './errors';
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
    given(history.responded())
      .when(close(now))
      .thenState({ status: 'closed', closeReason: 'no_rating_in_time', respondedAt: T.responded.toISOString() });
  });

  it('is refused while the citizen may still rate', () => {
    given(history.responded())
      .when(close(new Date(T.rateBy)))
      .thenThrows(RuleViolationError, `cannot close: the citizen may rate until ${T.rateBy}`);
  });

  it('counts the rating window in working days (answered on a Friday → the next Friday)', () => {
    const friday = [...history.inProgress(), ev.responded({ at: local('2026-03-13T16:00').toISOString() })];
    given(friday)
      .when(close(local('2026-03-20T23:00')))
      .thenThrows(RuleViolationError, new RegExp(endOf('2026-03-20')));
    given(friday)
      .when(close(local('2026-03-21T00:00')))
      .thenState({ status: 'closed', closeReason: 'no_rating_in_time' });
  });

  it('closes a case rated unsatisfied that was not reopened', () => {
    const now = local('2026-03-20T10:00');
    given(history.rated())
      .when(close(now))
      .then([{ type: 'PetitionClosed', data: { petitionId: PETITION_ID, reason: 'rated', at: now.toISOString() } }]);
    given(history.rated()).when(close(now)).thenState({ status: 'closed', closeReason: 'rated', lastRating: 'unsatisfied' });
  });

  it.each([actors.reviewer, actors.handler, actors.admin, actors.auditor, actors.citizen])(
    'is for the system or a supervisor, not $role',
    (actor) => {
      given(history.rated())
        .when(close(local('2026-03-20T10:00'), actor))
        .thenThrows(ForbiddenError, /requires system or supervisor/);
    },
  );

  it.each([
    ['accepted', history.accepted()],
    ['in_progress', history.inProgress()],
    ['returned', history.returned()],
  ])('only closes answered cases, not %s ones', (status, events) => {
    given(events)
      .when(close(local('2026-03-20T10:00')))
      .thenThrows(IllegalStateError, `cannot close: petition is ${status} (only answered cases close)`);
  });

  it('is refused on a closed case', () => {
    given(history.closedRated())
      .when(close(local('2026-03-20T10:00')))
      .thenThrows(IllegalStateError, 'cannot close: petition is closed');
  });

  it('makes the case terminal', () => {
    expect(decider.isTerminal(history.closedRated().reduce(decider.evolve, decider.initialState()))).toBe(true);
    expect(decider.isTerminal(history.rated().reduce(decider.evolve, decider.initialState()))).toBe(false);
  });
});

describe('ClosePetition by a supervisor (办结 instead of 重办, after an unsatisfied rating)', () => {
  const now = local('2026-03-12T10:00');
  const closeBy = (reason?: string, actor: (typeof actors)[keyof typeof actors] = actors.supervisor) =>
    command('ClosePetition', reason === undefined ? {} : { reason }, { now, actor });

  it('closes a case rated unsatisfied as rated, with the reason as its note', () => {
    given(history.rated())
      .when(closeBy('已按政策答复，诉求超出职责范围'))
      .then([
        {
          type: 'PetitionClosed',
          data: { petitionId: PETITION_ID, reason: 'rated', note: '已按政策答复，诉求超出职责范围', at: now.toISOString() },
        },
      ]);
    given(history.rated()).when(closeBy('已按政策答复')).thenState({ status: 'closed', closeReason: 'rated', lastRating: 'unsatisfied' });
  });

  it('closes while a reopen is still left: the supervisor decides which', () => {
    given(history.rated()).when(closeBy('已解释')).thenState({ status: 'closed', reopenCount: 0 });
  });

  it.each(['', '   ', undefined])('needs a reason (%p)', (reason) => {
    given(history.rated()).when(closeBy(reason)).thenThrows(InvalidCommandError, 'reason');
  });

  it('is refused when the answer was not rated unsatisfied', () => {
    const ratedSatisfied = [...history.responded(), ev.rated({ satisfaction: 'basically_satisfied' })];
    given(ratedSatisfied).when(closeBy('已解释')).thenThrows(RuleViolationError, 'cannot close: the answer was rated basically_satisfied');
  });

  it.each([
    ['responded', history.responded()],
    ['in_progress', history.inProgress()],
  ])('is refused on a %s case, before any rating window', (status, events) => {
    given(events)
      .when(closeBy('已解释'))
      .thenThrows(IllegalStateError, `cannot close: petition is ${status} (a supervisor closes only a case rated unsatisfied)`);
  });

  it('is refused on a closed case', () => {
    given(history.closedRated()).when(closeBy('已解释')).thenThrows(IllegalStateError, 'cannot close: petition is closed');
  });
});
