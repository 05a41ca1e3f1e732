import { SHANGHAI_OFFSET, WorkingDayCalendar } from '@wenzheng/calendar';
import { ConsultationActor, ConsultationCommand, ConsultationCommandType } from '../commands';
import { ConsultationEvent, ConsultationEventData, ConsultationEventType } from '../events';
import { DEFAULT_CONSULTATION_POLICY } from '../policy';

export const CONSULTATION_ID = '5c0a1b2c-3d4e-4f50-8a6b-000000000001';
export const OPINION_ID = '5c0a1b2c-3d4e-4f50-8a6b-0000000000a1';
export const PRIVATE_OPINION_ID = '5c0a1b2c-3d4e-4f50-8a6b-0000000000a2';
export const WATER = 'dept-water';
export const ROADS = 'dept-roads';

export const actors = {
  handler: { id: 'handler-water', role: 'handler', departmentId: WATER },
  otherHandler: { id: 'handler-roads', role: 'handler', departmentId: ROADS },
  admin: { id: 'admin-1', role: 'admin' },
  citizen: { id: 'citizen-1', role: 'citizen' },
  anonymous: { id: 'anonymous', role: 'citizen' },
  supervisor: { id: 'supervisor-1', role: 'supervisor' },
  system: { id: 'system', role: 'system' },
} as const satisfies Record<string, ConsultationActor>;

/** An Asia/Shanghai wall-clock time as an instant. */
export const local = (wallClock: string): Date => new Date(`${wallClock}${SHANGHAI_OFFSET}`);
export const endOf = (date: string): string => new Date(`${date}T23:59:59.999${SHANGHAI_OFFSET}`).toISOString();

// 2026-03-02 is a Monday; no holiday in March 2026. The period: Mon 03-02 09:00 until Mon 03-16 00:00.
export const T = {
  published: local('2026-03-02T08:00'),
  opensAt: local('2026-03-02T09:00'),
  during: local('2026-03-05T10:00'),
  closesAt: local('2026-03-16T00:00'),
  afterClose: local('2026-03-16T09:00'),
  /** 15 working days after Mon 03-16: Tue 17 … Mon 04-06 is Qingming (04-04..06 off), so Tue 04-07. */
  summaryDueBy: endOf('2026-04-07'),
  overdue: local('2026-04-08T00:05'),
} as const;

export const calendar = new WorkingDayCalendar();

export function command<T extends ConsultationCommandType>(
  type: T,
  data: Omit<Extract<ConsultationCommand, { type: T }>['data'], 'consultationId'>,
  context: { now: Date; actor: ConsultationActor },
): ConsultationCommand {
  return {
    type,
    data: { consultationId: CONSULTATION_ID, ...data },
    context: { ...context, policy: DEFAULT_CONSULTATION_POLICY, calendar },
  } as ConsultationCommand;
}

const event = <T extends ConsultationEventType>(type: T, data: Omit<ConsultationEventData<T>, 'consultationId'>): ConsultationEvent =>
  ({ type, data: { consultationId: CONSULTATION_ID, ...data } }) as unknown as ConsultationEvent;

export const ev = {
  published: () =>
    event('ConsultationPublished', {
      at: T.published.toISOString(),
      departmentId: WATER,
      title: '城市供水条例（征求意见稿）',
      draft: '第一条 ……',
      opensAt: T.opensAt.toISOString(),
      closesAt: T.closesAt.toISOString(),
      summaryDueBy: T.summaryDueBy,
    }),
  opinion: (o: { opinionId?: string; private?: boolean; author?: string } = {}) =>
    event('OpinionSubmitted', {
      at: T.during.toISOString(),
      opinionId: o.opinionId ?? OPINION_ID,
      text: '建议延长听证期',
      anonymous: o.author === undefined,
      private: o.private ?? false,
      ...(o.author !== undefined ? { author: o.author } : {}),
    }),
  moderated: (decision: 'published' | 'rejected', opinionId = OPINION_ID) =>
    event('OpinionModerated', { at: T.during.toISOString(), opinionId, decision }),
  closed: () => event('ConsultationClosed', { at: T.afterClose.toISOString(), automatic: true }),
  summarised: () =>
    event('FeedbackSummaryPublished', { at: T.afterClose.toISOString(), departmentId: WATER, items: [], text: '感谢参与', late: false }),
  overdue: () => event('ConsultationSummaryOverdue', { at: T.overdue.toISOString(), departmentId: WATER, dueAt: T.summaryDueBy }),
};

export const history = {
  initial: (): ConsultationEvent[] => [],
  open: (): ConsultationEvent[] => [ev.published(), ev.opinion(), ev.opinion({ opinionId: PRIVATE_OPINION_ID, private: true })],
  closed: (): ConsultationEvent[] => [...history.open(), ev.closed()],
  summarised: (): ConsultationEvent[] => [...history.closed(), ev.summarised()],
};
