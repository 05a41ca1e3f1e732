import { decider } from './decider';
import { ForbiddenError, IllegalStateError, InvalidCommandError, RuleViolationError } from './errors';
import { defaultPolicies } from './policy';
import { DeciderSpecification } from './testing/decider-spec';
import { PARKS, PETITION_ID, ROADS, T, WATER, actors, command, endOf, ev, history, local } from './testing/fixtures';
import { WeekdayCalendar } from './testing/weekday-calendar';

const given = DeciderSpecification.for(decider);

describe('DispatchPetition', () => {
  it('sends an accepted case to a department with deadlines from the policy and the calendar', () => {
    given(history.accepted())
      .when(command('DispatchPetition', { departmentId: WATER, note: '请核实水质' }, { now: T.dispatched, actor: actors.reviewer }))
      .then([
        {
          type: 'PetitionDispatched',
          data: {
            petitionId: PETITION_ID,
            departmentId: WATER,
            note: '请核实水质',
            acknowledgeBy: '2026-03-03T15:59:59.999Z',
            respondBy: '2026-03-12T15:59:59.999Z',
            at: T.dispatched.toISOString(),
          },
        },
      ]);
  });

  it('moves the case to dispatched, not yet acknowledged', () => {
    given(history.accepted())
      .when(command('DispatchPetition', { departmentId: WATER }, { now: T.dispatched, actor: actors.reviewer }))
      .thenState({
        status: 'dispatched',
        acknowledged: false,
        departmentId: WATER,
        acknowledgeBy: T.acknowledgeBy,
        respondBy: T.respondBy,
      });
  });

  it.each([
    ['a Friday evening', '2026-03-06T20:00'],
    ['a Saturday', '2026-03-07T10:00'],
    ['a Sunday just before midnight', '2026-03-08T23:59'],
  ])('counts from the next working day when dispatched on %s', (_when, wallClock) => {
    given(history.accepted())
      .when(command('DispatchPetition', { departmentId: WATER }, { now: local(wallClock), actor: actors.reviewer }))
      .then([
        {
          type: 'PetitionDispatched',
          data: {
            petitionId: PETITION_ID,
            departmentId: WATER,
            acknowledgeBy: endOf('2026-03-09'),
            respondBy: endOf('2026-03-18'),
            at: local(wallClock).toISOString(),
          },
        },
      ]);
  });

  it('uses the policy of the case kind', () => {
    const policies = defaultPolicies({
      complaint: { respondWithinWorkingDays: 4, acknowledgeWithinWorkingDays: 2 },
      consultation: { respondWithinWorkingDays: 20 },
    });
    given(history.accepted())
      .when(command('DispatchPetition', { departmentId: WATER }, { now: T.dispatched, actor: actors.reviewer, policies }))
      .thenState({ acknowledgeBy: endOf('2026-03-04'), respondBy: endOf('2026-03-06') });
    given([ev.submitted({ kind: 'consultation' }), ev.reviewed()])
      .when(command('DispatchPetition', { departmentId: WATER }, { now: T.dispatched, actor: actors.reviewer, policies }))
      .thenState({ respondBy: endOf('2026-03-30') });
  });

  it('skips public holidays and counts adjusted working days (2026-09-29 + 8 → 2026-10-15)', () => {
    const calendar = new WeekdayCalendar({
      holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
      workdays: ['2026-09-20', '2026-10-10'],
    });
    given(history.accepted())
      .when(command('DispatchPetition', { departmentId: WATER }, { now: local('2026-09-29T10:00'), actor: actors.reviewer, calendar }))
      .thenState({ acknowledgeBy: endOf('2026-09-30'), respondBy: endOf('2026-10-15') });
  });

  it('requires a department', () => {
    given(history.accepted())
      .when(command('DispatchPetition', { departmentId: ' ' }, { now: T.dispatched, actor: actors.reviewer }))
      .thenThrows(InvalidCommandError, /^departmentId: /);
  });

  it.each([actors.handler, actors.supervisor, actors.admin, actors.system, actors.citizen])('is for reviewers only, not $role', (actor) => {
    given(history.accepted())
      .when(command('DispatchPetition', { departmentId: WATER }, { now: T.dispatched, actor }))
      .thenThrows(ForbiddenError, /requires reviewer/);
  });

  it('is refused before review', () => {
    given(history.submitted())
      .when(command('DispatchPetition', { departmentId: WATER }, { now: T.dispatched, actor: actors.reviewer }))
      .thenThrows(IllegalStateError, 'cannot dispatch: petition is submitted (review it first)');
  });

  it.each([
    ['dispatched', history.dispatched()],
    ['in_progress', history.inProgress()],
  ])('is refused while a department holds the case (%s)', (status, events) => {
    given(events)
      .when(command('DispatchPetition', { departmentId: ROADS }, { now: T.dispatched, actor: actors.reviewer }))
      .thenThrows(IllegalStateError, `cannot dispatch: petition is ${status} (it is with a department; the department may return it)`);
  });
});

describe('ReturnPetition (退单)', () => {
  it('gives a dispatched case back to the reviewer with a reason', () => {
    const now = local('2026-03-03T10:00');
    given(history.dispatched())
      .when(command('ReturnPetition', { reason: '不属于本单位职责' }, { now, actor: actors.handler }))
      .then([
        {
          type: 'PetitionReturned',
          data: { petitionId: PETITION_ID, departmentId: WATER, reason: '不属于本单位职责', at: now.toISOString() },
        },
      ]);
  });

  it('is allowed after acknowledgement too, and records the returning department', () => {
    given(history.inProgress())
      .when(command('ReturnPetition', { reason: '不属于本单位职责' }, { now: local('2026-03-04T10:00'), actor: actors.handler }))
      .thenState({ status: 'returned', lastDepartmentId: WATER, returnedBy: [WATER] });
  });

  it('is only for the department the case is currently dispatched to', () => {
    given(history.dispatched())
      .when(command('ReturnPetition', { reason: '不属于本单位职责' }, { now: T.acknowledged, actor: actors.roadsHandler }))
      .thenThrows(ForbiddenError, /only the department the petition is currently dispatched to may/);
  });

  it.each([actors.reviewer, actors.supervisor, actors.admin, actors.system])('is for handlers only, not $role', (actor) => {
    given(history.dispatched())
      .when(command('ReturnPetition', { reason: '不属于本单位职责' }, { now: T.acknowledged, actor }))
      .thenThrows(ForbiddenError, /requires handler/);
  });

  it('requires a reason', () => {
    given(history.dispatched())
      .when(command('ReturnPetition', { reason: '' }, { now: T.acknowledged, actor: actors.handler }))
      .thenThrows(InvalidCommandError, /^reason: /);
  });

  it.each([
    ['returned', history.returned()],
    ['responded', history.responded()],
    ['accepted', history.accepted()],
  ])('is refused when no department holds the case (%s)', (status, events) => {
    given(events)
      .when(command('ReturnPetition', { reason: '不属于本单位职责' }, { now: T.acknowledged, actor: actors.handler }))
      .thenThrows(IllegalStateError, `cannot return: petition is ${status} (only while a department holds it)`);
  });
});

describe('re-dispatching a returned case (转办)', () => {
  const now = local('2026-03-04T09:30');

  it('sends it to another department with fresh deadlines', () => {
    given(history.returned())
      .when(command('DispatchPetition', { departmentId: ROADS }, { now, actor: actors.reviewer }))
      .then([
        {
          type: 'PetitionDispatched',
          data: {
            petitionId: PETITION_ID,
            departmentId: ROADS,
            acknowledgeBy: endOf('2026-03-05'),
            respondBy: endOf('2026-03-16'),
            at: now.toISOString(),
          },
        },
      ]);
  });

  it('refuses the department that returned it', () => {
    given(history.returned())
      .when(command('DispatchPetition', { departmentId: WATER }, { now, actor: actors.reviewer }))
      .thenThrows(RuleViolationError, /that department has returned this petition; dispatch it to another department/);
  });

  it('refuses every department that returned it, not only the last one', () => {
    const twice = [...history.returned(), ev.dispatched({ departmentId: ROADS }), ev.returned({ departmentId: ROADS })];
    given(twice)
      .when(command('DispatchPetition', { departmentId: WATER }, { now, actor: actors.reviewer }))
      .thenThrows(RuleViolationError, /cannot dispatch to dept-water/);
    given(twice)
      .when(command('DispatchPetition', { departmentId: PARKS }, { now, actor: actors.reviewer }))
      .thenState({
        status: 'dispatched',
        departmentId: PARKS,
        returnedBy: [WATER, ROADS],
      });
  });

  it('hands the case over: the former department may no longer act, the new one may', () => {
    const redispatched = [...history.returned(), ev.dispatched({ departmentId: ROADS })];
    given(redispatched)
      .when(command('AcknowledgePetition', {}, { now, actor: actors.handler }))
      .thenThrows(ForbiddenError, /currently dispatched to/);
    given(redispatched)
      .when(command('AcknowledgePetition', {}, { now, actor: actors.roadsHandler }))
      .thenState({
        status: 'in_progress',
        departmentId: ROADS,
      });
  });

  it('drops an extension request the former department left pending', () => {
    const redispatched = [
      ...history.dispatched(),
      ev.extensionRequested(),
      ev.returned(),
      ev.dispatched({ departmentId: ROADS, at: now.toISOString() }),
    ];
    given(redispatched)
      .when(command('DecideExtension', { approved: true }, { now, actor: actors.supervisor }))
      .thenThrows(RuleViolationError, /no extension request is pending/);
  });
});
