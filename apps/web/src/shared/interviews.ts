// The interview (在线访谈) read routes declare examples, not schemas, in the OpenAPI document; their
// shapes are written here from apps/api/src/interviews/read-interviews/interview-reader.ts and the
// live feed's messages (apps/api/src/interviews/live/interview-live-feed.ts). Labels live here too.

import type { ApiError } from '../api/errors';
import { TAG } from './colors';
import { conflictOrMessage } from './surveys';

export type InterviewStatus = 'scheduled' | 'live' | 'ended' | 'published';
export type QuestionStatus = 'pending' | 'approved' | 'rejected' | 'merged';

export const INTERVIEW_STATUS_COLOR: Record<InterviewStatus, string> = {
  scheduled: TAG.blue,
  live: TAG.red,
  ended: TAG.amber,
  published: TAG.green,
};

export interface Guest {
  name: string;
  title: string;
}

export interface InterviewItem {
  id: string;
  departmentId: string;
  topic: string;
  guests: Guest[];
  status: InterviewStatus;
  startsAt: string;
  endsAt: string;
  questionsReceived: number;
  questionsForwarded: number;
}

export interface InterviewAnswer {
  answerId: string;
  guest: string;
  text: string;
  media?: string[];
  at: string;
}

export interface PublicQuestion {
  questionId: string;
  text: string;
  submittedAt: string | null;
  answers: InterviewAnswer[];
  petitionId?: string | null;
  /** The public case an unanswered question became (absent until the case is on the listing). */
  trackingCode?: string | null;
}

export interface PublicInterview extends InterviewItem {
  description: string | null;
  startedAt: string | null;
  endedAt: string | null;
  transcriptPublishedAt: string | null;
  summary: string | null;
  questions: PublicQuestion[];
}

export interface ManagedQuestion extends PublicQuestion {
  status: QuestionStatus;
  mergedInto: string | null;
  position: number | null;
}

export interface ManagedInterview extends Omit<PublicInterview, 'questions'> {
  questions: ManagedQuestion[];
}

export interface InterviewList {
  items: InterviewItem[];
  total: number;
}

/** A message of GET /api/public/interviews/{id}/events. */
export type LiveMessage =
  | { event: 'question'; data: { questionId: string; text: string; submittedAt: string | null } }
  | { event: 'answer'; data: InterviewAnswer & { questionId: string } }
  | { event: 'merged'; data: { into: string; questionIds: string[] } }
  | { event: 'order'; data: { questionIds: string[] } }
  | { event: 'status'; data: { status: InterviewStatus; at: string } };

/**
 * The public page with one live message applied. Each is applied as often as it comes (the feed
 * replays the stream's history to a new listener, after the page was read): a question or an
 * answer already there is not added twice.
 */
export function applyLive(page: PublicInterview, m: LiveMessage): PublicInterview {
  switch (m.event) {
    case 'question':
      if (page.questions.some((q) => q.questionId === m.data.questionId)) return page;
      return { ...page, questions: [...page.questions, { ...m.data, answers: [] }] };
    case 'answer': {
      const { questionId, ...answer } = m.data;
      return {
        ...page,
        questions: page.questions.map((q) =>
          q.questionId === questionId && !q.answers.some((a) => a.answerId === answer.answerId)
            ? { ...q, answers: [...q.answers, answer] }
            : q,
        ),
      };
    }
    case 'merged':
      return { ...page, questions: page.questions.filter((q) => !m.data.questionIds.includes(q.questionId)) };
    case 'order': {
      const rank = (id: string) => {
        const i = m.data.questionIds.indexOf(id);
        return i < 0 ? Number.MAX_SAFE_INTEGER : i;
      };
      return { ...page, questions: [...page.questions].sort((a, b) => rank(a.questionId) - rank(b.questionId)) };
    }
    case 'status':
      return { ...page, status: m.data.status };
  }
}

export const im = {
  nav: '在线访谈',
  title: '在线访谈',
  intro: '部门负责人做客在线访谈，与网友在线交流。访谈前和访谈中均可提问，问题经审核后公开，嘉宾现场答复。',
  empty: '暂无在线访谈',
  status: { scheduled: '预告', live: '直播中', ended: '已结束', published: '已发布文字实录' } as Record<InterviewStatus, string>,
  time: '访谈时间',
  to: '至',
  department: '主办部门',
  guests: '访谈嘉宾',
  received: '网友提问',
  count: (n: number) => `${n} 个`,
  questions: '网友提问与嘉宾答复',
  noQuestions: '暂无公开的问题',
  waiting: '待答复',
  answeredBy: (guest: string) => `${guest} 答：`,
  forwarded: '未及答复，已转交部门办理',
  forwardedCase: (code: string) => `查看办理情况（查询码 ${code}）`,
  live: '实时更新中',
  summary: '访谈小结',
  form: {
    title: '我要提问',
    text: '您的问题',
    submit: '提交问题',
    sent: '问题已提交，经审核后显示。',
    closed: '访谈已结束，不再接收提问。',
    conflict: '无法提交',
    notTaking: '访谈已结束，不再接收提问。',
    hint: '请勿填写姓名、电话等个人信息；如填写，公开时将自动遮盖。',
  },
  console: {
    nav: '在线访谈管理',
    list: '本部门在线访谈',
    create: '新建访谈预告',
    topic: '访谈主题',
    description: '访谈简介',
    startsAt: '开始时间（北京时间）',
    endsAt: '结束时间（北京时间）',
    guestName: '嘉宾姓名',
    guestTitle: '嘉宾职务',
    addGuest: '增加嘉宾',
    removeGuest: '删除',
    schedule: '发布预告',
    start: '开始直播',
    end: '结束访谈',
    transcript: '发布文字实录',
    transcriptSummary: '访谈小结（选填）',
    transcriptHint: '发布后，已审核但未答复的问题将作为留言转交本部门办理。',
    forwardedTo: (n: number) => `已转为留言：${n} 件`,
    questionStatus: { pending: '待审核', approved: '已通过', rejected: '未通过', merged: '已合并' } as Record<QuestionStatus, string>,
    approve: '通过',
    reject: '不通过',
    mergeInto: '合并到',
    merge: '合并所选问题',
    mergeHint: '勾选内容相同的问题，合并到一个已通过的问题',
    up: '上移',
    down: '下移',
    answer: '答复',
    guest: '答复嘉宾',
    answerText: '答复内容',
    sendAnswer: '发布答复',
    conflict: '操作未完成，访谈状态已变化',
    view: '查看公开页面',
    none: '本部门暂无在线访谈',
    questions: '网友提问',
    petition: '转办留言',
  },
};

/** A question's 409 in the citizen's words: the only one it meets is the interview's state (ended or published meanwhile). */
export function questionRefusal(e: ApiError): string {
  return e.code === 'illegal_state' ? `${im.form.conflict}：${im.form.notTaking}` : conflictOrMessage(e, im.form.conflict);
}
