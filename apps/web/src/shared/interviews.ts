// The interview (在线访谈) read routes declare examples, not schemas, in the OpenAPI document; their
// shapes are written here from apps/api/src/interviews/read-interviews/interview-reader.ts and the
// live feed's messages (apps/api/src/interviews/live/interview-live-feed.ts). Labels: m.interviews (im).

import type { ApiError } from '../api/errors';
import { m } from '../i18n';
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

/** The labels, in the i18n file with every other (m.interviews). */
export const im = m.interviews;

/** A question's 409 in the citizen's words: the only one it meets is the interview's state (ended or published meanwhile). */
export function questionRefusal(e: ApiError): string {
  return e.code === 'illegal_state' ? `${im.form.conflict}：${im.form.notTaking}` : conflictOrMessage(e, im.form.conflict);
}
