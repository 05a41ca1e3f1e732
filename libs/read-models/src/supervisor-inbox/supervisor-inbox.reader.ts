import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';

/** A pool or one client (in a transaction). */
type Queryable = Pick<PoolClient, 'query'>;
import { Gauge } from 'prom-client';
import { addLocalDays, localDate, startOfLocalDay } from '@wenzheng/calendar';
import { WorkingDays, extensionDecisionDueBy, policyOfKind, redispatchDueBy, redispatchOverdue } from '@wenzheng/petition';
import { cursorInstantSql } from '../petition-views/keyset-cursor';
import { MetricsService } from '../metrics/metrics.service';
import { Clock } from '@wenzheng/petition-store';
import { ReferenceDataService } from '../reference/reference-data.service';
import { PG_POOL } from '@wenzheng/platform';
import { INBOX_KINDS, InboxKind } from './supervisor-inbox.fold';
import { supervisorInboxTable } from './supervisor-inbox.projection';

export interface InboxRow {
  petitionId: string;
  kind: InboxKind;
  since: Date;
  /** `since` as the keyset cursor keeps it (UTC, microseconds). */
  sortAt: string;
  departmentId: string | null;
  trackingCode: string;
  title: string;
  petitionKind: string;
  detail: Record<string, string | number>;
  /** By when the office is expected to act, where a rule says so. */
  dueBy?: Date;
}

export interface InboxPosition {
  readonly at: string;
  readonly petitionId: string;
  readonly kind: InboxKind;
}

const INBOX_GAUGE = 'wz_supervisor_inbox_items';

/** No run of days off is this long; the walk below stops here whatever the calendar says. */
const MAX_DAYS_BACK = 60;

/**
 * The start of the first local day whose returns are not yet overdue: every return before it has
 * waited longer than the rule allows (redispatchOverdue). The rule depends on the return's local
 * date only, and a later return is never overdue sooner, so walking back from today finds it.
 */
export function redispatchCutoff(now: Date, calendar: WorkingDays): Date {
  let boundary = startOfLocalDay(localDate(now));
  for (let i = 0; i < MAX_DAYS_BACK; i++) {
    const previousDayEnd = new Date(boundary.getTime() - 1);
    if (redispatchOverdue(previousDayEnd, now, calendar)) return boundary;
    boundary = startOfLocalDay(addLocalDays(localDate(boundary), -1));
  }
  return boundary;
}

/**
 * Reads the supervisor_inbox projection at an instant. Red lights show once their deadline has
 * passed; returns once they have waited longer than the rule allows; the rest as they are.
 * Also the `wz_supervisor_inbox_items` gauge of /metrics, counted when scraped.
 */
@Injectable()
export class SupervisorInboxReader {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly reference: ReferenceDataService,
    private readonly clock: Clock,
    metrics: MetricsService,
  ) {
    const count = () => this.counts(this.clock.now());
    const gauge = new Gauge({
      name: INBOX_GAUGE,
      help: "Items in the supervision office's inbox, per kind",
      labelNames: ['kind'],
      registers: [],
      async collect() {
        // A scrape must not fail because the read model is unavailable for a moment: the last values stay.
        const counts = await count().catch(() => undefined);
        for (const [kind, n] of Object.entries(counts ?? {})) this.set({ kind }, n);
      },
    });
    if (!metrics.registry.getSingleMetric(INBOX_GAUGE)) metrics.registry.registerMetric(gauge);
  }

  now(): Date {
    return this.clock.now();
  }

  /** SQL condition (and its parameters from $first) for the items visible at `now`. */
  private visible(now: Date, first: number): { sql: string; params: unknown[] } {
    return {
      sql: `(kind not in ('red_light', 'returned') or (kind = 'red_light' and since < $${first}::timestamptz) or (kind = 'returned' and since < $${first + 1}::timestamptz))`,
      params: [now, redispatchCutoff(now, this.reference.calendar())],
    };
  }

  /**
   * The counts and a page as of one snapshot: read apart, a decision committed between the two reads
   * showed its row still waiting beside counts that no longer had it (a newcomer's find).
   */
  async countsAndPage(
    now: Date,
    o: { kind?: InboxKind; after?: InboxPosition; limit: number },
  ): Promise<{ counts: Record<InboxKind, number>; rows: InboxRow[] }> {
    const client = await this.pool.connect();
    try {
      await client.query('begin isolation level repeatable read read only');
      const counts = await this.counts(now, client);
      const rows = await this.page(now, o, client);
      await client.query('commit');
      client.release();
      return { counts, rows };
    } catch (e) {
      // A connection that failed mid-transaction is not given back to the pool as healthy.
      await client.query('rollback').catch(() => undefined);
      client.release(e instanceof Error ? e : true);
      throw e;
    }
  }

  async counts(now: Date, db: Queryable = this.pool): Promise<Record<InboxKind, number>> {
    const v = this.visible(now, 1);
    const { rows } = await db.query<{ kind: InboxKind; n: number }>(
      `select kind, count(*)::int as n from ${supervisorInboxTable()} where ${v.sql} group by kind`,
      v.params,
    );
    const counts = Object.fromEntries(INBOX_KINDS.map((k) => [k, 0])) as Record<InboxKind, number>;
    for (const r of rows) counts[r.kind] = r.n;
    return counts;
  }

  /** Oldest first, `limit` + 1 rows (the extra one says another page follows). */
  async page(now: Date, o: { kind?: InboxKind; after?: InboxPosition; limit: number }, db: Queryable = this.pool): Promise<InboxRow[]> {
    const v = this.visible(now, 2);
    const params: unknown[] = [o.limit + 1, ...v.params];
    const where = [v.sql];
    if (o.kind) where.push(`kind = $${params.push(o.kind)}`);
    if (o.after) {
      params.push(o.after.at, o.after.petitionId, o.after.kind);
      where.push(`(since, petition_id, kind) > ($${params.length - 2}::timestamptz, $${params.length - 1}::uuid, $${params.length})`);
    }
    const { rows } = await db.query(
      `select petition_id, kind, since, ${cursorInstantSql('since')} as sort_at, department_id, tracking_code, title, petition_kind, detail
         from ${supervisorInboxTable()}
        where ${where.join(' and ')}
        order by since, petition_id, kind
        limit $1`,
      params,
    );
    const calendar = this.reference.calendar();
    const policies = this.reference.policies();
    return rows.map((r): InboxRow => {
      const policy = policyOfKind(policies, r.petition_kind);
      const dueBy =
        r.kind === 'extension_request' && policy
          ? extensionDecisionDueBy(r.since, calendar, policy)
          : r.kind === 'returned'
            ? redispatchDueBy(r.since, calendar)
            : undefined;
      return {
        petitionId: r.petition_id,
        kind: r.kind,
        since: r.since,
        sortAt: r.sort_at,
        departmentId: r.department_id,
        trackingCode: r.tracking_code,
        title: r.title,
        petitionKind: r.petition_kind,
        detail: r.detail,
        ...(dueBy && { dueBy }),
      };
    });
  }

  departmentName(id: string): string | undefined {
    return this.reference.departmentName(id);
  }
}
