import type { Pool } from 'pg';
import type { PetitionSource } from '@wenzheng/petition';
import { INTERVIEWS, INTERVIEW_QUESTIONS, interviewTables } from '@wenzheng/read-models';

/** 来源 as a case page shows it: the link back to the interview, and the line a reader sees. */
export interface SourceView extends PetitionSource {
  /** The interview's topic (absent while its read model has not caught up). */
  readonly topic?: string;
  /** 来源：在线访谈 <topic> */
  readonly label: string;
  /** The interview's public page data. */
  readonly href: string;
}

const viewOf = (source: PetitionSource, topic: string | undefined): SourceView => ({
  kind: source.kind,
  id: source.id,
  questionId: source.questionId,
  ...(topic !== undefined && { topic }),
  label: `来源：在线访谈 ${topic ?? source.id}`,
  href: `/api/public/interviews/${source.id}`,
});

/** The source a petition's PetitionSubmitted names, with the topic read from interview_views. */
export async function interviewSourceView(pool: Pool, source: PetitionSource): Promise<SourceView> {
  const { rows } = await pool.query<{ topic: string }>(`select topic from ${interviewTables()[INTERVIEWS]} where interview_id::text = $1`, [
    source.id,
  ]);
  return viewOf(source, rows[0]?.topic);
}

/**
 * For the public page, which reads only read models: the interview question that was forwarded as
 * this petition (InterviewQuestionForwarded), or undefined for a petition no interview forwarded.
 */
export async function interviewSourceOfPetition(pool: Pool, petitionId: string): Promise<SourceView | undefined> {
  const t = interviewTables();
  const { rows } = await pool.query<{ interview_id: string; question_id: string; topic: string }>(
    `select q.interview_id::text, q.question_id::text, i.topic from ${t[INTERVIEW_QUESTIONS]} q
       join ${t[INTERVIEWS]} i on i.interview_id = q.interview_id where q.petition_id = $1 limit 1`,
    [petitionId],
  );
  const row = rows[0];
  return row && viewOf({ kind: 'interview', id: row.interview_id, questionId: row.question_id }, row.topic);
}
