import type { Pool } from 'pg';
import type { TableNames } from '@wenzheng/projector';
import { toLocalIso } from '@wenzheng/calendar';
import { departmentPerformanceProjection as p } from '@wenzheng/read-models';
import { createTestDatabase } from '../setup/database';

// wz_local_iso renders the department facts' local times (generated columns, five a fact pair).
// Written in LANGUAGE sql around to_char, which is only stable, it could not be inlined into the
// columns' expressions (an immutable SQL function whose body is not immutable never is), so every
// row ran it as a query of its own: 1.2 million executor start-ups in a rebuild of 100,000 cases,
// about 1.5 µs each on top of to_char. In PL/pgSQL (a simple expression, planned once a session) and
// strict (a null instant is not called at all), it must give exactly what the SQL body gave.

jest.setTimeout(120_000);

const SQL_BODY = `to_char((t at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD"T"HH24:MI:SS.MS')`;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;
const names = (suffix: string): TableNames => Object.fromEntries(p.tables.map((t) => [t, `wz_rm.${t}_${suffix}`]));

beforeAll(async () => {
  db = await createTestDatabase();
  pool = db.pool;
  await pool.query('create schema if not exists wz_rm');
  // A database made by an earlier release: the function as it was then, replaced when the tables are ensured.
  await pool.query(
    `create or replace function wz_rm.wz_local_iso(t timestamptz) returns text language sql immutable parallel safe as $$ select ${SQL_BODY} $$`,
  );
  const c = await pool.connect();
  try {
    await p.createTables(c, names('live'));
  } finally {
    c.release();
  }
});
afterAll(async () => db?.drop());

describe('wz_local_iso, the local time of a department fact', () => {
  it('is PL/pgSQL and strict once the tables are ensured over an older database, immutable as a generated column needs', async () => {
    const { rows } = await pool.query<{ lang: string; strict: boolean; volatility: string }>(
      `select l.lanname as lang, p.proisstrict as strict, p.provolatile as volatility
         from pg_proc p join pg_language l on l.oid = p.prolang
        where p.oid = 'wz_rm.wz_local_iso(timestamptz)'::regprocedure`,
    );
    expect(rows).toEqual([{ lang: 'plpgsql', strict: true, volatility: 'i' }]);
  });

  it('gives what the SQL body gave on 200,000 instants (every microsecond offset class, across years and the leap day) and null for null', async () => {
    // Steps of 7 minutes 13.000037 s from 2023-12-30 walk through every hour, minute, second and
    // many sub-millisecond remainders (truncated, never rounded), and past three year ends.
    const { rows } = await pool.query<{ differ: number; n: number; nulls: number }>(
      `select count(*) filter (where wz_rm.wz_local_iso(t) is distinct from ${SQL_BODY})::int as differ,
              count(*)::int as n,
              count(*) filter (where wz_rm.wz_local_iso(null::timestamptz) is not null)::int as nulls
         from generate_series(0, 199999) i,
              lateral (select '2023-12-30T15:59:59.999999Z'::timestamptz + i * interval '433.000037 seconds' as t) s`,
    );
    expect(rows[0]).toEqual({ differ: 0, n: 200_000, nulls: 0 });
  });

  it('matches toLocalIso (without its offset) as the pg driver reads the instant, at local midnight and just before it', async () => {
    const instants = [
      '2024-02-28T16:00:00.000Z', // the leap day's first instant, local
      '2024-12-31T15:59:59.999999Z', // the local year's last microsecond: .999
      '2025-12-31T16:00:00.1234Z',
      '2025-06-30T15:59:59.9995Z',
      '2026-03-01T00:00:00.000999Z',
    ];
    const { rows } = await pool.query<{ t: Date; local: string }>(
      `select t, wz_rm.wz_local_iso(t) as local from unnest($1::timestamptz[]) as t`,
      [instants],
    );
    for (const r of rows) expect(r.local).toBe(toLocalIso(r.t).replace(/\+08:00$/, ''));
    expect(rows.map((r) => r.local)).toEqual([
      '2024-02-29T00:00:00.000',
      '2024-12-31T23:59:59.999',
      '2026-01-01T00:00:00.123',
      '2025-06-30T23:59:59.999',
      '2026-03-01T08:00:00.000',
    ]);
  });

  it('still fills the generated columns of the facts written after it was replaced, and leaves a missing instant null', async () => {
    const n = names('live');
    await pool.query(
      `insert into ${n.department_event_facts} (event_id, type, petition_id, department_id, confidential, at, local_day, due_at)
       values (gen_random_uuid(), 'submitted', gen_random_uuid(), 'd1', false, '2025-12-31T16:00:00.5Z', '2026-01-01', null)`,
    );
    const { rows } = await pool.query<{ at_local: string; due_local: string | null }>(
      `select at_local, due_local from ${n.department_event_facts}`,
    );
    expect(rows).toEqual([{ at_local: '2026-01-01T00:00:00.500', due_local: null }]);
  });
});
