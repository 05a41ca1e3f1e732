import { decider } from './decider';
import { ForbiddenError, IllegalStateError, InvalidCommandError } from './errors';
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

  it('is forbidden on a confidential case (涉密)', () => {
    given([ev.submitted(), ev.reviewed({ confidential: true })])
      .when(comment())
      .thenThrows(ForbiddenError, 'cannot comment: the petition is confidential and never public');
  });

  it('is forbidden when the submitter did not consent to publication', () => {
    given([ev.submitted({ publicConsent: false }), ev.reviewed()])
      .when(comment())
      .thenThrows(ForbiddenError, 'cannot comment: the submitter did not consent to publication');
  });

  it('is refused before review', () => {
    given(history.submitted())
      .when(comment())
      .thenThrows(IllegalStateError, 'cannot comment: petition is submitted (it is not public before review)');
  });

  it('is refused on a case closed without an answer (more after closing: information-review-comments.spec.ts)', () => {
    given(history.closedRejected())
      .when(comment())
      .thenThrows(IllegalStateError, 'cannot comment: petition is closed (closed as rejected without an answer to discuss)');
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
