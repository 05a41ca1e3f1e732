import { PetitionCommand, PetitionCommandType } from './commands';
import { decider } from './decider';
import {
  ForbiddenError,
  IllegalStateError,
  InvalidCommandError,
  NotFoundError,
  PersonalDataErasedError,
  RuleViolationError,
} from './errors';
import { PetitionEvent, PetitionEventType } from './events';
import { defaultPolicies } from './policy';
import { commentWindowEnds, reviewDueBy, resumedRespondBy } from './rules';
import { PetitionState } from './state';
import { DeciderSpecification } from './testing/decider-spec';
import { PETITION_ID, ROADS, SUBMITTER, T, WATER, actors, command, endOf, ev, history, local, submitData } from './testing/fixtures';
import { weekdayCalendar } from './testing/weekday-calendar';
import { Actor, ROLES } from './vocabulary';

// 补充材料 (the response clock paused), 联系不上 as an answer's outcome, 跟帖 after closing, the
// hotline office's review deadline and leader mailboxes on submission (docs/lifecycle.md).

const given = DeciderSpecification.for(decider);
const iso = (d: Date) => d.toISOString();
const awaiting = () => [...history.inProgress(), ev.informationRequested()];

describe('RequestInformation (补充材料, by the department working on the case)', () => {
  const now = local('2026-03-04T10:00');
  const ask = (question = '请补充漏水位置照片', actor: Actor = actors.handler, at = now) =>
    command('RequestInformation', { question }, { now: at, actor });

  it('asks the citizen, by supplyBy = policy.supplyInformationWithinWorkingDays (5) working days, and pauses the clock', () => {
    given(history.inProgress())
      .when(ask())
      .then([
        {
          type: 'InformationRequested',
          data: {
            petitionId: PETITION_ID,
            departmentId: WATER,
            question: '请补充漏水位置照片',
            supplyBy: endOf('2026-03-11'),
            respondBy: T.respondBy,
            at: iso(now),
          },
        },
      ]);
    given(history.inProgress())
      .when(ask())
      .thenState({ status: 'in_progress', awaitingInformation: { requestedAt: iso(now), supplyBy: endOf('2026-03-11') } });
  });

  it('takes the policy of the case kind', () => {
    const policies = defaultPolicies({ complaint: { supplyInformationWithinWorkingDays: 2 } });
    const cmd = command('RequestInformation', { question: '请补充' }, { now, actor: actors.handler, policies });
    given(history.inProgress())
      .when(cmd)
      .thenState({ awaitingInformation: { requestedAt: iso(now), supplyBy: endOf('2026-03-06') } });
  });

  it('is refused before the acknowledgement, after the answer and once closed', () => {
    given(history.dispatched())
      .when(ask())
      .thenThrows(IllegalStateError, 'cannot request information: petition is dispatched (acknowledge first)');
    given(history.responded())
      .when(ask())
      .thenThrows(IllegalStateError, /petition is responded \(it has been answered\)/);
    given(history.closedRated())
      .when(ask())
      .thenThrows(IllegalStateError, /petition is closed/);
  });

  it('one at a time, not beside a pending extension, and not once the response deadline has passed', () => {
    given(awaiting())
      .when(ask())
      .thenThrows(RuleViolationError, /information requested from the citizen is awaited until 2026-03-11T15:59:59.999Z/);
    given([...history.inProgress(), ev.extensionRequested()])
      .when(ask(undefined, actors.handler, local('2026-03-05T11:00')))
      .thenThrows(RuleViolationError, /extension request of .* is pending/);
    given(history.inProgress())
      .when(ask(undefined, actors.handler, local('2026-03-13T09:00')))
      .thenThrows(RuleViolationError, /the response was due 2026-03-12T15:59:59.999Z/);
  });

  it('is for the handler of the department holding the case, with a question', () => {
    given(history.inProgress())
      .when(ask(undefined, actors.roadsHandler))
      .thenThrows(ForbiddenError, /only the department the petition is currently dispatched to/);
    given(history.inProgress())
      .when(ask(undefined, actors.reviewer))
      .thenThrows(ForbiddenError, /requires handler/);
    given(history.inProgress()).when(ask('  ')).thenThrows(InvalidCommandError, 'question: is required and must not be blank');
    expect(ROADS).not.toBe(WATER);
  });
});

describe('while information is awaited, the response clock stands still', () => {
  const at = (wallClock: string, actor: Actor) => ({ now: local(wallClock), actor });

  it('no answer, no extension request; no red light and no automatic 督办 even after respondBy', () => {
    given(awaiting())
      .when(command('RespondToPetition', { answer: '已处理' }, at('2026-03-05T10:00', actors.handler)))
      .thenThrows(RuleViolationError, /cannot respond: information requested from the citizen is awaited/);
    given(awaiting())
      .when(
        command(
          'RequestExtension',
          { reason: '需要', requestedRespondBy: new Date(endOf('2026-03-20')) },
          at('2026-03-05T10:00', actors.handler),
        ),
      )
      .thenThrows(RuleViolationError, /response clock is paused/);
    // A request made on the deadline's last day, still awaited after it.
    const late = [...history.inProgress(), ev.informationRequested({ at: iso(local('2026-03-12T10:00')), supplyBy: endOf('2026-03-19') })];
    given(late)
      .when(command('MarkDeadlineMissed', { deadline: 'response' }, at('2026-03-13T00:05', actors.system)))
      .thenThrows(RuleViolationError, /information requested from the citizen is awaited/);
    given(late)
      .when(command('EscalatePetition', {}, at('2026-03-18T10:00', actors.system)))
      .thenThrows(RuleViolationError, /information requested/);
  });

  it('the case may still be returned, withdrawn, replied to in the interim or escalated by a supervisor', () => {
    given(awaiting())
      .when(command('ReturnPetition', { reason: '不属于本单位' }, at('2026-03-05T10:00', actors.handler)))
      .thenState({ status: 'returned' });
    given(awaiting())
      .when(command('WithdrawPetition', { proof: { userId: SUBMITTER.userId } }, at('2026-03-05T10:00', actors.citizen)))
      .thenState({ status: 'closed', closeReason: 'withdrawn' });
    given(awaiting())
      .when(command('ReplyInterim', { text: '等待补充材料' }, at('2026-03-05T10:00', actors.handler)))
      .thenState({ status: 'in_progress', awaitingInformation: { supplyBy: endOf('2026-03-11') } });
    given(awaiting())
      .when(command('EscalatePetition', { reason: '督办' }, at('2026-03-05T10:00', actors.supervisor)))
      .thenState({ escalationLevel: 1 });
  });
});

describe('SupplyInformation (the submitter answers the request)', () => {
  const supply = (
    text = '照片见附件，位于3号楼',
    proof: { userId?: string; accessKeyHash?: string } = { userId: SUBMITTER.userId },
    now = local('2026-03-06T10:00'),
  ) => command('SupplyInformation', { text, proof }, { now, actor: actors.citizen });

  it('resumes the clock: respondBy moves by the working days it stood still (Thu and Fri: 2)', () => {
    given(awaiting())
      .when(supply())
      .then([
        {
          type: 'InformationSupplied',
          data: {
            petitionId: PETITION_ID,
            departmentId: WATER,
            text: '照片见附件，位于3号楼',
            pausedWorkingDays: 2,
            previousRespondBy: T.respondBy,
            respondBy: endOf('2026-03-16'),
            at: iso(local('2026-03-06T10:00')),
          },
        },
      ]);
    given(awaiting())
      .when(supply())
      .thenState({ status: 'in_progress', respondBy: endOf('2026-03-16') });
  });

  it('supplied the same day it was asked moves nothing; a weekend in the pause does not count', () => {
    given(awaiting())
      .when(supply(undefined, undefined, local('2026-03-04T18:00')))
      .thenState({ respondBy: T.respondBy });
    // Asked Wed, supplied the next Monday: Thu, Fri and Mon are working days, Sat and Sun are not.
    given(awaiting())
      .when(supply(undefined, undefined, local('2026-03-09T09:00')))
      .thenState({ respondBy: endOf('2026-03-17') });
  });

  it('the access key works like an account; a made-up proof answers as an unknown case', () => {
    given(awaiting())
      .when(supply(undefined, { accessKeyHash: SUBMITTER.accessKeyHash }))
      .thenState({ respondBy: endOf('2026-03-16') });
    given(awaiting())
      .when(supply(undefined, { accessKeyHash: 'sha256:made-up' }))
      .thenThrows(NotFoundError, /cannot supply information/);
  });

  it('only while a request is awaited and until supplyBy; not after an erasure; with a text', () => {
    given(history.inProgress())
      .when(supply())
      .thenThrows(RuleViolationError, /no information is requested from the citizen now/);
    given(history.responded())
      .when(supply())
      .thenThrows(IllegalStateError, /petition is responded/);
    given(awaiting())
      .when(supply(undefined, undefined, local('2026-03-12T08:00')))
      .thenThrows(RuleViolationError, 'cannot supply information: it was due by 2026-03-11T15:59:59.999Z');
    const erased = supply();
    given(awaiting())
      .when({ ...erased, context: { ...erased.context, personalDataErased: true } })
      .thenThrows(PersonalDataErasedError);
    given(awaiting()).when(supply(' ')).thenThrows(InvalidCommandError, 'text: is required and must not be blank');
  });
});

describe('LapseInformationRequest (system: supplyBy passed without the information)', () => {
  const lapse = (now = local('2026-03-12T00:05'), actor: Actor = actors.system) => command('LapseInformationRequest', {}, { now, actor });

  it('resumes the clock as of supplyBy (the whole window paused: 5 working days), however late the watcher runs', () => {
    given(awaiting())
      .when(lapse())
      .then([
        {
          type: 'InformationRequestLapsed',
          data: {
            petitionId: PETITION_ID,
            departmentId: WATER,
            supplyBy: endOf('2026-03-11'),
            pausedWorkingDays: 5,
            previousRespondBy: T.respondBy,
            respondBy: endOf('2026-03-19'),
            at: iso(local('2026-03-12T00:05')),
          },
        },
      ]);
    given(awaiting())
      .when(lapse(local('2026-03-16T10:00')))
      .thenState({ respondBy: endOf('2026-03-19') });
  });

  it('then the department answers as usual, or as unreachable (联系不上)', () => {
    given([...awaiting(), ev.informationRequestLapsed()])
      .when(
        command(
          'RespondToPetition',
          { answer: '多次联系未果，按现有材料答复', outcome: 'unreachable' },
          { now: local('2026-03-13T10:00'), actor: actors.handler },
        ),
      )
      .then([
        {
          type: 'PetitionResponded',
          data: {
            petitionId: PETITION_ID,
            departmentId: WATER,
            answer: '多次联系未果，按现有材料答复',
            onTime: true,
            respondBy: endOf('2026-03-19'),
            outcome: 'unreachable',
            at: iso(local('2026-03-13T10:00')),
          },
        },
      ]);
  });

  it('not before supplyBy, not when nothing is awaited, only by the system', () => {
    given(awaiting())
      .when(lapse(local('2026-03-11T23:00')))
      .thenThrows(RuleViolationError, /the citizen may supply it until 2026-03-11T15:59:59.999Z/);
    given(history.inProgress())
      .when(lapse())
      .thenThrows(RuleViolationError, /no information is requested/);
    given(awaiting())
      .when(lapse(undefined, actors.supervisor))
      .thenThrows(ForbiddenError, /requires system/);
  });
});

describe('RespondToPetition outcome (联系不上)', () => {
  const respond = (outcome: unknown) =>
    command('RespondToPetition', { answer: '经多次电话联系未果', outcome } as never, { now: T.responded, actor: actors.handler });

  it('records unreachable; absent keeps the ordinary answer (old events fold as before)', () => {
    given(history.inProgress()).when(respond('unreachable')).thenState({ status: 'responded' });
    given(history.inProgress())
      .when(command('RespondToPetition', { answer: '已处理' }, { now: T.responded, actor: actors.handler }))
      .then([
        {
          type: 'PetitionResponded',
          data: {
            petitionId: PETITION_ID,
            departmentId: WATER,
            answer: '已处理',
            onTime: true,
            respondBy: T.respondBy,
            at: iso(T.responded),
          },
        },
      ]);
  });

  it('refuses an unknown outcome naming the field', () => {
    given(history.inProgress()).when(respond('lost')).thenThrows(InvalidCommandError, 'outcome: must be one of unreachable');
  });
});

describe('CommentOnPetition after closing (跟帖, policy.commentWithinDaysAfterClose)', () => {
  // Closed Wed 03-11 10:00; 30 days later: the end of Fri 04-10.
  const comment = (now: Date) =>
    command('CommentOnPetition', { text: '后续情况如何？', author: '网友a1b2' }, { now, actor: actors.stranger });

  it('is open until the end of the 30th day after the close', () => {
    given(history.closedRated())
      .when(comment(local('2026-04-10T23:59')))
      .then([
        {
          type: 'PetitionCommented',
          data: { petitionId: PETITION_ID, text: '后续情况如何？', author: '网友a1b2', at: iso(local('2026-04-10T23:59')) },
        },
      ]);
    expect(iso(commentWindowEnds(T.rated, weekdayCalendar, defaultPolicies().complaint))).toBe(endOf('2026-04-10'));
  });

  it('is refused after the window with its own rule (409 comment_window_closed)', () => {
    given(history.closedRated())
      .when(comment(local('2026-04-11T00:00')))
      .thenThrows(RuleViolationError, 'cannot comment: comments closed 2026-04-10T15:59:59.999Z, 30 days after the petition closed');
    let rule: string | undefined;
    try {
      decider.decide(comment(local('2026-04-11T00:00')), fold(history.closedRated()));
    } catch (e) {
      rule = (e as RuleViolationError).rule;
    }
    expect(rule).toBe('comment_window_closed');
  });

  it('a policy of 0 days closes comments with the case; a withdrawn case (no answer) takes none', () => {
    const policies = defaultPolicies({ complaint: { commentWithinDaysAfterClose: 0 } });
    given(history.closedRated())
      .when(
        command(
          'CommentOnPetition',
          { text: '同问', author: '网友' },
          { now: local('2026-03-12T09:00'), actor: actors.stranger, policies },
        ),
      )
      .thenThrows(RuleViolationError, /comments closed 2026-03-11T15:59:59.999Z/);
    given([...history.inProgress(), ev.withdrawn(), ev.closed({ reason: 'withdrawn' })])
      .when(comment(local('2026-03-12T09:00')))
      .thenThrows(IllegalStateError, /closed as withdrawn without an answer/);
  });
});

describe('the review deadline (审核时限, the hotline office, policy.reviewWithinWorkingHours)', () => {
  it('counts hours of working days only: 24 working hours from Mon 09:00 is Tue 09:00; from Fri 20:00, Tue 20:00', () => {
    const policy = defaultPolicies().complaint;
    expect(iso(reviewDueBy(local('2026-03-02T09:00'), weekdayCalendar, policy))).toBe(iso(local('2026-03-03T09:00')));
    // Fri 20:00–24:00 (4 h), Mon (24 h, 20 left… ) → due Mon 20:00.
    expect(iso(reviewDueBy(local('2026-03-06T20:00'), weekdayCalendar, policy))).toBe(iso(local('2026-03-09T20:00')));
    // Submitted on a Saturday: the clock starts Monday 00:00.
    expect(iso(reviewDueBy(local('2026-03-07T11:00'), weekdayCalendar, { ...policy, reviewWithinWorkingHours: 2 }))).toBe(
      iso(local('2026-03-09T02:00')),
    );
  });

  it('the watcher lights the office red light once the review is late, once per case', () => {
    const mark = (now: Date) => command('MarkReviewDeadlineMissed', {}, { now, actor: actors.system });
    given(history.submitted())
      .when(mark(local('2026-03-03T09:05')))
      .then([
        {
          type: 'ReviewDeadlineMissed',
          data: { petitionId: PETITION_ID, dueAt: iso(local('2026-03-03T09:00')), at: iso(local('2026-03-03T09:05')) },
        },
      ]);
    given([...history.submitted(), ev.reviewDeadlineMissed()])
      .when(mark(local('2026-03-04T09:05')))
      .then([]);
    given(history.submitted())
      .when(mark(local('2026-03-03T08:59')))
      .thenThrows(RuleViolationError, 'cannot mark the review deadline missed: the review is due 2026-03-03T01:00:00.000Z');
    given(history.accepted())
      .when(mark(local('2026-03-04T09:05')))
      .thenThrows(IllegalStateError, /has been reviewed/);
    given(history.submitted())
      .when(command('MarkReviewDeadlineMissed', {}, { now: local('2026-03-04T09:05'), actor: actors.reviewer }))
      .thenThrows(ForbiddenError, /requires system/);
  });

  it('a late review lights it with the review, unless the watcher did already; on time, nothing more', () => {
    const review = (now: Date) => command('ReviewPetition', { outcome: 'accepted' }, { now, actor: actors.reviewer });
    given(history.submitted())
      .when(review(local('2026-03-03T10:00')))
      .then([
        {
          type: 'ReviewDeadlineMissed',
          data: { petitionId: PETITION_ID, dueAt: iso(local('2026-03-03T09:00')), at: iso(local('2026-03-03T10:00')) },
        },
        {
          type: 'PetitionReviewed',
          data: { petitionId: PETITION_ID, outcome: 'accepted', confidential: false, at: iso(local('2026-03-03T10:00')) },
        },
      ]);
    given([...history.submitted(), ev.reviewDeadlineMissed()])
      .when(review(local('2026-03-03T10:00')))
      .then([
        {
          type: 'PetitionReviewed',
          data: { petitionId: PETITION_ID, outcome: 'accepted', confidential: false, at: iso(local('2026-03-03T10:00')) },
        },
      ]);
    given(history.submitted())
      .when(review(local('2026-03-03T08:00')))
      .thenState({ status: 'accepted' });
  });
});

describe('leader mailboxes on submission (addressee.mailboxId)', () => {
  const submit = (addressee: object) =>
    command('SubmitPetition', { ...submitData(), addressee } as never, { now: T.submitted, actor: actors.citizen });

  it('records the mailbox with the addressee', () => {
    given([])
      .when(submit({ type: 'mayor', mailboxId: 'vice-mayor-urban' }))
      .thenState({ status: 'submitted' });
    const [e] = decider.decide(submit({ type: 'general', mailboxId: 'party-secretary' }), decider.initialState());
    expect(e.data).toMatchObject({ addressee: { type: 'general', mailboxId: 'party-secretary' } });
  });

  it('refuses a malformed id and a mailbox beside a department, naming the field', () => {
    given([])
      .when(submit({ type: 'mayor', mailboxId: 'Vice Mayor!' }))
      .thenThrows(InvalidCommandError, /^addressee\.mailboxId: /);
    given([])
      .when(submit({ type: 'department', departmentId: WATER, mailboxId: 'mayor' }))
      .thenThrows(InvalidCommandError, /^addressee\.mailboxId: names a leader's mailbox/);
  });
});

describe('pausing the clock moves the deadline by the calendar', () => {
  it('counts the working days from the request to the resumption', () => {
    const moved = resumedRespondBy(new Date(T.respondBy), local('2026-03-04T10:00'), local('2026-03-11T10:00'), weekdayCalendar);
    expect(moved.pausedWorkingDays).toBe(5);
    expect(iso(moved.respondBy)).toBe(endOf('2026-03-19'));
  });
});

// The command × state matrix for a case awaiting information (the main matrix has no such column).
const fold = (events: readonly PetitionEvent[]): PetitionState => events.reduce(decider.evolve, decider.initialState());

describe('every command on a case awaiting information', () => {
  type Outcome = readonly PetitionEventType[] | typeof RuleViolationError | typeof IllegalStateError | typeof ForbiddenError;
  const when = (wallClock: string) => local(wallClock);
  const cases: Partial<Record<PetitionCommandType, [() => PetitionCommand, Outcome]>> = {
    ReviewPetition: [
      () => command('ReviewPetition', { outcome: 'accepted' }, { now: when('2026-03-05T10:00'), actor: actors.reviewer }),
      IllegalStateError,
    ],
    AcknowledgePetition: [
      () => command('AcknowledgePetition', {}, { now: when('2026-03-05T10:00'), actor: actors.handler }),
      IllegalStateError,
    ],
    ReturnPetition: [
      () => command('ReturnPetition', { reason: '非本单位' }, { now: when('2026-03-05T10:00'), actor: actors.handler }),
      ['PetitionReturned'],
    ],
    RespondToPetition: [
      () => command('RespondToPetition', { answer: '已处理' }, { now: when('2026-03-05T10:00'), actor: actors.handler }),
      RuleViolationError,
    ],
    RequestInformation: [
      () => command('RequestInformation', { question: '再补充' }, { now: when('2026-03-05T10:00'), actor: actors.handler }),
      RuleViolationError,
    ],
    SupplyInformation: [
      () =>
        command(
          'SupplyInformation',
          { text: '已补充', proof: { userId: SUBMITTER.userId } },
          { now: when('2026-03-05T10:00'), actor: actors.citizen },
        ),
      ['InformationSupplied'],
    ],
    LapseInformationRequest: [
      () => command('LapseInformationRequest', {}, { now: when('2026-03-12T00:05'), actor: actors.system }),
      ['InformationRequestLapsed'],
    ],
    MarkReviewDeadlineMissed: [
      () => command('MarkReviewDeadlineMissed', {}, { now: when('2026-03-05T10:00'), actor: actors.system }),
      IllegalStateError,
    ],
    ReplyInterim: [
      () => command('ReplyInterim', { text: '等待补充' }, { now: when('2026-03-05T10:00'), actor: actors.handler }),
      ['PetitionInterimReplied'],
    ],
    CommentOnPetition: [
      () => command('CommentOnPetition', { text: '同问', author: '网友' }, { now: when('2026-03-05T10:00'), actor: actors.stranger }),
      ['PetitionCommented'],
    ],
    ClosePetition: [() => command('ClosePetition', {}, { now: when('2026-03-20T10:00'), actor: actors.system }), IllegalStateError],
  };

  it.each(Object.entries(cases))('%s', (_name, entry) => {
    const [make, outcome] = entry as [() => PetitionCommand, Outcome];
    const state = fold(awaiting());
    if (Array.isArray(outcome)) expect(decider.decide(make(), state).map((e) => e.type)).toEqual(outcome);
    else expect(() => decider.decide(make(), state)).toThrow(outcome as never);
  });

  // SupplyInformation's gate is the submitter's proof, whatever the role; the lapse is the system's alone.
  it.each([...ROLES])('by %s: supply with the proof is accepted, the lapse only from the system', (role) => {
    const actor: Actor = role === 'handler' ? actors.handler : { id: `${role}-1`, role };
    const state = fold(awaiting());
    const supply = command(
      'SupplyInformation',
      { text: '已补充', proof: { accessKeyHash: SUBMITTER.accessKeyHash } },
      { now: when('2026-03-05T10:00'), actor },
    );
    expect(decider.decide(supply, state).map((e) => e.type)).toEqual(['InformationSupplied']);
    const lapse = command('LapseInformationRequest', {}, { now: when('2026-03-12T00:05'), actor });
    if (role === 'system') expect(decider.decide(lapse, state)).toHaveLength(1);
    else expect(() => decider.decide(lapse, state)).toThrow(ForbiddenError);
  });
});
