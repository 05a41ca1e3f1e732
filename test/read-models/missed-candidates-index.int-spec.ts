import type { Pool, PoolClient } from 'pg';
import { liveTables } from '@wenzheng/projector';
import {
  AssessmentReportQuery,
  DEADLINE_FACTS,
  MissedCandidatesIndex1795697300000,
  ReferenceDataService,
  departmentPerformanceProjection,
} from '@wenzheng/read-models';
import { DEFAULT_WEIGHTS } from '@wenzheng/scoring';
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
const run = (step: 'up' | 'down') => runMigration(t.runtime.dataSource, new MissedCandidatesIndex1795697300000(), step);

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
});
