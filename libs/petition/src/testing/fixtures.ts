import { SHANGHAI_OFFSET } from '@wenzheng/calendar';
import { PetitionCommand, PetitionCommandData, PetitionCommandType } from '../commands';
import { PetitionEvent, PetitionEventData, PetitionEventType } from '../events';
import { PolicySet, defaultPolicies } from '../policy';
import { Actor, Submitter } from '../vocabulary';
import { WorkingDays } from '../working-days';
import { weekdayCalendar } from './weekday-calendar';

export const PETITION_ID = '0b7e6f0a-3c1d-4e2f-9a8b-000000000001';
export const OTHER_PETITION_ID = '0b7e6f0a-3c1d-4e2f-9a8b-000000000002';
export const WATER = 'dept-water';
export const ROADS = 'dept-roads';
export const PARKS = 'dept-parks';

export const SUBMITTER: Submitter = { userId: 'citizen-1', accessKeyHash: 'sha256:5f2b' };

export const actors = {
  citizen: { id: 'citizen-1', role: 'citizen' },
  stranger: { id: 'citizen-2', role: 'citizen' },
  reviewer: { id: 'reviewer-1', role: 'reviewer' },
  handler: { id: 'handler-water', role: 'handler', departmentId: WATER },
  roadsHandler: { id: 'handler-roads', role: 'handler', departmentId: ROADS },
  supervisor: { id: 'supervisor-1', role: 'supervisor' },
  auditor: { id: 'auditor-1', role: 'auditor' },
  admin: { id: 'admin-1', role: 'admin' },
  system: { id: 'system', role: 'system' },
} as const satisfies Record<string, Actor>;

/** An Asia/Shanghai wall-clock time as an instant: local('2026-03-02T09:00') */
export const local = (wallClock: string): Date => new Date(`${wallClock}${SHANGHAI_OFFSET}`);

/** End of a local day, as deadlines are stored. */
export const endOf = (date: string): string => new Date(`${date}T23:59:59.999${SHANGHAI_OFFSET}`).toISOString();

// The default story, on the weekday calendar. 2026-03-02 is a Monday.
export const T = {
  submitted: local('2026-03-02T09:00'),
  reviewed: local('2026-03-02T10:00'),
  dispatched: local('2026-03-02T11:00'),
  /** 1 working day after Mon 03-02 */
  acknowledgeBy: endOf('2026-03-03'),
  /** 8 working days after Mon 03-02: Tue 3 … Thu 12 */
  respondBy: endOf('2026-03-12'),
  acknowledged: local('2026-03-03T09:00'),
  responded: local('2026-03-10T15:00'),
  /** 5 working days after Tue 03-10 */
  rateBy: endOf('2026-03-17'),
  rated: local('2026-03-11T10:00'),
} as const;

const iso = (date: Date) => date.toISOString();

type Data<T extends PetitionEventType> = PetitionEventData<T>;
const event = <T extends PetitionEventType>(type: T, data: Data<T>): PetitionEvent => ({ type, data }) as PetitionEvent;

export const ev = {
  submitted: (o: Partial<Data<'PetitionSubmitted'>> = {}) =>
    event('PetitionSubmitted', {
      petitionId: PETITION_ID,
      trackingCode: 'WZ-20260302-0001',
      channel: 'web',
      kind: 'complaint',
      addressee: { type: 'mayor' },
      title: '小区自来水发黄',
      content: '某小区自来水连续三天发黄，请尽快处理。',
      citizen: { name: '张三', phone: '13800000000' },
      publicConsent: true,
      submitter: SUBMITTER,
      at: iso(T.submitted),
      ...o,
    }),
  reviewed: (o: Partial<Data<'PetitionReviewed'>> = {}) =>
    event('PetitionReviewed', {
      petitionId: PETITION_ID,
      outcome: 'accepted',
      categoryId: 'water-supply',
      confidential: false,
      at: iso(T.reviewed),
      ...o,
    }),
  dispatched: (o: Partial<Data<'PetitionDispatched'>> = {}) =>
    event('PetitionDispatched', {
      petitionId: PETITION_ID,
      departmentId: WATER,
      acknowledgeBy: T.acknowledgeBy,
      respondBy: T.respondBy,
      at: iso(T.dispatched),
      ...o,
    }),
  acknowledged: (o: Partial<Data<'PetitionAcknowledged'>> = {}) =>
    event('PetitionAcknowledged', {
      petitionId: PETITION_ID,
      departmentId: WATER,
      onTime: true,
      acknowledgeBy: T.acknowledgeBy,
      at: iso(T.acknowledged),
      ...o,
    }),
  returned: (o: Partial<Data<'PetitionReturned'>> = {}) =>
    event('PetitionReturned', {
      petitionId: PETITION_ID,
      departmentId: WATER,
      reason: '不属于本单位职责',
      at: iso(local('2026-03-03T10:00')),
      ...o,
    }),
  extensionRequested: (o: Partial<Data<'ExtensionRequested'>> = {}) =>
    event('ExtensionRequested', {
      petitionId: PETITION_ID,
      departmentId: WATER,
      reason: '需要现场勘察',
      requestedRespondBy: endOf('2026-03-20'),
      currentRespondBy: T.respondBy,
      at: iso(local('2026-03-05T10:00')),
      ...o,
    }),
  extensionDecided: (o: Partial<Data<'ExtensionDecided'>> = {}) =>
    event('ExtensionDecided', {
      petitionId: PETITION_ID,
      departmentId: WATER,
      approved: true,
      respondBy: endOf('2026-03-20'),
      requestedRespondBy: endOf('2026-03-20'),
      previousRespondBy: T.respondBy,
      at: iso(local('2026-03-06T10:00')),
      ...o,
    }),
  responded: (o: Partial<Data<'PetitionResponded'>> = {}) =>
    event('PetitionResponded', {
      petitionId: PETITION_ID,
      departmentId: WATER,
      answer: '已更换老化管道，水质已恢复。',
      onTime: true,
      respondBy: T.respondBy,
      at: iso(T.responded),
      ...o,
    }),
  rated: (o: Partial<Data<'PetitionRated'>> = {}) =>
    event('PetitionRated', {
      petitionId: PETITION_ID,
      departmentId: WATER,
      satisfaction: 'unsatisfied',
      at: iso(T.rated),
      ...o,
    }),
  reopened: (o: Partial<Data<'PetitionReopened'>> = {}) =>
    event('PetitionReopened', {
      petitionId: PETITION_ID,
      departmentId: WATER,
      reason: '问题未解决',
      respondBy: endOf('2026-03-23'),
      reopenCount: 1,
      at: iso(local('2026-03-11T15:00')),
      ...o,
    }),
  deadlineMissed: (o: Partial<Data<'PetitionDeadlineMissed'>> = {}) =>
    event('PetitionDeadlineMissed', {
      petitionId: PETITION_ID,
      deadline: 'acknowledgement',
      dueAt: T.acknowledgeBy,
      departmentId: WATER,
      at: iso(local('2026-03-04T00:05')),
      ...o,
    }),
  escalated: (o: Partial<Data<'PetitionEscalated'>> = {}) =>
    event('PetitionEscalated', {
      petitionId: PETITION_ID,
      reason: '群众反映强烈',
      automatic: false,
      level: 1,
      departmentId: WATER,
      respondBy: T.respondBy,
      at: iso(local('2026-03-05T10:00')),
      ...o,
    }),
  closed: (o: Partial<Data<'PetitionClosed'>> = {}) =>
    event('PetitionClosed', { petitionId: PETITION_ID, reason: 'rated', at: iso(T.rated), ...o }),
  commented: (o: Partial<Data<'PetitionCommented'>> = {}) =>
    event('PetitionCommented', { petitionId: PETITION_ID, text: '同小区，确有此事', author: '网友a1b2', at: iso(T.rated), ...o }),
  withdrawn: (o: Partial<Data<'PetitionWithdrawn'>> = {}) =>
    event('PetitionWithdrawn', { petitionId: PETITION_ID, departmentId: WATER, at: iso(local('2026-03-05T10:00')), ...o }),
  interimReplied: (o: Partial<Data<'PetitionInterimReplied'>> = {}) =>
    event('PetitionInterimReplied', {
      petitionId: PETITION_ID,
      departmentId: WATER,
      text: '已现场核查，正在协调',
      at: iso(local('2026-03-05T10:00')),
      ...o,
    }),
  assistanceProvided: (o: Partial<Data<'AssistanceProvided'>> = {}) =>
    event('AssistanceProvided', {
      petitionId: PETITION_ID,
      departmentId: ROADS,
      leadDepartmentId: WATER,
      text: '道路开挖许可已办结',
      contributeBy: endOf('2026-03-09'),
      onTime: true,
      at: iso(local('2026-03-04T10:00')),
      ...o,
    }),
  passedDown: (o: Partial<Data<'PetitionPassedDown'>> = {}) =>
    event('PetitionPassedDown', {
      petitionId: PETITION_ID,
      departmentId: 'dept-street-1',
      fromDepartmentId: WATER,
      leadDepartmentId: WATER,
      at: iso(local('2026-03-04T09:00')),
      ...o,
    }),
  answeredUp: (o: Partial<Data<'PetitionAnsweredUp'>> = {}) =>
    event('PetitionAnsweredUp', {
      petitionId: PETITION_ID,
      departmentId: 'dept-street-1',
      toDepartmentId: WATER,
      text: '已现场处置',
      at: iso(local('2026-03-05T09:00')),
      ...o,
    }),
  handlerAssigned: (o: Partial<Data<'HandlerAssigned'>> = {}) =>
    event('HandlerAssigned', {
      petitionId: PETITION_ID,
      departmentId: WATER,
      handlerId: 'staff-017',
      handlerName: '李工',
      at: iso(local('2026-03-03T09:30')),
      ...o,
    }),
  /** 补充材料 asked Wed 03-04 10:00: 5 working days to supply, to the end of Wed 03-11. */
  informationRequested: (o: Partial<Data<'InformationRequested'>> = {}) =>
    event('InformationRequested', {
      petitionId: PETITION_ID,
      departmentId: WATER,
      question: '请补充漏水位置照片',
      supplyBy: endOf('2026-03-11'),
      respondBy: T.respondBy,
      at: iso(local('2026-03-04T10:00')),
      ...o,
    }),
  /** Supplied Fri 03-06: paused Thu 5 and Fri 6, so respondBy moves 2 working days to Mon 03-16. */
  informationSupplied: (o: Partial<Data<'InformationSupplied'>> = {}) =>
    event('InformationSupplied', {
      petitionId: PETITION_ID,
      departmentId: WATER,
      text: '照片见附件，位于3号楼',
      pausedWorkingDays: 2,
      previousRespondBy: T.respondBy,
      respondBy: endOf('2026-03-16'),
      at: iso(local('2026-03-06T10:00')),
      ...o,
    }),
  informationRequestLapsed: (o: Partial<Data<'InformationRequestLapsed'>> = {}) =>
    event('InformationRequestLapsed', {
      petitionId: PETITION_ID,
      departmentId: WATER,
      supplyBy: endOf('2026-03-11'),
      pausedWorkingDays: 5,
      previousRespondBy: T.respondBy,
      respondBy: endOf('2026-03-19'),
      at: iso(local('2026-03-12T00:05')),
      ...o,
    }),
  /** Submitted Mon 09:00 with 24 working hours: due Tue 09:00. */
  reviewDeadlineMissed: (o: Partial<Data<'ReviewDeadlineMissed'>> = {}) =>
    event('ReviewDeadlineMissed', {
      petitionId: PETITION_ID,
      dueAt: iso(local('2026-03-03T09:00')),
      at: iso(local('2026-03-03T09:05')),
      ...o,
    }),
  moderated: (o: Partial<Data<'PublicationModerated'>> = {}) =>
    event('PublicationModerated', {
      petitionId: PETITION_ID,
      target: 'case',
      action: 'hide',
      reason: '含不实信息',
      at: iso(local('2026-03-12T10:00')),
      ...o,
    }),
};

/** Event histories that reach each state of the default story. */
export const history = {
  initial: (): PetitionEvent[] => [],
  submitted: (): PetitionEvent[] => [ev.submitted()],
  accepted: (): PetitionEvent[] => [...history.submitted(), ev.reviewed()],
  dispatched: (): PetitionEvent[] => [...history.accepted(), ev.dispatched()],
  inProgress: (): PetitionEvent[] => [...history.dispatched(), ev.acknowledged()],
  returned: (): PetitionEvent[] => [...history.dispatched(), ev.returned()],
  responded: (): PetitionEvent[] => [...history.inProgress(), ev.responded()],
  rated: (): PetitionEvent[] => [...history.responded(), ev.rated()],
  closedRejected: (): PetitionEvent[] => [
    ...history.submitted(),
    ev.reviewed({ outcome: 'rejected', reason: '内容不属于受理范围', categoryId: undefined }),
    ev.closed({ reason: 'rejected', at: iso(T.reviewed) }),
  ],
  closedRated: (): PetitionEvent[] => [...history.responded(), ev.rated({ satisfaction: 'satisfied' }), ev.closed({ reason: 'rated' })],
};

/** The same history for a case that came in by the 12345 hotline (the caller holds no access key; 回访 applies). */
export const byHotline = (events: PetitionEvent[]): PetitionEvent[] =>
  events.map((e) => (e.type === 'PetitionSubmitted' ? ({ ...e, data: { ...e.data, channel: 'hotline_12345' } } as PetitionEvent) : e));

export interface CommandOptions {
  now: Date;
  actor: Actor;
  policies?: PolicySet;
  calendar?: WorkingDays;
}

/** A command on PETITION_ID with the weekday calendar and the default policies. */
export const command = <T extends PetitionCommandType>(
  type: T,
  data: Omit<PetitionCommandData<T>, 'petitionId'> & { petitionId?: string },
  { now, actor, policies = defaultPolicies(), calendar = weekdayCalendar }: CommandOptions,
): Extract<PetitionCommand, { type: T }> =>
  ({ type, data: { petitionId: PETITION_ID, ...data }, context: { now, actor, policies, calendar } }) as unknown as Extract<
    PetitionCommand,
    { type: T }
  >;

export const submitData = (): Omit<PetitionCommandData<'SubmitPetition'>, 'petitionId'> => ({
  trackingCode: 'WZ-20260302-0001',
  channel: 'web',
  kind: 'complaint',
  addressee: { type: 'mayor' },
  title: '小区自来水发黄',
  content: '某小区自来水连续三天发黄，请尽快处理。',
  citizen: { name: '张三', phone: '13800000000' },
  publicConsent: true,
  submitter: SUBMITTER,
});
