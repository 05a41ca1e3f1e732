import { PetitionCommand } from './commands';
import { decider } from './decider';
import { ForbiddenError, IllegalStateError, InvalidCommandError, RuleViolationError } from './errors';
import { PetitionEvent, PetitionEventData } from './events';
import { PetitionState, departmentsWorkingOn } from './state';
import { DeciderSpecification } from './testing/decider-spec';
import { PARKS, PETITION_ID, ROADS, T, WATER, actors, command, endOf, ev, history, local } from './testing/fixtures';
import { Actor } from './vocabulary';

// 主办/协办 (lead and assisting departments), 下派 (passing a case down the department tree) and
// 承办人 (the named handler): given / when / then, and the new commands in every state.

const given = DeciderSpecification.for(decider);
const now = local('2026-03-05T10:00');
const at = now.toISOString();

const STREET = 'dept-street-lucheng-1';
const COMMUNITY = 'dept-community-1';
const handlerOf = (departmentId: string, id = `handler-${departmentId}`): Actor => ({ id, role: 'handler', departmentId });

/** 5 working days after the dispatch of Mon 03-02 (policy.assistWithinWorkingDays). */
const CONTRIBUTE_BY = endOf('2026-03-09');

const dispatchedWithAssisting = (): PetitionEvent =>
  ev.dispatched({
    assisting: [
      { departmentId: ROADS, contributeBy: CONTRIBUTE_BY },
      { departmentId: PARKS, contributeBy: CONTRIBUTE_BY },
    ],
  });
const event = <T extends PetitionEvent['type']>(type: T, data: PetitionEventData<T>): PetitionEvent => ({ type, data }) as PetitionEvent;
const assistance = (departmentId: string, o: Partial<PetitionEventData<'AssistanceProvided'>> = {}) =>
  event('AssistanceProvided', {
    petitionId: PETITION_ID,
    departmentId,
    leadDepartmentId: WATER,
    text: '道路开挖许可已办结',
    contributeBy: CONTRIBUTE_BY,
    onTime: true,
    at: local('2026-03-04T10:00').toISOString(),
    ...o,
  });
const passedDown = (departmentId: string, fromDepartmentId: string) =>
  event('PetitionPassedDown', {
    petitionId: PETITION_ID,
    departmentId,
    fromDepartmentId,
    leadDepartmentId: WATER,
    at: local('2026-03-04T09:00').toISOString(),
  });

const coHandled = (): PetitionEvent[] => [...history.accepted(), dispatchedWithAssisting(), ev.acknowledged()];
const passedDownToStreet = (): PetitionEvent[] => [...history.inProgress(), passedDown(STREET, WATER)];

const fold = (events: readonly PetitionEvent[]): PetitionState => events.reduce(decider.evolve, decider.initialState());

describe('DispatchPetition with assisting departments (主办/协办)', () => {
  const dispatch = (assistingDepartmentIds?: string[]) =>
    command(
      'DispatchPetition',
      { departmentId: WATER, ...(assistingDepartmentIds && { assistingDepartmentIds }) },
      { now: T.dispatched, actor: actors.reviewer },
    );

  it('names each assisting department with its own due date, policy.assistWithinWorkingDays after the dispatch', () => {
    given(history.accepted())
      .when(dispatch([ROADS, PARKS]))
      .then([dispatchedWithAssisting()]);
  });

  it('takes the policy from the case kind', () => {
    const cmd = command(
      'DispatchPetition',
      { departmentId: WATER, assistingDepartmentIds: [ROADS] },
      { now: T.dispatched, actor: actors.reviewer, policies: policiesWith(2) as never },
    );
    const [dispatched] = decider.decide(cmd, fold(history.accepted()));
    expect((dispatched.data as PetitionEventData<'PetitionDispatched'>).assisting).toEqual([
      { departmentId: ROADS, contributeBy: endOf('2026-03-04') },
    ]);
  });

  it('leaves the field out when no department assists, as old events have it', () => {
    given(history.accepted()).when(dispatch([])).then([ev.dispatched()]);
    given(history.accepted()).when(dispatch()).thenState({ status: 'dispatched', departmentId: WATER });
    expect(fold(history.dispatched())).not.toHaveProperty('assisting');
  });

  it('refuses the lead as an assisting department, a repeated one and a blank one, naming the field (400)', () => {
    given(history.accepted())
      .when(dispatch([ROADS, WATER]))
      .thenThrows(InvalidCommandError, /^assistingDepartmentIds\[1\]: an assisting department \(协办\) must not be the lead/);
    given(history.accepted())
      .when(dispatch([ROADS, ROADS]))
      .thenThrows(InvalidCommandError, /^assistingDepartmentIds\[1\]: must not repeat a department/);
    given(history.accepted())
      .when(dispatch([' ']))
      .thenThrows(InvalidCommandError, /^assistingDepartmentIds\[0\]/);
    given(history.accepted())
      .when(dispatch(Array.from({ length: 11 }, (_, i) => `dept-${i}`)))
      .thenThrows(InvalidCommandError, /^assistingDepartmentIds: must be a list of at most 10/);
  });

  it('re-dispatch after a 退单 names the assisting departments afresh', () => {
    const state = fold([...coHandled(), ev.returned({ at: local('2026-03-04T10:00').toISOString() })]);
    expect(state).not.toHaveProperty('assisting');
    const redispatch = command(
      'DispatchPetition',
      { departmentId: ROADS, assistingDepartmentIds: [PARKS] },
      { now: local('2026-03-04T11:00'), actor: actors.reviewer },
    );
    const after = decider.decide(redispatch, state).reduce(decider.evolve, state);
    expect(after).toMatchObject({ status: 'dispatched', departmentId: ROADS, assisting: [{ departmentId: PARKS }] });
  });
});

function policiesWith(assistWithinWorkingDays: number) {
  const base = command('AcknowledgePetition', {}, { now, actor: actors.handler }).context.policies;
  return Object.fromEntries(Object.entries(base).map(([kind, p]) => [kind, { ...p, assistWithinWorkingDays }]));
}

describe('ProvideAssistance (协办: the contribution goes to the lead)', () => {
  const provide = (actor: Actor, text = '道路开挖许可已办结', when = local('2026-03-04T10:00')) =>
    command('ProvideAssistance', { text }, { now: when, actor });

  it('records the contribution for the lead, on time until the assisting due date', () => {
    given(coHandled())
      .when(provide(handlerOf(ROADS)))
      .then([assistance(ROADS)]);
    given([...history.accepted(), dispatchedWithAssisting()])
      .when(provide(handlerOf(PARKS), '绿化带迁移方案已报', local('2026-03-10T09:00')))
      .then([assistance(PARKS, { text: '绿化带迁移方案已报', onTime: false, at: local('2026-03-10T09:00').toISOString() })]);
  });

  it('is given once per assisting department; the others still owe theirs', () => {
    given([...coHandled(), assistance(ROADS)])
      .when(provide(handlerOf(ROADS)))
      .thenThrows(RuleViolationError, /contributed at/);
    given([...coHandled(), assistance(ROADS)])
      .when(provide(handlerOf(PARKS)))
      .thenState({
        assisting: [
          { departmentId: ROADS, providedAt: expect.any(String) },
          { departmentId: PARKS, providedAt: expect.any(String) },
        ],
      });
  });

  it('refuses a department that is not assisting, the lead included (403)', () => {
    given(coHandled())
      .when(provide(handlerOf('dept-health')))
      .thenThrows(ForbiddenError, /only a department working on the petition may/);
    given(coHandled())
      .when(provide(actors.handler))
      .thenThrows(ForbiddenError, /only a department assisting/);
    given(coHandled())
      .when(provide(actors.reviewer))
      .thenThrows(ForbiddenError, /requires handler/);
  });

  // Since 2026-12-07 a department no longer working on the case is refused before its state is told.
  it('is over once the lead has answered, or the case was returned (403: the department no longer works on it)', () => {
    given([...coHandled(), ev.responded()])
      .when(provide(handlerOf(ROADS)))
      .thenThrows(ForbiddenError, /only a department working on the petition may/);
    given([...coHandled(), ev.returned()])
      .when(provide(handlerOf(ROADS)))
      .thenThrows(ForbiddenError, /only a department working on the petition may/);
  });

  it('needs text', () => {
    given(coHandled())
      .when(provide(handlerOf(ROADS), '  '))
      .thenThrows(InvalidCommandError, /^text: is required/);
  });

  it('only the lead answers the citizen', () => {
    given(coHandled())
      .when(command('RespondToPetition', { answer: '已处理' }, { now, actor: handlerOf(ROADS) }))
      .thenThrows(ForbiddenError, /only the department the petition is currently dispatched to/);
  });
});

describe('PassDownPetition (下派) and AnswerUp (the unit answers up)', () => {
  const passDown = (actor: Actor, departmentId: string, ancestry: string[], note?: string) =>
    command('PassDownPetition', { departmentId, ancestry, ...(note !== undefined && { note }) }, { now, actor });
  const answerUp = (actor: Actor, text = '已现场处置，管道已更换') => command('AnswerUp', { text }, { now, actor });

  it('the lead passes the case down to a unit under it; the lead and the deadlines stay', () => {
    given(history.inProgress())
      .when(passDown(actors.handler, STREET, [WATER], '请属地街道现场核实'))
      .then([
        {
          type: 'PetitionPassedDown',
          data: {
            petitionId: PETITION_ID,
            departmentId: STREET,
            fromDepartmentId: WATER,
            leadDepartmentId: WATER,
            note: '请属地街道现场核实',
            at,
          },
        },
      ]);
    given(history.inProgress())
      .when(passDown(actors.handler, STREET, [WATER]))
      .thenState({ status: 'in_progress', departmentId: WATER, respondBy: T.respondBy, passedDownTo: [STREET] });
  });

  it('the unit holding it may pass it further down (街道 → 社区), and a unit under a unit is under the lead too', () => {
    given(passedDownToStreet())
      .when(passDown(handlerOf(STREET), COMMUNITY, [STREET, WATER]))
      .thenState({ passedDownTo: [STREET, COMMUNITY] });
    given(history.inProgress())
      .when(passDown(actors.handler, COMMUNITY, [STREET, WATER]))
      .thenState({ passedDownTo: [COMMUNITY] });
  });

  it('refuses a unit not under the department working the case (400), and the case passing down to itself', () => {
    given(history.inProgress())
      .when(passDown(actors.handler, ROADS, ['dept-city']))
      .thenThrows(InvalidCommandError, /^departmentId: is not a unit under dept-water/);
    given(passedDownToStreet())
      .when(passDown(handlerOf(STREET), COMMUNITY, ['dept-other-street', WATER]))
      .thenThrows(InvalidCommandError, /is not a unit under dept-street-lucheng-1/);
    given(history.inProgress())
      .when(passDown(actors.handler, WATER, [WATER]))
      .thenThrows(InvalidCommandError, /cannot pass a petition down to itself/);
  });

  it('only the department holding the case passes it down (403); only after signing for it (409)', () => {
    given(history.inProgress())
      .when(passDown(actors.roadsHandler, STREET, [ROADS]))
      .thenThrows(ForbiddenError, /only a department working on the petition may/);
    given(passedDownToStreet())
      .when(passDown(actors.handler, COMMUNITY, [STREET, WATER]))
      .thenThrows(ForbiddenError, /only the department working the petition/);
    given(history.dispatched())
      .when(passDown(actors.handler, STREET, [WATER]))
      .thenThrows(IllegalStateError, /acknowledge first/);
  });

  it('the unit answers up to the department that passed it down, one level at a time', () => {
    given(passedDownToStreet())
      .when(answerUp(handlerOf(STREET)))
      .then([
        {
          type: 'PetitionAnsweredUp',
          data: { petitionId: PETITION_ID, departmentId: STREET, toDepartmentId: WATER, text: '已现场处置，管道已更换', at },
        },
      ]);
    const twoLevels = [...passedDownToStreet(), passedDown(COMMUNITY, STREET)];
    given(twoLevels)
      .when(answerUp(handlerOf(COMMUNITY)))
      .thenState({ passedDownTo: [STREET] });
    const [up] = decider.decide(answerUp(handlerOf(COMMUNITY)), fold(twoLevels));
    expect(up.data).toMatchObject({ departmentId: COMMUNITY, toDepartmentId: STREET });
    expect(
      decider.decide(answerUp(handlerOf(STREET)), fold(passedDownToStreet())).reduce(decider.evolve, fold(passedDownToStreet())),
    ).not.toHaveProperty('passedDownTo');
  });

  it('refuses an answer up from anyone but the unit holding it, and when nothing was passed down', () => {
    given(passedDownToStreet())
      .when(answerUp(actors.handler))
      .thenThrows(ForbiddenError, /only the unit the petition was passed down to/);
    given(passedDownToStreet())
      .when(answerUp(handlerOf(COMMUNITY)))
      .thenThrows(ForbiddenError);
    given(history.inProgress())
      .when(answerUp(actors.handler))
      .thenThrows(RuleViolationError, /has not been passed down/);
    given(passedDownToStreet())
      .when(answerUp(handlerOf(STREET), ''))
      .thenThrows(InvalidCommandError, /^text/);
  });

  it('the lead answers the citizen; the unit it passed the case to does not', () => {
    given(passedDownToStreet())
      .when(command('RespondToPetition', { answer: '已处理' }, { now, actor: handlerOf(STREET) }))
      .thenThrows(ForbiddenError);
    given(passedDownToStreet())
      .when(command('RespondToPetition', { answer: '已处理' }, { now, actor: actors.handler }))
      .thenState({ status: 'responded' });
  });
});

describe('AssignHandler (承办人)', () => {
  const assign = (actor: Actor, handlerId = 'staff-017', handlerName = '李工') =>
    command('AssignHandler', { handlerId, handlerName }, { now, actor });

  it('the lead department names the staff member handling the case, before or after signing for it', () => {
    given(history.inProgress())
      .when(assign(actors.handler))
      .then([
        {
          type: 'HandlerAssigned',
          data: { petitionId: PETITION_ID, departmentId: WATER, handlerId: 'staff-017', handlerName: '李工', at },
        },
      ]);
    given(history.dispatched()).when(assign(actors.handler)).thenState({ status: 'dispatched', handlerId: 'staff-017' });
  });

  it('keeps the handler through the acknowledgement and may change it, not to the same person', () => {
    const assigned = [...history.dispatched(), decider.decide(assign(actors.handler), fold(history.dispatched()))[0], ev.acknowledged()];
    expect(fold(assigned)).toMatchObject({ status: 'in_progress', handlerId: 'staff-017' });
    given(assigned)
      .when(assign(actors.handler))
      .thenThrows(RuleViolationError, /already handles/);
    given(assigned)
      .when(assign(actors.handler, 'staff-018', '王工'))
      .thenState({ handlerId: 'staff-018' });
  });

  it('refuses another department, an assisting one included (403), a blank name (400) and an answered case (409)', () => {
    given(coHandled())
      .when(assign(handlerOf(ROADS)))
      .thenThrows(ForbiddenError, /currently dispatched to/);
    given(history.inProgress())
      .when(assign(actors.handler, 'staff-017', ' '))
      .thenThrows(InvalidCommandError, /^handlerName/);
    given(history.responded())
      .when(assign(actors.handler))
      .thenThrows(IllegalStateError, /petition is responded/);
  });
});

describe('who works the case: departmentsWorkingOn (the least-privilege rule)', () => {
  it('is the lead, the assisting departments still owing and the units it was passed down to, while handled', () => {
    expect(departmentsWorkingOn(fold(coHandled()))).toEqual([WATER, ROADS, PARKS]);
    expect(departmentsWorkingOn(fold([...coHandled(), assistance(ROADS)]))).toEqual([WATER, PARKS]);
    expect(departmentsWorkingOn(fold(passedDownToStreet()))).toEqual([WATER, STREET]);
    expect(departmentsWorkingOn(fold([...passedDownToStreet(), ev.responded()]))).toEqual([WATER]);
    expect(departmentsWorkingOn(fold([...coHandled(), ev.returned()]))).toEqual([]);
    expect(departmentsWorkingOn(fold(history.accepted()))).toEqual([]);
  });
});

// The new commands in every state of the default story and the co-handled ones: events or the refusal.
describe('the co-handling commands in every state', () => {
  const states: Record<string, PetitionEvent[]> = {
    submitted: history.submitted(),
    accepted: history.accepted(),
    dispatched: [...history.accepted(), dispatchedWithAssisting()],
    in_progress: coHandled(),
    passed_down: [...coHandled(), passedDown(STREET, WATER)],
    returned: [...coHandled(), ev.returned()],
    responded: [...coHandled(), ev.responded()],
    rated: [...coHandled(), ev.responded(), ev.rated()],
    closed: [...coHandled(), ev.responded(), ev.rated({ satisfaction: 'satisfied' }), ev.closed()],
  };
  const commands: Record<string, () => PetitionCommand> = {
    ProvideAssistance: () => command('ProvideAssistance', { text: '已配合' }, { now, actor: handlerOf(ROADS) }),
    PassDownPetition: () =>
      command('PassDownPetition', { departmentId: COMMUNITY, ancestry: [STREET, WATER] }, { now, actor: actors.handler }),
    AnswerUp: () => command('AnswerUp', { text: '已处置' }, { now, actor: handlerOf(STREET) }),
    AssignHandler: () => command('AssignHandler', { handlerId: 'staff-1', handlerName: '李工' }, { now, actor: actors.handler }),
  };
  const IS = IllegalStateError;
  const F = ForbiddenError;
  // prettier-ignore
  const expected: Record<string, readonly (string | typeof IS | typeof F)[]> = {
    //                 submitted accepted dispatched             in_progress            passed_down            returned responded rated closed
    // A department no longer (or not yet) working on the case is refused before its state is told (2026-12-07).
    ProvideAssistance: [IS,      IS,      'AssistanceProvided',  'AssistanceProvided',  'AssistanceProvided',  F,       F,        F,    F],
    PassDownPetition:  [IS,      IS,      IS,                    'PetitionPassedDown',  F,                     IS,      IS,       IS,   IS],
    AnswerUp:          [IS,      IS,      F,                     F,                     'PetitionAnsweredUp',  F,       F,        F,    F],
    AssignHandler:     [IS,      IS,      'HandlerAssigned',     'HandlerAssigned',     'HandlerAssigned',     IS,      IS,       IS,   IS],
  };
  const cells = Object.keys(commands).flatMap((name) => Object.keys(states).map((s, i) => [name, s, expected[name][i]] as const));

  it.each(cells)('%s in %s', (name, stateName, outcome) => {
    const state = fold(states[stateName]);
    if (typeof outcome === 'string') {
      const events = decider.decide(commands[name](), state);
      expect(events.map((e) => e.type)).toEqual([outcome]);
      expect(JSON.parse(JSON.stringify(events))).toEqual(events);
    } else {
      expect(() => decider.decide(commands[name](), state)).toThrow(outcome);
    }
  });
});
