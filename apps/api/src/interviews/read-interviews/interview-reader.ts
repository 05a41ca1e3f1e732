import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { rowFromJson } from '@wenzheng/projector';
import { PG_POOL } from '@wenzheng/platform';
import {
  INTERVIEWS,
  INTERVIEW_COLUMNS,
  INTERVIEW_QUESTIONS,
  InterviewRow,
  QUESTION_COLUMNS,
  QuestionRow,
  interviewTables,
  petitionViewTables,
} from '@wenzheng/read-models';
import { VISIBLE_PUBLIC } from '../../public-listing/shared/public-petition-view';

/** A list line: the announcement and its counts, never a question. */
const interviewSummary = (r: InterviewRow) => ({
  id: r.interviewId,
  departmentId: r.departmentId,
  topic: r.topic,
  guests: r.guests,
  status: r.status,
  startsAt: r.startsAt,
  endsAt: r.endsAt,
  questionsReceived: r.questionsReceived,
  questionsForwarded: r.questionsForwarded,
});

/** `trackingCode`: the case a forwarded question became, while that case is on the public listing (the page links to it). */
const publicQuestion = (q: QuestionRow, trackingCode: string | null) => ({
  questionId: q.questionId,
  text: q.text,
  submittedAt: q.submittedAt,
  answers: q.answers,
  petitionId: q.petitionId,
  trackingCode,
});

@Injectable()
export class InterviewReader {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Newest session first; `departmentId` narrows to one department's (the console). */
  async list(options: { limit: number; offset: number; departmentId?: string }) {
    const t = interviewTables()[INTERVIEWS];
    const where = options.departmentId ? 'where department_id = $3' : '';
    const { rows } = await this.pool.query<{ r: Record<string, unknown>; total: string }>(
      `select to_jsonb(i) as r, count(*) over () as total from ${t} i ${where} order by starts_at desc, interview_id limit $1 offset $2`,
      [options.limit, options.offset, ...(options.departmentId ? [options.departmentId] : [])],
    );
    return {
      items: rows.map(({ r }) => interviewSummary(rowFromJson(INTERVIEW_COLUMNS, r) as InterviewRow)),
      total: Number(rows[0]?.total ?? 0),
    };
  }

  /** The public page: the announcement, approved questions in the moderator's order with their answers. */
  publicPage(id: string) {
    return this.page(id, true, publicQuestion);
  }

  /** The moderators' view: every question whatever its status, as redacted when written, never the asker. */
  staffPage(id: string) {
    return this.page(id, false, (q, code) => ({
      ...publicQuestion(q, code),
      status: q.status,
      mergedInto: q.mergedInto,
      position: q.position,
    }));
  }

  private async page<Q>(id: string, approvedOnly: boolean, question: (q: QuestionRow, trackingCode: string | null) => Q) {
    const names = interviewTables();
    const { rows } = await this.pool.query<{ r: Record<string, unknown> }>(
      `select to_jsonb(i) as r from ${names[INTERVIEWS]} i where interview_id = $1`,
      [id],
    );
    const row = rowFromJson(INTERVIEW_COLUMNS, rows[0]?.r ?? null);
    if (!row) return undefined;
    const questions = await this.pool.query<{ r: Record<string, unknown>; tracking_code: string | null }>(
      `select to_jsonb(q) as r, p.tracking_code from ${names[INTERVIEW_QUESTIONS]} q
         left join ${petitionViewTables().public_petitions} p on p.petition_id = q.petition_id and ${VISIBLE_PUBLIC}
        where q.interview_id = $1 ${approvedOnly ? "and q.status = 'approved'" : ''}
        order by q.position nulls last, q.submitted_at, q.question_id`,
      [id],
    );
    const { lastRevision: _revision, ...interview } = row;
    return {
      ...interview,
      id: row.interviewId,
      questions: questions.rows.map(({ r, tracking_code }) => question(rowFromJson(QUESTION_COLUMNS, r) as QuestionRow, tracking_code)),
    };
  }
}
