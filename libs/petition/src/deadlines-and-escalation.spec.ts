import { automaticEscalationReason, decider, escalationReasonShown, fold } from './decider';
import { ForbiddenError, IllegalStateError, InvalidCommandError, RuleViolationError } from './errors';
import { defaultPolicies } from './policy';
import { runningResponseDeadline } from './rules';
import { DeciderSpecification } from './testing/decider-spec';
import { PETITION_ID, ROADS, T, WATER, actors, command, endOf, ev, history, local } from './testing/fixtures';
import { DeadlineKind } from './vocabulary';

const given = DeciderSpecification.for(decider);
type AnyActor = (typeof actors)[keyof typeof actors];

const markMissed = (deadline: DeadlineKind, now: Date, actor: AnyActor = actors.system) =>
  command('MarkDeadlineMissed', { deadline }, { now, actor });

const afterAckDeadline = new Date(Date.parse(T.acknowledgeBy) + 1);
const afterResponseDeadline = new Date(Date.parse(T.respondBy) + 1);

describe('MarkDeadlineMissed (亮红灯, by the system)', () => {
  it('records a missed acknowledgement deadline', () => {
    given(history.dispatched())
      .when(markMissed('acknowledgement', afterAckDeadline))
      .then([
        {
          type: 'PetitionDeadlineMissed',
          data: {
            petitionId: PETITION_ID,
            deadline: 'acknowledgement',
            dueAt: T.acknowledgeBy,
            departmentId: WATER,
            at: afterAckDeadline.toISOString(),
          },
        },
      ]);
  });

  it('does not change the status', () => {
    given(history.dispatched())
      .when(markMissed('acknowledgement', afterAckDeadline))
      .thenState({ status: 'dispatched', missedDeadlines: [`acknowledgement@${T.acknowledgeBy}`] });
  });

  it('is refused before the deadline has passed', () => {
    given(history.dispatched())
      .when(markMissed('acknowledgement', new Date(T.acknowledgeBy)))
      .thenThrows(RuleViolationError, `cannot mark the acknowledgement deadline missed: it is due ${T.acknowledgeBy}`);
  });

  it('is refused once the department has acknowledged', () => {
    given(history.inProgress())
      .when(markMissed('acknowledgement', afterAckDeadline))
      .thenThrows(IllegalStateError, 'cannot mark the acknowledgement deadline missed: petition is in_progress (it has been acknowledged)');
  });

  it('records a deadline value at most once (idempotent)', () => {
    given([...history.dispatched(), ev.deadlineMissed()])
      .when(markMissed('acknowledgement', local('2026-03-05T00:00')))
      .thenNothing();
  });

  it('stays idempotent after a late acknowledgement', () => {
    given([...history.dispatched(), ev.deadlineMissed(), ev.acknowledged({ onTime: false })])
      .when(markMissed('acknowledgement', local('2026-03-05T00:00')))
      .thenNothing();
  });

  it('records a missed response deadline while unacknowledged and while in progress', () => {
    for (const events of [history.dispatched(), history.inProgress()]) {
      given(events)
        .when(markMissed('response', afterResponseDeadline))
        .then([
          {
            type: 'PetitionDeadlineMissed',
            data: {
              petitionId: PETITION_ID,
              deadline: 'response',
              dueAt: T.respondBy,
              departmentId: WATER,
              at: afterResponseDeadline.toISOString(),
            },
          },
        ]);
    }
  });

  it('records both deadlines of one dispatch separately', () => {
    given([...history.dispatched(), ev.deadlineMissed()])
      .when(markMissed('response', afterResponseDeadline))
      .thenState({ missedDeadlines: [`acknowledgement@${T.acknowledgeBy}`, `response@${T.respondBy}`] });
  });

  it('is refused before the response deadline and after the answer', () => {
    given(history.inProgress())
      .when(markMissed('response', new Date(T.respondBy)))
      .thenThrows(RuleViolationError, /it is due/);
    given(history.responded())
      .when(markMissed('response', afterResponseDeadline))
      .thenThrows(IllegalStateError, 'cannot mark the response deadline missed: petition is responded (it has been answered)');
  });

  it('measures the response deadline after an approved extension', () => {
    const extended = [...history.inProgress(), ev.extensionRequested(), ev.extensionDecided()];
    given(extended)
      .when(markMissed('response', afterResponseDeadline))
      .thenThrows(RuleViolationError, `it is due ${endOf('2026-03-20')}`);
    const now = local('2026-03-21T00:01');
    given(extended)
      .when(markMissed('response', now))
      .then([
        {
          type: 'PetitionDeadlineMissed',
          data: { petitionId: PETITION_ID, deadline: 'response', dueAt: endOf('2026-03-20'), departmentId: WATER, at: now.toISOString() },
        },
      ]);
  });

  it('records a new deadline value again: the one set by a reopen', () => {
    const now = local('2026-03-24T00:01');
    given([
      ...history.inProgress(),
      ev.deadlineMissed({ deadline: 'response', dueAt: T.respondBy }),
      ev.responded({ onTime: false }),
      ev.rated(),
      ev.reopened(),
    ])
      .when(markMissed('response', now))
      .thenState({ missedDeadlines: [`response@${T.respondBy}`, `response@${endOf('2026-03-23')}`] });
  });

  it('names the department the case is with', () => {
    const redispatched = [
      ...history.returned(),
      ev.dispatched({ departmentId: ROADS, acknowledgeBy: endOf('2026-03-05'), respondBy: endOf('2026-03-16') }),
    ];
    given(redispatched)
      .when(markMissed('acknowledgement', local('2026-03-06T09:00')))
      .then([
        {
          type: 'PetitionDeadlineMissed',
          data: {
            petitionId: PETITION_ID,
            deadline: 'acknowledgement',
            dueAt: endOf('2026-03-05'),
            departmentId: ROADS,
            at: local('2026-03-06T09:00').toISOString(),
          },
        },
      ]);
  });

  it.each([
    ['accepted', history.accepted()],
    ['returned', history.returned()],
    ['submitted', history.submitted()],
  ])('is refused when no deadline is running (%s)', (status, events) => {
    given(events)
      .when(markMissed('acknowledgement', afterAckDeadline))
      .thenThrows(
        IllegalStateError,
        `cannot mark the acknowledgement deadline missed: petition is ${status} (no acknowledgement deadline is running)`,
      );
  });

  it('is refused on a closed case', () => {
    given(history.closedRated())
      .when(markMissed('response', afterResponseDeadline))
      .thenThrows(IllegalStateError, 'cannot mark a deadline missed: petition is closed');
  });

  it('refuses an unknown deadline', () => {
    given(history.dispatched())
      .when(markMissed('rating' as DeadlineKind, afterResponseDeadline))
      .thenThrows(InvalidCommandError, /^deadline: /);
  });

  it.each([actors.supervisor, actors.admin, actors.handler, actors.reviewer])('is for the system only, not $role', (actor) => {
    given(history.dispatched())
      .when(markMissed('acknowledgement', afterAckDeadline, actor))
      .thenThrows(ForbiddenError, /requires system/);
  });
});

describe('EscalatePetition, automatic (督办, by the system)', () => {
  const escalate = (now: Date, reason?: string) =>
    command('EscalatePetition', reason === undefined ? {} : { reason }, { now, actor: actors.system });
  // respondBy Thu 2026-03-12: Fri 13, Mon 16, Tue 17 are 3 overdue working days, Wed 18 is the 4th.
  const fourthOverdueDay = local('2026-03-18T00:30');

  it('escalates a response overdue by more than escalateAfterOverdueWorkingDays', () => {
    given(history.inProgress())
      .when(escalate(fourthOverdueDay))
      .then([
        {
          type: 'PetitionEscalated',
          data: {
            petitionId: PETITION_ID,
            reason: '答复超期4个工作日（超过3个工作日），系统自动督办',
            automatic: true,
            level: 1,
            departmentId: WATER,
            respondBy: T.respondBy,
            at: fourthOverdueDay.toISOString(),
          },
        },
      ]);
  });

  it('is refused at 3 overdue working days', () => {
    given(history.inProgress())
      .when(escalate(local('2026-03-17T23:59')))
      .thenThrows(
        RuleViolationError,
        'cannot escalate automatically: the response is overdue by 3 working day(s), escalation needs more than 3',
      );
  });

  it('is refused before respondBy', () => {
    given(history.dispatched())
      .when(escalate(local('2026-03-12T10:00')))
      .thenThrows(RuleViolationError, /overdue by 0 working day/);
  });

  it('follows the policy of the case kind', () => {
    given(history.inProgress())
      .when(
        command(
          'EscalatePetition',
          {},
          {
            now: local('2026-03-16T10:00'),
            actor: actors.system,
            policies: defaultPolicies({ complaint: { escalateAfterOverdueWorkingDays: 1 } }),
          },
        ),
      )
      .thenState({ escalationLevel: 1 });
  });

  it('applies while unacknowledged too, and keeps a reason given by the scheduler', () => {
    given(history.dispatched())
      .when(escalate(fourthOverdueDay, '逾期未办复'))
      .thenState({ status: 'dispatched', escalationLevel: 1, autoEscalatedFor: [T.respondBy] });
  });

  it('happens at most once per respondBy value', () => {
    const escalated = [...history.inProgress(), ev.escalated({ automatic: true, respondBy: T.respondBy })];
    given(escalated)
      .when(escalate(local('2026-03-25T10:00')))
      .thenNothing();
  });

  it('is not prevented by an earlier manual escalation, and raises the level', () => {
    given([...history.inProgress(), ev.escalated({ automatic: false })])
      .when(escalate(fourthOverdueDay))
      .thenState({ escalationLevel: 2, autoEscalatedFor: [T.respondBy] });
  });

  it('may happen again for a new respondBy (after a reopen)', () => {
    const reopened = [
      ...history.inProgress(),
      ev.escalated({ automatic: true }),
      ev.responded({ onTime: false }),
      ev.rated(),
      ev.reopened(),
    ];
    // reopened respondBy Mon 2026-03-23: Tue 24 … Fri 27 is the 4th overdue working day.
    const now = local('2026-03-27T09:00');
    given(reopened)
      .when(escalate(now))
      .then([
        {
          type: 'PetitionEscalated',
          data: {
            petitionId: PETITION_ID,
            reason: '答复超期4个工作日（超过3个工作日），系统自动督办',
            automatic: true,
            level: 2,
            departmentId: WATER,
            respondBy: endOf('2026-03-23'),
            at: now.toISOString(),
          },
        },
      ]);
  });

  it.each([
    ['accepted', history.accepted()],
    ['returned', history.returned()],
    ['responded', history.responded()],
    ['rated', history.rated()],
  ])('needs a response to be due, not %s', (status, events) => {
    given(events)
      .when(escalate(fourthOverdueDay))
      .thenThrows(IllegalStateError, `cannot escalate automatically: petition is ${status} (no response is due)`);
  });
});

describe('EscalatePetition, manual (督办, by a supervisor)', () => {
  const now = local('2026-03-05T10:00');
  const escalate = (reason: string | undefined, actor: AnyActor = actors.supervisor) =>
    command('EscalatePetition', reason === undefined ? {} : { reason }, { now, actor });

  it('escalates a case a department holds, at the next level', () => {
    given(history.inProgress())
      .when(escalate('群众反映强烈'))
      .then([
        {
          type: 'PetitionEscalated',
          data: {
            petitionId: PETITION_ID,
            reason: '群众反映强烈',
            automatic: false,
            level: 1,
            departmentId: WATER,
            respondBy: T.respondBy,
            at: now.toISOString(),
          },
        },
      ]);
    given([...history.inProgress(), ev.escalated()])
      .when(escalate('再次督办'))
      .thenState({ escalationLevel: 2 });
  });

  it('escalates any open case, naming no department when none holds it', () => {
    for (const events of [history.accepted(), history.returned()]) {
      given(events)
        .when(escalate('长期未派单'))
        .then([
          {
            type: 'PetitionEscalated',
            data: { petitionId: PETITION_ID, reason: '长期未派单', automatic: false, level: 1, at: now.toISOString() },
          },
        ]);
    }
    given(history.rated())
      .when(escalate('不满意件督办'))
      .then([
        {
          type: 'PetitionEscalated',
          data: { petitionId: PETITION_ID, reason: '不满意件督办', automatic: false, level: 1, departmentId: WATER, at: now.toISOString() },
        },
      ]);
  });

  it('does not count as the automatic escalation of the deadline', () => {
    given(history.inProgress()).when(escalate('群众反映强烈')).thenState({ autoEscalatedFor: [] });
  });

  it('requires a reason', () => {
    given(history.inProgress())
      .when(escalate(undefined))
      .thenThrows(InvalidCommandError, /^reason: is required/);
  });

  it('is refused before review and after closing', () => {
    given(history.submitted())
      .when(escalate('督办'))
      .thenThrows(IllegalStateError, 'cannot escalate: petition is submitted (it has not been accepted yet)');
    given(history.closedRated()).when(escalate('督办')).thenThrows(IllegalStateError, 'cannot escalate: petition is closed');
  });

  it.each([actors.reviewer, actors.handler, actors.admin, actors.citizen, actors.auditor])(
    'is for supervisors (or the system) only, not $role',
    (actor) => {
      given(history.inProgress())
        .when(escalate('督办', actor))
        .thenThrows(ForbiddenError, /requires supervisor or system/);
    },
  );
});

describe('runningResponseDeadline (what the "due next working day" reminder is about)', () => {
  it('is respondBy while the department owes the answer and the clock runs', () => {
    expect(runningResponseDeadline(fold(history.dispatched()))).toBe(T.respondBy);
    expect(runningResponseDeadline(fold(history.inProgress()))).toBe(T.respondBy);
    expect(runningResponseDeadline(fold([...history.inProgress(), ev.extensionRequested()]))).toBe(T.respondBy); // pending: still runs
    expect(runningResponseDeadline(fold([...history.inProgress(), ev.deadlineMissed({ deadline: 'response', dueAt: T.respondBy })]))).toBe(
      T.respondBy,
    );
  });

  it('is the new instant after an approved extension, a resumed clock or a reopen', () => {
    expect(runningResponseDeadline(fold([...history.inProgress(), ev.extensionRequested(), ev.extensionDecided()]))).toBe(
      endOf('2026-03-20'),
    );
    expect(runningResponseDeadline(fold([...history.inProgress(), ev.informationRequested(), ev.informationSupplied()]))).toBe(
      endOf('2026-03-16'),
    );
    expect(runningResponseDeadline(fold([...history.rated(), ev.reopened()]))).toBe(endOf('2026-03-23'));
  });

  it('is none once answered, rated, returned, withdrawn or closed, and while information is awaited', () => {
    for (const events of [
      history.initial(),
      history.accepted(),
      history.responded(),
      history.rated(),
      history.returned(),
      history.closedRated(),
      [...history.inProgress(), ev.withdrawn(), ev.closed({ reason: 'withdrawn', at: local('2026-03-05T10:00').toISOString() })],
      [...history.inProgress(), ev.informationRequested()],
    ]) {
      expect(runningResponseDeadline(fold(events))).toBeUndefined();
    }
  });
});

// A newcomer's find (2026-12-07): the citizen's page showed the automatic reason in English.
describe('the automatic 督办 reason as shown', () => {
  it('is Chinese, for new events and for those recorded in English before', () => {
    expect(automaticEscalationReason(4, 3)).toBe('答复超期4个工作日（超过3个工作日），系统自动督办');
    expect(escalationReasonShown('response overdue by 222 working days (more than 3)')).toBe(
      '答复超期222个工作日（超过3个工作日），系统自动督办',
    );
    expect(escalationReasonShown('请尽快答复')).toBe('请尽快答复');
    expect(escalationReasonShown(undefined)).toBeUndefined();
  });
});
