import { decider } from './decider';
import {
  ForbiddenError,
  IllegalStateError,
  InvalidCommandError,
  NotFoundError,
  PersonalDataErasedError,
  RuleViolationError,
} from './errors';
import { DeciderSpecification } from './testing/decider-spec';
import { PETITION_ID, ROADS, SUBMITTER, T, WATER, actors, command, ev, history, local } from './testing/fixtures';
import { Actor } from './vocabulary';

const given = DeciderSpecification.for(decider);
const now = local('2026-03-05T10:00');
const at = now.toISOString();

describe('WithdrawPetition (撤回, by the submitter before the answer)', () => {
  const withdraw = (data: { reason?: string; proof?: { userId?: string; accessKeyHash?: string } } = {}, erased = false) => {
    const c = command('WithdrawPetition', { proof: { accessKeyHash: SUBMITTER.accessKeyHash }, ...data }, { now, actor: actors.citizen });
    return erased ? { ...c, context: { ...c.context, personalDataErased: true } } : c;
  };

  it('closes a case held by a department as withdrawn, naming the department', () => {
    given(history.inProgress())
      .when(withdraw({ reason: '问题已自行解决' }))
      .then([
        { type: 'PetitionWithdrawn', data: { petitionId: PETITION_ID, reason: '问题已自行解决', departmentId: WATER, at } },
        { type: 'PetitionClosed', data: { petitionId: PETITION_ID, reason: 'withdrawn', at } },
      ]);
    given(history.inProgress()).when(withdraw()).thenState({ status: 'closed', closeReason: 'withdrawn', departmentId: WATER });
  });

  it('needs no reason, and names no department before a dispatch or after a 退单', () => {
    given(history.submitted())
      .when(withdraw({ proof: { userId: SUBMITTER.userId } }))
      .then([
        { type: 'PetitionWithdrawn', data: { petitionId: PETITION_ID, at } },
        { type: 'PetitionClosed', data: { petitionId: PETITION_ID, reason: 'withdrawn', at } },
      ]);
    given(history.returned()).when(withdraw()).thenState({ status: 'closed', closeReason: 'withdrawn' });
  });

  it('answers a made-up proof as for an unknown case, whatever the status', () => {
    given(history.responded())
      .when(withdraw({ proof: { accessKeyHash: 'sha256:made-up' } }))
      .thenThrows(NotFoundError, /cannot withdraw/);
    given(history.inProgress())
      .when(withdraw({ proof: {} }))
      .thenThrows(NotFoundError);
  });

  it('is refused once answered (the citizen rates instead) and once closed', () => {
    given(history.responded())
      .when(withdraw())
      .thenThrows(IllegalStateError, 'cannot withdraw: petition is responded (it has been answered; rate the answer instead)');
    given(history.rated())
      .when(withdraw())
      .thenThrows(IllegalStateError, /petition is rated/);
    given([...history.inProgress(), ev.withdrawn(), ev.closed({ reason: 'withdrawn' })])
      .when(withdraw())
      .thenThrows(IllegalStateError, 'cannot withdraw: petition is closed');
  });

  it('refuses a blank reason (400), and a reason after an erasure (no name left to redact it with)', () => {
    given(history.inProgress())
      .when(withdraw({ reason: '  ' }))
      .thenThrows(InvalidCommandError, 'reason: is required and must not be blank');
    given(history.inProgress())
      .when(withdraw({ reason: '不需要了' }, true))
      .thenThrows(PersonalDataErasedError);
    given(history.inProgress()).when(withdraw({}, true)).thenState({ status: 'closed', closeReason: 'withdrawn' });
  });
});

describe('ReplyInterim (阶段性答复, by the department working on the case)', () => {
  const reply = (text = '已现场核查，正在协调', actor: Actor = actors.handler) => command('ReplyInterim', { text }, { now, actor });

  it('records the reply and leaves the response deadline running', () => {
    given(history.inProgress())
      .when(reply())
      .then([{ type: 'PetitionInterimReplied', data: { petitionId: PETITION_ID, departmentId: WATER, text: '已现场核查，正在协调', at } }]);
    given(history.inProgress()).when(reply()).thenState({ status: 'in_progress', respondBy: T.respondBy });
  });

  it('is refused before the acknowledgement and after the answer', () => {
    given(history.dispatched())
      .when(reply())
      .thenThrows(IllegalStateError, 'cannot give an interim reply: petition is dispatched (acknowledge first)');
    given(history.responded())
      .when(reply())
      .thenThrows(IllegalStateError, /petition is responded \(it has been answered\)/);
  });

  it('is for the handler of the department holding the case', () => {
    given(history.inProgress())
      .when(reply(undefined, actors.roadsHandler))
      .thenThrows(ForbiddenError, /only the department the petition is currently dispatched to/);
    given(history.inProgress())
      .when(reply(undefined, actors.supervisor))
      .thenThrows(ForbiddenError, /requires handler/);
    expect(ROADS).not.toBe(WATER);
  });

  it('needs a text', () => {
    given(history.inProgress()).when(reply(' ')).thenThrows(InvalidCommandError, 'text: is required and must not be blank');
  });
});

describe('ModeratePublication (内容管理, hotline office or supervision office)', () => {
  type Moderation = { target: 'case' | 'answer' | 'comment'; action: 'hide' | 'restore'; commentId?: string; reason?: string };
  const moderate = (m: Moderation, actor: Actor = actors.supervisor) =>
    command('ModeratePublication', { reason: '含不实信息', ...m } as Moderation & { reason: string }, { now, actor });
  const commented = [...history.responded(), ev.commented()];

  it('hides a published case and restores it', () => {
    given(history.inProgress())
      .when(moderate({ target: 'case', action: 'hide' }, actors.reviewer))
      .then([
        { type: 'PublicationModerated', data: { petitionId: PETITION_ID, target: 'case', action: 'hide', reason: '含不实信息', at } },
      ]);
    const hidden = [...history.inProgress(), ev.moderated()];
    given(hidden)
      .when(moderate({ target: 'case', action: 'hide' }))
      .thenThrows(RuleViolationError, 'cannot hide the case: it is hidden already');
    given(hidden)
      .when(moderate({ target: 'case', action: 'restore' }))
      .thenState({ hidden: { case: false, answer: false, comments: [] } });
  });

  it('keeps what is hidden across transitions (a hidden case stays hidden once answered and closed)', () => {
    given([...history.inProgress(), ev.moderated(), ev.responded(), ev.rated({ satisfaction: 'satisfied' }), ev.closed()])
      .when(moderate({ target: 'case', action: 'restore' }))
      .then([
        { type: 'PublicationModerated', data: { petitionId: PETITION_ID, target: 'case', action: 'restore', reason: '含不实信息', at } },
      ]);
  });

  it('hides the answer only once there is one', () => {
    given(history.inProgress())
      .when(moderate({ target: 'answer', action: 'hide' }))
      .thenThrows(RuleViolationError, /has not been answered/);
    given(history.closedRated())
      .when(moderate({ target: 'answer', action: 'hide' }))
      .thenState({ hidden: { case: false, answer: true, comments: [] } });
    given(history.responded())
      .when(moderate({ target: 'answer', action: 'restore' }))
      .thenThrows(RuleViolationError, 'cannot restore the answer: it is not hidden');
  });

  it('hides and restores one comment by its id', () => {
    given(commented)
      .when(moderate({ target: 'comment', action: 'hide', commentId: 'c-1' }))
      .thenState({ hidden: { case: false, answer: false, comments: ['c-1'] } });
    const hidden = [...commented, ev.moderated({ target: 'comment', commentId: 'c-1' })];
    given(hidden)
      .when(moderate({ target: 'comment', action: 'hide', commentId: 'c-1' }))
      .thenThrows(RuleViolationError, 'cannot hide comment c-1: it is hidden already');
    given(hidden)
      .when(moderate({ target: 'comment', action: 'restore', commentId: 'c-1' }))
      .thenState({ hidden: { case: false, answer: false, comments: [] } });
    given(history.responded())
      .when(moderate({ target: 'comment', action: 'hide', commentId: 'c-1' }))
      .thenThrows(RuleViolationError, /has none/);
  });

  it('names the field: a comment needs its id, and only a comment takes one', () => {
    given(commented)
      .when(moderate({ target: 'comment', action: 'hide' }))
      .thenThrows(InvalidCommandError, 'commentId: is required and must not be blank');
    given(commented)
      .when(moderate({ target: 'case', action: 'hide', commentId: 'c-1' }))
      .thenThrows(InvalidCommandError, 'commentId: is only for target comment');
    given(commented)
      .when(moderate({ target: 'case', action: 'hide', reason: '' }))
      .thenThrows(InvalidCommandError, /^reason:/);
    given(commented)
      .when(moderate({ target: 'title' as never, action: 'hide' }))
      .thenThrows(InvalidCommandError, 'target: must be one of case, answer, comment');
  });

  it('acts only on what is published', () => {
    given(history.submitted())
      .when(moderate({ target: 'case', action: 'hide' }))
      .thenThrows(RuleViolationError, /not published/);
    given(history.closedRejected())
      .when(moderate({ target: 'case', action: 'hide' }))
      .thenThrows(RuleViolationError, /not published/);
    given([ev.submitted({ publicConsent: false }), ev.reviewed()])
      .when(moderate({ target: 'case', action: 'hide' }))
      .thenThrows(RuleViolationError, /not published/);
  });

  it.each([actors.handler, actors.admin, actors.auditor, actors.citizen, actors.system])('is not for $role', (actor) => {
    given(history.inProgress())
      .when(moderate({ target: 'case', action: 'hide' }, actor))
      .thenThrows(ForbiddenError, /requires reviewer or supervisor/);
  });
});
