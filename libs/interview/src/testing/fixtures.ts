import { InterviewActor, InterviewCommand, InterviewCommandType } from '../commands';
import { InterviewEvent, InterviewEventData, InterviewEventType } from '../events';

export const INTERVIEW_ID = '1e0a1b2c-3d4e-4f50-8a6b-000000000001';
export const Q1 = '1e0a1b2c-3d4e-4f50-8a6b-0000000000a1';
export const Q2 = '1e0a1b2c-3d4e-4f50-8a6b-0000000000a2';
export const Q3 = '1e0a1b2c-3d4e-4f50-8a6b-0000000000a3';
export const WATER = 'dept-water';
export const ROADS = 'dept-roads';
export const GUEST = '王建国';

export const actors = {
  handler: { id: 'handler-water', role: 'handler', departmentId: WATER },
  otherHandler: { id: 'handler-roads', role: 'handler', departmentId: ROADS },
  admin: { id: 'admin-1', role: 'admin' },
  citizen: { id: 'citizen-1', role: 'citizen' },
  system: { id: 'system', role: 'system' },
} as const satisfies Record<string, InterviewActor>;

export const T = {
  scheduled: new Date('2026-03-02T00:00:00.000Z'),
  before: new Date('2026-03-05T01:00:00.000Z'),
  startsAt: new Date('2026-03-06T02:00:00.000Z'),
  during: new Date('2026-03-06T02:30:00.000Z'),
  endsAt: new Date('2026-03-06T04:00:00.000Z'),
  after: new Date('2026-03-06T05:00:00.000Z'),
} as const;

export function command<T extends InterviewCommandType>(
  type: T,
  data: Omit<Extract<InterviewCommand, { type: T }>['data'], 'interviewId'>,
  context: { now: Date; actor: InterviewActor },
): InterviewCommand {
  return { type, data: { interviewId: INTERVIEW_ID, ...data }, context } as InterviewCommand;
}

const event = <T extends InterviewEventType>(type: T, at: Date, data: Omit<InterviewEventData<T>, 'interviewId' | 'at'>): InterviewEvent =>
  ({ type, data: { interviewId: INTERVIEW_ID, at: at.toISOString(), ...data } }) as unknown as InterviewEvent;

export const ev = {
  scheduled: () =>
    event('InterviewScheduled', T.scheduled, {
      departmentId: WATER,
      topic: '城市供水保障',
      guests: [{ name: GUEST, title: '市水务局局长' }],
      startsAt: T.startsAt.toISOString(),
      endsAt: T.endsAt.toISOString(),
    }),
  question: (questionId = Q1, at: Date = T.before) =>
    event('InterviewQuestionSubmitted', at, { questionId, text: '老城区何时改造供水管网？', anonymous: true }),
  approved: (questionId = Q1, at: Date = T.before) => event('InterviewQuestionApproved', at, { questionId }),
  rejected: (questionId = Q1) => event('InterviewQuestionRejected', T.before, { questionId }),
  merged: (into: string, questionIds: string[]) => event('InterviewQuestionsMerged', T.during, { into, questionIds }),
  started: () => event('InterviewStarted', T.startsAt, {}),
  answered: (questionId = Q1) =>
    event('InterviewQuestionAnswered', T.during, { questionId, answerId: `answer-${questionId}`, guest: GUEST, text: '今年内完成。' }),
  ended: () => event('InterviewEnded', T.endsAt, {}),
  published: (answered: string[], unanswered: string[]) =>
    event('InterviewTranscriptPublished', T.after, { departmentId: WATER, answered, unanswered }),
  forwarded: (questionId: string, petitionId: string) =>
    event('InterviewQuestionForwarded', T.after, { questionId, petitionId, departmentId: WATER }),
};

// Q1 approved and answered, Q2 approved and left unanswered, Q3 pending until the end.
export const history = {
  initial: (): InterviewEvent[] => [],
  scheduled: (): InterviewEvent[] => [ev.scheduled(), ev.question(Q1), ev.approved(Q1), ev.question(Q2), ev.approved(Q2), ev.question(Q3)],
  live: (): InterviewEvent[] => [...history.scheduled(), ev.started(), ev.answered(Q1)],
  ended: (): InterviewEvent[] => [...history.live(), ev.ended()],
  published: (): InterviewEvent[] => [...history.ended(), ev.rejected(Q3), ev.published([Q1], [Q2])],
};
