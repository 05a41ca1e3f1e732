import { decider } from './decider';
import { ForbiddenError, IllegalStateError, InvalidCommandError } from './errors';
import { DeciderSpecification } from './testing/decider-spec';
import { PETITION_ID, ROADS, T, WATER, actors, command, endOf, ev, history, local } from './testing/fixtures';

const given = DeciderSpecification.for(decider);

describe('AcknowledgePetition (签收)', () => {
  it('is on time within the acknowledgement deadline', () => {
    given(history.dispatched())
      .when(command('AcknowledgePetition', {}, { now: T.acknowledged, actor: actors.handler }))
      .then([
        {
          type: 'PetitionAcknowledged',
          data: {
            petitionId: PETITION_ID,
            departmentId: WATER,
            onTime: true,
            acknowledgeBy: T.acknowledgeBy,
            at: T.acknowledged.toISOString(),
          },
        },
      ]);
  });

  it('is on time at the very last millisecond of the deadline', () => {
    const now = new Date(T.acknowledgeBy);
    given(history.dispatched())
      .when(command('AcknowledgePetition', {}, { now, actor: actors.handler }))
      .then([
        {
          type: 'PetitionAcknowledged',
          data: { petitionId: PETITION_ID, departmentId: WATER, onTime: true, acknowledgeBy: T.acknowledgeBy, at: T.acknowledgeBy },
        },
      ]);
  });

  it('is allowed late, recorded as not on time', () => {
    const now = local('2026-03-04T00:00');
    given(history.dispatched())
      .when(command('AcknowledgePetition', {}, { now, actor: actors.handler }))
      .then([
        {
          type: 'PetitionAcknowledged',
          data: { petitionId: PETITION_ID, departmentId: WATER, onTime: false, acknowledgeBy: T.acknowledgeBy, at: now.toISOString() },
        },
      ]);
  });

  it('moves the case to in_progress', () => {
    given(history.dispatched())
      .when(command('AcknowledgePetition', {}, { now: T.acknowledged, actor: actors.handler }))
      .thenState({ status: 'in_progress', acknowledged: true, acknowledgedAt: T.acknowledged.toISOString(), departmentId: WATER });
  });

  it('is only for the department the case is currently dispatched to', () => {
    given(history.dispatched())
      .when(command('AcknowledgePetition', {}, { now: T.acknowledged, actor: actors.roadsHandler }))
      .thenThrows(
        ForbiddenError,
        'cannot acknowledge: only the department the petition is currently dispatched to may (handler of dept-roads)',
      );
  });

  // An attacking helper's find (2026-12-07): another department was told the case's state (409).
  it.each([
    ['in progress', history.inProgress],
    ['answered', history.responded],
  ] as const)('tells another department nothing of a case %s: 403 before the state is looked at', (_label, past) => {
    given(past())
      .when(command('AcknowledgePetition', {}, { now: T.acknowledged, actor: actors.roadsHandler }))
      .thenThrows(ForbiddenError, /currently dispatched to may \(handler of dept-roads\)/);
    given(past())
      .when(command('RespondToPetition', { answer: '已处理' }, { now: T.responded, actor: actors.roadsHandler }))
      .thenThrows(ForbiddenError, /currently dispatched to may \(handler of dept-roads\)/);
  });

  it('refuses a handler token without a department', () => {
    given(history.dispatched())
      .when(command('AcknowledgePetition', {}, { now: T.acknowledged, actor: { id: 'h', role: 'handler' } }))
      .thenThrows(ForbiddenError, /handler of no department/);
  });

  it.each([actors.reviewer, actors.supervisor, actors.admin, actors.system, actors.citizen, actors.auditor])(
    'is for handlers only, not $role',
    (actor) => {
      given(history.dispatched())
        .when(command('AcknowledgePetition', {}, { now: T.acknowledged, actor }))
        .thenThrows(ForbiddenError, `cannot acknowledge: role ${actor.role} may not (requires handler)`);
    },
  );

  it('happens once', () => {
    given(history.inProgress())
      .when(command('AcknowledgePetition', {}, { now: T.acknowledged, actor: actors.handler }))
      .thenThrows(IllegalStateError, 'cannot acknowledge: petition is in_progress (it has already been acknowledged)');
  });
});

describe('RespondToPetition (答复)', () => {
  it('is refused before acknowledgement', () => {
    given(history.dispatched())
      .when(command('RespondToPetition', { answer: '已处理' }, { now: T.responded, actor: actors.handler }))
      .thenThrows(IllegalStateError, 'cannot respond: petition is dispatched (acknowledge first)');
  });

  it('answers on time within respondBy', () => {
    given(history.inProgress())
      .when(command('RespondToPetition', { answer: '已更换老化管道，水质已恢复。' }, { now: T.responded, actor: actors.handler }))
      .then([
        {
          type: 'PetitionResponded',
          data: {
            petitionId: PETITION_ID,
            departmentId: WATER,
            answer: '已更换老化管道，水质已恢复。',
            onTime: true,
            respondBy: T.respondBy,
            at: T.responded.toISOString(),
          },
        },
      ]);
  });

  it('is on time at the very last millisecond and late one millisecond after', () => {
    const deadline = new Date(T.respondBy);
    const late = new Date(deadline.getTime() + 1);
    given(history.inProgress())
      .when(command('RespondToPetition', { answer: '已处理' }, { now: deadline, actor: actors.handler }))
      .then([
        {
          type: 'PetitionResponded',
          data: { petitionId: PETITION_ID, departmentId: WATER, answer: '已处理', onTime: true, respondBy: T.respondBy, at: T.respondBy },
        },
      ]);
    given(history.inProgress())
      .when(command('RespondToPetition', { answer: '已处理' }, { now: late, actor: actors.handler }))
      .then([
        {
          type: 'PetitionResponded',
          data: {
            petitionId: PETITION_ID,
            departmentId: WATER,
            answer: '已处理',
            onTime: false,
            respondBy: T.respondBy,
            at: late.toISOString(),
          },
        },
      ]);
  });

  it('is measured against the deadline moved by an approved extension', () => {
    const now = local('2026-03-18T10:00');
    given([...history.inProgress(), ev.extensionRequested(), ev.extensionDecided()])
      .when(command('RespondToPetition', { answer: '已处理' }, { now, actor: actors.handler }))
      .then([
        {
          type: 'PetitionResponded',
          data: {
            petitionId: PETITION_ID,
            departmentId: WATER,
            answer: '已处理',
            onTime: true,
            respondBy: endOf('2026-03-20'),
            at: now.toISOString(),
          },
        },
      ]);
  });

  it('is not moved by a refused extension', () => {
    const now = local('2026-03-18T10:00');
    given([
      ...history.inProgress(),
      ev.extensionRequested(),
      ev.extensionDecided({ approved: false, respondBy: undefined, reason: '理由不充分' }),
    ])
      .when(command('RespondToPetition', { answer: '已处理' }, { now, actor: actors.handler }))
      .then([
        {
          type: 'PetitionResponded',
          data: {
            petitionId: PETITION_ID,
            departmentId: WATER,
            answer: '已处理',
            onTime: false,
            respondBy: T.respondBy,
            at: now.toISOString(),
          },
        },
      ]);
  });

  it('moves the case to responded and drops a pending extension request', () => {
    const state = given([...history.inProgress(), ev.extensionRequested()])
      .when(command('RespondToPetition', { answer: '已处理' }, { now: T.responded, actor: actors.handler }))
      .thenState({ status: 'responded', respondedAt: T.responded.toISOString(), respondedOnTime: true });
    expect(state).not.toHaveProperty('pendingExtension');
  });

  it('is only for the department the case is currently dispatched to', () => {
    given(history.inProgress())
      .when(
        command('RespondToPetition', { answer: '已处理' }, { now: T.responded, actor: { ...actors.roadsHandler, departmentId: ROADS } }),
      )
      .thenThrows(ForbiddenError, /currently dispatched to/);
  });

  it.each([actors.reviewer, actors.supervisor, actors.admin, actors.system])('is for handlers only, not $role', (actor) => {
    given(history.inProgress())
      .when(command('RespondToPetition', { answer: '已处理' }, { now: T.responded, actor }))
      .thenThrows(ForbiddenError, /requires handler/);
  });

  it('requires an answer', () => {
    given(history.inProgress())
      .when(command('RespondToPetition', { answer: '   ' }, { now: T.responded, actor: actors.handler }))
      .thenThrows(InvalidCommandError, /^answer: /);
  });

  it('happens once per round', () => {
    given(history.responded())
      .when(command('RespondToPetition', { answer: '已处理' }, { now: T.responded, actor: actors.handler }))
      .thenThrows(IllegalStateError, 'cannot respond: petition is responded (it has already been answered)');
  });
});
