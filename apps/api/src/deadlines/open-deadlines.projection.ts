import type { PoolClient } from 'pg';
import { STREAM_PREFIX } from '@wenzheng/petition';
import { ProjectedEvent, Projection, TableNames, liveTables } from '@wenzheng/projector';

// What the deadline watcher has to look at: per open petition, the deadlines still running and
// the answer awaiting a rating. Only instants and ids, no personal data and no free text. When the
// petition closes its row is emptied to a tombstone (closed, nothing running), which keeps a
// replayed older event from bringing it back. Idempotent per event: a row remembers the last
// stream revision applied and earlier revisions are skipped.

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
  closed: boolean;
}

type Data = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const iso = (v: unknown): string | null => {
  const ms = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
};
const sameInstant = (a: string | null, b: unknown) => a !== null && typeof b === 'string' && Date.parse(a) === Date.parse(b);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const petitionIdOf = (e: ProjectedEvent): string | null => {
  const id = str((e.data as Data | null)?.petitionId) ?? (e.recorded.streamId.startsWith(STREAM_PREFIX) ? e.recorded.streamId.slice(STREAM_PREFIX.length) : null);
  return id !== null && UUID.test(id) ? id.toLowerCase() : null;
};

const emptyRow = (petitionId: string): OpenDeadlineRow => ({
  petitionId, kind: null, trackingCode: null, departmentId: null, lastRevision: -1,
  ackDueAt: null, ackMissed: false, respondBy: null, respondMissed: false, extensionRequestedAt: null, autoEscalatedFor: [], respondedAt: null, closed: false,
});

/** Folds one event into a petition's row; false when the event was already applied. */
export function applyToOpenDeadlines(row: OpenDeadlineRow, e: ProjectedEvent): boolean {
  const revision = Number(e.recorded.revision);
  if (revision <= row.lastRevision) return false;
  row.lastRevision = revision;
  if (row.closed) return true; // a closed case runs no deadline again
  const data = (e.data ?? {}) as Data;
  switch (e.type) {
    case 'PetitionSubmitted':
      row.kind = str(data.kind);
      row.trackingCode = str(data.trackingCode);
      break;
    case 'PetitionDispatched':
      row.departmentId = str(data.departmentId);
      row.ackDueAt = iso(data.acknowledgeBy);
      row.ackMissed = false;
      row.respondBy = iso(data.respondBy);
      row.respondMissed = false;
      row.respondedAt = null;
      break;
    case 'PetitionAcknowledged':
      row.ackDueAt = null;
      row.ackMissed = false;
      break;
    case 'PetitionReturned':
      row.departmentId = null;
      row.ackDueAt = null;
      row.ackMissed = false;
      row.respondBy = null;
      row.respondMissed = false;
      row.extensionRequestedAt = null;
      break;
    case 'ExtensionRequested':
      if (row.respondBy !== null) row.extensionRequestedAt = iso(data.at) ?? e.recorded.created.toISOString();
      break;
    case 'ExtensionDecided': {
      row.extensionRequestedAt = null;
      const respondBy = iso(data.respondBy);
      if (data.approved === true && respondBy !== null && row.respondBy !== null) {
        row.respondBy = respondBy;
        row.respondMissed = false;
      }
      break;
    }
    case 'PetitionResponded':
      row.ackDueAt = null;
      row.ackMissed = false;
      row.respondBy = null;
      row.respondMissed = false;
      row.extensionRequestedAt = null;
      row.respondedAt = iso(data.at) ?? e.recorded.created.toISOString();
      break;
    case 'PetitionRated':
      row.respondedAt = null;
      break;
    case 'PetitionReopened':
      row.departmentId = str(data.departmentId) ?? row.departmentId;
      row.respondBy = iso(data.respondBy);
      row.respondMissed = false;
      row.respondedAt = null;
      break;
    case 'PetitionDeadlineMissed':
      if (data.deadline === 'acknowledgement' && sameInstant(row.ackDueAt, data.dueAt)) row.ackMissed = true;
      if (data.deadline === 'response' && sameInstant(row.respondBy, data.dueAt)) row.respondMissed = true;
      break;
    case 'PetitionEscalated': {
      const respondBy = iso(data.respondBy);
      if (data.automatic === true && respondBy !== null && !row.autoEscalatedFor.includes(respondBy)) row.autoEscalatedFor.push(respondBy);
      break;
    }
    case 'PetitionClosed':
      Object.assign(row, { ...emptyRow(row.petitionId), lastRevision: revision, closed: true });
      break;
    default:
      break; // reviews, comments and newer event types move no deadline
  }
  return true;
}

async function loadRows(client: PoolClient, table: string, ids: readonly string[]): Promise<Map<string, OpenDeadlineRow>> {
  const rows = new Map<string, OpenDeadlineRow>();
  if (!ids.length) return rows;
  const { rows: stored } = await client.query(
    `select petition_id, kind, tracking_code, department_id, last_revision, ack_due_at, ack_missed, respond_by, respond_missed,
            extension_requested_at, auto_escalated_for, responded_at, closed
       from ${table} where petition_id = any($1::uuid[])`,
    [ids],
  );
  const isoOf = (d: Date | null) => (d ? d.toISOString() : null);
  for (const r of stored) {
    rows.set(r.petition_id, {
      petitionId: r.petition_id, kind: r.kind, trackingCode: r.tracking_code, departmentId: r.department_id,
      lastRevision: Number(r.last_revision), ackDueAt: isoOf(r.ack_due_at), ackMissed: r.ack_missed,
      respondBy: isoOf(r.respond_by), respondMissed: r.respond_missed, extensionRequestedAt: isoOf(r.extension_requested_at),
      autoEscalatedFor: (r.auto_escalated_for as Date[]).map((d) => d.toISOString()), respondedAt: isoOf(r.responded_at), closed: r.closed,
    });
  }
  return rows;
}

export const openDeadlinesProjection: Projection = {
  name: 'open_deadlines',
  // 2: extension_requested_at (a pending request protects the response deadline); rebuild open_deadlines.
  version: 2,
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
      closed boolean not null default false
    )`);
    await client.query(`create index on ${names[OPEN_DEADLINES]} (ack_due_at) where ack_due_at is not null`);
    await client.query(`create index on ${names[OPEN_DEADLINES]} (respond_by) where respond_by is not null`);
    await client.query(`create index on ${names[OPEN_DEADLINES]} (responded_at) where responded_at is not null`);
    await client.query(`create index on ${names[OPEN_DEADLINES]} (extension_requested_at) where extension_requested_at is not null`);
  },

  async handle(client: PoolClient, events: readonly ProjectedEvent[], names: TableNames): Promise<void> {
    const table = names[OPEN_DEADLINES];
    const ids = [...new Set(events.map(petitionIdOf).filter((id): id is string => id !== null))];
    const rows = await loadRows(client, table, ids);
    const changed = new Set<string>();
    for (const e of events) {
      const id = petitionIdOf(e);
      if (id === null) continue;
      let row = rows.get(id);
      if (!row) rows.set(id, (row = emptyRow(id)));
      if (applyToOpenDeadlines(row, e)) changed.add(id);
    }
    const upserts = [...changed].map((id) => rows.get(id) as OpenDeadlineRow);
    if (!upserts.length) return;
    await client.query(
      `insert into ${table} as t (petition_id, kind, tracking_code, department_id, last_revision, ack_due_at, ack_missed,
              respond_by, respond_missed, extension_requested_at, auto_escalated_for, responded_at, closed)
       select x.petition_id, x.kind, x.tracking_code, x.department_id, x.last_revision, x.ack_due_at, x.ack_missed,
              x.respond_by, x.respond_missed, x.extension_requested_at, array(select jsonb_array_elements_text(x.auto_escalated_for)::timestamptz), x.responded_at, x.closed
         from jsonb_to_recordset($1::jsonb) as x(petition_id uuid, kind text, tracking_code text, department_id text, last_revision bigint,
              ack_due_at timestamptz, ack_missed boolean, respond_by timestamptz, respond_missed boolean, extension_requested_at timestamptz, auto_escalated_for jsonb,
              responded_at timestamptz, closed boolean)
       on conflict (petition_id) do update set
         kind = excluded.kind, tracking_code = excluded.tracking_code, department_id = excluded.department_id,
         last_revision = excluded.last_revision, ack_due_at = excluded.ack_due_at, ack_missed = excluded.ack_missed,
         respond_by = excluded.respond_by, respond_missed = excluded.respond_missed, extension_requested_at = excluded.extension_requested_at,
         auto_escalated_for = excluded.auto_escalated_for, responded_at = excluded.responded_at, closed = excluded.closed
       where t.last_revision < excluded.last_revision`,
      [JSON.stringify(upserts.map((r) => ({
        petition_id: r.petitionId, kind: r.kind, tracking_code: r.trackingCode, department_id: r.departmentId,
        last_revision: r.lastRevision, ack_due_at: r.ackDueAt, ack_missed: r.ackMissed, respond_by: r.respondBy,
        respond_missed: r.respondMissed, extension_requested_at: r.extensionRequestedAt, auto_escalated_for: r.autoEscalatedFor, responded_at: r.respondedAt, closed: r.closed,
      })))],
    );
  },
};

/** Physical name of the live table, for the watcher. */
export const openDeadlinesTable = (): string => liveTables(openDeadlinesProjection)[OPEN_DEADLINES];
