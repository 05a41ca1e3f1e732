import { decider } from './decider';
import { ForbiddenError, IllegalStateError, InvalidCommandError, RuleViolationError } from './errors';
import { defaultPolicies } from './policy';
import { DeciderSpecification } from './testing/decider-spec';
import { PETITION_ID, T, WATER, actors, command, endOf, ev, history, local } from './testing/fixtures';

const given = DeciderSpecification.for(decider);

const request = (now: Date, requestedRespondBy: Date | string, actor: (typeof actors)[keyof typeof actors] = actors.handler) =>
  command('RequestExtension', { reason: '需要现场勘察', requestedRespondBy: new Date(requestedRespondBy) }, { now, actor });

/** 15 working days after Thu 2026-03-12. */
const MAX_REQUESTABLE = endOf('2026-04-02');

describe('RequestExtension (延期申请)', () => {
  const now = local('2026-03-05T10:00');

  it('asks for a later respondBy', () => {
    given(history.inProgress())
      .when(request(now, endOf('2026-03-20')))
      .then([
        {
          type: 'ExtensionRequested',
          data: {
            petitionId: PETITION_ID,
            departmentId: WATER,
            reason: '需要现场勘察',
            requestedRespondBy: endOf('2026-03-20'),
            currentRespondBy: T.respondBy,
            at: now.toISOString(),
          },
        },
      ]);
  });

  it('records the pending request without changing the status or the deadline', () => {
    given(history.dispatched())
      .when(request(now, endOf('2026-03-20')))
      .thenState({
        status: 'dispatched',
        respondBy: T.respondBy,
        pendingExtension: { requestedAt: now.toISOString(), requestedRespondBy: endOf('2026-03-20'), reason: '需要现场勘察' },
      });
  });

  it('may be made on the working day before respondBy, up to its last minute', () => {
    given(history.inProgress())
      .when(request(local('2026-03-11T23:59'), endOf('2026-03-20')))
      .thenState({ pendingExtension: expect.anything() });
  });

  it('is too late on the day respondBy falls', () => {
    given(history.inProgress())
      .when(request(local('2026-03-12T00:00'), endOf('2026-03-20')))
      .thenThrows(
        RuleViolationError,
        'cannot request an extension: it must be requested by 2026-03-11, the working day before respondBy 2026-03-12',
      );
  });

  it('counts the working day before across a weekend (respondBy on a Monday → Friday)', () => {
    const mondayDeadline = [...history.accepted(), ev.dispatched({ respondBy: endOf('2026-03-16') }), ev.acknowledged()];
    given(mondayDeadline)
      .when(request(local('2026-03-13T17:00'), endOf('2026-03-20')))
      .thenState({ pendingExtension: expect.anything() });
    given(mondayDeadline)
      .when(request(local('2026-03-14T10:00'), endOf('2026-03-20')))
      .thenThrows(RuleViolationError, /requested by 2026-03-13/);
  });

  it('is too late once the case is overdue', () => {
    const error = given(history.inProgress())
      .when(request(local('2026-03-16T10:00'), endOf('2026-03-27')))
      .thenThrows(RuleViolationError);
    expect(error).toMatchObject({ rule: 'extension_too_late', code: 'rule_violation', httpStatus: 409 });
  });

  it('allows one pending request at a time', () => {
    given([...history.inProgress(), ev.extensionRequested()])
      .when(request(local('2026-03-06T10:00'), endOf('2026-03-25')))
      .thenThrows(RuleViolationError, /the request of 2026-03-05T02:00:00.000Z is still pending/);
  });

  it('may be asked again once the previous request is decided', () => {
    given([
      ...history.inProgress(),
      ev.extensionRequested(),
      ev.extensionDecided({ approved: false, respondBy: undefined, reason: '不予延期' }),
    ])
      .when(request(local('2026-03-09T10:00'), endOf('2026-03-18')))
      .thenState({ pendingExtension: { requestedRespondBy: endOf('2026-03-18') } });
  });

  it.each([
    ['before', endOf('2026-03-11')],
    ['equal to', T.respondBy],
  ])('refuses a requestedRespondBy %s the current respondBy', (_relation, requested) => {
    given(history.inProgress())
      .when(request(now, requested))
      .thenThrows(InvalidCommandError, `requestedRespondBy: must be after the current respondBy ${T.respondBy}`);
  });

  it('allows at most maxExtensionWorkingDays after the current respondBy', () => {
    given(history.inProgress())
      .when(request(now, MAX_REQUESTABLE))
      .thenState({ pendingExtension: { requestedRespondBy: MAX_REQUESTABLE } });
    given(history.inProgress())
      .when(request(now, new Date(Date.parse(MAX_REQUESTABLE) + 1)))
      .thenThrows(
        InvalidCommandError,
        `requestedRespondBy: must be at most 15 working days after the current respondBy (${MAX_REQUESTABLE})`,
      );
  });

  it('takes the maximum from the policy of the case kind', () => {
    const policies = defaultPolicies({ complaint: { maxExtensionWorkingDays: 5 } });
    given(history.inProgress())
      .when(
        command(
          'RequestExtension',
          { reason: '需要现场勘察', requestedRespondBy: new Date(endOf('2026-03-20')) },
          { now, actor: actors.handler, policies },
        ),
      )
      .thenThrows(InvalidCommandError, /at most 5 working days .*2026-03-19T15:59:59.999Z/);
  });

  it('refuses an invalid date and a blank reason', () => {
    given(history.inProgress())
      .when(request(now, 'not a date'))
      .thenThrows(InvalidCommandError, /^requestedRespondBy: must be a valid date-time/);
    given(history.inProgress())
      .when(command('RequestExtension', { reason: '', requestedRespondBy: new Date(endOf('2026-03-20')) }, { now, actor: actors.handler }))
      .thenThrows(InvalidCommandError, /^reason: /);
  });

  it('is only for the department the case is currently dispatched to', () => {
    given(history.inProgress())
      .when(request(now, endOf('2026-03-20'), actors.roadsHandler))
      .thenThrows(ForbiddenError, /currently dispatched to/);
  });

  it.each([actors.supervisor, actors.reviewer, actors.admin, actors.system])('is for handlers only, not $role', (actor) => {
    given(history.inProgress())
      .when(request(now, endOf('2026-03-20'), actor))
      .thenThrows(ForbiddenError, /requires handler/);
  });

  it.each([
    ['accepted', history.accepted()],
    ['returned', history.returned()],
    ['responded', history.responded()],
  ])('is refused when no response is running (%s)', (status, events) => {
    given(events)
      .when(request(now, endOf('2026-03-20')))
      .thenThrows(IllegalStateError, `cannot request an extension: petition is ${status}`);
  });
});

describe('DecideExtension', () => {
  const now = local('2026-03-06T10:00');
  const pending = () => [...history.inProgress(), ev.extensionRequested()];

  it('approves the requested date, which becomes the new respondBy', () => {
    given(pending())
      .when(command('DecideExtension', { approved: true }, { now, actor: actors.supervisor }))
      .then([
        {
          type: 'ExtensionDecided',
          data: {
            petitionId: PETITION_ID,
            departmentId: WATER,
            requestedRespondBy: endOf('2026-03-20'),
            previousRespondBy: T.respondBy,
            approved: true,
            respondBy: endOf('2026-03-20'),
            at: now.toISOString(),
          },
        },
      ]);
    const state = given(pending())
      .when(command('DecideExtension', { approved: true }, { now, actor: actors.supervisor }))
      .thenState({ status: 'in_progress', respondBy: endOf('2026-03-20') });
    expect(state).not.toHaveProperty('pendingExtension');
  });

  it('may approve another date than the requested one', () => {
    given(pending())
      .when(
        command(
          'DecideExtension',
          { approved: true, respondBy: new Date(endOf('2026-03-17')), reason: '给予3个工作日' },
          { now, actor: actors.supervisor },
        ),
      )
      .then([
        {
          type: 'ExtensionDecided',
          data: {
            petitionId: PETITION_ID,
            departmentId: WATER,
            requestedRespondBy: endOf('2026-03-20'),
            previousRespondBy: T.respondBy,
            approved: true,
            respondBy: endOf('2026-03-17'),
            reason: '给予3个工作日',
            at: now.toISOString(),
          },
        },
      ]);
  });

  it('approves at most maxExtensionWorkingDays after the current respondBy', () => {
    given(pending())
      .when(
        command(
          'DecideExtension',
          { approved: true, respondBy: new Date(Date.parse(MAX_REQUESTABLE) + 1) },
          { now, actor: actors.supervisor },
        ),
      )
      .thenThrows(InvalidCommandError, /^respondBy: must be at most 15 working days after the current respondBy/);
  });

  it('approves only a date after the current respondBy', () => {
    given(pending())
      .when(command('DecideExtension', { approved: true, respondBy: new Date(endOf('2026-03-12')) }, { now, actor: actors.supervisor }))
      .thenThrows(InvalidCommandError, /^respondBy: must be after the current respondBy/);
  });

  it('approves only a date still in the future', () => {
    given(pending())
      .when(
        command(
          'DecideExtension',
          { approved: true, respondBy: new Date(endOf('2026-03-16')) },
          { now: local('2026-03-17T09:00'), actor: actors.supervisor },
        ),
      )
      .thenThrows(InvalidCommandError, 'respondBy: must be in the future');
  });

  it('refuses with a reason and leaves respondBy unchanged', () => {
    given(pending())
      .when(command('DecideExtension', { approved: false, reason: '理由不充分' }, { now, actor: actors.supervisor }))
      .then([
        {
          type: 'ExtensionDecided',
          data: {
            petitionId: PETITION_ID,
            departmentId: WATER,
            requestedRespondBy: endOf('2026-03-20'),
            previousRespondBy: T.respondBy,
            approved: false,
            reason: '理由不充分',
            at: now.toISOString(),
          },
        },
      ]);
    given(pending())
      .when(command('DecideExtension', { approved: false, reason: '理由不充分' }, { now, actor: actors.supervisor }))
      .thenState({ respondBy: T.respondBy });
  });

  it('requires a reason to refuse', () => {
    given(pending())
      .when(command('DecideExtension', { approved: false }, { now, actor: actors.supervisor }))
      .thenThrows(InvalidCommandError, /^reason: is required/);
  });

  it('decides only a pending request', () => {
    given(history.inProgress())
      .when(command('DecideExtension', { approved: true }, { now, actor: actors.supervisor }))
      .thenThrows(RuleViolationError, 'cannot decide an extension: no extension request is pending');
    given([...pending(), ev.extensionDecided()])
      .when(command('DecideExtension', { approved: true }, { now, actor: actors.supervisor }))
      .thenThrows(RuleViolationError, /no extension request is pending/);
  });

  it('works before acknowledgement too', () => {
    given([...history.dispatched(), ev.extensionRequested()])
      .when(command('DecideExtension', { approved: true }, { now, actor: actors.supervisor }))
      .thenState({ status: 'dispatched', respondBy: endOf('2026-03-20') });
  });

  it.each([actors.handler, actors.reviewer, actors.admin, actors.citizen])(
    'is for supervisors (and the system) only, not $role',
    (actor) => {
      given(pending())
        .when(command('DecideExtension', { approved: true }, { now, actor }))
        .thenThrows(ForbiddenError, /requires supervisor or system/);
    },
  );

  it('is refused once the case has been answered', () => {
    given([...pending(), ev.responded()])
      .when(command('DecideExtension', { approved: true }, { now, actor: actors.supervisor }))
      .thenThrows(IllegalStateError, /cannot decide an extension: petition is responded/);
  });
});
