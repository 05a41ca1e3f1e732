import type { PoolClient } from 'pg';
import { localDate } from '@wenzheng/calendar';
import { STREAM_PREFIX } from '@wenzheng/petition';
import type { ProjectedEvent, Projection, TableNames } from '@wenzheng/projector';
import type { DeadlineKind, DepartmentEventType } from '@wenzheng/scoring';

// Facts for assessment (考核): one row per deadline value a department had to meet and one row per
// counted event, each naming its petition and event so every figure can be explained. No personal
// data: a case is named by its id and public tracking code.
//
// Idempotency: a petition's row remembers the last stream revision applied and earlier revisions
// are skipped, so a redelivered event or a replayed batch changes nothing; fact rows are keyed by
// event id (deadlines: by the event that set them and the kind) and written with `on conflict`
// merges that keep the first value, as a second line of defence.

export const DEADLINE_FACTS = 'department_deadline_facts';
export const EVENT_FACTS = 'department_event_facts';
export const PETITION_STATE = 'department_petition_state';

interface OpenDeadline {
  readonly sourceEventId: string;
  readonly dueAt: string;
  readonly setAt: string;
}

interface PetitionRow {
  petitionId: string;
  trackingCode: string | null;
  confidential: boolean;
  departmentId: string | null;
  lastRevision: number;
  /** The dispatch, or the reopen for rework: where averageResponseWorkingDays starts counting. */
  handlingStartedAt: string | null;
  ack: OpenDeadline | null;
  response: OpenDeadline | null;
}

interface DeadlineRow {
  sourceEventId: string;
  kind: DeadlineKind;
  petitionId: string;
  trackingCode: string | null;
  departmentId: string;
  confidential: boolean;
  dueAt: string;
  setAt: string;
  actEventId: string | null;
  actAt: string | null;
  missedEventId: string | null;
  missedAt: string | null;
  supersededByEventId: string | null;
  supersededAt: string | null;
  withdrawnByEventId: string | null;
  withdrawnAt: string | null;
}

interface EventRow {
  eventId: string;
  type: DepartmentEventType;
  petitionId: string;
  trackingCode: string | null;
  departmentId: string;
  confidential: boolean;
  at: string;
  localDay: string;
  satisfaction: string | null;
  dueAt: string | null;
  startedAt: string | null;
  onTime: boolean | null;
}

type Data = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const CANONICAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** An instant in canonical UTC form (safe in an array literal), or null. */
const iso = (v: unknown): string | null => {
  if (typeof v !== 'string') return null;
  if (CANONICAL_INSTANT.test(v) && Number.isFinite(Date.parse(v))) return v; // what the decider writes; formatting again costs a rebuild ~1 µs per value
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const sameInstant = (a: string, b: unknown) => typeof b === 'string' && Date.parse(a) === Date.parse(b);
/**
 * The stream names the petition (revisions, and so the idempotency guard, are per stream). Petition
 * ids are UUIDs (the API refuses anything else); a stream that breaks this is not scored.
 */
const petitionIdOf = (e: ProjectedEvent): string | null => {
  const { streamId } = e.recorded;
  const id = streamId.startsWith(STREAM_PREFIX) ? streamId.slice(STREAM_PREFIX.length) : str((e.data as Data | null)?.petitionId);
  return id !== null && UUID.test(id) ? id.toLowerCase() : null;
};

/** Applies one batch in memory, starting from the petitions' stored rows; `write` then stores the changes. */
class Batch {
  readonly petitions = new Map<string, PetitionRow>();
  readonly changedPetitions = new Set<string>();
  readonly deadlines = new Map<string, DeadlineRow>();
  readonly events = new Map<string, EventRow>();

  constructor(stored: readonly PetitionRow[]) {
    for (const p of stored) this.petitions.set(p.petitionId, p);
  }

  apply(e: ProjectedEvent): void {
    const data = (e.data ?? {}) as Data;
    const petitionId = petitionIdOf(e);
    if (petitionId === null) return;
    let p = this.petitions.get(petitionId);
    if (!p) {
      p = { petitionId, trackingCode: null, confidential: false, departmentId: null, lastRevision: -1, handlingStartedAt: null, ack: null, response: null };
      this.petitions.set(petitionId, p);
    }
    const revision = Number(e.recorded.revision);
    if (revision <= p.lastRevision) return; // already applied
    p.lastRevision = revision;
    this.changedPetitions.add(petitionId);

    const eventId = e.recorded.id;
    const at = iso(data.at) ?? e.recorded.created.toISOString();
    const departmentId = str(data.departmentId);
    switch (e.type) {
      case 'PetitionSubmitted':
        p.trackingCode = str(data.trackingCode);
        break;
      case 'PetitionReviewed':
        p.confidential = data.confidential === true;
        break;
      case 'PetitionDispatched': {
        if (departmentId === null) break;
        p.departmentId = departmentId;
        p.handlingStartedAt = at;
        const ackBy = iso(data.acknowledgeBy);
        const respondBy = iso(data.respondBy);
        p.ack = ackBy ? this.newDeadline(p, 'acknowledgement', eventId, ackBy, at) : null;
        p.response = respondBy ? this.newDeadline(p, 'response', eventId, respondBy, at) : null;
        this.fact(p, 'received', eventId, departmentId, at);
        break;
      }
      case 'PetitionAcknowledged':
        if (p.ack) this.patch(p, 'acknowledgement', p.ack, { actEventId: eventId, actAt: at });
        p.ack = null;
        break;
      case 'PetitionResponded':
        if (p.response) this.patch(p, 'response', p.response, { actEventId: eventId, actAt: at });
        p.response = null;
        if (departmentId !== null) {
          this.fact(p, 'response', eventId, departmentId, at, {
            dueAt: iso(data.respondBy), startedAt: p.handlingStartedAt, onTime: typeof data.onTime === 'boolean' ? data.onTime : null,
          });
        }
        break;
      case 'PetitionReturned':
        for (const [kind, open] of [['acknowledgement', p.ack], ['response', p.response]] as const) {
          if (open) this.patch(p, kind, open, { withdrawnByEventId: eventId, withdrawnAt: at });
        }
        p.ack = null;
        p.response = null;
        p.departmentId = null;
        if (departmentId !== null) this.fact(p, 'return', eventId, departmentId, at);
        break;
      case 'ExtensionRequested':
        if (departmentId !== null) this.fact(p, 'extension_requested', eventId, departmentId, at, { dueAt: iso(data.currentRespondBy) });
        break;
      case 'ExtensionDecided': {
        const respondBy = iso(data.respondBy);
        if (data.approved !== true || respondBy === null) break;
        if (p.response) this.patch(p, 'response', p.response, { supersededByEventId: eventId, supersededAt: at });
        p.response = this.newDeadline(p, 'response', eventId, respondBy, at);
        if (departmentId !== null) this.fact(p, 'extension_approved', eventId, departmentId, at, { dueAt: respondBy });
        break;
      }
      case 'PetitionReopened': {
        const respondBy = iso(data.respondBy);
        if (departmentId !== null) p.departmentId = departmentId;
        p.handlingStartedAt = at;
        if (respondBy !== null) p.response = this.newDeadline(p, 'response', eventId, respondBy, at);
        break;
      }
      case 'PetitionDeadlineMissed': {
        const kind: DeadlineKind = data.deadline === 'acknowledgement' ? 'acknowledgement' : 'response';
        const open = kind === 'acknowledgement' ? p.ack : p.response;
        if (open && sameInstant(open.dueAt, data.dueAt)) this.patch(p, kind, open, { missedEventId: eventId, missedAt: at });
        const type = kind === 'acknowledgement' ? 'red_light_acknowledgement' : 'red_light_response';
        const owner = departmentId ?? p.departmentId;
        if (owner !== null) this.fact(p, type, eventId, owner, at, { dueAt: iso(data.dueAt) });
        break;
      }
      case 'PetitionEscalated':
        // Without a department (a returned case awaiting the reviewer) it is held against no one.
        if (departmentId !== null) {
          this.fact(p, data.automatic === true ? 'escalation_automatic' : 'escalation_manual', eventId, departmentId, at, { dueAt: iso(data.respondBy) });
        }
        break;
      case 'PetitionRated': {
        const satisfaction = str(data.satisfaction);
        const owner = departmentId ?? p.departmentId;
        if (owner !== null && satisfaction !== null) this.fact(p, 'rating', eventId, owner, at, { satisfaction });
        break;
      }
      default:
        break; // closing, comments and event types from a newer contract change no figure
    }
  }

  private newDeadline(p: PetitionRow, kind: DeadlineKind, sourceEventId: string, dueAt: string, setAt: string): OpenDeadline {
    const open = { sourceEventId, dueAt, setAt };
    this.patch(p, kind, open, {});
    return open;
  }

  /** Sets the given fields of a deadline row where they are still empty (first value wins, as in SQL). */
  private patch(p: PetitionRow, kind: DeadlineKind, open: OpenDeadline, fields: Partial<DeadlineRow>): void {
    const key = `${open.sourceEventId}:${kind}`;
    let row = this.deadlines.get(key);
    if (!row) {
      // A deadline runs only while a department holds the case; a stream breaking that is not scored.
      if (p.departmentId === null) return;
      row = {
        sourceEventId: open.sourceEventId, kind, petitionId: p.petitionId, trackingCode: p.trackingCode,
        departmentId: p.departmentId, confidential: p.confidential, dueAt: open.dueAt, setAt: open.setAt,
        actEventId: null, actAt: null, missedEventId: null, missedAt: null,
        supersededByEventId: null, supersededAt: null, withdrawnByEventId: null, withdrawnAt: null,
      };
      this.deadlines.set(key, row);
    }
    const target = row as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(fields)) if (target[k] === null) target[k] = v;
  }

  private fact(p: PetitionRow, type: DepartmentEventType, eventId: string, departmentId: string, at: string, extra: Partial<EventRow> = {}): void {
    if (this.events.has(eventId)) return;
    this.events.set(eventId, {
      eventId, type, petitionId: p.petitionId, trackingCode: p.trackingCode, departmentId, confidential: p.confidential,
      at, localDay: localDate(new Date(at)), satisfaction: null, dueAt: null, startedAt: null, onTime: null, ...extra,
    });
  }
}

// Array parameters are written as PostgreSQL array literals here: node-pg's generic array
// serialisation was a third of a rebuild's time. Ids, instants, booleans and numbers need no
// quoting; text is quoted and escaped.
type Scalar = string | number | boolean | null;
const literal = (values: readonly Scalar[]): string => `{${values.map((v) => (v === null ? 'NULL' : String(v))).join(',')}}`;
const textLiteral = (values: readonly (string | null)[]): string =>
  `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;
const column = <T, K extends keyof T>(rows: readonly T[], key: K): string => literal(rows.map((r) => r[key] as Scalar));
const textColumn = <T, K extends keyof T>(rows: readonly T[], key: K): string => textLiteral(rows.map((r) => r[key] as string | null));

async function loadPetitions(client: PoolClient, table: string, ids: readonly string[]): Promise<PetitionRow[]> {
  if (!ids.length) return [];
  const { rows } = await client.query(
    `select petition_id, tracking_code, confidential, department_id, last_revision, handling_started_at,
            ack_source_event_id, ack_due_at, ack_set_at, response_source_event_id, response_due_at, response_set_at
       from ${table} where petition_id = any($1::uuid[])`,
    [ids],
  );
  const isoOf = (d: Date | null) => (d ? d.toISOString() : null);
  const open = (source: string | null, due: Date | null, set: Date | null): OpenDeadline | null =>
    source && due && set ? { sourceEventId: source, dueAt: due.toISOString(), setAt: set.toISOString() } : null;
  return rows.map((r) => ({
    petitionId: r.petition_id,
    trackingCode: r.tracking_code,
    confidential: r.confidential,
    departmentId: r.department_id,
    lastRevision: Number(r.last_revision),
    handlingStartedAt: isoOf(r.handling_started_at),
    ack: open(r.ack_source_event_id, r.ack_due_at, r.ack_set_at),
    response: open(r.response_source_event_id, r.response_due_at, r.response_set_at),
  }));
}

async function write(client: PoolClient, names: TableNames, batch: Batch): Promise<void> {
  const petitions = [...batch.changedPetitions].map((id) => batch.petitions.get(id) as PetitionRow);
  if (petitions.length) {
    await client.query(
      `insert into ${names[PETITION_STATE]} as t (petition_id, tracking_code, confidential, department_id, last_revision, handling_started_at,
              ack_source_event_id, ack_due_at, ack_set_at, response_source_event_id, response_due_at, response_set_at)
       select * from unnest($1::uuid[], $2::text[], $3::boolean[], $4::text[], $5::bigint[], $6::timestamptz[],
                            $7::uuid[], $8::timestamptz[], $9::timestamptz[], $10::uuid[], $11::timestamptz[], $12::timestamptz[])
       on conflict (petition_id) do update set
         tracking_code = excluded.tracking_code, confidential = excluded.confidential, department_id = excluded.department_id,
         last_revision = excluded.last_revision, handling_started_at = excluded.handling_started_at,
         ack_source_event_id = excluded.ack_source_event_id, ack_due_at = excluded.ack_due_at, ack_set_at = excluded.ack_set_at,
         response_source_event_id = excluded.response_source_event_id, response_due_at = excluded.response_due_at,
         response_set_at = excluded.response_set_at
       where t.last_revision < excluded.last_revision`,
      [
        column(petitions, 'petitionId'), textColumn(petitions, 'trackingCode'), column(petitions, 'confidential'),
        textColumn(petitions, 'departmentId'), column(petitions, 'lastRevision'), column(petitions, 'handlingStartedAt'),
        literal(petitions.map((p) => p.ack?.sourceEventId ?? null)), literal(petitions.map((p) => p.ack?.dueAt ?? null)),
        literal(petitions.map((p) => p.ack?.setAt ?? null)), literal(petitions.map((p) => p.response?.sourceEventId ?? null)),
        literal(petitions.map((p) => p.response?.dueAt ?? null)), literal(petitions.map((p) => p.response?.setAt ?? null)),
      ],
    );
  }

  const deadlines = [...batch.deadlines.values()];
  if (deadlines.length) {
    const merged = ['act_event_id', 'act_at', 'missed_event_id', 'missed_at', 'superseded_by_event_id', 'superseded_at', 'withdrawn_by_event_id', 'withdrawn_at'];
    await client.query(
      `insert into ${names[DEADLINE_FACTS]} as t (source_event_id, kind, petition_id, tracking_code, department_id, confidential, due_at, set_at,
              act_event_id, act_at, missed_event_id, missed_at, superseded_by_event_id, superseded_at, withdrawn_by_event_id, withdrawn_at)
       select * from unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::boolean[], $7::timestamptz[], $8::timestamptz[],
                            $9::uuid[], $10::timestamptz[], $11::uuid[], $12::timestamptz[], $13::uuid[], $14::timestamptz[], $15::uuid[], $16::timestamptz[])
       on conflict (source_event_id, kind) do update set
         ${merged.map((c) => `${c} = coalesce(t.${c}, excluded.${c})`).join(', ')}
       where ${merged.filter((c) => c.endsWith('_id')).map((c) => `(t.${c} is null and excluded.${c} is not null)`).join(' or ')}`,
      [
        column(deadlines, 'sourceEventId'), textColumn(deadlines, 'kind'), column(deadlines, 'petitionId'), textColumn(deadlines, 'trackingCode'),
        textColumn(deadlines, 'departmentId'), column(deadlines, 'confidential'), column(deadlines, 'dueAt'), column(deadlines, 'setAt'),
        column(deadlines, 'actEventId'), column(deadlines, 'actAt'), column(deadlines, 'missedEventId'), column(deadlines, 'missedAt'),
        column(deadlines, 'supersededByEventId'), column(deadlines, 'supersededAt'), column(deadlines, 'withdrawnByEventId'),
        column(deadlines, 'withdrawnAt'),
      ],
    );
  }

  const events = [...batch.events.values()];
  if (events.length) {
    await client.query(
      `insert into ${names[EVENT_FACTS]} (event_id, type, petition_id, tracking_code, department_id, confidential, at, local_day,
              satisfaction, due_at, started_at, on_time)
       select * from unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::boolean[], $7::timestamptz[], $8::date[],
                            $9::text[], $10::timestamptz[], $11::timestamptz[], $12::boolean[])
       on conflict (event_id) do nothing`,
      [
        column(events, 'eventId'), textColumn(events, 'type'), column(events, 'petitionId'), textColumn(events, 'trackingCode'),
        textColumn(events, 'departmentId'), column(events, 'confidential'), column(events, 'at'), column(events, 'localDay'),
        textColumn(events, 'satisfaction'), column(events, 'dueAt'), column(events, 'startedAt'), column(events, 'onTime'),
      ],
    );
  }
}

export const departmentPerformanceProjection: Projection = {
  name: 'department_performance',
  version: 1,
  tables: [DEADLINE_FACTS, EVENT_FACTS, PETITION_STATE],
  filter: { streamPrefixes: [STREAM_PREFIX] },

  async createTables(client: PoolClient, names: TableNames): Promise<void> {
    // Indexes are left unnamed: a rebuild's tables are renamed into place, and PostgreSQL picks
    // a free name for the next rebuild's indexes.
    await client.query(`create table if not exists ${names[DEADLINE_FACTS]} (
      source_event_id uuid not null,
      kind text not null check (kind in ('acknowledgement', 'response')),
      petition_id uuid not null,
      tracking_code text null,
      department_id text not null,
      confidential boolean not null,
      due_at timestamptz not null,
      set_at timestamptz not null,
      act_event_id uuid null,
      act_at timestamptz null,
      met boolean generated always as (act_at <= due_at) stored,
      missed_event_id uuid null,
      missed_at timestamptz null,
      superseded_by_event_id uuid null,
      superseded_at timestamptz null,
      withdrawn_by_event_id uuid null,
      withdrawn_at timestamptz null,
      primary key (source_event_id, kind)
    )`);
    await client.query(`create index on ${names[DEADLINE_FACTS]} (due_at)`);
    await client.query(`create table if not exists ${names[EVENT_FACTS]} (
      event_id uuid primary key,
      type text not null,
      petition_id uuid not null,
      tracking_code text null,
      department_id text not null,
      confidential boolean not null,
      at timestamptz not null,
      local_day date not null,
      satisfaction text null,
      due_at timestamptz null,
      started_at timestamptz null,
      on_time boolean null
    )`);
    await client.query(`create index on ${names[EVENT_FACTS]} (at)`);
    await client.query(`create table if not exists ${names[PETITION_STATE]} (
      petition_id uuid primary key,
      tracking_code text null,
      confidential boolean not null,
      department_id text null,
      last_revision bigint not null,
      handling_started_at timestamptz null,
      ack_source_event_id uuid null,
      ack_due_at timestamptz null,
      ack_set_at timestamptz null,
      response_source_event_id uuid null,
      response_due_at timestamptz null,
      response_set_at timestamptz null
    )`);
  },

  async handle(client: PoolClient, events: readonly ProjectedEvent[], names: TableNames): Promise<void> {
    const ids = new Set<string>();
    for (const e of events) {
      const id = petitionIdOf(e);
      if (id !== null) ids.add(id);
    }
    const batch = new Batch(await loadPetitions(client, names[PETITION_STATE], [...ids]));
    for (const e of events) batch.apply(e);
    await write(client, names, batch);
  },
};
