import { SHANGHAI_OFFSET } from '@wenzheng/calendar';
import { SurveyActor, SurveyCommand, SurveyCommandType } from '../commands';
import { SurveyEvent, SurveyEventData, SurveyEventType, SurveyQuestion } from '../events';

export const SURVEY_ID = '5e0a1b2c-3d4e-4f50-8a6b-000000000001';
export const RESPONSE_ID = '5e0a1b2c-3d4e-4f50-8a6b-0000000000b1';
export const RESPONDENT = 'hmac-of-citizen-1';
export const WATER = 'dept-water';
export const ROADS = 'dept-roads';

export const actors = {
  handler: { id: 'handler-water', role: 'handler', departmentId: WATER },
  otherHandler: { id: 'handler-roads', role: 'handler', departmentId: ROADS },
  admin: { id: 'admin-1', role: 'admin' },
  citizen: { id: 'citizen-1', role: 'citizen' },
  system: { id: 'system', role: 'system' },
} as const satisfies Record<string, SurveyActor>;

export const local = (wallClock: string): Date => new Date(`${wallClock}${SHANGHAI_OFFSET}`);

export const T = {
  published: local('2026-03-02T08:00'),
  opensAt: local('2026-03-02T09:00'),
  during: local('2026-03-05T10:00'),
  closesAt: local('2026-03-16T00:00'),
  afterClose: local('2026-03-16T09:00'),
} as const;

/** One question of each kind. */
export const QUESTIONS: readonly SurveyQuestion[] = [
  { id: 'q1', kind: 'single', text: '您是否使用过供水热线？', options: ['是', '否'], required: true },
  { id: 'q2', kind: 'multiple', text: '您关心哪些方面？', options: ['水质', '水压', '水价'], required: false },
  { id: 'q3', kind: 'scale', text: '对供水服务的满意度', required: true },
  { id: 'q4', kind: 'text', text: '其他建议', required: false },
];

export function command<T extends SurveyCommandType>(
  type: T,
  data: Omit<Extract<SurveyCommand, { type: T }>['data'], 'surveyId'>,
  context: { now: Date; actor: SurveyActor },
): SurveyCommand {
  return { type, data: { surveyId: SURVEY_ID, ...data }, context } as SurveyCommand;
}

const event = <T extends SurveyEventType>(type: T, data: Omit<SurveyEventData<T>, 'surveyId'>): SurveyEvent =>
  ({ type, data: { surveyId: SURVEY_ID, ...data } }) as unknown as SurveyEvent;

export const GOOD_ANSWERS = [
  { questionId: 'q1', choices: [0] },
  { questionId: 'q2', choices: [0, 2] },
  { questionId: 'q3', scale: 4 },
  { questionId: 'q4', text: '希望公布水质检测报告' },
];

export const ev = {
  published: () =>
    event('SurveyPublished', {
      at: T.published.toISOString(),
      departmentId: WATER,
      title: '供水服务满意度调查',
      questions: QUESTIONS,
      opensAt: T.opensAt.toISOString(),
      closesAt: T.closesAt.toISOString(),
      resultsVisibility: 'live',
    }),
  response: (o: { responseId?: string; respondentKey?: string; otherKeys?: string[]; via?: 'account' | 'phone' } = {}) =>
    event('SurveyResponseRecorded', {
      at: T.during.toISOString(),
      responseId: o.responseId ?? RESPONSE_ID,
      respondentKey: o.respondentKey ?? RESPONDENT,
      ...(o.otherKeys ? { otherKeys: o.otherKeys } : {}),
      via: o.via ?? 'account',
      answers: GOOD_ANSWERS,
    }),
  closed: (automatic = true) => event('SurveyClosed', { at: T.afterClose.toISOString(), automatic }),
};

export const history = {
  initial: (): SurveyEvent[] => [],
  open: (): SurveyEvent[] => [ev.published(), ev.response()],
  closed: (): SurveyEvent[] => [...history.open(), ev.closed()],
};
