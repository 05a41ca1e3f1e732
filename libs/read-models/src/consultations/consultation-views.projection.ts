import type { PoolClient } from 'pg';
import { CONSULTATION_STREAM_PREFIX, ConsultationEvent, FeedbackItem } from '@wenzheng/consultation';
import {
  Column,
  EventContext,
  Projection,
  TableNames,
  byType,
  columnsDdl,
  liveTables,
  loadRows,
  recordsetOf,
  singleStreamRowProjection,
  upsertNewer,
} from '@wenzheng/projector';
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
  const submitted = opinions.flatMap((o) => (o.kind === 'submitted' ? [o.row] : []));
  if (submitted.length) {
    const u = recordsetOf(OPINION_COLUMNS, submitted);
    await client.query(
      `insert into ${table} (${OPINION_COLUMNS.map(([c]) => c).join(', ')}) select * from ${u.sql} on conflict (opinion_id) do nothing`,
      u.params,
    );
  }
  for (const o of opinions) {
    if (o.kind === 'moderated')
      await client.query(`update ${table} set status = $2, moderated_at = $3 where opinion_id = $1`, [o.opinionId, o.status, o.at]);
  }
}

export const consultationViewsProjection: Projection = singleStreamRowProjection<ConsultationRow, ConsultationEvent, Opinion>({
  name: 'consultation_views',
  version: 1,
  tables: [CONSULTATIONS, CONSULTATION_OPINIONS],
  filter: { streamPrefixes: [CONSULTATION_STREAM_PREFIX] },
  async createTables(client: PoolClient, names: TableNames) {
    await client.query(
      `create table if not exists ${names[CONSULTATIONS]} (\n  ${columnsDdl(CONSULTATION_COLUMNS, ['consultation_id', 'last_revision', 'department_id', 'status'])},\n  primary key (consultation_id))`,
    );
    await client.query(`create index on ${names[CONSULTATIONS]} (published_at desc)`);
    await client.query(`create index on ${names[CONSULTATIONS]} (summary_due_by) where summary_published_at is null`);
    await client.query(
      `create table if not exists ${names[CONSULTATION_OPINIONS]} (\n  ${columnsDdl(OPINION_COLUMNS, ['opinion_id', 'consultation_id', 'status'])},\n  primary key (opinion_id))`,
    );
    await client.query(`create index on ${names[CONSULTATION_OPINIONS]} (consultation_id, submitted_at)`);
  },
  keyOf: (e) =>
    e.recorded.streamId.startsWith(CONSULTATION_STREAM_PREFIX) ? e.recorded.streamId.slice(CONSULTATION_STREAM_PREFIX.length) : null,
  eventOf: publishedConsultationEvent,
  evolve: (row, event, context) => apply(row, event, context),
  load: (client, keys, names) => loadRows(client, names[CONSULTATIONS], CONSULTATION_COLUMNS, keys),
  async save(client, changes, names) {
    await upsertNewer(
      client,
      names[CONSULTATIONS],
      CONSULTATION_COLUMNS,
      changes.map((c) => c.row),
    );
    await saveOpinions(
      client,
      names[CONSULTATION_OPINIONS],
      changes.flatMap((c) => c.emitted),
    );
  },
});

export const consultationTables = (): TableNames => liveTables(consultationViewsProjection);
