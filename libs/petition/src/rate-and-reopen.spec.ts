import { decider } from './decider';
import { ForbiddenError, IllegalStateError, InvalidCommandError, NotFoundError, RuleViolationError } from './errors';
import { defaultPolicies } from './policy';
import { DeciderSpecification } from './testing/decider-spec';
import { PETITION_ID, SUBMITTER, T, WATER, actors, command, endOf, ev, history, local } from './testing/fixtures';
import { Satisfaction } from './vocabulary';

const given = DeciderSpecification.for(decider);
const at = T.rated.toISOString();

const rate = (
  satisfaction: Satisfaction,
  proof: { userId?: string; accessKeyHash?: string } = { userId: SUBMITTER.userId },
  now: Date = T.rated,
) => command('RatePetition', { satisfaction, proof }, { now, actor: actors.citizen });

const reopenNow = local('2026-03-11T15:00');
const reopen = (reason = '问题未解决', actor: (typeof actors)[keyof typeof actors] = actors.supervisor) =>
  command('ReopenPetition', { reason }, { now: reopenNow, actor });

describe('RatePetition (满意度)', () => {
  it.each(['satisfied', 'basically_satisfied'] as const)('closes the case at once when %s', (satisfaction) => {
    given(history.responded())
      .when(
        command(
          'RatePetition',
          { satisfaction, comment: '处理及时', proof: { userId: 'citizen-1' } },
          { now: T.rated, actor: actors.citizen },
        ),
      )
      .then([
        { type: 'PetitionRated', data: { petitionId: PETITION_ID, departmentId: WATER, satisfaction, comment: '处理及时', at } },
        { type: 'PetitionClosed', data: { petitionId: PETITION_ID, reason: 'rated', at } },
      ]);
    given(history.responded()).when(rate(satisfaction)).thenState({ status: 'closed', closeReason: 'rated', lastRating: satisfaction });
  });

  it('keeps an unsatisfied case open for a reopen while reopens are left', () => {
    given(history.responded())
      .when(rate('unsatisfied'))
      .then([{ type: 'PetitionRated', data: { petitionId: PETITION_ID, departmentId: WATER, satisfaction: 'unsatisfied', at } }]);
    given(history.responded()).when(rate('unsatisfied')).thenState({ status: 'rated', lastRating: 'unsatisfied', ratedAt: at });
  });

  it('closes an unsatisfied case when no reopen is left', () => {
    const now = local('2026-03-20T10:00');
    const afterReopen = [...history.rated(), ev.reopened(), ev.responded({ at: local('2026-03-19T10:00').toISOString() })];
    given(afterReopen)
      .when(rate('unsatisfied', { userId: 'citizen-1' }, now))
      .then([
        {
          type: 'PetitionRated',
          data: { petitionId: PETITION_ID, departmentId: WATER, satisfaction: 'unsatisfied', at: now.toISOString() },
        },
        { type: 'PetitionClosed', data: { petitionId: PETITION_ID, reason: 'rated', at: now.toISOString() } },
      ]);
  });

  it('follows the maxReopens of the policy', () => {
    given(history.responded())
      .when(
        command(
          'RatePetition',
          { satisfaction: 'unsatisfied', proof: { userId: 'citizen-1' } },
          { now: T.rated, actor: actors.citizen, policies: defaultPolicies({ complaint: { maxReopens: 0 } }) },
        ),
      )
      .thenState({ status: 'closed', closeReason: 'rated', lastRating: 'unsatisfied' });
  });

  it('accepts the access key of an anonymous submitter', () => {
    given(history.responded())
      .when(rate('satisfied', { accessKeyHash: SUBMITTER.accessKeyHash }))
      .thenState({ status: 'closed' });
  });

  it.each([
    ['another account', { userId: 'citizen-2' }],
    ['a wrong access key', { accessKeyHash: 'sha256:wrong' }],
    ['no proof', {}],
  ])('is for the submitter only, not with %s: answered as an unknown case, whatever the status', (_who, proof) => {
    given(history.responded())
      .when(rate('satisfied', proof))
      .thenThrows(NotFoundError, `cannot rate: petition ${PETITION_ID} does not exist`);
    // The proof comes before the status: a made-up key learns nothing about the case.
    for (const h of [history.submitted(), history.inProgress(), history.rated(), history.closedRated()]) {
      given(h).when(rate('satisfied', proof)).thenThrows(NotFoundError, `cannot rate: petition ${PETITION_ID} does not exist`);
    }
  });

  it('does not accept an account id when the submitter had no account', () => {
    given([ev.submitted({ submitter: { accessKeyHash: 'sha256:anon' } }), ...history.responded().slice(1)])
      .when(rate('satisfied', { userId: 'citizen-1' }))
      .thenThrows(NotFoundError);
  });

  it('is given once per answer', () => {
    given(history.rated())
      .when(rate('satisfied'))
      .thenThrows(RuleViolationError, 'cannot rate: this answer has already been rated (a rating is given once per answer)');
    given(history.closedRated()).when(rate('satisfied')).thenThrows(IllegalStateError, 'cannot rate: petition is closed');
  });

  it('may be given again on the answer after a reopen', () => {
    given([...history.rated(), ev.reopened(), ev.responded({ at: local('2026-03-19T10:00').toISOString() })])
      .when(rate('satisfied', { userId: 'citizen-1' }, local('2026-03-20T10:00')))
      .thenState({ status: 'closed', closeReason: 'rated', lastRating: 'satisfied' });
  });

  it('needs an answer to rate', () => {
    given(history.inProgress())
      .when(rate('satisfied'))
      .thenThrows(IllegalStateError, 'cannot rate: petition is in_progress (there is no answer to rate yet)');
  });

  it('is open for rateWithinWorkingDays after the answer', () => {
    given(history.responded())
      .when(rate('satisfied', { userId: 'citizen-1' }, new Date(T.rateBy)))
      .thenState({ status: 'closed' });
    given(history.responded())
      .when(rate('satisfied', { userId: 'citizen-1' }, new Date(Date.parse(T.rateBy) + 1)))
      .thenThrows(RuleViolationError, `cannot rate: the rating window ended ${T.rateBy}`);
  });

  it('refuses an unknown satisfaction', () => {
    given(history.responded())
      .when(rate('delighted' as Satisfaction))
      .thenThrows(InvalidCommandError, /^satisfaction: must be one of/);
  });
});

describe('ReopenPetition (重办)', () => {
  it('sends an unsatisfied case back to the department with a new respondBy', () => {
    given(history.rated())
      .when(reopen())
      .then([
        {
          type: 'PetitionReopened',
          data: {
            petitionId: PETITION_ID,
            departmentId: WATER,
            reason: '问题未解决',
            // 8 working days after Wed 2026-03-11
            respondBy: endOf('2026-03-23'),
            reopenCount: 1,
            at: reopenNow.toISOString(),
          },
        },
      ]);
  });

  it('returns the case to in_progress, still acknowledged, for the same department', () => {
    given(history.rated())
      .when(reopen())
      .thenState({ status: 'in_progress', acknowledged: true, departmentId: WATER, respondBy: endOf('2026-03-23'), reopenCount: 1 });
  });

  it('lets the department answer again against the new deadline', () => {
    const now = local('2026-03-19T10:00');
    given([...history.rated(), ev.reopened()])
      .when(command('RespondToPetition', { answer: '已再次处理' }, { now, actor: actors.handler }))
      .then([
        {
          type: 'PetitionResponded',
          data: {
            petitionId: PETITION_ID,
            departmentId: WATER,
            answer: '已再次处理',
            onTime: true,
            respondBy: endOf('2026-03-23'),
            at: now.toISOString(),
          },
        },
      ]);
  });

  it('is allowed at most maxReopens times', () => {
    given(history.rated())
      .when(
        command(
          'ReopenPetition',
          { reason: '问题未解决' },
          { now: reopenNow, actor: actors.supervisor, policies: defaultPolicies({ complaint: { maxReopens: 0 } }) },
        ),
      )
      .thenThrows(RuleViolationError, 'cannot reopen: the petition has been reopened 0 time(s), the maximum is 0');
  });

  it('is refused once the case closed after the last unsatisfied rating', () => {
    const exhausted = [...history.rated(), ev.reopened(), ev.responded(), ev.rated(), ev.closed({ reason: 'rated' })];
    given(exhausted).when(reopen()).thenThrows(IllegalStateError, 'cannot reopen: petition is closed');
  });

  it('follows only an unsatisfied rating', () => {
    given(history.responded())
      .when(reopen())
      .thenThrows(IllegalStateError, 'cannot reopen: petition is responded (only after an unsatisfied rating)');
    given(history.closedRated())
      .when(reopen())
      .thenThrows(IllegalStateError, /petition is closed/);
  });

  it('refuses a rating that was not unsatisfied even if the case is still open', () => {
    given([...history.responded(), ev.rated({ satisfaction: 'satisfied' })])
      .when(reopen())
      .thenThrows(RuleViolationError, 'cannot reopen: the answer was rated satisfied');
  });

  it('requires a reason', () => {
    given(history.rated())
      .when(reopen(' '))
      .thenThrows(InvalidCommandError, /^reason: /);
  });

  it.each([actors.reviewer, actors.handler, actors.admin, actors.system, actors.citizen])('is for supervisors only, not $role', (actor) => {
    given(history.rated())
      .when(reopen('问题未解决', actor))
      .thenThrows(ForbiddenError, /requires supervisor/);
  });
});
