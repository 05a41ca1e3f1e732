import type { Pool, PoolClient } from 'pg';
import { CONSULTATION_STREAM_PREFIX, ConsultationEvent } from '@wenzheng/consultation';
import { Column, EventContext, Projection, byType, liveTables, streamRowProjection } from '@wenzheng/projector';
import type { ConsultationSummaryFact } from '@wenzheng/scoring';
import { publishedConsultationEvent } from '@wenzheng/petition-store';

// The consultation side of assessment (考核): one fact per consultation, the feedback summary the
// department owed, named by the events that set it due, answered it and lit its red light, so a
// deduction in the report can be opened down to the event. Kept apart from consultation_views
// (what the public and the department see) so that a change of either rebuilds only itself.

export const CONSULTATION_SUMMARY_FACTS = 'consultation_summary_facts';

interface SummaryFactRow {
  consultationId: string;
  lastRevision: number;
  departmentId: string;
  sourceEventId: string;
  setAt: string;
  dueAt: string;
  summaryEventId: string | null;
  summaryAt: string | null;
  overdueEventId: string | null;
  overdueAt: string | null;
}

const COLUMNS: readonly Column<SummaryFactRow>[] = [
  ['consultation_id', 'uuid', 'consultationId'],
  ['last_revision', 'bigint', 'lastRevision'],
  ['department_id', 'text', 'departmentId'],
  ['source_event_id', 'text', 'sourceEventId'],
  ['set_at', 'timestamptz', 'setAt'],
  ['due_at', 'timestamptz', 'dueAt'],
  ['summary_event_id', 'text', 'summaryEventId'],
  ['summary_at', 'timestamptz', 'summaryAt'],
  ['overdue_event_id', 'text', 'overdueEventId'],
  ['overdue_at', 'timestamptz', 'overdueAt'],
];

const apply = byType<ConsultationEvent, SummaryFactRow | null, EventContext>({
  ConsultationPublished: (_row, { data }, { key, recorded }) => ({
    consultationId: key,
    lastRevision: -1,
    departmentId: data.departmentId,
    sourceEventId: recorded.id,
    setAt: data.at,
    dueAt: data.summaryDueBy,
    summaryEventId: null,
    summaryAt: null,
    overdueEventId: null,
    overdueAt: null,
  }),
  OpinionSubmitted: (row) => row,
  OpinionModerated: (row) => row,
  ConsultationClosed: (row) => row,
  FeedbackSummaryPublished: (row, { data }, { recorded }) =>
    row && row.summaryEventId === null ? { ...row, summaryEventId: recorded.id, summaryAt: data.at } : row,
  ConsultationSummaryOverdue: (row, { data }, { recorded }) =>
    row && row.overdueEventId === null ? { ...row, overdueEventId: recorded.id, overdueAt: data.at } : row,
});

export const consultationSummaryFactsProjection: Projection = streamRowProjection<SummaryFactRow, ConsultationEvent>({
  name: 'consultation_summary_facts',
  version: 1,
  streamPrefix: CONSULTATION_STREAM_PREFIX,
  table: {
    name: CONSULTATION_SUMMARY_FACTS,
    columns: COLUMNS,
    notNull: ['consultation_id', 'last_revision', 'department_id', 'source_event_id', 'set_at', 'due_at'],
    indexes: ['(due_at)'],
  },
  eventOf: publishedConsultationEvent,
  evolve: (row, event, context) => apply(row, event, context),
});

/** The summaries due in [from, to), for assess(); consultations are public, so no confidential filter. */
export async function consultationSummaryFacts(db: Pool | PoolClient, from: Date, to: Date): Promise<ConsultationSummaryFact[]> {
  const table = liveTables(consultationSummaryFactsProjection)[CONSULTATION_SUMMARY_FACTS];
  const { rows } = await db.query(
    `select consultation_id::text, department_id, source_event_id, set_at, due_at, summary_event_id, summary_at, overdue_event_id, overdue_at
       from ${table} where due_at >= $1 and due_at < $2 order by due_at, consultation_id`,
    [from.toISOString(), to.toISOString()],
  );
  return rows.map((r) => ({
    consultationId: r.consultation_id,
    departmentId: r.department_id,
    sourceEventId: r.source_event_id,
    setAt: r.set_at,
    dueAt: r.due_at,
    summaryEventId: r.summary_event_id,
    summaryAt: r.summary_at,
    overdueEventId: r.overdue_event_id,
    overdueAt: r.overdue_at,
  }));
}
