import type { Pool } from 'pg';
import type { MessageParams } from '@wenzheng/read-models';
import { RECIPIENT_KINDS, RecipientKind, TemplateKey } from '@wenzheng/read-models';

// The sender's own table (not a projection: a rebuild must never forget what was sent). One row
// per message and recipient, keyed like the outbox (`<eventId>:<recipient>`, or a reminder's
// deterministic key), so a message enters once and is sent once. It holds the delivery state and
// a copy of the template and parameters; the recipient only as a masked number, for support.

export const NOTIFY_SCHEMA = 'wz_notify';
export const DELIVERIES = `${NOTIFY_SCHEMA}.notification_deliveries`;

export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface Delivery {
  readonly key: string;
  readonly source: 'event' | 'watcher';
  readonly eventId: string | null;
  readonly petitionId: string;
  readonly recipient: RecipientKind;
  readonly departmentId: string | null;
  readonly template: TemplateKey;
  readonly params: MessageParams;
  readonly occurredAt: Date;
  /** The event's place in its stream: messages of one petition go out in the order of its events. */
  readonly streamRevision: number | null;
  readonly attempts: number;
}

/** A message the watcher proposes without an event ("due next working day"). */
export interface ProposedMessage {
  readonly key: string;
  readonly petitionId: string;
  readonly recipient: RecipientKind;
  readonly departmentId: string | null;
  readonly template: TemplateKey;
  readonly params: MessageParams;
  readonly occurredAt: Date;
}

export async function ensureDeliveriesTable(pool: Pool): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query(`select pg_advisory_lock(hashtext('${NOTIFY_SCHEMA}:schema'))`);
    await c.query(`create schema if not exists ${NOTIFY_SCHEMA}`);
    await c.query(`create table if not exists ${DELIVERIES} (
      key text primary key,
      source text not null check (source in ('event', 'watcher')),
      event_id uuid null,
      petition_id uuid not null,
      stream_revision bigint null,
      recipient text not null check (recipient in (${RECIPIENT_KINDS.map((r) => `'${r}'`).join(', ')})),
      department_id text null,
      template text not null,
      params jsonb not null,
      occurred_at timestamptz not null,
      status text not null default 'pending' check (status in (${DELIVERY_STATUSES.map((s) => `'${s}'`).join(', ')})),
      attempts int not null default 0,
      next_attempt_at timestamptz not null,
      last_error text null,
      gateway_message_id text null,
      recipient_masked text null,
      sent_at timestamptz null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
    await c.query(
      `create index if not exists notification_deliveries_due on ${DELIVERIES} (next_attempt_at) where status in ('pending', 'sending')`,
    );
  } finally {
    await c.query(`select pg_advisory_unlock(hashtext('${NOTIFY_SCHEMA}:schema'))`).catch(() => undefined);
    c.release();
  }
}
