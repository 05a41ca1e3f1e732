import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import type { AppConfig } from '@wenzheng/platform';
import { APP_CONFIG, PG_POOL } from '@wenzheng/platform';
import { DELIVERIES, ProposedMessage, ensureDeliveriesTable } from './notification-deliveries';
import { notificationOutboxTable, outboxKeptSinceAt } from '@wenzheng/read-models';

const HOUR_MS = 3_600_000;

/** The outbox's rows pruned at most in one pass: a year's backlog at 1M cases (5.7M rows) goes in about an hour and a half of 10 s passes. */
export const OUTBOX_PRUNE_BATCH = 10_000;

/**
 * Moves messages into the sender's deliveries table: the outbox's rows (from events) and the
 * watcher's proposals (from the clock). The primary key makes both idempotent, so several
 * processes may do it at once and a message enters once.
 */
@Injectable()
export class NotificationQueue implements OnModuleInit {
  private outboxExists = false;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await ensureDeliveriesTable(this.pool);
  }

  /**
   * Takes the outbox's new rows. Only events of the last NOTIFY_MAX_AGE_HOURS: a projection rebuilt
   * or added to an old installation must not text anyone about last year's cases.
   */
  async enqueueFromOutbox(now: Date): Promise<number> {
    const outbox = notificationOutboxTable();
    if (!(await this.outboxReady())) return 0;
    const since = new Date(now.getTime() - this.config.notifyMaxAgeHours * HOUR_MS);
    const { rowCount } = await this.pool.query(
      `insert into ${DELIVERIES} (key, source, event_id, petition_id, stream_revision, recipient, department_id, template, params, occurred_at, next_attempt_at)
       select o.key, 'event', o.event_id, o.petition_id, o.stream_revision, o.recipient, o.department_id, o.template, o.params, o.occurred_at, $2
         from ${outbox} o
        where o.occurred_at >= $1
          and not exists (select 1 from ${DELIVERIES} d where d.key = o.key)
       on conflict (key) do nothing`,
      [since, now],
    );
    return rowCount ?? 0;
  }

  /**
   * Deletes the outbox's rows of events before outboxKeptSinceAt(now) (by PostgreSQL's clock if
   * that is behind): the sender can no longer take
   * them (enqueueFromOutbox's window is a day shorter) and what it took is in the deliveries table.
   * At most `limit` rows, oldest first; returns how many went. A rebuild writes only the rows this
   * keeps (RebuildOptions.keptSince), so a rebuilt outbox is the live one pruned.
   */
  async pruneOutbox(now: Date, limit = OUTBOX_PRUNE_BATCH): Promise<number> {
    const outbox = notificationOutboxTable();
    if (!(await this.outboxReady())) return 0;
    const { rowCount } = await this.pool.query(
      `delete from ${outbox} where key in (select key from ${outbox} where occurred_at < $1 order by occurred_at limit $2)`,
      [await outboxKeptSinceAt(this.pool, now, this.config.notifyMaxAgeHours), limit],
    );
    return rowCount ?? 0;
  }

  private async outboxReady(): Promise<boolean> {
    if (this.outboxExists) return true;
    const { rows } = await this.pool.query(`select to_regclass($1) as t`, [notificationOutboxTable()]);
    // No projector has created it yet.
    this.outboxExists = Boolean(rows[0].t);
    return this.outboxExists;
  }

  /** Those of `keys` that are not in the deliveries table yet (what a proposal would still add). */
  async notQueued(keys: readonly string[]): Promise<Set<string>> {
    if (!keys.length) return new Set();
    const { rows } = await this.pool.query<{ key: string }>(
      `select k.key from unnest($1::text[]) as k(key) where not exists (select 1 from ${DELIVERIES} d where d.key = k.key)`,
      [keys],
    );
    return new Set(rows.map((r) => r.key));
  }

  /** Messages that come from no event ("due next working day"); returns how many were new. */
  async propose(messages: readonly ProposedMessage[], now: Date): Promise<number> {
    if (!messages.length) return 0;
    const { rowCount } = await this.pool.query(
      `insert into ${DELIVERIES} (key, source, petition_id, recipient, department_id, template, params, occurred_at, next_attempt_at)
       select x.key, 'watcher', x.petition_id, x.recipient, x.department_id, x.template, x.params, x.occurred_at, $2
         from jsonb_to_recordset($1::jsonb) as x(key text, petition_id uuid, recipient text, department_id text, template text, params jsonb, occurred_at timestamptz)
       on conflict (key) do nothing`,
      [
        JSON.stringify(
          messages.map((m) => ({
            key: m.key,
            petition_id: m.petitionId,
            recipient: m.recipient,
            department_id: m.departmentId,
            template: m.template,
            params: m.params,
            occurred_at: m.occurredAt.toISOString(),
          })),
        ),
        now,
      ],
    );
    return rowCount ?? 0;
  }
}
