import type { PoolClient } from 'pg';
import { localDate } from '@wenzheng/calendar';
import { STREAM_PREFIX } from '@wenzheng/petition';
import { PetitionStreamEvent, byPetitionEvent, iso, occurredAt, petitionEventOf, petitionIdOf, sameInstant, str } from '../petition-stream';
import { EventContext, Evolve, Projection, RowChange, TableNames, singleStreamRowProjection, unchanged } from '@wenzheng/projector';
import { HOTLINE_OFFICE } from '@wenzheng/scoring';
import type { DeadlineKind, DepartmentEventType } from '@wenzheng/scoring';
import {
  DEADLINE_DAYS,
  EVENT_DAYS,
  dayTablesDdl,
  dayTriggersSql,
  countDayTablesSql,
  oneReplaceAtATime,
} from './department-performance.days';

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

/** 协办: a contribution an assisting department owes the lead. */
interface OpenAssistance extends OpenDeadline {
  readonly departmentId: string;
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
  assisting: readonly OpenAssistance[];
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

/** What an event adds to the fact tables: a deadline row (or fields of one), or a counted event. */
type FactOutput =
  | { readonly kind: 'deadline'; readonly key: string; readonly created: DeadlineRow | null; readonly fields: Partial<DeadlineRow> }
  | { readonly kind: 'event'; readonly row: EventRow };

type Context = EventContext<FactOutput>;

/**
 * The deadline row `open` names, with the given fields set where still empty (first value wins, as
 * in SQL). The department owing it is the one holding the case, or for 协办 the assisting one.
 */
function patch(
  p: PetitionRow,
  kind: DeadlineKind,
  open: OpenDeadline,
  fields: Partial<DeadlineRow>,
  context: Context,
  owner: string | null = p.departmentId,
): void {
  // A deadline runs only while a department holds the case; a stream breaking that is not scored.
  const created: DeadlineRow | null =
    p.departmentId === null || owner === null
      ? null
      : {
          sourceEventId: open.sourceEventId,
          kind,
          petitionId: p.petitionId,
          trackingCode: p.trackingCode,
          departmentId: owner,
          confidential: p.confidential,
          dueAt: open.dueAt,
          setAt: open.setAt,
          actEventId: null,
          actAt: null,
          missedEventId: null,
          missedAt: null,
          supersededByEventId: null,
          supersededAt: null,
          withdrawnByEventId: null,
          withdrawnAt: null,
        };
  // One dispatch sets a contribution deadline per assisting department: the department is in the key.
  const key = kind === 'assistance' ? `${open.sourceEventId}:${kind}:${owner}` : `${open.sourceEventId}:${kind}`;
  context.emit({ kind: 'deadline', key, created, fields });
}

/** 协办: the contributions still owed lapse (the lead answered, the case went back or was withdrawn). */
function lapseAssistance(p: PetitionRow, context: Context, when: string): void {
  for (const open of p.assisting)
    patch(p, 'assistance', open, { withdrawnByEventId: context.recorded.id, withdrawnAt: when }, context, open.departmentId);
  p.assisting = [];
}

function newDeadline(p: PetitionRow, kind: DeadlineKind, dueAt: string, setAt: string, context: Context): OpenDeadline {
  const open = { sourceEventId: context.recorded.id, dueAt, setAt };
  patch(p, kind, open, {}, context);
  return open;
}

function fact(
  p: PetitionRow,
  type: DepartmentEventType,
  departmentId: string,
  at: string,
  context: Context,
  extra: Partial<EventRow> = {},
): void {
  context.emit({
    kind: 'event',
    row: {
      eventId: context.recorded.id,
      type,
      petitionId: p.petitionId,
      trackingCode: p.trackingCode,
      departmentId,
      confidential: p.confidential,
      at,
      localDay: localDate(new Date(at)),
      satisfaction: null,
      dueAt: null,
      startedAt: null,
      onTime: null,
      ...extra,
    },
  });
}

const at = (e: { data: unknown }, context: Context) => occurredAt({ data: e.data, recorded: context.recorded });
const departmentOf = (e: { data: unknown }) => str((e.data as { departmentId?: unknown }).departmentId);

/** What each event does to a petition's open deadlines and the facts; `p` is this event's copy of the row. */
const apply = byPetitionEvent<PetitionRow, Context>({
  PetitionSubmitted: (p, e) => {
    p.trackingCode = str(e.data.trackingCode);
    return p;
  },
  PetitionReviewed: (p, e) => {
    p.confidential = e.data.confidential === true;
    return p;
  },
  PetitionDispatched: (p, e, c) => {
    const departmentId = departmentOf(e);
    if (departmentId === null) return p;
    const when = at(e, c);
    p.departmentId = departmentId;
    p.handlingStartedAt = when;
    const ackBy = iso(e.data.acknowledgeBy);
    const respondBy = iso(e.data.respondBy);
    p.ack = ackBy ? newDeadline(p, 'acknowledgement', ackBy, when, c) : null;
    p.response = respondBy ? newDeadline(p, 'response', respondBy, when, c) : null;
    p.assisting = (e.data.assisting ?? []).flatMap((a) => {
      const owner = str(a?.departmentId);
      const dueAt = iso(a?.contributeBy);
      if (owner === null || dueAt === null) return [];
      const open: OpenAssistance = { sourceEventId: c.recorded.id, dueAt, setAt: when, departmentId: owner };
      patch(p, 'assistance', open, {}, c, owner);
      return [open];
    });
    fact(p, 'received', departmentId, when, c);
    return p;
  },
  // 协办: the contribution meets (or, late, misses) the assisting department's own deadline.
  AssistanceProvided: (p, e, c) => {
    const open = p.assisting.find((a) => a.departmentId === departmentOf(e));
    if (!open) return p;
    patch(p, 'assistance', open, { actEventId: c.recorded.id, actAt: at(e, c) }, c, open.departmentId);
    p.assisting = p.assisting.filter((a) => a !== open);
    return p;
  },
  PetitionAcknowledged: (p, e, c) => {
    if (p.ack) patch(p, 'acknowledgement', p.ack, { actEventId: c.recorded.id, actAt: at(e, c) }, c);
    p.ack = null;
    return p;
  },
  PetitionResponded: (p, e, c) => {
    const when = at(e, c);
    // The lead answered without a contribution: one not yet due lapses, one already due stays missed.
    lapseAssistance(p, c, when);
    if (p.response) patch(p, 'response', p.response, { actEventId: c.recorded.id, actAt: when }, c);
    p.response = null;
    const departmentId = departmentOf(e);
    if (departmentId !== null) {
      fact(p, 'response', departmentId, when, c, {
        dueAt: iso(e.data.respondBy),
        startedAt: p.handlingStartedAt,
        onTime: typeof e.data.onTime === 'boolean' ? e.data.onTime : null,
      });
    }
    return p;
  },
  PetitionReturned: (p, e, c) => {
    const when = at(e, c);
    lapseAssistance(p, c, when);
    for (const [kind, open] of [
      ['acknowledgement', p.ack],
      ['response', p.response],
    ] as const) {
      if (open) patch(p, kind, open, { withdrawnByEventId: c.recorded.id, withdrawnAt: when }, c);
    }
    p.ack = null;
    p.response = null;
    p.departmentId = null;
    const departmentId = departmentOf(e);
    if (departmentId !== null) fact(p, 'return', departmentId, when, c);
    return p;
  },
  ExtensionRequested: (p, e, c) => {
    const departmentId = departmentOf(e);
    if (departmentId !== null) fact(p, 'extension_requested', departmentId, at(e, c), c, { dueAt: iso(e.data.currentRespondBy) });
    return p;
  },
  ExtensionDecided: (p, e, c) => {
    const respondBy = iso(e.data.respondBy);
    if (e.data.approved !== true || respondBy === null) return p;
    const when = at(e, c);
    if (p.response) patch(p, 'response', p.response, { supersededByEventId: c.recorded.id, supersededAt: when }, c);
    p.response = newDeadline(p, 'response', respondBy, when, c);
    const departmentId = departmentOf(e);
    if (departmentId !== null) fact(p, 'extension_approved', departmentId, when, c, { dueAt: respondBy });
    return p;
  },
  PetitionReopened: (p, e, c) => {
    const when = at(e, c);
    const respondBy = iso(e.data.respondBy);
    const departmentId = departmentOf(e);
    if (departmentId !== null) p.departmentId = departmentId;
    p.handlingStartedAt = when;
    if (respondBy !== null) p.response = newDeadline(p, 'response', respondBy, when, c);
    return p;
  },
  PetitionDeadlineMissed: (p, e, c) => {
    const when = at(e, c);
    const kind: DeadlineKind = e.data.deadline === 'acknowledgement' ? 'acknowledgement' : 'response';
    const open = kind === 'acknowledgement' ? p.ack : p.response;
    if (open && sameInstant(open.dueAt, e.data.dueAt)) patch(p, kind, open, { missedEventId: c.recorded.id, missedAt: when }, c);
    const type = kind === 'acknowledgement' ? 'red_light_acknowledgement' : 'red_light_response';
    const owner = departmentOf(e) ?? p.departmentId;
    if (owner !== null) fact(p, type, owner, when, c, { dueAt: iso(e.data.dueAt) });
    return p;
  },
  PetitionEscalated: (p, e, c) => {
    // Without a department (a returned case awaiting the reviewer) it is held against no one.
    const departmentId = departmentOf(e);
    if (departmentId !== null) {
      fact(p, e.data.automatic === true ? 'escalation_automatic' : 'escalation_manual', departmentId, at(e, c), c, {
        dueAt: iso(e.data.respondBy),
      });
    }
    return p;
  },
  PetitionRated: (p, e, c) => {
    const satisfaction = str(e.data.satisfaction);
    const owner = departmentOf(e) ?? p.departmentId;
    if (owner !== null && satisfaction !== null) fact(p, 'rating', owner, at(e, c), c, { satisfaction });
    return p;
  },
  // 撤回: the deadlines still running lapse (withdrawn, not counted, as after a 退单); one already
  // past its due time stays missed (assess: withdrawn only before dueAt), so a late case is not
  // cleared by having its citizen withdraw it.
  PetitionWithdrawn: (p, e, c) => {
    const when = at(e, c);
    lapseAssistance(p, c, when);
    for (const [kind, open] of [
      ['acknowledgement', p.ack],
      ['response', p.response],
    ] as const) {
      if (open) patch(p, kind, open, { withdrawnByEventId: c.recorded.id, withdrawnAt: when }, c);
    }
    p.ack = null;
    p.response = null;
    return p;
  },
  // 补充材料: the clock resumed with the response deadline moved; the new one replaces the old (as an extension).
  InformationSupplied: (p, e, c) => movedResponseDeadline(p, iso(e.data.respondBy), c, at(e, c)),
  InformationRequestLapsed: (p, e, c) => movedResponseDeadline(p, iso(e.data.respondBy), c, at(e, c)),
  // 审核超时: the hotline office's red light, in its own row of the assessment.
  ReviewDeadlineMissed: (p, e, c) => {
    fact(p, 'red_light_review', HOTLINE_OFFICE, at(e, c), c, { dueAt: iso(e.data.dueAt) });
    return p;
  },
  // Closing, interim replies, requests for information, moderation, comments and platform events change no figure.
  InformationRequested: unchanged,
  // 下派 keeps the lead responsible and the deadlines; naming a handler changes no department's figure.
  PetitionPassedDown: unchanged,
  PetitionAnsweredUp: unchanged,
  HandlerAssigned: unchanged,
  PetitionClosed: unchanged,
  PetitionInterimReplied: unchanged,
  PublicationModerated: unchanged,
  PetitionCommented: unchanged,
  PersonalDataErased: unchanged,
  ReporterIdentityReleased: unchanged,
});

function movedResponseDeadline(p: PetitionRow, respondBy: string | null, c: Context, when: string): PetitionRow {
  if (respondBy === null || p.response === null || sameInstant(p.response.dueAt, respondBy)) return p;
  patch(p, 'response', p.response, { supersededByEventId: c.recorded.id, supersededAt: when }, c);
  p.response = newDeadline(p, 'response', respondBy, when, c);
  return p;
}

const evolveDepartmentPetition: Evolve<PetitionRow, PetitionStreamEvent, FactOutput> = (row, event, context) =>
  apply(
    row
      ? { ...row }
      : {
          petitionId: context.key,
          trackingCode: null,
          confidential: false,
          departmentId: null,
          lastRevision: -1,
          handlingStartedAt: null,
          ack: null,
          response: null,
          assisting: [],
        },
    event,
    context,
  );

/** The batch's deadline and event rows: a deadline's fields merged in event order (first value wins), each event counted once. */
function factsOf(changes: readonly RowChange<PetitionRow, FactOutput>[]): { deadlines: DeadlineRow[]; events: EventRow[] } {
  const deadlines = new Map<string, DeadlineRow>();
  const events = new Map<string, EventRow>();
  for (const out of changes.flatMap((c) => c.emitted)) {
    if (out.kind === 'event') {
      if (!events.has(out.row.eventId)) events.set(out.row.eventId, out.row);
      continue;
    }
    let row = deadlines.get(out.key);
    if (!row) {
      if (!out.created) continue;
      row = { ...out.created };
      deadlines.set(out.key, row);
    }
    const target = row as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(out.fields)) if (target[k] === null) target[k] = v;
  }
  return { deadlines: [...deadlines.values()], events: [...events.values()] };
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
            ack_source_event_id, ack_due_at, ack_set_at, response_source_event_id, response_due_at, response_set_at, assisting
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
    assisting: (r.assisting as OpenAssistance[] | null) ?? [],
  }));
}

async function write(client: PoolClient, changes: readonly RowChange<PetitionRow, FactOutput>[], names: TableNames): Promise<void> {
  const petitions = changes.map((c) => c.row);
  const facts = factsOf(changes);
  if (petitions.length) {
    await client.query(
      `insert into ${names[PETITION_STATE]} as t (petition_id, tracking_code, confidential, department_id, last_revision, handling_started_at,
              ack_source_event_id, ack_due_at, ack_set_at, response_source_event_id, response_due_at, response_set_at, assisting)
       select * from unnest($1::uuid[], $2::text[], $3::boolean[], $4::text[], $5::bigint[], $6::timestamptz[],
                            $7::uuid[], $8::timestamptz[], $9::timestamptz[], $10::uuid[], $11::timestamptz[], $12::timestamptz[], $13::jsonb[])
       on conflict (petition_id) do update set
         tracking_code = excluded.tracking_code, confidential = excluded.confidential, department_id = excluded.department_id,
         last_revision = excluded.last_revision, handling_started_at = excluded.handling_started_at,
         ack_source_event_id = excluded.ack_source_event_id, ack_due_at = excluded.ack_due_at, ack_set_at = excluded.ack_set_at,
         response_source_event_id = excluded.response_source_event_id, response_due_at = excluded.response_due_at,
         response_set_at = excluded.response_set_at, assisting = excluded.assisting
       where t.last_revision < excluded.last_revision`,
      [
        column(petitions, 'petitionId'),
        textColumn(petitions, 'trackingCode'),
        column(petitions, 'confidential'),
        textColumn(petitions, 'departmentId'),
        column(petitions, 'lastRevision'),
        column(petitions, 'handlingStartedAt'),
        literal(petitions.map((p) => p.ack?.sourceEventId ?? null)),
        literal(petitions.map((p) => p.ack?.dueAt ?? null)),
        literal(petitions.map((p) => p.ack?.setAt ?? null)),
        literal(petitions.map((p) => p.response?.sourceEventId ?? null)),
        literal(petitions.map((p) => p.response?.dueAt ?? null)),
        literal(petitions.map((p) => p.response?.setAt ?? null)),
        textLiteral(petitions.map((p) => (p.assisting.length ? JSON.stringify(p.assisting) : null))),
      ],
    );
  }

  const { deadlines } = facts;
  if (deadlines.length) {
    const merged = [
      'act_event_id',
      'act_at',
      'missed_event_id',
      'missed_at',
      'superseded_by_event_id',
      'superseded_at',
      'withdrawn_by_event_id',
      'withdrawn_at',
    ];
    await client.query(
      `insert into ${names[DEADLINE_FACTS]} as t (source_event_id, kind, petition_id, tracking_code, department_id, confidential, due_at, set_at,
              act_event_id, act_at, missed_event_id, missed_at, superseded_by_event_id, superseded_at, withdrawn_by_event_id, withdrawn_at)
       select * from unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::boolean[], $7::timestamptz[], $8::timestamptz[],
                            $9::uuid[], $10::timestamptz[], $11::uuid[], $12::timestamptz[], $13::uuid[], $14::timestamptz[], $15::uuid[], $16::timestamptz[])
       on conflict (source_event_id, kind, department_id) do update set
         ${merged.map((c) => `${c} = coalesce(t.${c}, excluded.${c})`).join(', ')}
       where ${merged
         .filter((c) => c.endsWith('_id'))
         .map((c) => `(t.${c} is null and excluded.${c} is not null)`)
         .join(' or ')}`,
      [
        column(deadlines, 'sourceEventId'),
        textColumn(deadlines, 'kind'),
        column(deadlines, 'petitionId'),
        textColumn(deadlines, 'trackingCode'),
        textColumn(deadlines, 'departmentId'),
        column(deadlines, 'confidential'),
        column(deadlines, 'dueAt'),
        column(deadlines, 'setAt'),
        column(deadlines, 'actEventId'),
        column(deadlines, 'actAt'),
        column(deadlines, 'missedEventId'),
        column(deadlines, 'missedAt'),
        column(deadlines, 'supersededByEventId'),
        column(deadlines, 'supersededAt'),
        column(deadlines, 'withdrawnByEventId'),
        column(deadlines, 'withdrawnAt'),
      ],
    );
  }

  const { events } = facts;
  if (events.length) {
    await client.query(
      `insert into ${names[EVENT_FACTS]} (event_id, type, petition_id, tracking_code, department_id, confidential, at, local_day,
              satisfaction, due_at, started_at, on_time)
       select * from unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::boolean[], $7::timestamptz[], $8::date[],
                            $9::text[], $10::timestamptz[], $11::timestamptz[], $12::boolean[])
       on conflict (event_id) do nothing`,
      [
        column(events, 'eventId'),
        textColumn(events, 'type'),
        column(events, 'petitionId'),
        textColumn(events, 'trackingCode'),
        textColumn(events, 'departmentId'),
        column(events, 'confidential'),
        column(events, 'at'),
        column(events, 'localDay'),
        textColumn(events, 'satisfaction'),
        column(events, 'dueAt'),
        column(events, 'startedAt'),
        column(events, 'onTime'),
      ],
    );
  }
}

export const departmentPerformanceProjection: Projection = singleStreamRowProjection({
  name: 'department_performance',
  // 2: 协办 contribution deadlines (kind assistance, keyed by department too).
  version: 2,
  // The day tables are kept by triggers on the facts (department-performance.days.ts).
  tables: [DEADLINE_FACTS, EVENT_FACTS, PETITION_STATE, DEADLINE_DAYS, EVENT_DAYS],
  filter: { streamPrefixes: [STREAM_PREFIX] },
  // What the one-year report reads (about 1.8 GB at 1,000,000 cases), loaded after a rebuild's swap.
  warm: [DEADLINE_FACTS, EVENT_FACTS, DEADLINE_DAYS, EVENT_DAYS],

  async createTables(client: PoolClient, names: TableNames): Promise<void> {
    // Indexes are left unnamed: a rebuild's tables are renamed into place, and PostgreSQL picks
    // a free name for the next rebuild's indexes.
    await client.query(`create table if not exists ${names[DEADLINE_FACTS]} (
      source_event_id uuid not null,
      kind text not null check (kind in ('acknowledgement', 'response', 'assistance')),
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
      primary key (source_event_id, kind, department_id)
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
      response_set_at timestamptz null,
      assisting jsonb null
    )`);
    for (const statement of dayTablesDdl(names, factTables(names))) await client.query(oneReplaceAtATime(statement));
  },

  // A rebuild counts the day tables once, from the loaded facts, instead of page by page (each
  // page's upsert touched about as many day rows as it wrote facts): the triggers are off while
  // the pages go in and on again before the catch-up under the lock.
  bulkLoad: {
    async before(client, names) {
      for (const statement of dayTriggersSql(factTables(names), 'disable')) await client.query(statement);
    },
    async after(client, names) {
      for (const statement of [...countDayTablesSql(names, factTables(names)), ...dayTriggersSql(factTables(names), 'enable')])
        await client.query(statement);
    },
  },
  keyOf: petitionIdOf,
  eventOf: petitionEventOf,
  evolve: evolveDepartmentPetition,
  async load(client, ids, names) {
    return new Map((await loadPetitions(client, names[PETITION_STATE], ids)).map((p) => [p.petitionId, p]));
  },
  save: write,
});

/** The fact tables the day tables count, under the given physical names. */
function factTables(names: TableNames): { deadlines: string; events: string } {
  return { deadlines: names[DEADLINE_FACTS], events: names[EVENT_FACTS] };
}
