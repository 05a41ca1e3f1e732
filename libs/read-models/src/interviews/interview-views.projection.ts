import type { PoolClient } from 'pg';
import { INTERVIEW_STREAM_PREFIX, InterviewEvent, InterviewGuest } from '@wenzheng/interview';
import { Column, EventContext, Projection, TableNames, byType, insertNew, liveTables, streamRowProjection } from '@wenzheng/projector';
import { publishedInterviewEvent } from '@wenzheng/petition-store';

// Online interviews as the public and the department see them, folded from interview-<id>
// streams: one row per interview, one per question (the copy redacted when written, never the
// asker) with its answers.

export const INTERVIEWS = 'interviews';
export const INTERVIEW_QUESTIONS = 'interview_questions';

export interface InterviewRow {
  interviewId: string;
  lastRevision: number;
  departmentId: string;
  topic: string;
  description: string | null;
  guests: readonly InterviewGuest[];
  status: 'scheduled' | 'live' | 'ended' | 'published';
  scheduledAt: string;
  startsAt: string;
  endsAt: string;
  startedAt: string | null;
  endedAt: string | null;
  transcriptPublishedAt: string | null;
  summary: string | null;
  questionsReceived: number;
  questionsForwarded: number;
}

export const INTERVIEW_COLUMNS: readonly Column<InterviewRow>[] = [
  ['interview_id', 'uuid', 'interviewId'],
  ['last_revision', 'bigint', 'lastRevision'],
  ['department_id', 'text', 'departmentId'],
  ['topic', 'text', 'topic'],
  ['description', 'text', 'description'],
  ['guests', 'jsonb', 'guests'],
  ['status', 'text', 'status'],
  ['scheduled_at', 'timestamptz', 'scheduledAt'],
  ['starts_at', 'timestamptz', 'startsAt'],
  ['ends_at', 'timestamptz', 'endsAt'],
  ['started_at', 'timestamptz', 'startedAt'],
  ['ended_at', 'timestamptz', 'endedAt'],
  ['transcript_published_at', 'timestamptz', 'transcriptPublishedAt'],
  ['summary', 'text', 'summary'],
  ['questions_received', 'int', 'questionsReceived'],
  ['questions_forwarded', 'int', 'questionsForwarded'],
];

export interface InterviewAnswer {
  answerId: string;
  guest: string;
  text: string;
  media?: readonly string[];
  at: string;
}

export interface QuestionRow {
  questionId: string;
  interviewId: string;
  submittedAt: string;
  /** The copy redacted when written. */
  text: string;
  status: 'pending' | 'approved' | 'rejected' | 'merged';
  mergedInto: string | null;
  /** Place in the moderator's order (null: not ordered, after the ordered ones). */
  position: number | null;
  answers: readonly InterviewAnswer[];
  /** The petition an unanswered question became. */
  petitionId: string | null;
}

export const QUESTION_COLUMNS: readonly Column<QuestionRow>[] = [
  ['question_id', 'text', 'questionId'],
  ['interview_id', 'uuid', 'interviewId'],
  ['submitted_at', 'timestamptz', 'submittedAt'],
  ['text', 'text', 'text'],
  ['status', 'text', 'status'],
  ['merged_into', 'text', 'mergedInto'],
  ['position', 'int', 'position'],
  ['answers', 'jsonb', 'answers'],
  ['petition_id', 'text', 'petitionId'],
];

type Change =
  | { kind: 'submitted'; row: QuestionRow }
  | { kind: 'set'; questionIds: readonly string[]; set: Partial<Pick<QuestionRow, 'status' | 'mergedInto' | 'petitionId'>> }
  | { kind: 'ordered'; interviewId: string; questionIds: readonly string[] }
  | { kind: 'answered'; questionId: string; answer: InterviewAnswer };

const at = (row: InterviewRow | null, patch: Partial<InterviewRow>) => (row ? { ...row, ...patch } : row);

const apply = byType<InterviewEvent, InterviewRow | null, EventContext<Change>>({
  InterviewScheduled: (_row, { data }, { key }) => ({
    interviewId: key,
    lastRevision: -1,
    departmentId: data.departmentId,
    topic: data.topic,
    description: data.description ?? null,
    guests: data.guests,
    status: 'scheduled',
    scheduledAt: data.at,
    startsAt: data.startsAt,
    endsAt: data.endsAt,
    startedAt: null,
    endedAt: null,
    transcriptPublishedAt: null,
    summary: null,
    questionsReceived: 0,
    questionsForwarded: 0,
  }),
  InterviewQuestionSubmitted: (row, { data }, { key, emit }) => {
    if (!row) return row;
    emit({
      kind: 'submitted',
      row: {
        questionId: data.questionId,
        interviewId: key,
        submittedAt: data.at,
        text: data.text,
        status: 'pending',
        mergedInto: null,
        position: null,
        answers: [],
        petitionId: null,
      },
    });
    return { ...row, questionsReceived: row.questionsReceived + 1 };
  },
  InterviewQuestionApproved: (row, { data }, { emit }) => (
    emit({ kind: 'set', questionIds: [data.questionId], set: { status: 'approved' } }),
    row
  ),
  InterviewQuestionRejected: (row, { data }, { emit }) => (
    emit({ kind: 'set', questionIds: [data.questionId], set: { status: 'rejected' } }),
    row
  ),
  InterviewQuestionsMerged: (row, { data }, { emit }) => (
    emit({ kind: 'set', questionIds: data.questionIds, set: { status: 'merged', mergedInto: data.into } }),
    row
  ),
  InterviewQuestionsOrdered: (row, { data }, { key, emit }) => (
    emit({ kind: 'ordered', interviewId: key, questionIds: data.questionIds }),
    row
  ),
  InterviewStarted: (row, { data }) => at(row, { status: 'live', startedAt: data.at }),
  InterviewQuestionAnswered: (row, { data }, { emit }) => {
    const { answerId, guest, text, media } = data;
    emit({ kind: 'answered', questionId: data.questionId, answer: { answerId, guest, text, ...(media ? { media } : {}), at: data.at } });
    return row;
  },
  InterviewEnded: (row, { data }) => at(row, { status: 'ended', endedAt: data.at }),
  InterviewTranscriptPublished: (row, { data }) =>
    at(row, { status: 'published', transcriptPublishedAt: data.at, summary: data.summary ?? null }),
  InterviewQuestionForwarded: (row, { data }, { emit }) => {
    emit({ kind: 'set', questionIds: [data.questionId], set: { petitionId: data.petitionId } });
    return row ? { ...row, questionsForwarded: row.questionsForwarded + 1 } : row;
  },
});

async function saveQuestions(client: PoolClient, table: string, changes: readonly Change[]): Promise<void> {
  for (const c of changes) {
    if (c.kind === 'submitted') await insertNew(client, table, QUESTION_COLUMNS, [c.row]);
    else if (c.kind === 'set') {
      const { status = null, mergedInto = null, petitionId = null } = c.set;
      await client.query(
        `update ${table} set status = coalesce($2, status), merged_into = coalesce($3, merged_into), petition_id = coalesce($4, petition_id)
          where question_id = any($1)`,
        [c.questionIds, status, mergedInto, petitionId],
      );
    } else if (c.kind === 'ordered') {
      // As the live page does: the named questions first, the others after them in the order they had
      // (a stale position left as it was would interleave them with the named ones after a reload).
      await client.query(
        `update ${table} set position = position + $3
          where interview_id = $1 and position is not null and not (question_id = any($2::text[]))`,
        [c.interviewId, c.questionIds, c.questionIds.length],
      );
      await client.query(
        `update ${table} q set position = o.n from unnest($2::text[]) with ordinality as o(id, n)
          where q.interview_id = $1 and q.question_id = o.id`,
        [c.interviewId, c.questionIds],
      );
    } else {
      // An answer replayed after a rebuild is appended once: answerId is unique within the question.
      await client.query(
        `update ${table} set answers = answers || $2::jsonb
          where question_id = $1 and not answers @> jsonb_build_array(jsonb_build_object('answerId', $3::text))`,
        [c.questionId, JSON.stringify([c.answer]), c.answer.answerId],
      );
    }
  }
}

export const interviewViewsProjection: Projection = streamRowProjection<InterviewRow, InterviewEvent, Change>({
  name: 'interview_views',
  version: 1,
  streamPrefix: INTERVIEW_STREAM_PREFIX,
  table: {
    name: INTERVIEWS,
    columns: INTERVIEW_COLUMNS,
    notNull: ['interview_id', 'last_revision', 'department_id', 'status'],
    indexes: ['(starts_at desc)'],
  },
  emittedTables: [
    {
      name: INTERVIEW_QUESTIONS,
      columns: QUESTION_COLUMNS,
      notNull: ['question_id', 'interview_id', 'status', 'answers'],
      // A case page looks up the question its petition came from (interview-source.ts).
      indexes: ['(interview_id, submitted_at)', '(petition_id) where petition_id is not null'],
    },
  ],
  eventOf: publishedInterviewEvent,
  evolve: (row, event, context) => apply(row, event, context),
  saveEmitted: (client, changes, names) => saveQuestions(client, names[INTERVIEW_QUESTIONS], changes),
});

export const interviewTables = (): TableNames => liveTables(interviewViewsProjection);
