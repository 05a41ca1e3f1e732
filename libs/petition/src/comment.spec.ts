import { decider } from './decider';
import { InvalidCommandError, NotFoundError } from './errors';
import { DeciderSpecification } from './testing/decider-spec';
import { PETITION_ID, actors, command, ev, history, local } from './testing/fixtures';
import { Actor } from './vocabulary';

const given = DeciderSpecification.for(decider);
const now = local('2026-03-05T12:00');
const comment = (text = '同小区，确有此事', author = '网友a1b2', actor: Actor = actors.stranger) =>
  command('CommentOnPetition', { text, author }, { now, actor });

describe('CommentOnPetition (跟帖)', () => {
  it('adds a pseudonymous comment to a public case', () => {
    given(history.accepted())
      .when(comment())
      .then([
        {
          type: 'PetitionCommented',
          data: { petitionId: PETITION_ID, text: '同小区，确有此事', author: '网友a1b2', at: now.toISOString() },
        },
      ]);
  });

  it('counts comments without changing the status', () => {
    given([...history.inProgress(), ev.commented()])
      .when(comment())
      .thenState({ status: 'in_progress', commentCount: 2 });
  });

  it.each([actors.citizen, actors.stranger, actors.handler, actors.auditor, { id: 'anonymous', role: 'citizen' } as Actor])(
    'is open to anyone ($role $id)',
    (actor) => {
      given(history.responded())
        .when(comment('同问', '网友x', actor))
        .thenState({ commentCount: 1 });
    },
  );

  // To the public a case that is not public does not exist: the same 404 as an unknown case, whatever
  // the reason (an attacking helper found the reasons, 403s, telling a tracking code's case exists).
  it.each([
    ['confidential (涉密)', () => [ev.submitted(), ev.reviewed({ confidential: true })]],
    ['without the submitter’s consent to publication', () => [ev.submitted({ publicConsent: false }), ev.reviewed()]],
    ['not yet reviewed', () => history.submitted()],
    ['rejected', () => history.closedRejected()],
    ['taken off the public routes by a moderator', () => [...history.inProgress(), ev.moderated()]],
  ])('answers a case %s as an unknown case (404), saying nothing of why', (_label, past) => {
    given(past()).when(comment()).thenThrows(NotFoundError);
  });

  it('requires a text and an author', () => {
    given(history.accepted())
      .when(comment(' '))
      .thenThrows(InvalidCommandError, /^text: /);
    given(history.accepted())
      .when(comment('同问', ''))
      .thenThrows(InvalidCommandError, /^author: /);
  });
});
