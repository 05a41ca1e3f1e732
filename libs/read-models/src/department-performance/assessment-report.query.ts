import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { SHANGHAI_OFFSET_MS } from '@wenzheng/calendar';
import { liveTables } from '@wenzheng/projector';
import {
  DeadlineCounts,
  DeadlineKind,
  Deduction,
  DeductionRule,
  DepartmentEventType,
  DepartmentFigures,
  DepartmentTotals,
  MISSED_DEADLINE_RULES,
  Period,
  Satisfaction,
  ScoringWeights,
  assessTotals,
  countEvents,
  emptyTotals,
} from '@wenzheng/scoring';
import { PG_POOL } from '@wenzheng/platform';
import { ReferenceDataService } from '../reference/reference-data.service';
import { DEADLINE_FACTS, EVENT_FACTS, departmentPerformanceProjection } from './department-performance.projection';
import {
  DEADLINE_DAYS,
  DEDUCTION_EVENTS,
  EVENT_DAYS,
  MAYBE_MISSED,
  SETTLED_AT,
  deadlineOutcomeSql,
  localDaySql,
  localIsoSql,
} from './department-performance.days';
import { localDate } from '@wenzheng/calendar';
import { CONSULTATION_SUMMARY_FACTS, consultationSummaryFactsProjection } from '../consultations/consultation-summary-facts.projection';
import { SCORING_WEIGHTS } from './department-performance.query';
import { CopyBinaryRows, CopyBinaryRuns } from './copy-binary';

// The assessment report of a long period (a year at a million cases) without loading its fact
// rows into Node: PostgreSQL decides each row's outcome and counts them per department (the rules
// of deadlineOutcome and assess() in @wenzheng/scoring, restated in SQL: the report's tests hold
// the two to the same figures and the same CSV bytes), assessTotals scores and ranks the totals,
// and the deductions are read from a cursor in report order, a page at a time, while the file is
// written. Memory holds the departments and one page, whatever the number of events.

export interface ReportOptions extends Period {
  /** Report time: what happened after it is not known; deadlines not passed by then are pending. */
  readonly now: Date;
  readonly includeConfidential: boolean;
  /** Defaults to the configured weights. */
  readonly weights?: ScoringWeights;
  /**
   * The most deductions a page holds: fetched from the cursor at a time by deductions() (default
   * 2000); deductionTexts() gives what each of COPY's chunks completes (default), cut into pages of
   * at most this many.
   */
  readonly pageSize?: number;
}

export interface ReportFigures extends Period {
  readonly now: Date;
  readonly weights: ScoringWeights;
  readonly includeConfidential: boolean;
  /** In rank order. */
  readonly departments: readonly DepartmentFigures[];
}

export interface ReportDeduction {
  readonly department: DepartmentFigures;
  readonly deduction: Deduction;
}

/**
 * One report's snapshot: the figures, and the deductions (departments in rank order, each
 * department's by time, event id and rule, as assess() sorts them) read on the same snapshot.
 * Holds a connection until closed; deductions() may be iterated once.
 */
export interface ReportSession {
  readonly figures: ReportFigures;
  deductions(): AsyncIterable<ReportDeduction>;
  /** The deductions as text PostgreSQL renders (see DeductionText), a chunk of COPY at a time; instead of deductions(), not with it. */
  deductionTexts(format: DeductionText): AsyncIterable<readonly RenderedDeduction[]>;
  /**
   * The deductions' JSON as DeductionText json renders it, as bytes: runs of one department's
   * consecutive deductions, each led by a comma (see JsonRun), a chunk of COPY at a time; instead
   * of deductions(), not with it.
   */
  deductionJson(points: Readonly<Record<DeductionRule, string>>): AsyncIterable<readonly JsonRun[]>;
  /**
   * One page of the deductions in report order (`limit` rows after the first `offset`), for a
   * screen; instead of the streams above, not with them. The whole list's length is the sum of the
   * figures' deductionCount.
   */
  deductionPage(offset: number, limit: number): Promise<ReportDeduction[]>;
  close(): Promise<void>;
}

/** Consecutive deductions of one department in report order, as deductionJson gives them. */
export interface JsonRun {
  /** The department's index in the figures' departments. */
  readonly department: number;
  readonly count: number;
  /** `,{deduction},{deduction}…`: each deduction's JSON (UTF-8), led by a comma. */
  readonly json: Buffer;
}

/**
 * How PostgreSQL renders each deduction, so a year's 300,000 need no row objects, dates or
 * JSON.stringify in Node (3 CPU-seconds at 1M cases). Every number and label is given rendered:
 * the caller owns the format, the SQL only puts the pieces in order (the report's specs hold the
 * text to the bytes the objects give).
 * - json: the deduction object {rule, trackingCode, petitionId, consultationId, deadline, dueAt,
 *   deadlineEventId, evidence, eventId, at, points}, strings escaped as JSON.stringify escapes them
 *   (to_json), times as toLocalIso writes them.
 * - csv: `text` is the rule's cell; `tail` the cells after the tracking code's (case, deadline,
 *   due time, deadline event, evidence, event, time, points, consultation), comma-led; the tracking
 *   code comes raw, to be quoted and defused by the caller.
 */
export type DeductionText =
  | { readonly kind: 'json'; readonly points: Readonly<Record<DeductionRule, string>> }
  | {
      readonly kind: 'csv';
      readonly points: Readonly<Record<DeductionRule, string>>;
      readonly rules: Readonly<Record<DeductionRule, string>>;
      readonly deadlines: Readonly<Record<DeadlineKind, string>>;
      readonly evidence: Readonly<Record<Deduction['evidence'], string>>;
    };

export interface RenderedDeduction {
  readonly departmentId: string;
  readonly text: string;
  /** csv only. */
  readonly trackingCode: string | null;
  /** csv only. */
  readonly tail: string | null;
}

/** Rows fetched from the cursor at a time (deductions()): a page of the list in memory, a round trip per page. */
const PAGE = 2000;
const DAY_MS = 86_400_000;

@Injectable()
export class AssessmentReportQuery {
  private readonly facts = liveTables(departmentPerformanceProjection);
  private readonly schema = this.facts[DEADLINE_FACTS].split('.')[0];
  private readonly summaries = liveTables(consultationSummaryFactsProjection)[CONSULTATION_SUMMARY_FACTS];

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly reference: ReferenceDataService,
    @Inject(SCORING_WEIGHTS) private readonly weights: ScoringWeights,
  ) {}

  async open(o: ReportOptions): Promise<ReportSession> {
    if (!(o.from.getTime() < o.to.getTime())) throw new RangeError('assessment period: from must be before to');
    const weights = o.weights ?? this.weights;
    const client = await this.pool.connect();
    const state = { closed: false, copying: false };
    const close = async () => {
      if (state.closed) return;
      state.closed = true;
      // Mid-COPY the connection takes no other statement until the rest is read: end it instead.
      if (state.copying) return client.release(new Error('assessment report closed while its deductions were being read'));
      await client.query('rollback').catch(() => undefined);
      client.release();
    };
    try {
      await client.query('begin isolation level repeatable read read only');
      // Every deduction is read: plan the cursor for all its rows, not for the first tenth (a
      // fast-start plan made each page of the year's list cost a fifth of a second at 1M cases).
      await client.query('set local cursor_tuple_fraction = 1');
      // Every table the report reads, locked before its snapshot is taken (so before any helper
      // exists): see onSameSnapshot.
      await client.query(`lock table ${this.tables()} in access share mode`);
      const totals = await this.totals(client, o, await this.onSameSnapshot(client, 2));
      const departments = assessTotals(totals, weights, (id) => this.reference.departmentName(id));
      const figures: ReportFigures = {
        from: o.from,
        to: o.to,
        now: o.now,
        weights,
        includeConfidential: o.includeConfidential,
        departments,
      };
      const isClosed = () => state.closed;
      return {
        figures,
        deductions: () => this.deductions(client, o, figures, isClosed),
        deductionTexts: (format) => this.deductionTexts(client, o, figures, format, state),
        deductionJson: (points) => this.deductionJson(client, o, figures, points, state),
        deductionPage: (offset, limit) => this.deductionPage(client, o, figures, offset, limit),
        close,
      };
    } catch (e) {
      await close();
      throw e;
    }
  }

  /** The tables the report reads, in the order a rebuild's swap renames them. */
  private tables(): string {
    return [this.facts[DEADLINE_FACTS], this.facts[EVENT_FACTS], this.facts[DEADLINE_DAYS], this.facts[EVENT_DAYS], this.summaries].join(
      ', ',
    );
  }

  private params(o: ReportOptions): unknown[] {
    return [o.from.toISOString(), o.to.toISOString(), o.now.toISOString(), o.includeConfidential];
  }

  /** Each deadline's outcome at $3 (deadlineOutcome), for those due in [$1, $2) and set by $3 ('not_set' left out). */
  private deadlines(extra = ''): string {
    return `select *, ${deadlineOutcomeSql('$3')} as outcome
       from ${this.facts[DEADLINE_FACTS]}
      where due_at >= $1 and due_at < $2 and ($4 or not confidential) and set_at <= $3 ${extra}`;
  }

  /** The events counted: in [$1, $2) and known by $3 (assess: inPeriod and at <= now). */
  private events(): string {
    return `select * from ${this.facts[EVENT_FACTS]} where at >= $1 and at < $2 and at <= $3 and ($4 or not confidential)`;
  }

  /** Each consultation summary's outcome at $3 (consultationSummaryOutcome), due in [$1, $2) and set by $3. */
  private summaryOutcomes(): string {
    // Consultations are public: $4 (confidential cases) filters nothing, it is only typed.
    return `select *,
        case
          when $3 <= due_at then 'pending'
          when summary_at is not null and summary_at <= $3 and summary_at <= due_at then 'met'
          else 'missed'
        end as outcome
       from ${this.summaries}
      where due_at >= $1 and due_at < $2 and set_at <= $3 and $4::boolean is not null`;
  }

  /**
   * The whole local days inside the period, [$7, $8) as dates and [$5, $6) as instants, counted
   * from the day tables; the period's partial days at either end are counted from the facts.
   */
  private dayParams(o: ReportOptions): unknown[] {
    const midnight = (d: Date) => new Date(`${localDate(d)}T00:00:00+08:00`);
    const up = (d: Date) => (midnight(d).getTime() === d.getTime() ? d : new Date(midnight(d).getTime() + DAY_MS));
    const a = new Date(Math.min(up(o.from).getTime(), o.to.getTime()));
    const b = new Date(Math.max(a.getTime(), midnight(o.to).getTime()));
    return [...this.params(o), a.toISOString(), b.toISOString(), localDate(a), localDate(b)];
  }

  /**
   * Deadline rows counted (department, kind, outcome, n): the day tables count each under its
   * final outcome; a row of those days not settled at $3 is taken out there and counted with its
   * outcome at $3 (if set by then), as are the rows of the partial days.
   */
  private countedDeadlines(): string {
    const outcomeAt = (where: string) => `select department_id, kind, outcome, 1 as n from (${this.deadlines(where)}) d`;
    return `select department_id, kind, outcome, n from ${this.facts[DEADLINE_DAYS]}
        where due_day >= $7::date and due_day < $8::date and ($4 or not confidential)
      union all
      select department_id, kind, ${deadlineOutcomeSql(`'infinity'::timestamptz`)}, -1 from ${this.facts[DEADLINE_FACTS]}
        where due_at >= $5 and due_at < $6 and ${SETTLED_AT} >= $3 and ($4 or not confidential)
      union all ${outcomeAt(`and due_at >= $5 and due_at < $6 and ${SETTLED_AT} >= $3`)}
      union all ${outcomeAt('and due_at < $5')}
      union all ${outcomeAt('and due_at >= $6')}`;
  }

  /** Event rows counted (department, type, satisfaction, day, started_day, n): the day tables, less what happened after $3, plus the partial days. */
  private countedEvents(): string {
    const facts = (sign: number, where: string) => `select department_id, type, satisfaction, ${localDaySql('at')},
          case when type = 'response' then ${localDaySql('started_at')} end, ${sign}
        from ${this.facts[EVENT_FACTS]} where ($4 or not confidential) and ${where}`;
    return `select department_id, type, satisfaction, day, started_day, n from ${this.facts[EVENT_DAYS]}
        where day >= $7::date and day < $8::date and ($4 or not confidential)
      union all ${facts(-1, 'at >= $5 and at < $6 and at > $3')}
      union all ${facts(1, 'at >= $1 and at < $5 and at <= $3')}
      union all ${facts(1, 'at >= $6 and at < $2 and at <= $3')}`;
  }

  /**
   * Up to `n` more connections reading the snapshot of `client`'s transaction (pg_export_snapshot),
   * so the figures' statements run side by side: only connections the pool can give at once. A
   * report holding its own connection never waits for another (reports filling the pool would wait
   * for each other for ever); with fewer, or none, the statements share the connections there are.
   * Each is in a read-only transaction until released (rollback, then back to the pool).
   * A helper never waits for a table lock: `client` holds every table already, and a helper takes
   * them with nowait (else it is not used). One waiting behind an ACCESS EXCLUSIVE request (a
   * rebuild's swap renaming the tables) that itself waits for another connection of the same
   * report, idle in its transaction until the figures are counted, would wait for ever: PostgreSQL
   * sees no deadlock, the cycle closes in Node.
   */
  private async onSameSnapshot(client: PoolClient, n: number): Promise<PoolClient[]> {
    const pool = this.pool;
    const free = pool.waitingCount > 0 ? 0 : pool.idleCount + Math.max(0, (pool.options.max ?? 10) - pool.totalCount);
    // Asked for in this same tick as the count, so no one else takes them first.
    const asked = Array.from({ length: Math.min(n, free) }, () => pool.connect());
    if (!asked.length) return [];
    const snapshot = client
      .query<{ id: string }>('select pg_export_snapshot() as id')
      .then((r) => r.rows[0].id)
      .catch((e: unknown) => e as Error);
    const helpers: PoolClient[] = [];
    for (const got of await Promise.allSettled(asked)) {
      if (got.status === 'rejected') continue;
      const id = await snapshot;
      if (id instanceof Error) {
        got.value.release();
        continue;
      }
      try {
        await got.value.query(
          `begin isolation level repeatable read read only; set transaction snapshot ${got.value.escapeLiteral(id)};
           lock table ${this.tables()} in access share mode nowait`,
        );
        helpers.push(got.value);
      } catch (e) {
        got.value.release(e as Error);
      }
    }
    const id = await snapshot;
    if (id instanceof Error) throw id;
    return helpers;
  }

  private async totals(client: PoolClient, o: ReportOptions, helpers: PoolClient[] = []): Promise<DepartmentTotals[]> {
    try {
      return await this.totalsOn([client, ...helpers], o);
    } finally {
      // Given back before open() returns: a session holds one connection, as the pool's users expect.
      await Promise.all(
        helpers.map((h) =>
          h.query('rollback').then(
            () => h.release(),
            (e: Error) => h.release(e),
          ),
        ),
      );
    }
  }

  /**
   * The totals' four statements on the connections `on` (the same snapshot): the responses' days
   * (the longest) on the first, the event counts on the second, the deadlines' and the summaries'
   * on the third; a connection given more than one runs them one after the other.
   */
  private async totalsOn(on: readonly PoolClient[], o: ReportOptions): Promise<DepartmentTotals[]> {
    const params = this.dayParams(o);
    // Statement i goes to connection i mod n, after the one before it there has settled.
    const tails: Promise<unknown>[] = on.map(() => Promise.resolve());
    const at = (i: number) => ({
      query: <R extends QueryResultRow>(sql: string, values: unknown[]): Promise<QueryResult<R>> => {
        const k = i % on.length;
        const result = tails[k].then(() => on[k].query<R>(sql, values));
        tails[k] = result.catch(() => undefined);
        return result;
      },
    });
    const deadlinesRead = at(2).query<{ department_id: string; kind: DeadlineKind; outcome: keyof DeadlineCounts; n: number }>(
      `select department_id, kind, outcome, sum(n)::int as n from (${this.countedDeadlines()}) d group by 1, 2, 3 having sum(n) <> 0`,
      params,
    );
    const eventsRead = at(1).query<{ department_id: string; type: DepartmentEventType; satisfaction: Satisfaction | null; n: number }>(
      `select department_id, type, satisfaction, sum(n)::int as n from (${this.countedEvents()}) e group by 1, 2, 3 having sum(n) <> 0`,
      params,
    );
    // Working days from the start of handling to the answer depend on those two local days only:
    // with C(day) the working days up to a day, a response's count is C(answered) − C(started), 0
    // when answered on or before the day it started; so the sums by day on each side suffice, with
    // the number of responses (three grouping sets over one read of the response rows).
    const responseDaysRead = at(0).query<{ department_id: string; side: 'started' | 'answered' | 'all'; day: number; n: number }>(
      `select * from (
         select department_id,
                case when grouping(started) = 0 then 'started' when grouping(answered) = 0 then 'answered' else 'all' end as side,
                coalesce(started, answered, 0) as day,
                (case when grouping(started) = 0 or grouping(answered) = 0 then sum(n) filter (where answered > started) else sum(n) end)::int as n
           from (select department_id, n, day - date '1970-01-01' as answered, started_day - date '1970-01-01' as started
                   from (${this.countedEvents()}) e (department_id, type, satisfaction, day, started_day, n)
                  where type = 'response' and started_day is not null) r
          group by grouping sets ((department_id, started), (department_id, answered), (department_id))
       ) g where n <> 0`,
      params,
    );
    const summariesRead = at(2).query<{ department_id: string; outcome: 'met' | 'missed' | 'pending'; n: number }>(
      `select department_id, outcome, count(*)::int as n from (${this.summaryOutcomes()}) s group by 1, 2`,
      this.params(o),
    );
    // All settled before any error is thrown: none is left running on a connection given back.
    const [deadlines, eventCounts, responseDayCounts, summaries] = await allSettledOrThrow(
      deadlinesRead,
      eventsRead,
      responseDaysRead,
      summariesRead,
    );
    const events = eventCounts.rows;
    const responseDays = responseDayCounts.rows;

    const byDepartment = new Map<string, DepartmentTotals>();
    const of = (id: string): DepartmentTotals => {
      let t = byDepartment.get(id);
      if (!t) byDepartment.set(id, (t = emptyTotals(id)));
      return t;
    };
    for (const r of deadlines.rows) {
      const t = of(r.department_id);
      t[r.kind][r.outcome] += r.n;
      if (r.outcome === 'missed') t.deductions[MISSED_DEADLINE_RULES[r.kind]] += r.n;
    }
    for (const r of summaries.rows) {
      const t = of(r.department_id);
      t.consultationSummaries[r.outcome] += r.n;
      if (r.outcome === 'missed') t.deductions.overdue_consultation_summary += r.n;
    }
    for (const r of events) countEvents(of(r.department_id), r.type, r.satisfaction, r.n);
    const cumulative = this.workingDaysUpTo(responseDays.filter((r) => r.side !== 'all').map((r) => r.day));
    for (const r of responseDays) {
      const t = of(r.department_id);
      if (r.side === 'all') t.responses += r.n;
      else t.responseWorkingDays += (r.side === 'answered' ? 1 : -1) * r.n * (cumulative.get(r.day) as number);
    }
    return [...byDepartment.values()];
  }

  /** Working days after the first of `days` up to each day (WorkingDayCalendar.workingDaysBetween from a common origin). */
  private workingDaysUpTo(days: number[]): Map<number, number> {
    const calendar = this.reference.calendar();
    const midnight = (day: number) => new Date(day * DAY_MS - SHANGHAI_OFFSET_MS);
    const sorted = [...new Set(days)].sort((a, b) => a - b);
    const out = new Map<number, number>();
    let total = 0;
    sorted.forEach((day, i) => {
      if (i > 0) total += calendar.workingDaysBetween(midnight(sorted[i - 1]), midnight(day));
      out.set(day, total);
    });
    return out;
  }

  /** Declares report_deductions: the deductions in report order on the figures' snapshot, as `columns` (see reportOrder). */
  private async declare(client: PoolClient, o: ReportOptions, figures: ReportFigures, columns: string): Promise<void> {
    const { sql, params } = this.reportOrder(o, figures, columns);
    await client.query(`declare report_deductions no scroll cursor for ${sql}`, params);
  }

  /**
   * The deductions in report order as `columns` (over x, the deduction's columns; further
   * parameters from $13, given in `more`): the statement and its parameters.
   */
  private reportOrder(o: ReportOptions, figures: ReportFigures, columns: string, more: unknown[] = []): { sql: string; params: unknown[] } {
    const w = figures.weights;
    // The local times of dueAt and at (toLocalIso without the offset): the facts' columns, the summaries' formatted here (a few a year).
    const local = (column: string) => localIsoSql(this.schema, column);
    const missed = `select department_id,
          case kind when 'acknowledgement' then 'missed_acknowledgement' when 'response' then 'missed_response' else 'overdue_assistance' end as rule,
          petition_id::text as petition_id, null::text as consultation_id, tracking_code, kind as deadline, due_at,
          source_event_id::text as deadline_event_id,
          ${evidence('missed', 'act', (c) => `'${LABELS[c]}'`, `'no_act'`)} as evidence,
          ${evidence('missed', 'act', (c) => `${c}_event_id::text`, 'source_event_id::text')} as event_id,
          ${evidence('missed', 'act', (c) => `${c}_at`, 'due_at')} as at,
          case kind when 'acknowledgement' then $6::float8 when 'response' then $7::float8 else $11::float8 end as points,
          0 as source, due_at as tie_due, kind as tie_kind,
          due_local, ${evidence('missed', 'act', (c) => `${c}_local`, 'due_local')} as at_local
        from (${this.deadlines(`and ${MAYBE_MISSED}`)}) d where outcome = 'missed'`;
    const overdue = `select department_id, 'overdue_consultation_summary', null::text, consultation_id::text, null::text, null::text, due_at,
          source_event_id::text,
          ${evidence('overdue', 'summary', (c) => `'${LABELS[c]}'`, `'no_act'`)},
          ${evidence('overdue', 'summary', (c) => `${c}_event_id::text`, 'source_event_id::text')},
          ${evidence('overdue', 'summary', (c) => `${c}_at`, 'due_at')},
          $10::float8, 1, due_at, null::text,
          ${local('due_at')}, ${evidence('overdue', 'summary', (c) => local(`${c}_at`), local('due_at'))}
        from (${this.summaryOutcomes()}) s where outcome = 'missed'`;
    const fromEvents = `select department_id,
          case type when 'escalation_automatic' then 'automatic_escalation' when 'red_light_review' then 'missed_review' else 'unsatisfied_rating' end,
          petition_id::text, null::text, tracking_code,
          case when type = 'escalation_automatic' and due_at is not null then 'response' end,
          case when type = 'rating' then null else due_at end,
          null::text,
          case type when 'escalation_automatic' then 'escalation' when 'red_light_review' then 'red_light' else 'rating' end,
          event_id::text, at,
          case type when 'escalation_automatic' then $8::float8 when 'red_light_review' then $12::float8 else $9::float8 end,
          2, at, null::text,
          case when type = 'rating' then null else due_local end, at_local
        from (${this.events()}) e
       where ${DEDUCTION_EVENTS}`;
    return {
      sql: `select ${columns}
         from (${missed} union all ${overdue} union all ${fromEvents}) x
         join unnest($5::text[]) with ordinality as r(department_id, ord) using (department_id)
        order by ${ordAtKey('r.ord', 'x.at')}, r.ord, x.at, x.event_id collate "C", x.rule collate "C", x.source, x.tie_due, x.deadline_event_id collate "C", x.tie_kind collate "C"`,
      params: [
        ...this.params(o),
        figures.departments.map((d) => d.departmentId),
        w.missedAcknowledgement,
        w.missedResponse,
        w.automaticEscalation,
        w.unsatisfiedRating,
        w.overdueConsultationSummary,
        w.overdueAssistance,
        w.missedReview,
        ...more,
      ],
    };
  }

  /** The cursor's pages until it is exhausted or the session closed under it (the reader went away: the connection is back in the pool then). */
  private async *pages<R extends object>(client: PoolClient, page: number, closed: () => boolean): AsyncIterable<R[]> {
    try {
      while (!closed()) {
        const { rows } = await client.query<R>(`fetch ${page} from report_deductions`);
        if (rows.length) yield rows;
        if (rows.length < page) break;
      }
    } finally {
      if (!closed()) await client.query('close report_deductions').catch(() => undefined);
    }
  }

  /** The deductions in report order, fetched from a cursor on the figures' snapshot. */
  private async *deductions(
    client: PoolClient,
    o: ReportOptions,
    figures: ReportFigures,
    closed: () => boolean,
  ): AsyncIterable<ReportDeduction> {
    if (closed()) return;
    const of = reportDeductionOf(figures);
    await this.declare(client, o, figures, DEDUCTION_COLUMNS);
    for await (const rows of this.pages<DeductionRowOfSql>(client, Math.max(1, Math.floor(o.pageSize ?? PAGE)), closed))
      for (const r of rows) yield of(r);
  }

  /** `limit` deductions in report order after the first `offset`, on the figures' snapshot. */
  private async deductionPage(
    client: PoolClient,
    o: ReportOptions,
    figures: ReportFigures,
    offset: number,
    limit: number,
  ): Promise<ReportDeduction[]> {
    if (!(Number.isInteger(offset) && offset >= 0 && Number.isInteger(limit) && limit >= 1))
      throw new RangeError('deduction page: offset must be an integer ≥ 0 and limit ≥ 1');
    const { sql, params } = this.reportOrder(o, figures, DEDUCTION_COLUMNS, [limit, offset]);
    const { rows } = await client.query<DeductionRowOfSql>(`${sql} limit $13 offset $14`, params);
    return rows.map(reportDeductionOf(figures));
  }

  /**
   * The deductions rendered by PostgreSQL (DeductionText), in report order, a chunk of COPY's
   * output at a time: COPY's query may be planned in parallel, a cursor's never is (at 1M cases
   * the year's read, rendering and sort before the first row took 2.5 s on one process). COPY takes
   * no bind parameters: they are written into the statement as literals. While it runs the
   * connection is in COPY mode: a session closed before its end discards the connection.
   */
  private async *deductionTexts(
    client: PoolClient,
    o: ReportOptions,
    figures: ReportFigures,
    format: DeductionText,
    state: { closed: boolean; copying: boolean },
  ): AsyncIterable<RenderedDeduction[]> {
    if (state.closed) return;
    let statement;
    if (format.kind === 'json') {
      statement = this.reportOrder(o, figures, `x.department_id, ${JSON_LINE}, null, null`, [JSON.stringify(format.points)]);
    } else {
      const { kind: _kind, ...labels } = format;
      statement = this.reportOrder(o, figures, `x.department_id, ($13::jsonb -> 'rules' ->> x.rule), x.tracking_code, ${CSV_TAIL}`, [
        JSON.stringify(labels),
      ]);
    }
    const rows = new CopyBinaryRows(4);
    const size = o.pageSize === undefined ? Infinity : Math.max(1, Math.floor(o.pageSize));
    const texts = (chunk: Buffer) =>
      rows.push(chunk).map(([departmentId, text, trackingCode, tail]) => ({
        departmentId: departmentId as string,
        text: text as string,
        trackingCode,
        tail,
      }));
    for await (const page of this.copied(client, statement, rows, texts, state)) yield* pagesOf(page, size);
  }

  /** DeductionText json as bytes (see ReportSession.deductionJson): each row the department's index and the deduction's JSON. */
  private async *deductionJson(
    client: PoolClient,
    o: ReportOptions,
    figures: ReportFigures,
    points: Readonly<Record<DeductionRule, string>>,
    state: { closed: boolean; copying: boolean },
  ): AsyncIterable<JsonRun[]> {
    if (state.closed) return;
    const statement = this.reportOrder(o, figures, `(r.ord - 1)::int4, ${JSON_LINE}`, [JSON.stringify(points)]);
    const runs = new CopyBinaryRuns();
    const json = (chunk: Buffer) => runs.push(chunk).map(({ group, count, bytes }) => ({ department: group, count, json: bytes }));
    for await (const page of this.copied(client, statement, runs, json, state)) if (page.length) yield page;
  }

  /**
   * The statement's rows by `copy (…) to stdout (format binary)`, what each chunk completes as
   * `parse` gives it. COPY takes no bind parameters: they are written into the statement as literals.
   */
  private async *copied<T>(
    client: PoolClient,
    statement: { sql: string; params: unknown[] },
    parser: { readonly complete: boolean; end(): void },
    parse: (chunk: Buffer) => T[],
    state: { closed: boolean; copying: boolean },
  ): AsyncIterable<T[]> {
    const sql = statement.sql.replace(/\$(\d+)/g, (_, n: string) => literal(client, statement.params[Number(n) - 1]));
    state.copying = true;
    const stream = client.query(copyTo(`copy (${sql}) to stdout (format binary)`));
    // The rows of the chunk holding COPY's trailer are handed on once the stream has ended (only
    // CopyDone follows them): a reader that stops at the last row then leaves a connection out of
    // COPY mode, which close() gives back to the pool instead of discarding it.
    let last: T[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const page = parse(chunk);
      if (parser.complete) last = last.length ? last.concat(page) : page;
      else yield page;
    }
    parser.end();
    state.copying = false;
    yield last;
  }
}

/** Each promise's value once all have settled; the first rejection's reason if any was rejected. */
async function allSettledOrThrow<T extends unknown[]>(...promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as T;
}

/** Rows in pages of at most `size` (Infinity: one page), none empty. */
function* pagesOf<R>(rows: R[], size: number): Iterable<R[]> {
  if (rows.length <= size) {
    if (rows.length) yield rows;
    return;
  }
  for (let at = 0; at < rows.length; at += size) yield rows.slice(at, at + size);
}

/** A parameter as an SQL literal, escaped by the driver: its text, an array's items each. */
const literal = (client: PoolClient, value: unknown): string =>
  Array.isArray(value) ? `array[${value.map((v) => literal(client, v)).join(',')}]` : client.escapeLiteral(String(value));

/**
 * A first sort key that orders as (ord, at) do, in one int8 (0 ≤ ord ≤ 922,337): the department's
 * rank times 10^13 plus the time's epoch milliseconds (kept within [0, 10^13), years 1970 to 2286;
 * clamping and flooring never reverse two rows, the keys after it settle ties). A sort compares
 * its first key without reading the row; with the rank first (a few dozen values) nearly every
 * comparison read the rows' other keys, behind the rendered line: at 1M synthetic cases
 * (bench:report-scale), sorting the year's deductions in one process (EXPLAIN ANALYZE, no parallel
 * workers) took 1.43 s, 0.76 s with this key. Over HTTP the gain was within the machine's noise.
 */
export const ordAtKey = (ord: string, at: string): string =>
  `${ord} * 10000000000000 + least(greatest(floor(date_part('epoch', ${at}) * 1000), 0), 9999999999999)::int8`;

/** The evidence columns of a missed deadline or summary (`missed`/`act`, `overdue`/`summary`) as SQL. */
const LABELS: Record<string, Deduction['evidence']> = { missed: 'red_light', overdue: 'red_light', act: 'late_act', summary: 'late_act' };

/**
 * missedDeadlineDeduction and overdueSummaryDeduction: the red light known by $3, else the act
 * known by $3 (late, since the outcome is missed), else the deadline passing with no event.
 */
const evidence = (red: string, act: string, value: (column: string) => string, otherwise: string) =>
  `case when ${red}_event_id is not null and ${red}_at <= $3 then ${value(red)}
        when ${act}_event_id is not null and ${act}_at <= $3 then ${value(act)} else ${otherwise} end`;

/** toLocalIso of x's `due` or `at` ("…_local", written with the facts: localTimesDdl): the local time and its offset. */
const localIso = (time: 'due' | 'at') => `x.${time}_local || '+08:00'`;

/** A JSON string or null: to_json escapes as JSON.stringify does (quote, backslash, control characters; not U+2028 or non-ASCII). */
const json = (sql: string) => `coalesce(to_json(${sql})::text, 'null')`;
/** A JSON string or null of a value with nothing to escape (the rule, deadline and evidence names the SQL writes, uuids): quoted without to_json, a fifth of the rendering's cost. */
const plain = (sql: string) => `coalesce('"' || ${sql} || '"', 'null')`;

/** An event id as a JSON string or null: a consultation's (source 1) are text columns, escaped; the others are uuids, quoted as they are. */
const eventIdJson = (column: string) => `case when x.source = 1 then ${json(column)} else ${plain(column)} end`;

/**
 * DeductionText json: the keys in the order of the report's deduction view; $13 the points of
 * each rule, rendered. Written with as few concatenations as the values allow (each copies the
 * line so far; at 1M cases the rendering was the largest part of the statement): the rule, the
 * evidence, the event id and the time are never null, and the literals between them are joined.
 */
const JSON_LINE = `'{"rule":"' || x.rule || '","trackingCode":' || ${json('x.tracking_code')}
    || ',"petitionId":' || ${plain('x.petition_id')} || ',"consultationId":' || ${plain('x.consultation_id')}
    || ',"deadline":' || ${plain('x.deadline')} || ',"dueAt":' || ${plain(localIso('due'))}
    || ',"deadlineEventId":' || ${eventIdJson('x.deadline_event_id')} || ',"evidence":"' || x.evidence
    || '","eventId":' || ${eventIdJson('x.event_id')} || ',"at":"' || x.at_local
    || '+08:00","points":' || ($13::jsonb ->> x.rule) || '}'`;

/**
 * DeductionText csv, the cells after the tracking code's; $13 the labels and points, rendered as
 * cells. The ids are uuids (hex digits and hyphens; a consultation's event ids too, in text columns): nothing to quote or defuse.
 */
const CSV_TAIL = `',' || coalesce(x.petition_id, '') || ',' || coalesce($13::jsonb -> 'deadlines' ->> x.deadline, '')
    || ',' || coalesce(${localIso('due')}, '') || ',' || coalesce(x.deadline_event_id, '')
    || ',' || ($13::jsonb -> 'evidence' ->> x.evidence) || ',' || x.event_id || ',' || ${localIso('at')}
    || ',' || ($13::jsonb -> 'points' ->> x.rule) || ',' || coalesce(x.consultation_id, '')`;

/** The columns of a deduction object (DeductionRowOfSql), over reportOrder's x. */
const DEDUCTION_COLUMNS = `x.department_id, x.rule, x.petition_id, x.consultation_id, x.tracking_code, x.deadline, x.due_at, x.deadline_event_id,
              x.evidence, x.event_id, x.at, x.points`;

/** A row of DEDUCTION_COLUMNS as the deduction and its department's figures. */
const reportDeductionOf = (figures: ReportFigures) => {
  const departments = new Map(figures.departments.map((d) => [d.departmentId, d]));
  return (r: DeductionRowOfSql): ReportDeduction => ({
    department: departments.get(r.department_id) as DepartmentFigures,
    deduction: {
      rule: r.rule as DeductionRule,
      departmentId: r.department_id,
      petitionId: r.petition_id,
      consultationId: r.consultation_id,
      trackingCode: r.tracking_code,
      deadline: r.deadline as Deduction['deadline'],
      dueAt: r.due_at,
      deadlineEventId: r.deadline_event_id,
      evidence: r.evidence as Deduction['evidence'],
      eventId: r.event_id,
      at: r.at,
      points: r.points,
    },
  });
};

interface DeductionRowOfSql {
  department_id: string;
  rule: string;
  petition_id: string | null;
  consultation_id: string | null;
  tracking_code: string | null;
  deadline: string | null;
  due_at: Date | null;
  deadline_event_id: string | null;
  evidence: string;
  event_id: string;
  at: Date;
  points: number;
}
