import type { Pool, PoolClient } from 'pg';
import type { TableNames } from '@wenzheng/projector';
import { departmentPerformanceProjection as p } from '@wenzheng/read-models';
import { createTestDatabase } from '../setup/database';

// The department performance tables come with three functions (the two day-count triggers' and
// wz_local_iso), made by `create or replace function`. Two sessions replacing the same function at
// the same moment fail with "tuple concurrently updated": a rebuild creating its fresh tables while
// another process creates the live ones on a new database did so about one time in eight. Each
// replacement now waits for the others (a transaction's advisory lock), including one made inside a
// transaction that is rolled back afterwards (the rebuild's dry run of createTables).

jest.setTimeout(120_000);

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;
beforeAll(async () => {
  db = await createTestDatabase();
  pool = db.pool;
  await pool.query('create schema if not exists wz_rm');
});
afterAll(async () => db?.drop());

const names = (suffix: string): TableNames => Object.fromEntries(p.tables.map((t) => [t, `wz_rm.${t}_${suffix}`]));
const withClient = async <T>(f: (c: PoolClient) => Promise<T>): Promise<T> => {
  const c = await pool.connect();
  try {
    return await f(c);
  } finally {
    c.release();
  }
};

describe('creating the department performance tables from two sessions at once', () => {
  it('never fails on the functions they all replace (25 rounds of four sessions)', async () => {
    const failures: string[] = [];
    for (let i = 0; i < 25; i++) {
      const settled = await Promise.allSettled(
        [`a${i}`, `b${i}`, `c${i}`, `d${i}`].map((s) => withClient((c) => p.createTables(c, names(s)))),
      );
      for (const r of settled) if (r.status === 'rejected') failures.push(String((r.reason as Error).message));
    }
    expect(failures).toEqual([]);
    // What they made works: the local time and the triggers counting into each set's own day table.
    const { rows } = await pool.query<{ t: string }>(`select wz_rm.wz_local_iso('2025-12-31T16:00:00.1234Z') as t`);
    expect(rows[0].t).toBe('2026-01-01T00:00:00.123');
    const n = names('a3');
    await pool.query(
      `insert into ${n.department_event_facts} (event_id, type, petition_id, department_id, confidential, at, local_day)
       values (gen_random_uuid(), 'submitted', gen_random_uuid(), 'd1', false, now(), current_date)`,
    );
    const days = await pool.query<{ n: number }>(`select n from ${n.department_event_days}`);
    expect(days.rows.map((r) => r.n)).toEqual([1]);
    expect((await pool.query(`select count(*)::int as c from ${names('b3').department_event_days}`)).rows[0].c).toBe(0);
  });

  it('waits for a session that replaced them inside a transaction, and goes on when that one rolls back', async () => {
    const dry = await pool.connect();
    try {
      await dry.query('begin');
      await p.createTables(dry, names('dry'));
      let done = false;
      const other = withClient((c) => p.createTables(c, names('after_dry'))).then(() => (done = true));
      await new Promise((r) => setTimeout(r, 500));
      expect(done).toBe(false); // held by the open transaction's lock
      await dry.query('rollback');
      await other;
      expect(done).toBe(true);
    } finally {
      dry.release();
    }
    const { rows } = await pool.query<{ t: string | null }>(`select to_regclass('wz_rm.department_deadline_facts_dry')::text as t`);
    expect(rows[0].t).toBeNull();
    expect((await pool.query(`select to_regclass('wz_rm.department_deadline_facts_after_dry')::text as t`)).rows[0].t).not.toBeNull();
  });
});
