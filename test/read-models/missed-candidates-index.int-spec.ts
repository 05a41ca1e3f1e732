import type { Pool, PoolClient } from 'pg';
import { liveTables, rebuildTables } from '@wenzheng/projector';
import {
  AssessmentReportQuery,
  DEADLINE_FACTS,
  EVENT_FACTS,
  MissedCandidatesIndex1795697300000,
  ReferenceDataService,
  ReportLocalTimes1795697400000,
  departmentPerformanceProjection,
} from '@wenzheng/read-models';
import { DEFAULT_WEIGHTS } from '@wenzheng/scoring';
import { toLocalIso } from '@wenzheng/calendar';
import { NO_TIMERS } from '../../apps/bench/src/harness/runtime';
import { REPORT_PROFILE, fillReportFacts } from '../../apps/bench/src/steps/report-scale';
import { renderedJsonChunks } from '../../apps/api/src/reports/assessment-report/assessment-report.view';
import { TestApp, createTestApp } from '../setup/app';
import { expectIndexMigrationRoundTrip, indexBodies, runMigration } from '../setup/migrations';

// Issue 15 target 3: the report's missed-deadline deductions read the year's deadline facts that
// can be missed from one partial index carrying every column they need, so PostgreSQL can answer
// from the index alone instead of visiting every page of the table those rows are spread over.
// A fresh install and an upgraded one must hold the same single index (the one without the
// columns gone: both would be written on every candidate row), the migration must be safe to run
// twice and undone by down, and the report's own statement must be answerable by an index-only
// scan (a column it reads that the index lacks would make it visit the table again).

jest.setTimeout(180_000);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ PROJECTOR_ENABLED: 'false', ...NO_TIMERS });
});
afterAll(async () => t?.close());

const table = liveTables(departmentPerformanceProjection)[DEADLINE_FACTS];
const [schema, name] = table.split('.');
const COVERING = 'USING btree (due_at) INCLUDE (';
const BEFORE = 'USING btree (due_at) WHERE (met IS NOT TRUE)';

const indexes = () => indexBodies(t.runtime.pool, table);
/** The two migrations that made the index (1795697300000, then 1795697400000 with the local times), in order for up, in reverse for down. */
const run = async (step: 'up' | 'down') => {
  const migrations = [new MissedCandidatesIndex1795697300000(), new ReportLocalTimes1795697400000()];
  for (const m of step === 'up' ? migrations : migrations.reverse()) await runMigration(t.runtime.dataSource, m, step);
};
const runLocalTimes = (step: 'up' | 'down') => runMigration(t.runtime.dataSource, new ReportLocalTimes1795697400000(), step);

/** Until no other session of this database holds a snapshot (at most 30 s). */
async function waitForNoOtherSnapshot(pool: Pool): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const { rows } = await pool.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and backend_xmin is not null`,
    );
    if (rows[0].n === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the index of the deadline facts that can be missed', () => {
  it('is one index on a fresh install, and the migration brings an install of the release before to the same, once; down restores it', async () => {
    const fresh = await indexes();
    const covering = fresh.filter((i) => i.startsWith(COVERING));
    expect(covering).toHaveLength(1);
    expect(covering[0]).toMatch(/ WHERE \(met IS NOT TRUE\)$/);
    expect(fresh).not.toContain(BEFORE);

    // The previous release's index set.
    const { rows } = await t.runtime.pool.query<{ indexname: string }>(
      `select indexname from pg_indexes where schemaname = $1 and tablename = $2 and position($3 in indexdef) > 0`,
      [schema, name, COVERING],
    );
    await t.runtime.pool.query(`drop index ${schema}.${rows[0].indexname}`);
    await t.runtime.pool.query(`create index on ${table} (due_at) where (met is not true)`);
    const before = await indexes();
    expect(before).toContain(BEFORE);

    await expectIndexMigrationRoundTrip(run, indexes, { fresh, before });
  });

  it("covers the report's deductions statement: with the table's pages all-visible it is answered by an index-only scan", async () => {
    await fillReportFacts(t.runtime.pool, { cases: 2000, year: 2025, profile: REPORT_PROFILE });
    await t.runtime.pool.query(`vacuum analyze ${table}`);

    // The report's own statement, as it sends it (COPY of the rendered deductions).
    const statements: string[] = [];
    const real = t.runtime.pool;
    // The pool itself (its counts and options) with each connection's statements recorded.
    const connect = async () => {
      const client = await real.connect();
      return new Proxy(client, {
        get(target, key, receiver) {
          if (key !== 'query') return Reflect.get(target, key, receiver) as unknown;
          return (...args: unknown[]) => {
            const first = args[0] as { text?: unknown } | string;
            const text = typeof first === 'string' ? first : first?.text;
            if (typeof text === 'string') statements.push(text);
            return (target.query as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      }) as PoolClient;
    };
    const watching = new Proxy(real, {
      get: (target, key, receiver) => (key === 'connect' ? connect : (Reflect.get(target, key, receiver) as unknown)),
    }) as Pool;
    const reports = new AssessmentReportQuery(watching, t.app.get(ReferenceDataService, { strict: false }), DEFAULT_WEIGHTS);
    const at = (local: string) => new Date(`${local}+08:00`);
    const session = await reports.open({
      from: at('2025-01-01T00:00:00'),
      to: at('2026-01-01T00:00:00'),
      now: at('2026-03-01T00:00:00'),
      includeConfidential: true,
    });
    let bytes = 0;
    try {
      for await (const chunk of renderedJsonChunks(session, { from: '2025-01-01', to: '2026-01-01' })) bytes += chunk.length;
    } finally {
      await session.close();
    }
    expect(bytes).toBeGreaterThan(10_000);
    const copy = statements.find((s) => s.startsWith('copy ('));
    if (!copy) throw new Error(`no COPY among the report's statements: ${statements.map((s) => s.slice(0, 40)).join(' | ')}`);
    const select = copy.slice('copy ('.length, copy.lastIndexOf(') to stdout'));

    const client = await real.connect();
    try {
      await client.query('begin');
      // Only the access paths are steered (a few thousand rows would often be read whole); what is
      // asked is whether the index alone can answer.
      await client.query('set local enable_seqscan = off');
      await client.query('set local enable_bitmapscan = off');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (costs off) ${select}`);
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toMatch(new RegExp(`Index Only Scan using \\S+ on ${name}\\b`));
      expect(plan).not.toMatch(new RegExp(`(?<!Only )Index Scan using \\S+ on ${name}\\b`));
    } finally {
      await client.query('rollback');
      client.release();
    }
  });

  it('carries the local times the report renders, written with each fact; the migration adds them to the rows an install already has', async () => {
    const events = liveTables(departmentPerformanceProjection)[EVENT_FACTS];
    const pool = t.runtime.pool;
    const fresh = await indexes();
    expect(fresh.filter((i) => i.startsWith(COVERING))[0]).toContain(', due_local, act_local, missed_local) WHERE');
    // Instants whose local time crosses a day, a month or a leap day, or has microseconds to truncate.
    const instants = ['2025-12-31T15:59:59.999999Z', '2024-02-28T16:00:00Z', '2025-06-30T16:00:00.0005Z', '2025-03-01T03:04:05.067Z'];
    const insert = async (i: number, at: string) => {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      await pool.query(
        `insert into ${table} (source_event_id, kind, petition_id, tracking_code, department_id, confidential, due_at, set_at, act_event_id, act_at, missed_event_id, missed_at)
         values ($1, 'response', $1, null, 'local-times', false, $2, $2, ${i % 2 ? '$1' : 'null'}, ${i % 2 ? '$2' : 'null'}, $1, $2::timestamptz + interval '1 second')`,
        [id, at],
      );
      await pool.query(
        `insert into ${events} (event_id, type, petition_id, tracking_code, department_id, confidential, at, local_day, due_at)
         values ($1, 'escalation_automatic', $1, null, 'local-times', false, $2, '2025-01-01', ${i % 2 ? '$2' : 'null'})`,
        [id, at],
      );
    };
    const expectLocalTimes = async (rows: number) => {
      const { rows: deadlines } = await pool.query<{
        due_at: Date;
        act_at: Date | null;
        missed_at: Date;
        due_local: string;
        act_local: string | null;
        missed_local: string;
      }>(`select due_at, act_at, missed_at, due_local, act_local, missed_local from ${table} where department_id = 'local-times'`);
      const { rows: facts } = await pool.query<{ at: Date; due_at: Date | null; at_local: string; due_local: string | null }>(
        `select at, due_at, at_local, due_local from ${events} where department_id = 'local-times'`,
      );
      expect(deadlines.length).toBe(rows);
      expect(facts.length).toBe(deadlines.length);
      const offset = (local: string | null) => (local === null ? null : `${local}+08:00`);
      const iso = (d: Date | null) => (d === null ? null : toLocalIso(d));
      for (const r of deadlines) {
        expect(offset(r.due_local)).toBe(iso(r.due_at));
        expect(offset(r.act_local)).toBe(iso(r.act_at));
        expect(offset(r.missed_local)).toBe(iso(r.missed_at));
      }
      for (const r of facts) {
        expect(offset(r.at_local)).toBe(iso(r.at));
        expect(offset(r.due_local)).toBe(iso(r.due_at));
      }
      // One of them written out, not only compared with toLocalIso.
      const last = deadlines.find((r) => r.due_at.toISOString() === '2025-12-31T15:59:59.999Z');
      expect(last?.due_local).toBe('2025-12-31T23:59:59.999');
    };

    // Written with each fact on a fresh install.
    await insert(0, instants[0]);
    await insert(1, instants[1]);
    await expectLocalTimes(2);
    // An update of a fact writes them again.
    await pool.query(
      `update ${table} set act_at = missed_at, act_event_id = source_event_id where department_id = 'local-times' and act_at is null`,
    );
    await expectLocalTimes(2);

    // A rebuild under way, its fresh tables made by the release before (below) and not yet swapped in.
    const scratch = rebuildTables(departmentPerformanceProjection);
    const client = await pool.connect();
    try {
      await departmentPerformanceProjection.createTables(client, scratch);
    } finally {
      client.release();
    }
    const localColumns = async (facts: string) =>
      (
        await pool.query<{ column_name: string }>(
          `select column_name from information_schema.columns where table_schema = $1 and table_name = $2 and column_name like '%\\_local' order by 1`,
          facts.split('.'),
        )
      ).rows.map((r) => r.column_name);
    expect(await localColumns(scratch[DEADLINE_FACTS])).toEqual(['act_local', 'due_local', 'missed_local']);

    // The release before: no local times, the index as 1795697300000 made it; rows written then.
    await runLocalTimes('down');
    expect(await localColumns(scratch[DEADLINE_FACTS])).toEqual([]);
    expect(await localColumns(scratch[EVENT_FACTS])).toEqual([]);
    expect(
      await pool.query(
        `select 1 from information_schema.columns where table_schema = $1 and table_name = $2 and column_name like '%_local'`,
        [schema, name],
      ),
    ).toMatchObject({ rowCount: 0 });
    await insert(2, instants[2]);
    await insert(3, instants[3]);
    await runLocalTimes('up');
    await expectLocalTimes(4);
    expect(await localColumns(scratch[DEADLINE_FACTS])).toEqual(['act_local', 'due_local', 'missed_local']);
    expect(await localColumns(scratch[EVENT_FACTS])).toEqual(['at_local', 'due_local']);
    await pool.query(`drop table ${Object.values(scratch).join(', ')}`);
    expect(await indexes()).toEqual(fresh);
    // Vacuumed after the rewrite: every page all-visible again, so the report reads the index alone.
    const visibility = async () =>
      Promise.all(
        [table, events].map(
          async (facts) =>
            (
              await pool.query<{ relpages: number; relallvisible: number }>(
                `select relpages, relallvisible from pg_class where oid = $1::regclass`,
                [facts],
              )
            ).rows[0],
        ),
      );
    if ((await visibility()).some((v) => v.relallvisible !== v.relpages)) {
      // A snapshot another session of this database held as the migration vacuumed (an autovacuum
      // worker analysing the facts the tests above wrote) keeps VACUUM from marking the newest rows'
      // pages: the migration (safe to run again) vacuums once more when no other session holds one.
      await waitForNoOtherSnapshot(pool);
      await runLocalTimes('up');
    }
    for (const v of await visibility()) {
      expect(v.relpages).toBeGreaterThan(0);
      expect(v.relallvisible).toBe(v.relpages);
    }
    await runLocalTimes('up');
    expect(await indexes()).toEqual(fresh);
    await pool.query(`delete from ${table} where department_id = 'local-times'`);
    await pool.query(`delete from ${events} where department_id = 'local-times'`);
  });
});
