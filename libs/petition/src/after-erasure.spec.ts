import { PetitionCommand } from './commands';
import { decider } from './decider';
import { NotFoundError, PersonalDataErasedError, RuleViolationError } from './errors';
import { DeciderSpecification } from './testing/decider-spec';
import { SUBMITTER, T, actors, command, ev, history, local } from './testing/fixtures';
import { Actor } from './vocabulary';

// After an erasure the citizen's name is gone, so new text that names them could not be redacted:
// the case takes no more ratings or comments (docs/security.md, "Crypto-shredding and erasure").

const given = DeciderSpecification.for(decider);
const ERASED = 'personal data of this case was erased: it takes no more ratings or comments';

/** The command as the runner builds it once the stream holds a PersonalDataErased event. */
const erased = <C extends PetitionCommand>(c: C): C => ({ ...c, context: { ...c.context, personalDataErased: true } });

const rateBy = (proof: { userId?: string; accessKeyHash?: string }) =>
  command('RatePetition', { satisfaction: 'satisfied', comment: '感谢', proof }, { now: T.rated, actor: actors.citizen });
const callback = (data: { satisfaction?: 'satisfied'; outcome?: 'unreachable'; attempts?: number }) =>
  command('RatePetition', { via: 'callback', ...data }, { now: T.rated, actor: actors.reviewer });
const comment = (actor: Actor = actors.stranger) =>
  command('CommentOnPetition', { text: '同问', author: '网友x' }, { now: local('2026-03-05T12:00'), actor });

describe('after an erasure (PersonalDataErased in the stream)', () => {
  it.each([
    ['by account', rateBy({ userId: SUBMITTER.userId })],
    ['by access key', rateBy({ accessKeyHash: SUBMITTER.accessKeyHash })],
    ['by call-back', callback({ satisfaction: 'satisfied', attempts: 1 })],
    ['by call-back, caller unreachable', callback({ outcome: 'unreachable', attempts: 3 })],
  ])('refuses a rating %s (409, the rule named)', (_how, c) => {
    const error = given(history.responded()).when(erased(c)).thenThrows(PersonalDataErasedError, ERASED);
    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.httpStatus).toBe(409);
    expect((error as RuleViolationError).rule).toBe('personal_data_erased');
  });

  it.each([actors.stranger, actors.citizen, actors.handler])('refuses a comment by $id', (actor) => {
    given(history.inProgress())
      .when(erased(comment(actor)))
      .thenThrows(PersonalDataErasedError, ERASED);
    given(history.responded())
      .when(erased(comment(actor)))
      .thenThrows(PersonalDataErasedError, ERASED);
  });

  it('still answers a made-up access key as an unknown case, and a non-public case as before: the erasure is not revealed', () => {
    given(history.responded())
      .when(erased(rateBy({ accessKeyHash: 'sha256:made-up' })))
      .thenThrows(NotFoundError);
    given([ev.submitted({ publicConsent: false }), ev.reviewed()])
      .when(erased(comment()))
      .thenThrows(NotFoundError);
  });

  it('lets the department answer: its staff no longer see the name either', () => {
    given(history.inProgress())
      .when(erased(command('RespondToPetition', { answer: '已处理' }, { now: T.responded, actor: actors.handler })))
      .thenState({ status: 'responded' });
  });

  it('changes nothing for a case not erased (absent or false)', () => {
    given(history.responded())
      .when(rateBy({ userId: SUBMITTER.userId }))
      .thenState({ status: 'closed' });
    const notErased = comment();
    given(history.responded())
      .when({ ...notErased, context: { ...notErased.context, personalDataErased: false } })
      .thenState({ commentCount: 1 });
  });
});
