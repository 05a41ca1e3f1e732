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
  recordsetOf,
  singleStreamRowProjection,
  unchanged,
  upsertNewer,
} from '@wenzheng/projector';
import { PetitionStreamEvent, byPetitionEvent, petitionEventOf, petitionIdOf, str } from '../read-models/petition-stream';
import { RECIPIENT_KINDS, RecipientKind, TemplateKey } from './sms-templates';

// The outbox: one row per (event, recipient kind) that should become an SMS, keyed
// `<eventId>:<recipient>` so a replayed event adds nothing. A row names the petition, the
// department and the template with raw parameters (ids, codes, instants); never a phone number,
// a name or free text. The sender reads phone numbers when it sends.

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
  lastRevision: number;
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
type Addressing = ReturnType<typeof addressing>;

/** Emits the messages `pick` chooses for this event and returns the petition's facts after it. */
function send(p: PetitionFacts, e: PetitionStreamEvent, context: Context, pick: (to: Addressing) => OutboxMessage[]): PetitionFacts {
  const data = e.data as Readonly<Record<string, unknown>>;
  const occurredAt = str(data.at) ?? context.recorded.created.toISOString();
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

/** What each event tells whom, and what later events need to know of the petition to word theirs. */
const apply = byPetitionEvent<PetitionFacts, Context>({
  PetitionSubmitted: (p, e, c) =>
    send({ ...p, trackingCode: str(e.data.trackingCode), kind: str(e.data.kind) }, e, c, (to) => [
      ...to.toCitizen('petition_received'),
      ...to.toOffice('reviewer', 'new_case_waiting'),
    ]),
  PetitionReviewed: (p, e, c) =>
    send(p, e, c, (to) =>
      e.data.outcome === 'accepted'
        ? to.toCitizen('petition_accepted')
        : e.data.outcome === 'duplicate'
          ? to.toCitizen('petition_duplicate')
          : to.toCitizen('petition_rejected'),
    ),
  PetitionDispatched: (p, e, c) =>
    send({ ...p, departmentId: str(e.data.departmentId) ?? p.departmentId }, e, c, (to) =>
      to.toDepartment('case_dispatched', { acknowledgeBy: String(e.data.acknowledgeBy), respondBy: String(e.data.respondBy) }),
    ),
  PetitionAcknowledged: unchanged,
  PetitionResponded: (p, e, c) =>
    send(p, e, c, (to) => to.toCitizen('petition_answered', { answeredAt: String(e.data.at), kind: p.kind ?? '' })),
  PetitionDeadlineMissed: (p, e, c) =>
    send(p, e, c, (to) => to.toDepartment('deadline_missed', { deadline: String(e.data.deadline), dueAt: String(e.data.dueAt) })),
  PetitionReturned: (p, e, c) =>
    send({ ...p, departmentId: null }, e, c, (to) => to.toOffice('reviewer', 'case_returned', { returnedAt: String(e.data.at) })),
  ExtensionRequested: (p, e, c) =>
    send(p, e, c, (to) =>
      to.toOffice('supervisor', 'extension_requested', {
        currentRespondBy: String(e.data.currentRespondBy),
        requestedRespondBy: String(e.data.requestedRespondBy),
        requestedAt: String(e.data.at),
        kind: p.kind ?? '',
      }),
    ),
  ExtensionDecided: (p, e, c) =>
    send(p, e, c, (to) =>
      e.data.approved === true
        ? [
            ...to.toDepartment('extension_approved', { respondBy: String(e.data.respondBy) }),
            ...to.toCitizen('petition_extended', { respondBy: String(e.data.respondBy) }),
          ]
        : to.toDepartment('extension_refused', { respondBy: String(e.data.previousRespondBy) }),
    ),
  PetitionRated: (p, e, c) =>
    send(p, e, c, (to) => (e.data.satisfaction === 'unsatisfied' ? to.toOffice('supervisor', 'rated_unsatisfied') : [])),
  PetitionReopened: (p, e, c) =>
    send({ ...p, departmentId: str(e.data.departmentId) ?? p.departmentId }, e, c, (to) => [
      ...to.toDepartment('case_reopened', { respondBy: String(e.data.respondBy) }),
      ...to.toCitizen('petition_reopened', { respondBy: String(e.data.respondBy) }),
    ]),
  PetitionEscalated: (p, e, c) =>
    send(p, e, c, (to) => {
      // A manual escalation is the supervision office's own act: the office is not texted about it; the department and the citizen are.
      const supervisor =
        e.data.automatic === true
          ? to.toOffice('supervisor', 'escalated_automatically', {
              respondBy: String(e.data.respondBy ?? ''),
              level: Number(e.data.level ?? 1),
            })
          : [];
      return [...to.toDepartment('case_escalated'), ...supervisor, ...to.toCitizen('petition_escalated')];
    }),
  PetitionClosed: (p) => ({ ...p, trackingCode: null, kind: null, departmentId: null, closed: true }),
  PetitionCommented: unchanged,
  // Told before the PetitionClosed that follows: the department stops work; the citizen learns it was
  // done with their key (someone else holding it would be noticed).
  PetitionWithdrawn: (p, e, c) => send(p, e, c, (to) => [...to.toDepartment('case_withdrawn'), ...to.toCitizen('petition_withdrawn')]),
  PetitionInterimReplied: (p, e, c) => send(p, e, c, (to) => to.toCitizen('petition_interim_reply')),
  PublicationModerated: unchanged, // the offices' own act about the public site
  PersonalDataErased: unchanged,
  ReporterIdentityReleased: unchanged,
});

/** What one event does to a petition's facts and the outbox; nothing more is told about a closed case. */
const evolveOutbox: Evolve<PetitionFacts, PetitionStreamEvent, OutboxRow> = (row, event, context) => {
  const p = row ?? { petitionId: context.key, trackingCode: null, kind: null, departmentId: null, lastRevision: -1, closed: false };
  return p.closed ? p : apply(p, event, context);
};

export const notificationOutboxProjection: Projection = singleStreamRowProjection({
  name: 'notification_outbox',
  version: 1,
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
      last_revision bigint not null,
      closed boolean not null default false
    )`);
  },

  keyOf: petitionIdOf,
  eventOf: petitionEventOf,
  evolve: evolveOutbox,
  load: (client, ids, names) => loadRows(client, names[NOTIFICATION_PETITIONS], FACT_COLUMNS, ids),
  async save(client, changes, names) {
    const outbox = changes.flatMap((c) => c.emitted);
    if (outbox.length) {
      const u = recordsetOf(OUTBOX_COLUMNS, outbox);
      await client.query(
        `insert into ${names[NOTIFICATION_OUTBOX]} (${OUTBOX_COLUMNS.map(([c]) => c).join(', ')}) select * from ${u.sql} on conflict (key) do nothing`,
        u.params,
      );
    }
    await upsertNewer(
      client,
      names[NOTIFICATION_PETITIONS],
      FACT_COLUMNS,
      changes.map((c) => c.row),
    );
  },
});

export const notificationOutboxTable = (): string => liveTables(notificationOutboxProjection)[NOTIFICATION_OUTBOX];
