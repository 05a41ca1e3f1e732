import { Pool, PoolClient } from 'pg';
import { AssessmentReportQuery } from '@wenzheng/read-models';
import { NO_TIMERS } from '../../apps/bench/src/harness/runtime';
import { REPORT_PROFILE, fillReportFacts } from '../../apps/bench/src/steps/report-scale';
import { TestApp, createTestApp } from '../setup/app';
import { REPORT_YEAR_2025, reportFigures, reportQueryOn } from '../setup/report-figures';

// Issue 15 target 3: the report's figures are counted by up to three statements at once, on
// connections that import the first one's snapshot (pg_export_snapshot). A row committed while
// they start must count in none of them: the figures are one instant's, the same the deductions
// are read on. A report never waits for a second connection while holding its first (reports
// filling the pool would wait for each other for ever): with none free it counts on its own.

jest.setTimeout(120_000);

const YEAR = REPORT_YEAR_2025;

describe('the report counts its figures on one snapshot, on several connections', () => {
  let t: TestApp;
  let department: string;
  beforeAll(async () => {
    t = await createTestApp({ PROJECTOR_ENABLED: 'false', ...NO_TIMERS });
    await fillReportFacts(t.runtime.pool, { cases: 2_000, year: 2025, profile: REPORT_PROFILE });
    department = (await t.runtime.pool.query<{ id: string }>('select min(department_id) as id from wz_rm.department_event_days')).rows[0]
      .id;
  });
  afterAll(async () => t?.close());

  const reportsOn = (pool: Pool) => reportQueryOn(t, pool);
  const figures = (reports: AssessmentReportQuery) => reportFigures(reports);

  /** Rows that change the received count and the missed acknowledgements of `department` in 2025. */
  const commitMoreFacts = (client: PoolClient | Pool) =>
    client.query(
      `insert into wz_rm.department_event_days (department_id, type, satisfaction, confidential, day, started_day, n)
       values ($1, 'received', null, false, date '2025-06-02', null, 7), ($1, 'response', null, false, date '2025-06-10', date '2025-06-02', 3)`,
      [department],
    );

  it('a row committed after the first connection began counts in no statement, whichever connection reads it', async () => {
    const pool = t.runtime.pool;
    const before = await figures(t.app.get(AssessmentReportQuery, { strict: false }));
    // The second and third connections are handed over only once a new row has been committed
    // after the report's own transaction has its snapshot; without the imported snapshot their
    // statements would count it.
    const connect = pool.connect.bind(pool) as () => Promise<PoolClient>;
    let calls = 0;
    let wrote = 0;
    const patched = async () => {
      const n = ++calls;
      const client = await connect();
      if (n === 1) return client;
      if (n === 2) {
        // Sure to come after the first connection's snapshot: it waits on the same server for
        // the report's transaction to have run a statement.
        for (let i = 0; i < 100; i++) {
          const { rows } = await client.query<{ n: number }>(
            `select count(*)::int as n from pg_stat_activity where backend_xmin is not null and state like 'idle in transaction%' and pid <> pg_backend_pid()`,
          );
          if (rows[0].n > 0) break;
          await new Promise((r) => setTimeout(r, 5));
        }
        await commitMoreFacts(client);
        wrote++;
      }
      return client;
    };
    const spy = jest.spyOn(pool, 'connect').mockImplementation(patched as never);
    let during: string;
    try {
      during = await figures(t.app.get(AssessmentReportQuery, { strict: false }));
    } finally {
      spy.mockRestore();
    }
    expect(wrote).toBe(1);
    expect(calls).toBe(3);
    expect(during).toBe(before);
    // The row does count in the next report: the comparison above could fail.
    const after = await figures(t.app.get(AssessmentReportQuery, { strict: false }));
    expect(after).not.toBe(before);
    await pool.query(`delete from wz_rm.department_event_days where department_id = $1 and day = date '2025-06-02' and n = 7`, [
      department,
    ]);
    await pool.query(
      `delete from wz_rm.department_event_days where department_id = $1 and day = date '2025-06-10' and n = 3 and started_day = date '2025-06-02'`,
      [department],
    );
    expect(await figures(t.app.get(AssessmentReportQuery, { strict: false }))).toBe(before);
  });

  it('the same figures with one connection, two, or three; a full pool is not waited on; every connection given back', async () => {
    const url = t.runtime.databaseUrl;
    const expected = await figures(t.app.get(AssessmentReportQuery, { strict: false }));
    for (const max of [1, 2, 3, 5]) {
      const pool = new Pool({ connectionString: url, max });
      try {
        const reports = reportsOn(pool);
        expect(await figures(reports)).toBe(expected);
        // Sessions open side by side, up to every connection of the pool: each counts on what is
        // free, none waits for another's connection.
        const sessions = await Promise.all(Array.from({ length: max }, () => reports.open(YEAR)));
        for (const s of sessions) expect(JSON.stringify(s.figures.departments)).toBe(expected);
        expect(pool.totalCount - pool.idleCount).toBe(max);
        await Promise.all(sessions.map((s) => s.close()));
        expect(pool.totalCount - pool.idleCount).toBe(0);
      } finally {
        await pool.end();
      }
    }
  });
});
