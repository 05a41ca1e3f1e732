import { decider, fold, ratedByCallBack } from './decider';
import { ForbiddenError, IllegalStateError, InvalidCommandError, NotFoundError, RuleViolationError } from './errors';
import { defaultPolicies } from './policy';
import { DeciderSpecification } from './testing/decider-spec';
import { PETITION_ID, SUBMITTER, T, WATER, actors, byHotline, command, ev, history } from './testing/fixtures';
import { CHANNELS } from './vocabulary';
import type { ExistingPetitionState } from './state';
import { Actor, CallbackOutcome, RatingVia, Satisfaction } from './vocabulary';

// 回访 (docs/lifecycle.md, "Rules"): hotline callers have no access key; the office calls them back and records the
// rating for them, or records them unreachable after the policy's attempts — the case then closes
// as no_rating_in_time, which costs the department nothing.

const given = DeciderSpecification.for(decider);
const at = T.rated.toISOString();

interface Callback {
  satisfaction?: Satisfaction;
  outcome?: CallbackOutcome;
  attempts?: number;
  via?: RatingVia;
}
const callback = (data: Callback, actor: Actor = actors.reviewer, now: Date = T.rated, policies = defaultPolicies()) =>
  command('RatePetition', { via: 'callback', ...data }, { now, actor, policies });

describe('RatePetition via callback (回访)', () => {
  it('records the caller’s rating with via: callback and the attempts, by a reviewer without the submitter’s proof', () => {
    given(byHotline(history.responded()))
      .when(callback({ satisfaction: 'satisfied', attempts: 2 }))
      .then([
        {
          type: 'PetitionRated',
          data: { petitionId: PETITION_ID, departmentId: WATER, satisfaction: 'satisfied', via: 'callback', callbackAttempts: 2, at },
        },
        { type: 'PetitionClosed', data: { petitionId: PETITION_ID, reason: 'rated', at } },
      ]);
  });

  it('keeps an unsatisfied caller’s case open for a reopen, as a citizen’s rating does', () => {
    given(byHotline(history.responded()))
      .when(callback({ satisfaction: 'unsatisfied' }))
      .thenState({ status: 'rated', lastRating: 'unsatisfied' });
  });

  it('closes as no_rating_in_time when the caller was unreachable after the policy’s attempts', () => {
    given(byHotline(history.responded()))
      .when(callback({ outcome: 'unreachable', attempts: 3 }))
      .then([
        {
          type: 'PetitionClosed',
          data: { petitionId: PETITION_ID, reason: 'no_rating_in_time', via: 'callback', callbackAttempts: 3, at },
        },
      ]);
    given(byHotline(history.responded()))
      .when(callback({ outcome: 'unreachable', attempts: 4 }))
      .thenState({ status: 'closed', closeReason: 'no_rating_in_time' });
  });

  it('refuses unreachable before policy.callbackAttempts attempts, naming the field', () => {
    given(byHotline(history.responded()))
      .when(callback({ outcome: 'unreachable', attempts: 2 }))
      .thenThrows(
        InvalidCommandError,
        // No ';' in it: a client splits a message into its problems there (the console showed "2 given" alone).
        'attempts: a caller is recorded unreachable only after 3 call-back attempts (policy.callbackAttempts), 2 given',
      );
    given(byHotline(history.responded()))
      .when(callback({ outcome: 'unreachable' }))
      .thenThrows(InvalidCommandError, /^attempts: .*, 0 given$/);
    given(byHotline(history.responded()))
      .when(
        callback(
          { outcome: 'unreachable', attempts: 1 },
          actors.reviewer,
          T.rated,
          defaultPolicies({ complaint: { callbackAttempts: 1 } }),
        ),
      )
      .thenState({ status: 'closed' });
  });

  it.each([
    [
      'a satisfaction with unreachable',
      { outcome: 'unreachable', attempts: 3, satisfaction: 'satisfied' },
      /^satisfaction: must not be given/,
    ],
    ['no satisfaction when reached', { outcome: 'reached' }, /^satisfaction: must be one of/],
    [
      'an unknown outcome',
      { outcome: 'busy' as CallbackOutcome, satisfaction: 'satisfied' },
      /^outcome: must be one of reached, unreachable/,
    ],
    ['an unknown via', { via: 'sms' as RatingVia, satisfaction: 'satisfied' }, /^via: must be one of callback/],
    ['a fractional attempts', { satisfaction: 'satisfied', attempts: 1.5 }, /^attempts: must be a whole number/],
  ] as const)('refuses %s (400)', (_what, data, message) => {
    given(byHotline(history.responded()))
      .when(callback(data as Callback))
      .thenThrows(InvalidCommandError, message);
  });

  it.each([actors.citizen, actors.stranger, actors.handler, actors.supervisor, actors.system])(
    'is for reviewers only, not $role (a citizen may not send via)',
    (actor) => {
      given(byHotline(history.responded()))
        .when(callback({ satisfaction: 'satisfied' }, actor))
        .thenThrows(ForbiddenError, /^cannot rate by call-back: .*requires reviewer/);
    },
  );

  it('does not let a reviewer rate without via, nor a citizen send call-back fields without it', () => {
    given(byHotline(history.responded()))
      .when(command('RatePetition', { satisfaction: 'satisfied' }, { now: T.rated, actor: actors.reviewer }))
      .thenThrows(NotFoundError, /^cannot rate: petition .* does not exist$/);
    given(byHotline(history.responded()))
      .when(
        command(
          'RatePetition',
          { satisfaction: 'satisfied', outcome: 'reached', proof: { userId: SUBMITTER.userId } },
          { now: T.rated, actor: actors.citizen },
        ),
      )
      .thenThrows(InvalidCommandError, /^outcome: is only for a call-back/);
  });

  it('is refused (409) once the citizen has rated, and after the case closed', () => {
    given(byHotline(history.rated()))
      .when(callback({ satisfaction: 'satisfied' }))
      .thenThrows(RuleViolationError, 'cannot rate by call-back: this answer has already been rated (a rating is given once per answer)');
    given(byHotline(history.closedRated()))
      .when(callback({ outcome: 'unreachable', attempts: 3 }))
      .thenThrows(IllegalStateError, /petition is closed/);
    given(byHotline([...history.responded(), ev.closed({ reason: 'no_rating_in_time' })]))
      .when(callback({ satisfaction: 'satisfied' }))
      .thenThrows(IllegalStateError, /petition is closed/);
  });

  it('stays within the rating window', () => {
    given(byHotline(history.responded()))
      .when(callback({ satisfaction: 'satisfied' }, actors.reviewer, new Date(Date.parse(T.rateBy) + 1)))
      .thenThrows(RuleViolationError, `cannot rate by call-back: the rating window ended ${T.rateBy}`);
  });

  it.each(CHANNELS.filter((c) => c !== 'hotline_12345'))(
    'is refused (409) on a case that came in by %s, whose submitter holds the key; the submitter still rates it',
    (channel) => {
      const responded = history
        .responded()
        .map((e) => (e.type === 'PetitionSubmitted' ? ({ ...e, data: { ...e.data, channel } } as typeof e) : e));
      for (const data of [{ satisfaction: 'satisfied' }, { outcome: 'unreachable', attempts: 3 }] as Callback[]) {
        const error = given(responded)
          .when(callback(data))
          .thenThrows(
            RuleViolationError,
            new RegExp(`^cannot rate by call-back: the case came in by ${channel}, .*no citizen holds the key of`),
          );
        expect((error as RuleViolationError).rule).toBe('callback_not_for_channel');
      }
      given(responded)
        .when(
          command(
            'RatePetition',
            { satisfaction: 'satisfied', proof: { userId: SUBMITTER.userId } },
            { now: T.rated, actor: actors.citizen },
          ),
        )
        .thenState({ status: 'closed' });
    },
  );

  it.each([
    [
      'a report an Open311 client sent (the client holds the case, the reporter no key)',
      { channel: 'app', submitter: { userId: 'open311:fixmystreet', accessKeyHash: 'sha256:x' } },
    ],
    [
      'a question the system forwarded from an interview',
      { channel: 'web', source: { kind: 'interview', id: 'i-1', questionId: 'q-1' }, submitter: { accessKeyHash: 'sha256:x' } },
    ],
  ])('takes a call-back on %s', (_what, submitted) => {
    const responded = history
      .responded()
      .map((e) => (e.type === 'PetitionSubmitted' ? ({ ...e, data: { ...e.data, ...submitted } } as typeof e) : e));
    expect(ratedByCallBack(fold(responded) as ExistingPetitionState)).toBe(true);
    given(responded)
      .when(callback({ satisfaction: 'satisfied' }))
      .thenState({ status: 'closed' });
  });
});
