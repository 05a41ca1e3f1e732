import type { Pool, PoolClient } from 'pg';
import { STREAM_PREFIX, ratedByCallBack, textsNobody } from '@wenzheng/petition';
import {
  Column,
  EventContext,
  Evolve,
  Projection,
  TableNames,
  liveTables,
  loadRows,
  notStoredBefore,
  insertNew,
  singleStreamRowProjection,
  upsertNewer,
} from '@wenzheng/projector';
import { smsOf } from '../wording/event-wording';
import { PetitionStreamEvent, petitionEventOf, petitionIdOf, str } from '../petition-stream';
import { RECIPIENT_KINDS, RecipientKind, TemplateKey } from './sms-templates';

// The outbox: one row per (event, recipient kind) that should become an SMS, keyed
// `<eventId>:<recipient>` so a replayed event adds nothing. A row names the petition, the
// department and the template with raw parameters (ids, codes, instants); never a phone number,
// a name or free text. The sender reads phone numbers when it sends.
//
// The outbox is a queue, not a record: the sender takes only the messages of events of the last
// NOTIFY_MAX_AGE_HOURS, and what it took stays in its deliveries table. So the outbox keeps a row
// only while its event is within that window and a day more (outboxKeptSince): the sender prunes
// older rows as it runs (NotificationQueue.pruneOutbox), and a rebuild does not write them.

export const NOTIFICATION_OUTBOX = 'notification_outbox';
/** What later events need to word a message: the tracking code and kind, per petition (a tombstone once closed). */
export const NOTIFICATION_PETITIONS = 'notification_petitions';

export type MessageParams = Readonly<Record<string, string | number>>;

export interface OutboxMessage {
  readonly recipient: RecipientKind;
  readonly template: TemplateKey;
  readonly departmentId: string | null;
  readonly params: MessageParams;
}

interface PetitionFacts {
  petitionId: string;
  trackingCode: string | null;
  kind: string | null;
  departmentId: string | null;
  /** 回访: no citizen holds the case's access key (the decider's ratedByCallBack, fixed at submission). */
  ratedByCallBack: boolean;
  lastRevision: number;
  /** Nothing more is told: the case is closed, or nobody is texted about it at all (textsNobody). */
  closed: boolean;
}

interface OutboxRow {
  key: string;
  eventId: string;
  eventType: string;
  petitionId: string;
  revision: number;
  recipient: RecipientKind;
  departmentId: string | null;
  template: TemplateKey;
  params: MessageParams;
  occurredAt: string;
}

const FACT_COLUMNS: readonly Column<PetitionFacts>[] = [
  ['petition_id', 'uuid', 'petitionId'],
  ['tracking_code', 'text', 'trackingCode'],
  ['kind', 'text', 'kind'],
  ['department_id', 'text', 'departmentId'],
  ['rated_by_call_back', 'boolean', 'ratedByCallBack'],
  ['last_revision', 'bigint', 'lastRevision'],
  ['closed', 'boolean', 'closed'],
];

const OUTBOX_COLUMNS: readonly Column<OutboxRow>[] = [
  ['key', 'text', 'key'],
  ['event_id', 'uuid', 'eventId'],
  ['event_type', 'text', 'eventType'],
  ['petition_id', 'uuid', 'petitionId'],
  ['stream_revision', 'bigint', 'revision'],
  ['recipient', 'text', 'recipient'],
  ['department_id', 'text', 'departmentId'],
  ['template', 'text', 'template'],
  ['params', 'jsonb', 'params'],
  ['occurred_at', 'timestamptz', 'occurredAt'],
];

type Context = EventContext<OutboxRow>;

const HOUR_MS = 3_600_000;

/** Beyond the sender's window: processes whose clocks disagree by less than this never prune what another could still take. */
export const OUTBOX_MARGIN_HOURS = 24;

/**
 * The oldest event whose messages the outbox keeps at `now`, where the sender takes those of the
 * last `notifyMaxAgeHours` (NOTIFY_MAX_AGE_HOURS): the one rule for the pruning and the rebuild.
 */
export const outboxKeptSince = (now: Date, notifyMaxAgeHours: number): Date =>
  new Date(now.getTime() - (notifyMaxAgeHours + OUTBOX_MARGIN_HOURS) * HOUR_MS);

/**
 * outboxKeptSince at the earlier of `now` and PostgreSQL's clock: a process whose clock ran days
 * fast must not drop for good (a prune, a rebuild) what the sender takes once the clock is right.
 */
export async function outboxKeptSinceAt(db: Pick<Pool, 'query'>, now: Date, notifyMaxAgeHours: number): Promise<Date> {
  const { rows } = await db.query<{ now: Date }>('select now() as now');
  return outboxKeptSince(new Date(Math.min(now.getTime(), rows[0].now.getTime())), notifyMaxAgeHours);
}

/** Whether the outbox keeps the messages of an event at this instant (all, without a rebuild's `keptSince`); an instant that does not parse is kept, for the table to judge. */
const kept = (occurredAt: string, keptSince: Date | undefined): boolean => !keptSince || !(Date.parse(occurredAt) < keptSince.getTime());

/** Addressing for one event's messages, given what is known of its petition (already updated by the event). */
function addressing(data: Readonly<Record<string, unknown>>, p: PetitionFacts) {
  const trackingCode = p.trackingCode ?? '';
  const department = str(data.departmentId) ?? p.departmentId;
  return {
    toDepartment: (template: TemplateKey, params: MessageParams = {}): OutboxMessage[] =>
      department === null ? [] : [{ recipient: 'department', template, departmentId: department, params: { trackingCode, ...params } }],
    toCitizen: (template: TemplateKey, params: MessageParams = {}): OutboxMessage[] => [
      { recipient: 'citizen', template, departmentId: department, params: { trackingCode, ...params } },
    ],
    toOffice: (recipient: 'supervisor' | 'reviewer', template: TemplateKey, params: MessageParams = {}): OutboxMessage[] => [
      { recipient, template, departmentId: department, params: { trackingCode, ...params } },
    ],
  };
}
export type Addressing = ReturnType<typeof addressing>;

/** Emits the messages `pick` chooses for this event and returns the petition's facts after it. */
function send(p: PetitionFacts, e: PetitionStreamEvent, context: Context, pick: (to: Addressing) => OutboxMessage[]): PetitionFacts {
  const data = e.data as Readonly<Record<string, unknown>>;
  const occurredAt = str(data.at) ?? context.recorded.created.toISOString();
  // A rebuild makes no message the outbox would not keep (nor words it: most of a year's events).
  if (!kept(occurredAt, context.keptSince)) return p;
  for (const m of pick(addressing(data, p))) {
    context.emit({
      key: `${context.recorded.id}:${m.recipient}`,
      eventId: context.recorded.id,
      eventType: e.type,
      petitionId: p.petitionId,
      revision: context.revision,
      recipient: m.recipient,
      departmentId: m.departmentId,
      template: m.template,
      params: m.params,
      occurredAt,
    });
  }
  return p;
}

/** What later events need to know of the petition to word theirs (the few events that change it). */
function factsAfter(p: PetitionFacts, e: PetitionStreamEvent): PetitionFacts {
  switch (e.type) {
    case 'PetitionSubmitted':
      return {
        ...p,
        trackingCode: str(e.data.trackingCode),
        kind: str(e.data.kind),
        ratedByCallBack: ratedByCallBack(e.data),
        closed: textsNobody(e.data.source),
      };
    case 'PetitionDispatched':
    case 'PetitionReopened':
      return { ...p, departmentId: str(e.data.departmentId) ?? p.departmentId };
    case 'PetitionReturned':
      return { ...p, departmentId: null };
    case 'PetitionClosed':
      return { ...p, trackingCode: null, kind: null, departmentId: null, closed: true };
    default:
      return p;
  }
}

/** The petition's facts after the event, and the messages the wording table has it send. */
const apply = (p: PetitionFacts, e: PetitionStreamEvent, c: Context): PetitionFacts => {
  const next = factsAfter(p, e);
  return next.closed ? next : send(next, e, c, (to) => smsOf(e, { to, kind: next.kind, ratedByCallBack: next.ratedByCallBack }));
};

/** What one event does to a petition's facts and the outbox; nothing more is told about a closed case. */
const evolveOutbox: Evolve<PetitionFacts, PetitionStreamEvent, OutboxRow> = (row, event, context) => {
  const p = row ?? {
    petitionId: context.key,
    trackingCode: null,
    kind: null,
    departmentId: null,
    ratedByCallBack: false,
    lastRevision: -1,
    closed: false,
  };
  return p.closed ? p : apply(p, event, context);
};

export const notificationOutboxProjection: Projection = singleStreamRowProjection({
  name: 'notification_outbox',
  // 2: notification_petitions.rated_by_call_back, texts worded for a caller without an access key (rebuild)
  version: 2,
  tables: [NOTIFICATION_OUTBOX, NOTIFICATION_PETITIONS],
  filter: { streamPrefixes: [STREAM_PREFIX] },

  async createTables(client: PoolClient, names: TableNames): Promise<void> {
    await client.query(`create table if not exists ${names[NOTIFICATION_OUTBOX]} (
      key text primary key,
      event_id uuid not null,
      event_type text not null,
      petition_id uuid not null,
      stream_revision bigint not null,
      recipient text not null check (recipient in (${RECIPIENT_KINDS.map((r) => `'${r}'`).join(', ')})),
      department_id text null,
      template text not null,
      params jsonb not null,
      occurred_at timestamptz not null
    )`);
    await client.query(`create index on ${names[NOTIFICATION_OUTBOX]} (occurred_at)`);
    await client.query(`create table if not exists ${names[NOTIFICATION_PETITIONS]} (
      petition_id uuid primary key,
      tracking_code text null,
      kind text null,
      department_id text null,
      rated_by_call_back boolean not null default false,
      last_revision bigint not null,
      closed boolean not null default false
    )`);
  },

  keyOf: petitionIdOf,
  eventOf: petitionEventOf,
  evolve: evolveOutbox,
  load: (client, ids, names) => loadRows(client, names[NOTIFICATION_PETITIONS], FACT_COLUMNS, ids),
  async save(client, changes, names) {
    // What the outbox does not keep was never emitted (send).
    await insertNew(
      client,
      names[NOTIFICATION_OUTBOX],
      OUTBOX_COLUMNS,
      changes.flatMap((c) => c.emitted),
    );
    await upsertNewer(
      client,
      names[NOTIFICATION_PETITIONS],
      FACT_COLUMNS,
      changes.map((c) => c.row),
      { isNew: notStoredBefore(changes) },
    );
  },
});

export const notificationOutboxTable = (): string => liveTables(notificationOutboxProjection)[NOTIFICATION_OUTBOX];
