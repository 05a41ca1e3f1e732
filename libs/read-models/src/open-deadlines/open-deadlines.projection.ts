import type { PoolClient } from 'pg';
import { STREAM_PREFIX } from '@wenzheng/petition';
import {
  Column,
  EventContext,
  Evolve,
  Projection,
  TableNames,
  liveTables,
  loadRows,
  notStoredBefore,
  singleStreamRowProjection,
  unchanged,
  upsertNewer,
} from '@wenzheng/projector';
import { PetitionStreamEvent, byPetitionEvent, iso, occurredAt, petitionEventOf, petitionIdOf, sameInstant, str } from '../petition-stream';

// What the deadline watcher has to look at: per open petition, the deadlines still running and
// the answer awaiting a rating. Only instants and ids, no personal data and no free text. When the
// petition closes its row is emptied to a tombstone (closed, nothing running), which keeps a
// replayed older event from bringing it back. Idempotent per event: a row remembers the last
// stream revision applied and earlier revisions are skipped (singleStreamRowProjection).

export const OPEN_DEADLINES = 'open_deadlines';

export interface OpenDeadlineRow {
  petitionId: string;
  kind: string | null;
  trackingCode: string | null;
  departmentId: string | null;
  lastRevision: number;
  /** acknowledgeBy while the department has not signed for the case. */
  ackDueAt: string | null;
  /** Whether PetitionDeadlineMissed was recorded for this ackDueAt value. */
  ackMissed: boolean;
  /** respondBy while an answer is owed (after approved extensions and reopens). */
  respondBy: string | null;
  respondMissed: boolean;
  /** When the extension request now pending was made (延期申请); null when none is pending. */
  extensionRequestedAt: string | null;
  /** respondBy values for which an automatic escalation was recorded. */
  autoEscalatedFor: string[];
  /** The answer awaiting the citizen's rating. */
  respondedAt: string | null;
  /** 补充材料: the citizen's supplyBy while information is awaited (respondBy is paused: null meanwhile). */
  supplyBy: string | null;
  /** 审核: when the case was submitted, while it awaits review (the watcher computes the review deadline). */
  reviewSince: string | null;
  reviewMissed: boolean;
  closed: boolean;
}

export const OPEN_DEADLINE_COLUMNS: readonly Column<OpenDeadlineRow>[] = [
  ['petition_id', 'uuid', 'petitionId'],
  ['kind', 'text', 'kind'],
  ['tracking_code', 'text', 'trackingCode'],
  ['department_id', 'text', 'departmentId'],
  ['last_revision', 'bigint', 'lastRevision'],
  ['ack_due_at', 'timestamptz', 'ackDueAt'],
  ['ack_missed', 'boolean', 'ackMissed'],
  ['respond_by', 'timestamptz', 'respondBy'],
  ['respond_missed', 'boolean', 'respondMissed'],
  ['extension_requested_at', 'timestamptz', 'extensionRequestedAt'],
  ['auto_escalated_for', 'timestamptz[]', 'autoEscalatedFor'],
  ['responded_at', 'timestamptz', 'respondedAt'],
  ['supply_by', 'timestamptz', 'supplyBy'],
  ['review_since', 'timestamptz', 'reviewSince'],
  ['review_missed', 'boolean', 'reviewMissed'],
  ['closed', 'boolean', 'closed'],
];

const emptyRow = (petitionId: string): OpenDeadlineRow => ({
  petitionId,
  kind: null,
  trackingCode: null,
  departmentId: null,
  lastRevision: -1,
  ackDueAt: null,
  ackMissed: false,
  respondBy: null,
  respondMissed: false,
  extensionRequestedAt: null,
  autoEscalatedFor: [],
  respondedAt: null,
  supplyBy: null,
  reviewSince: null,
  reviewMissed: false,
  closed: false,
});

const apply = byPetitionEvent<OpenDeadlineRow, EventContext>({
  PetitionSubmitted: (row, e, { recorded }) => ({
    ...row,
    kind: str(e.data.kind),
    trackingCode: str(e.data.trackingCode),
    // What the system forwarded it reviews itself at once: no review deadline runs.
    reviewSince: e.data.source === undefined ? occurredAt({ data: e.data, recorded }) : null,
  }),
  PetitionReviewed: (row) => ({ ...row, reviewSince: null, reviewMissed: false }),
  PetitionDispatched: (row, { data }) => ({
    ...row,
    departmentId: str(data.departmentId),
    ackDueAt: iso(data.acknowledgeBy),
    ackMissed: false,
    respondBy: iso(data.respondBy),
    respondMissed: false,
    respondedAt: null,
  }),
  PetitionAcknowledged: (row) => ({ ...row, ackDueAt: null, ackMissed: false }),
  PetitionReturned: (row) => ({
    ...row,
    supplyBy: null,
    departmentId: null,
    ackDueAt: null,
    ackMissed: false,
    respondBy: null,
    respondMissed: false,
    extensionRequestedAt: null,
  }),
  ExtensionRequested: (row, e, { recorded }) =>
    row.respondBy === null ? row : { ...row, extensionRequestedAt: occurredAt({ data: e.data, recorded }) },
  ExtensionDecided: (row, { data }) => {
    const respondBy = iso(data.respondBy);
    return data.approved === true && respondBy !== null && row.respondBy !== null
      ? { ...row, extensionRequestedAt: null, respondBy, respondMissed: false }
      : { ...row, extensionRequestedAt: null };
  },
  PetitionResponded: (row, e, { recorded }) => ({
    ...row,
    ackDueAt: null,
    ackMissed: false,
    respondBy: null,
    respondMissed: false,
    extensionRequestedAt: null,
    respondedAt: occurredAt({ data: e.data, recorded }),
  }),
  PetitionRated: (row) => ({ ...row, respondedAt: null }),
  PetitionReopened: (row, { data }) => ({
    ...row,
    departmentId: str(data.departmentId) ?? row.departmentId,
    respondBy: iso(data.respondBy),
    respondMissed: false,
    respondedAt: null,
  }),
  PetitionDeadlineMissed: (row, { data }) => ({
    ...row,
    ackMissed: row.ackMissed || (data.deadline === 'acknowledgement' && sameInstant(row.ackDueAt, data.dueAt)),
    respondMissed: row.respondMissed || (data.deadline === 'response' && sameInstant(row.respondBy, data.dueAt)),
  }),
  PetitionEscalated: (row, { data }) => {
    const respondBy = iso(data.respondBy);
    return data.automatic === true && respondBy !== null && !row.autoEscalatedFor.includes(respondBy)
      ? { ...row, autoEscalatedFor: [...row.autoEscalatedFor, respondBy] }
      : row;
  },
  PetitionClosed: (row) => ({ ...emptyRow(row.petitionId), closed: true }),
  PetitionCommented: unchanged,
  PetitionWithdrawn: unchanged, // the PetitionClosed (withdrawn) that follows ends its deadlines
  PetitionInterimReplied: unchanged, // an interim reply does not stop the response clock
  // 补充材料: the response clock pauses (no red light, no 督办) until supplied or supplyBy passes.
  InformationRequested: (row, { data }) => ({ ...row, respondBy: null, respondMissed: false, supplyBy: iso(data.supplyBy) }),
  InformationSupplied: (row, { data }) => ({ ...row, respondBy: iso(data.respondBy), respondMissed: false, supplyBy: null }),
  InformationRequestLapsed: (row, { data }) => ({ ...row, respondBy: iso(data.respondBy), respondMissed: false, supplyBy: null }),
  ReviewDeadlineMissed: (row) => ({ ...row, reviewMissed: true }),
  // 下派 keeps the case's deadlines; a late 协办 contribution is scored from the assessment facts, no red light is lit for it.
  AssistanceProvided: unchanged,
  PetitionPassedDown: unchanged,
  PetitionAnsweredUp: unchanged,
  HandlerAssigned: unchanged,
  PublicationModerated: unchanged,
  PersonalDataErased: unchanged,
  ReporterIdentityReleased: unchanged,
});

/** What one event does to a petition's row; a closed case runs no deadline again. */
export const evolveOpenDeadlines: Evolve<OpenDeadlineRow, PetitionStreamEvent> = (row, event, context) => {
  const current = row ?? emptyRow(context.key);
  return current.closed ? current : apply(current, event, context);
};

export const openDeadlinesProjection: Projection = singleStreamRowProjection({
  name: 'open_deadlines',
  // 2: extension_requested_at (a pending request protects the response deadline); rebuild open_deadlines.
  // 3: supply_by (补充材料 pauses the response clock), review_since and review_missed (审核时限); rebuild.
  version: 3,
  tables: [OPEN_DEADLINES],
  filter: { streamPrefixes: [STREAM_PREFIX] },

  async createTables(client: PoolClient, names: TableNames): Promise<void> {
    // Indexes unnamed: a rebuild's tables are renamed into place (see department_performance).
    await client.query(`create table if not exists ${names[OPEN_DEADLINES]} (
      petition_id uuid primary key,
      kind text null,
      tracking_code text null,
      department_id text null,
      last_revision bigint not null,
      ack_due_at timestamptz null,
      ack_missed boolean not null default false,
      respond_by timestamptz null,
      respond_missed boolean not null default false,
      extension_requested_at timestamptz null,
      auto_escalated_for timestamptz[] not null default '{}',
      responded_at timestamptz null,
      supply_by timestamptz null,
      review_since timestamptz null,
      review_missed boolean not null default false,
      closed boolean not null default false
    )`);
    await client.query(`create index on ${names[OPEN_DEADLINES]} (ack_due_at) where ack_due_at is not null`);
    await client.query(`create index on ${names[OPEN_DEADLINES]} (respond_by) where respond_by is not null`);
    await client.query(`create index on ${names[OPEN_DEADLINES]} (responded_at) where responded_at is not null`);
    await client.query(`create index on ${names[OPEN_DEADLINES]} (extension_requested_at) where extension_requested_at is not null`);
    await client.query(`create index on ${names[OPEN_DEADLINES]} (supply_by) where supply_by is not null`);
    await client.query(`create index on ${names[OPEN_DEADLINES]} (review_since) where review_since is not null and not review_missed`);
  },
  keyOf: petitionIdOf,
  eventOf: petitionEventOf,
  evolve: evolveOpenDeadlines,
  load: (client, ids, names) => loadRows(client, names[OPEN_DEADLINES], OPEN_DEADLINE_COLUMNS, ids),
  save: (client, changes, names) =>
    upsertNewer(
      client,
      names[OPEN_DEADLINES],
      OPEN_DEADLINE_COLUMNS,
      changes.map((c) => c.row),
      { isNew: notStoredBefore(changes) },
    ),
});

/** Physical name of the live table, for the watcher. */
export const openDeadlinesTable = (): string => liveTables(openDeadlinesProjection)[OPEN_DEADLINES];
