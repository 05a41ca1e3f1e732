import type { PoolClient } from 'pg';
import { CONSULTATION_STREAM_PREFIX, ConsultationEvent, DraftAttachment, FeedbackItem } from '@wenzheng/consultation';
import { Column, EventContext, Projection, TableNames, byType, insertNew, liveTables, streamRowProjection } from '@wenzheng/projector';
import { publishedConsultationEvent } from '@wenzheng/petition-store';

// The consultations as the public and the department see them, folded from consultation-<id>
// streams. Opinions carry only the text redacted when written (the stored public copy) and never
// their author. One row per consultation (counts, the summary, the red light) and one per opinion.

export const CONSULTATIONS = 'consultations';
export const CONSULTATION_OPINIONS = 'consultation_opinions';

export interface ConsultationRow {
  consultationId: string;
  lastRevision: number;
  departmentId: string;
  title: string;
  draft: string;
  contact: string | null;
  attachments: readonly DraftAttachment[];
  status: 'open' | 'closed' | 'summarised';
  publishedAt: string;
  opensAt: string;
  closesAt: string;
  summaryDueBy: string;
  closedAt: string | null;
  opinionsReceived: number;
  opinionsPublished: number;
  opinionsPrivate: number;
  opinionsPending: number;
  summary: { items: readonly FeedbackItem[]; text: string } | null;
  summaryPublishedAt: string | null;
  summaryLate: boolean;
  /** 亮红灯: the instant the summary was found overdue. */
  summaryOverdueAt: string | null;
}

export const CONSULTATION_COLUMNS: readonly Column<ConsultationRow>[] = [
  ['consultation_id', 'uuid', 'consultationId'],
  ['last_revision', 'bigint', 'lastRevision'],
  ['department_id', 'text', 'departmentId'],
  ['title', 'text', 'title'],
  ['draft', 'text', 'draft'],
  ['contact', 'text', 'contact'],
  ['attachments', 'jsonb', 'attachments'],
  ['status', 'text', 'status'],
  ['published_at', 'timestamptz', 'publishedAt'],
  ['opens_at', 'timestamptz', 'opensAt'],
  ['closes_at', 'timestamptz', 'closesAt'],
  ['summary_due_by', 'timestamptz', 'summaryDueBy'],
  ['closed_at', 'timestamptz', 'closedAt'],
  ['opinions_received', 'int', 'opinionsReceived'],
  ['opinions_published', 'int', 'opinionsPublished'],
  ['opinions_private', 'int', 'opinionsPrivate'],
  ['opinions_pending', 'int', 'opinionsPending'],
  ['summary', 'jsonb', 'summary'],
  ['summary_published_at', 'timestamptz', 'summaryPublishedAt'],
  ['summary_late', 'boolean', 'summaryLate'],
  ['summary_overdue_at', 'timestamptz', 'summaryOverdueAt'],
];

export interface OpinionRow {
  opinionId: string;
  consultationId: string;
  submittedAt: string;
  /** The copy redacted when written. */
  text: string;
  private: boolean;
  status: 'pending' | 'published' | 'rejected';
  moderatedAt: string | null;
}

export const OPINION_COLUMNS: readonly Column<OpinionRow>[] = [
  ['opinion_id', 'text', 'opinionId'],
  ['consultation_id', 'uuid', 'consultationId'],
  ['submitted_at', 'timestamptz', 'submittedAt'],
  ['text', 'text', 'text'],
  ['private', 'boolean', 'private'],
  ['status', 'text', 'status'],
  ['moderated_at', 'timestamptz', 'moderatedAt'],
];

type Opinion = { kind: 'submitted'; row: OpinionRow } | { kind: 'moderated'; opinionId: string; status: OpinionRow['status']; at: string };
type Context = EventContext<Opinion>;

const apply = byType<ConsultationEvent, ConsultationRow | null, Context>({
  ConsultationPublished: (_row, { data }, { key }) => ({
    consultationId: key,
    lastRevision: -1,
    departmentId: data.departmentId,
    title: data.title,
    draft: data.draft,
    contact: data.contact ?? null,
    attachments: data.attachments ?? [],
    status: 'open',
    publishedAt: data.at,
    opensAt: data.opensAt,
    closesAt: data.closesAt,
    summaryDueBy: data.summaryDueBy,
    closedAt: null,
    opinionsReceived: 0,
    opinionsPublished: 0,
    opinionsPrivate: 0,
    opinionsPending: 0,
    summary: null,
    summaryPublishedAt: null,
    summaryLate: false,
    summaryOverdueAt: null,
  }),
  OpinionSubmitted: (row, { data }, { key, emit }) => {
    if (!row) return row;
    emit({
      kind: 'submitted',
      row: {
        opinionId: data.opinionId,
        consultationId: key,
        submittedAt: data.at,
        text: data.text,
        private: data.private,
        status: 'pending',
        moderatedAt: null,
      },
    });
    return {
      ...row,
      opinionsReceived: row.opinionsReceived + 1,
      opinionsPending: row.opinionsPending + 1,
      opinionsPrivate: row.opinionsPrivate + (data.private ? 1 : 0),
    };
  },
  OpinionModerated: (row, { data }, { emit }) => {
    if (!row) return row;
    emit({ kind: 'moderated', opinionId: data.opinionId, status: data.decision, at: data.at });
    return {
      ...row,
      opinionsPending: row.opinionsPending - 1,
      opinionsPublished: row.opinionsPublished + (data.decision === 'published' ? 1 : 0),
    };
  },
  ConsultationClosed: (row, { data }) => (row ? { ...row, status: 'closed', closedAt: data.at } : row),
  FeedbackSummaryPublished: (row, { data }) =>
    row
      ? {
          ...row,
          status: 'summarised',
          summary: { items: data.items, text: data.text },
          summaryPublishedAt: data.at,
          summaryLate: data.late,
        }
      : row,
  ConsultationSummaryOverdue: (row, { data }) => (row ? { ...row, summaryOverdueAt: data.at } : row),
});

async function saveOpinions(client: PoolClient, table: string, opinions: readonly Opinion[]): Promise<void> {
  await insertNew(
    client,
    table,
    OPINION_COLUMNS,
    opinions.flatMap((o) => (o.kind === 'submitted' ? [o.row] : [])),
  );
  for (const o of opinions) {
    if (o.kind === 'moderated')
      await client.query(`update ${table} set status = $2, moderated_at = $3 where opinion_id = $1`, [o.opinionId, o.status, o.at]);
  }
}

export const consultationViewsProjection: Projection = streamRowProjection<ConsultationRow, ConsultationEvent, Opinion>({
  name: 'consultation_views',
  version: 2, // 2: consultations.attachments (rebuild)
  streamPrefix: CONSULTATION_STREAM_PREFIX,
  table: {
    name: CONSULTATIONS,
    columns: CONSULTATION_COLUMNS,
    notNull: ['consultation_id', 'last_revision', 'department_id', 'status'],
    indexes: ['(published_at desc)', '(summary_due_by) where summary_published_at is null'],
  },
  emittedTables: [
    {
      name: CONSULTATION_OPINIONS,
      columns: OPINION_COLUMNS,
      notNull: ['opinion_id', 'consultation_id', 'status'],
      indexes: ['(consultation_id, submitted_at)'],
    },
  ],
  eventOf: publishedConsultationEvent,
  evolve: (row, event, context) => apply(row, event, context),
  saveEmitted: (client, opinions, names) => saveOpinions(client, names[CONSULTATION_OPINIONS], opinions),
});

export const consultationTables = (): TableNames => liveTables(consultationViewsProjection);
