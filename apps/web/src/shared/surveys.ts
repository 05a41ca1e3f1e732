// The survey (网上调查) read routes declare examples, not schemas, in the OpenAPI document; their
// shapes are written here from apps/api/src/surveys/survey-reader.ts (the fields the screens read).
// Labels live here too, beside the screens that use them.

import { ApiError } from '../api/errors';
import { m } from '../i18n';
import { TAG } from './colors';
import { formatTime } from './format';

export type SurveyStatus = 'open' | 'closed';
export type QuestionKind = 'single' | 'multiple' | 'scale' | 'text';
export type ResultsVisibility = 'live' | 'after_close' | 'staff';

export const SURVEY_STATUS_COLOR: Record<SurveyStatus, string> = { open: TAG.green, closed: TAG.blue };

export interface SurveyQuestion {
  id: string;
  kind: QuestionKind;
  text: string;
  options?: string[];
  required: boolean;
}

export interface SurveyItem {
  id: string;
  departmentId: string;
  title: string;
  status: SurveyStatus;
  opensAt: string;
  closesAt: string;
  resultsVisibility: ResultsVisibility;
  responses: number;
}

export interface QuestionResult {
  questionId: string;
  kind: QuestionKind;
  text: string;
  /** single, multiple and scale: per option (scale: per point 1–5), percent of all responses. */
  options?: { label: string; count: number; percent: number }[];
  answered?: number;
  mean?: number | null;
  /** text: the answers as redacted when written, newest first. */
  texts?: string[];
}

export interface PublicSurvey extends SurveyItem {
  description: string | null;
  questions: SurveyQuestion[];
  results: QuestionResult[] | null;
}

export interface ManagedSurvey extends SurveyItem {
  description: string | null;
  questions: SurveyQuestion[];
  closedAt: string | null;
  results: QuestionResult[];
}

export interface SurveyList {
  items: SurveyItem[];
  total: number;
}

/** Responses are taken while open and within the period (the API says 409 otherwise). */
export const takingResponses = (s: SurveyItem, now = Date.now()): boolean =>
  s.status === 'open' && now >= Date.parse(s.opensAt) && now < Date.parse(s.closesAt);

/** A 409 (the survey or interview moved on) said as such, with the API's words; anything else its message. */
export function conflictOrMessage(e: unknown, conflict: string): string {
  if (e instanceof ApiError && e.status === 409) return `${conflict}（${e.message}）`;
  return e instanceof Error ? e.message : String(e);
}

/**
 * A survey's 409 or 429 in the citizen's words, told by its `rule` (libs/survey's decider,
 * apps/api/src/surveys/phone-codes.ts): the phone's lock with its end in Beijing time. A refusal
 * not listed is said as conflictOrMessage says it; a 429 without a rule as the site's "too many".
 */
export function surveyRefusal(e: unknown): string {
  if (!(e instanceof ApiError)) return conflictOrMessage(e, sm.form.conflict);
  const until = e.rule === 'phone_locked' ? /\d{4}-\d{2}-\d{2}T[\d:.]+Z/.exec(e.message)?.[0] : undefined;
  if (until) return sm.form.lockedUntil(formatTime(until));
  const told = sm.form.refused[e.rule ?? e.code ?? ''];
  if (told) return e.status === 409 ? `${sm.form.conflict}：${told}` : told;
  return e.status === 429 ? m.errors.tooMany : conflictOrMessage(e, sm.form.conflict);
}

export const sm = {
  nav: '网上调查',
  title: '网上调查',
  intro: '政府部门就公共事务开展网上调查和投票，每位市民（登录账号或经短信验证的手机号）可参与一次。',
  empty: '暂无网上调查',
  status: { open: '进行中', closed: '已结束' } as Record<SurveyStatus, string>,
  notYet: '未开始',
  period: '调查时间',
  to: '至',
  department: '发布部门',
  responses: '参与人次',
  count: (n: number) => `${n} 人次`,
  kind: { single: '单选', multiple: '多选', scale: '打分（1–5）', text: '文字回答' } as Record<QuestionKind, string>,
  scaleLow: '1 = 很不满意',
  scaleHigh: '5 = 非常满意',
  optional: '（选填）',
  answerRequired: '请回答此题',
  form: {
    title: '参与调查',
    phone: '手机号码',
    sendCode: '获取验证码',
    codeSent: '验证码已发送，10分钟内有效。',
    code: '短信验证码',
    submit: '提交答卷',
    sent: '提交成功，感谢您的参与！',
    closed: '调查已结束，不再接收答卷。',
    notOpenYet: '调查尚未开始。',
    conflict: '无法提交',
    /** By the 409's or 429's rule (a 409 without one by its code): surveyRefusal. */
    refused: {
      already_responded: '此手机号码已参与过本次调查，每个手机号码只能参与一次。',
      outside_period: '不在调查时间内，不接收答卷。',
      illegal_state: '调查已结束',
      code_resend_interval: '验证码已发送，1 分钟内不能重复获取，请稍后再试。',
      codes_per_hour: '此号码 1 小时内获取验证码的次数已达上限，请稍后再试。',
      phone_locked: '验证码输错次数过多，此号码暂时不能参与本调查，请 1 小时后再试。',
    } as Record<string, string>,
    lockedUntil: (time: string) => `验证码输错次数过多，此号码暂时不能参与本调查，请于 ${time} 后再试。`,
    hint: '手机号仅用于发送验证码和防止重复参与，不会保存或公开；文字回答中的个人信息公开时自动遮盖。',
  },
  results: {
    title: '调查结果',
    hidden: { after_close: '调查结束后公布结果。', staff: '本调查结果不公开。', live: '' } as Record<ResultsVisibility, string>,
    mean: '平均分',
    answered: '作答人数',
    textAnswers: '文字回答',
    noTexts: '暂无文字回答',
    option: '选项',
    count: '票数',
    percent: '占比',
    chart: (q: string, rows: { label: string; count: number; percent: number }[]) =>
      `${q}：${rows.map((r) => `${r.label} ${r.count} 票（${r.percent}%）`).join('，')}`,
  },
  console: {
    nav: '网上调查管理',
    list: '本部门网上调查',
    create: '发布网上调查',
    titleField: '调查标题',
    descriptionField: '调查说明',
    opensAt: '开始时间（北京时间）',
    closesAt: '截止时间（北京时间）',
    visibility: '结果公开方式',
    visibilities: { live: '实时公开', after_close: '结束后公开', staff: '不公开（仅本部门）' } as Record<ResultsVisibility, string>,
    questions: '题目',
    question: (i: number) => `第 ${i + 1} 题`,
    questionText: '题目内容',
    questionKind: '题型',
    options: '选项（每行一个）',
    required: '必答',
    addQuestion: '增加题目',
    removeQuestion: '删除此题',
    publish: '发布调查',
    close: '结束调查',
    closed: '已结束',
    conflict: '操作未完成，调查状态已变化',
    download: { csv: '下载 CSV', xlsx: '下载 Excel' },
    view: '查看公开页面',
    none: '本部门暂无网上调查',
  },
};
