import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { rowFromJson } from '@wenzheng/projector';
import { PG_POOL } from '@wenzheng/platform';
import { INTERVIEWS, INTERVIEW_COLUMNS, INTERVIEW_QUESTIONS, QUESTION_COLUMNS, QuestionRow, interviewTables } from '@wenzheng/read-models';

@Injectable()
export class InterviewReader {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** The public page: the announcement, approved questions in the moderator's order with their answers. */
  async publicPage(id: string) {
    const names = interviewTables();
    const { rows } = await this.pool.query<{ r: Record<string, unknown> }>(
      `select to_jsonb(i) as r from ${names[INTERVIEWS]} i where interview_id = $1`,
      [id],
    );
    const row = rowFromJson(INTERVIEW_COLUMNS, rows[0]?.r ?? null);
    if (!row) return undefined;
    const questions = await this.pool.query<{ r: Record<string, unknown> }>(
      `select to_jsonb(q) as r from ${names[INTERVIEW_QUESTIONS]} q where interview_id = $1 and status = 'approved'
        order by position nulls last, submitted_at, question_id`,
      [id],
    );
    const { lastRevision: _revision, ...interview } = row;
    return {
      ...interview,
      id: row.interviewId,
      questions: questions.rows.map(({ r }) => {
        const q = rowFromJson(QUESTION_COLUMNS, r) as QuestionRow;
        return { questionId: q.questionId, text: q.text, submittedAt: q.submittedAt, answers: q.answers, petitionId: q.petitionId };
      }),
    };
  }
}
