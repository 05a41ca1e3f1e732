import type { PoolClient } from 'pg';
import { STREAM_PREFIX } from '@wenzheng/petition';
import { ProjectedEvent, Projection, TableNames, liveTables } from '@wenzheng/projector';
import { petitionIdOf } from '../read-models/petition-stream';
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
  trackingCode: string | null;
  kind: string | null;
  departmentId: string | null;
  lastRevision: number;
  closed: boolean;
}

type Data = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The messages one event asks for, given what is known of its petition (already updated by the event). */
export function messagesFor(type: string, data: Data, p: PetitionFacts): OutboxMessage[] {
  const trackingCode = p.trackingCode ?? '';
  const department = str(data.departmentId) ?? p.departmentId;
  const toDepartment = (template: TemplateKey, params: MessageParams = {}): OutboxMessage[] =>
    department === null ? [] : [{ recipient: 'department', template, departmentId: department, params: { trackingCode, ...params } }];
  const toCitizen = (template: TemplateKey, params: MessageParams = {}): OutboxMessage[] =>
    [{ recipient: 'citizen', template, departmentId: department, params: { trackingCode, ...params } }];
  const toOffice = (recipient: 'supervisor' | 'reviewer', template: TemplateKey, params: MessageParams = {}): OutboxMessage[] =>
    [{ recipient, template, departmentId: department, params: { trackingCode, ...params } }];
  switch (type) {
    case 'PetitionSubmitted':
      return [...toCitizen('petition_received'), ...toOffice('reviewer', 'new_case_waiting')];
    case 'PetitionReviewed':
      if (data.outcome === 'accepted') return toCitizen('petition_accepted');
      if (data.outcome === 'duplicate') return toCitizen('petition_duplicate');
      return toCitizen('petition_rejected');
    case 'PetitionDispatched':
      return toDepartment('case_dispatched', { acknowledgeBy: String(data.acknowledgeBy), respondBy: String(data.respondBy) });
    case 'PetitionResponded':
      return toCitizen('petition_answered', { answeredAt: String(data.at), kind: p.kind ?? '' });
    case 'PetitionDeadlineMissed':
      return toDepartment('deadline_missed', { deadline: String(data.deadline), dueAt: String(data.dueAt) });
    case 'PetitionReturned':
      return toOffice('reviewer', 'case_returned', { returnedAt: String(data.at) });
    case 'ExtensionRequested':
      return toOffice('supervisor', 'extension_requested', {
        currentRespondBy: String(data.currentRespondBy), requestedRespondBy: String(data.requestedRespondBy), requestedAt: String(data.at), kind: p.kind ?? '',
      });
    case 'ExtensionDecided':
      return data.approved === true
        ? [...toDepartment('extension_approved', { respondBy: String(data.respondBy) }), ...toCitizen('petition_extended', { respondBy: String(data.respondBy) })]
        : toDepartment('extension_refused', { respondBy: String(data.previousRespondBy) });
    case 'PetitionRated':
      return data.satisfaction === 'unsatisfied' ? toOffice('supervisor', 'rated_unsatisfied') : [];
    case 'PetitionReopened':
      return [...toDepartment('case_reopened', { respondBy: String(data.respondBy) }), ...toCitizen('petition_reopened', { respondBy: String(data.respondBy) })];
    case 'PetitionEscalated': {
      // A manual escalation is the supervision office's own act: the office is not texted about it; the department and the citizen are.
      const supervisor = data.automatic === true
        ? toOffice('supervisor', 'escalated_automatically', { respondBy: String(data.respondBy ?? ''), level: Number(data.level ?? 1) })
        : [];
      return [...toDepartment('case_escalated'), ...supervisor, ...toCitizen('petition_escalated')];
    }
    default:
      return [];
  }
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

function track(p: PetitionFacts, type: string, data: Data): void {
  switch (type) {
    case 'PetitionSubmitted':
      p.trackingCode = str(data.trackingCode);
      p.kind = str(data.kind);
      break;
    case 'PetitionDispatched':
    case 'PetitionReopened':
      p.departmentId = str(data.departmentId) ?? p.departmentId;
      break;
    case 'PetitionReturned':
      p.departmentId = null;
      break;
    case 'PetitionClosed':
      Object.assign(p, { trackingCode: null, kind: null, departmentId: null, closed: true });
      break;
    default:
      break;
  }
}

export const notificationOutboxProjection: Projection = {
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

  async handle(client: PoolClient, events: readonly ProjectedEvent[], names: TableNames): Promise<void> {
    const ids = [...new Set(events.map(petitionIdOf).filter((id): id is string => id !== null))];
    const petitions = new Map<string, PetitionFacts>();
    if (ids.length) {
      const { rows } = await client.query(
        `select petition_id, tracking_code, kind, department_id, last_revision, closed from ${names[NOTIFICATION_PETITIONS]} where petition_id = any($1::uuid[])`,
        [ids],
      );
      for (const r of rows) {
        petitions.set(r.petition_id, { trackingCode: r.tracking_code, kind: r.kind, departmentId: r.department_id, lastRevision: Number(r.last_revision), closed: r.closed });
      }
    }
    const changed = new Set<string>();
    const outbox: OutboxRow[] = [];
    for (const e of events) {
      const petitionId = petitionIdOf(e);
      if (petitionId === null) continue;
      let p = petitions.get(petitionId);
      if (!p) petitions.set(petitionId, (p = { trackingCode: null, kind: null, departmentId: null, lastRevision: -1, closed: false }));
      const revision = Number(e.recorded.revision);
      if (revision <= p.lastRevision) continue;
      p.lastRevision = revision;
      changed.add(petitionId);
      if (p.closed) continue; // nothing more to tell about a closed case
      const data = (e.data ?? {}) as Data;
      track(p, e.type, data);
      const occurredAt = str(data.at) ?? e.recorded.created.toISOString();
      for (const m of messagesFor(e.type, data, p)) {
        outbox.push({
          key: `${e.recorded.id}:${m.recipient}`, eventId: e.recorded.id, eventType: e.type, petitionId, revision,
          recipient: m.recipient, departmentId: m.departmentId, template: m.template, params: m.params, occurredAt,
        });
      }
    }
    if (outbox.length) {
      await client.query(
        `insert into ${names[NOTIFICATION_OUTBOX]} (key, event_id, event_type, petition_id, stream_revision, recipient, department_id, template, params, occurred_at)
         select x.key, x.event_id, x.event_type, x.petition_id, x.stream_revision, x.recipient, x.department_id, x.template, x.params, x.occurred_at
           from jsonb_to_recordset($1::jsonb) as x(key text, event_id uuid, event_type text, petition_id uuid, stream_revision bigint, recipient text,
                department_id text, template text, params jsonb, occurred_at timestamptz)
         on conflict (key) do nothing`,
        [JSON.stringify(outbox.map((r) => ({
          key: r.key, event_id: r.eventId, event_type: r.eventType, petition_id: r.petitionId, stream_revision: r.revision, recipient: r.recipient,
          department_id: r.departmentId, template: r.template, params: r.params, occurred_at: r.occurredAt,
        })))],
      );
    }
    if (changed.size) {
      await client.query(
        `insert into ${names[NOTIFICATION_PETITIONS]} as t (petition_id, tracking_code, kind, department_id, last_revision, closed)
         select x.petition_id, x.tracking_code, x.kind, x.department_id, x.last_revision, x.closed
           from jsonb_to_recordset($1::jsonb) as x(petition_id uuid, tracking_code text, kind text, department_id text, last_revision bigint, closed boolean)
         on conflict (petition_id) do update set tracking_code = excluded.tracking_code, kind = excluded.kind,
           department_id = excluded.department_id, last_revision = excluded.last_revision, closed = excluded.closed
         where t.last_revision < excluded.last_revision`,
        [JSON.stringify([...changed].map((id) => {
          const p = petitions.get(id) as PetitionFacts;
          return { petition_id: id, tracking_code: p.trackingCode, kind: p.kind, department_id: p.departmentId, last_revision: p.lastRevision, closed: p.closed };
        }))],
      );
    }
  },
};

export const notificationOutboxTable = (): string => liveTables(notificationOutboxProjection)[NOTIFICATION_OUTBOX];
