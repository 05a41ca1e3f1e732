import type { PoolClient } from 'pg';
import { Projection, liveTables, rebuildProjections } from '@wenzheng/projector';
import {
  DEADLINE_DAYS,
  DEADLINE_FACTS,
  DayCountFunctions1795697200000,
  EVENT_DAYS,
  EVENT_FACTS,
  departmentPerformanceProjection,
} from '@wenzheng/read-models';
import { fillDayTablesSql } from '../../libs/read-models/src/department-performance/department-performance.days';
import { seedStep } from '../../apps/bench/src/steps/seed';
import { TestApp, createTestApp } from '../setup/app';
import { rebuildOptionsOf } from '../setup/rebuild-options';

// Attack (session 6) on the day-count trigger functions' static statements for the live tables
// (e770696, migration 1795697200000): PL/pgSQL plans them once per session, and a rebuild swaps
// fresh fact and day tables in by rename. A session that counted before the swap (the live
// projector's pooled connections, or one held here) must count into the new day tables after it;
// after every kind of write the day tables must equal the facts counted afresh.

jest.setTimeout(240_000);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const names = liveTables(departmentPerformanceProjection);
const facts = { deadlines: names[DEADLINE_FACTS], events: names[EVENT_FACTS] };
const check = { ...names, [DEADLINE_DAYS]: 'wz_rm.check_deadline_days', [EVENT_DAYS]: 'wz_rm.check_event_days' };

/** Rows of the live day tables not in the facts counted afresh, and the other way round: both empty when they agree. */
async function mismatch(): Promise<{ rows: number; diff: unknown[] }> {
  const q = async (sql: string) => (await t.runtime.pool.query(sql)).rows;
  await q(`create table if not exists ${check[DEADLINE_DAYS]} (like ${names[DEADLINE_DAYS]})`);
  await q(`create table if not exists ${check[EVENT_DAYS]} (like ${names[EVENT_DAYS]})`);
  for (const sql of fillDayTablesSql(check, facts)) if (!sql.startsWith('analyze')) await q(sql);
  const diff: unknown[] = [];
  for (const [a, b] of [
    [names[DEADLINE_DAYS], check[DEADLINE_DAYS]],
    [check[DEADLINE_DAYS], names[DEADLINE_DAYS]],
    [names[EVENT_DAYS], check[EVENT_DAYS]],
    [check[EVENT_DAYS], names[EVENT_DAYS]],
  ])
    diff.push(...(await q(`select '${a}' as only_in, * from (select * from ${a} except all select * from ${b}) x limit 5`)));
  const [{ n }] = await q(`select count(*)::int as n from ${names[DEADLINE_DAYS]}`);
  return { rows: n as number, diff };
}

const options = () => rebuildOptionsOf(t, 40);
const seed = (from: number, to: number) =>
  seedStep({ databaseUrl: t.runtime.databaseUrl, from, to, generator: { seed: 'perf-attack-s6-days', year: 2025 }, concurrency: 4 });
const projection = departmentPerformanceProjection as Projection;

const columns = 'source_event_id, kind, petition_id, tracking_code, department_id, confidential, due_at, set_at, act_event_id, act_at';
/** Writes of every kind the live projector makes, in one session: a new fact, an upsert that changes nothing, an update that moves an outcome, a new event fact. */
async function writes(c: PoolClient): Promise<void> {
  await c.query(
    `insert into ${facts.deadlines} (${columns}) select gen_random_uuid(), kind, petition_id, tracking_code, department_id, confidential, due_at, set_at, act_event_id, act_at from ${facts.deadlines} order by source_event_id limit 3`,
  );
  const { rowCount } = await c.query(
    `insert into ${facts.deadlines} as t (${columns}) select ${columns} from ${facts.deadlines} where act_event_id is not null limit 5
     on conflict (source_event_id, kind, department_id) do update set act_at = excluded.act_at where t.act_event_id is null`,
  );
  expect(rowCount).toBe(0);
  // Met -> missed and back out of missed: the act moved after the due time, a deadline superseded.
  const moved = await c.query(
    `update ${facts.deadlines} set act_at = due_at + interval '1 day' where ctid in (select ctid from ${facts.deadlines} where act_at is not null and act_at <= due_at and superseded_at is null and withdrawn_at is null limit 2)`,
  );
  expect(moved.rowCount).toBe(2);
  await c.query(
    `update ${facts.deadlines} set superseded_at = set_at where ctid in (select ctid from ${facts.deadlines} where superseded_at is null limit 2)`,
  );
  const ev = await c.query(
    // The columns written (the generated ones are not), no row: a statement that writes nothing.
    `insert into ${facts.events} (event_id, type, petition_id, tracking_code, department_id, confidential, at, local_day)
       select event_id, type, petition_id, tracking_code, department_id, confidential, at, local_day from ${facts.events} limit 0`,
  );
  expect(ev.rowCount).toBe(0);
}

describe('day counts across a rebuild swap', () => {
  let held: PoolClient;
  beforeAll(async () => {
    await seed(0, 30);
    await t.waitForProjections(60_000);
    held = await t.runtime.pool.connect();
  });
  afterAll(() => held?.release(true));

  it('a held session counts before the rebuild (its plans cached)', async () => {
    await writes(held);
    await writes(held); // the second time from cached plans
    const m = await mismatch();
    expect(m.rows).toBeGreaterThan(10);
    expect(m.diff).toEqual([]);
  });

  it('after the rebuild swaps fresh tables in, the same session and the live projector count into the new day tables', async () => {
    const oldOid = (await t.runtime.pool.query(`select to_regclass('${names[DEADLINE_DAYS]}')::oid::int as o`)).rows[0].o as number;
    // The live facts written by hand above are not in the log: a rebuild drops them.
    const rebuilt = await rebuildProjections([projection], options());
    expect(rebuilt.swapped).toBe(true);
    const newOid = (await t.runtime.pool.query(`select to_regclass('${names[DEADLINE_DAYS]}')::oid::int as o`)).rows[0].o as number;
    expect(newOid).not.toBe(oldOid);
    expect((await mismatch()).diff).toEqual([]);
    await writes(held);
    expect((await mismatch()).diff).toEqual([]);
    await seed(30, 45); // the live projector's pooled sessions, some of which counted before the swap
    await t.waitForProjections(60_000);
    await writes(held);
    expect((await mismatch()).diff).toEqual([]);
  });

  it('a rebuild interrupted (stopAfterBatches, then a throw on a later page) and resumed while cases are added counts the same', async () => {
    const stopped = await rebuildProjections([projection], { ...options(), stopAfterBatches: 2 });
    expect(stopped.swapped).toBe(false);
    let pages = 0;
    const dying: Projection = {
      ...projection,
      handle: async (c, events, n) => {
        await projection.handle(c, events, n);
        if (++pages === 3) throw new Error('killed on page 3');
      },
    };
    await expect(rebuildProjections([dying], options())).rejects.toThrow(/killed/);
    expect((await mismatch()).diff).toEqual([]); // the live tables untouched
    const [resumed] = await Promise.all([rebuildProjections([projection], options()), seed(45, 55)]);
    expect(resumed.swapped).toBe(true);
    expect(resumed.projections[0].resumed).toBe(true);
    await t.waitForProjections(60_000);
    await writes(held);
    expect((await mismatch()).diff).toEqual([]);
  });

  it('the migration run twice, and on a database without the day tables, leaves the counts right', async () => {
    const runner = t.runtime.dataSource.createQueryRunner();
    try {
      await new DayCountFunctions1795697200000().up(runner);
      await new DayCountFunctions1795697200000().up(runner);
      await writes(held);
      expect((await mismatch()).diff).toEqual([]);
      await runner.query('begin');
      await runner.query(`drop table ${names[DEADLINE_DAYS]}, ${names[EVENT_DAYS]}`);
      await new DayCountFunctions1795697200000().up(runner);
      expect((await runner.query(`select to_regclass('${names[EVENT_DAYS]}') as r`))[0].r).toBeNull();
      await runner.query('rollback');
    } finally {
      await runner.release();
    }
    expect((await mismatch()).diff).toEqual([]);
  });
});
