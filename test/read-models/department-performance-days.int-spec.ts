import type { PoolClient } from 'pg';
import { Projection, TableNames, liveTables, rebuildProjection } from '@wenzheng/projector';
import {
  DEADLINE_DAYS,
  DEADLINE_FACTS,
  DayCountFunctions1795697200000,
  DepartmentPerformanceDays1795694000000,
  EVENT_DAYS,
  EVENT_FACTS,
  departmentPerformanceProjection,
} from '@wenzheng/read-models';
import { seedStep } from '../../apps/bench/src/steps/seed';
import { TestApp, createTestApp } from '../setup/app';
import { rebuildOptionsOf } from '../setup/rebuild-options';

// Issue 15 item 3: the assessment report reads the facts counted per department and day. The
// triggers on the fact tables keep those counts as the live projector writes (deadline rows are
// updated as acts, red lights, extensions and withdrawals arrive: their outcome moves), and the
// migration counts the facts of a database that had none. Either way the day tables must hold
// exactly the facts counted afresh (rebuild-all.e2e-spec compares live and rebuilt rows).

jest.setTimeout(180_000);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const names = liveTables(departmentPerformanceProjection);

/** The facts counted by their final outcome and local day, from scratch: what the day tables must hold. */
async function countedAfresh(): Promise<{ deadlines: unknown[]; events: unknown[] }> {
  const q = async (sql: string) => (await t.runtime.pool.query(sql)).rows;
  return {
    deadlines: await q(`select department_id, kind, confidential, ((due_at at time zone 'UTC') + interval '8 hours')::date::text as due_day,
         case when superseded_at is not null then 'superseded'
              when withdrawn_at is not null and withdrawn_at <= due_at and not (act_at is not null and act_at <= withdrawn_at) then 'withdrawn'
              when act_at <= due_at then 'met' else 'missed' end as outcome, count(*)::int as n
       from ${names[DEADLINE_FACTS]} group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`),
    events: await q(`select department_id, type, satisfaction, confidential, local_day::text as day,
         case when type = 'response' then ((started_at at time zone 'UTC') + interval '8 hours')::date::text end as started_day, count(*)::int as n
       from ${names[EVENT_FACTS]} group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6`),
  };
}

async function dayTables(): Promise<{ deadlines: unknown[]; events: unknown[] }> {
  const q = async (sql: string) => (await t.runtime.pool.query(sql)).rows;
  return {
    deadlines: await q(
      `select department_id, kind, confidential, due_day::text, outcome, n from ${names[DEADLINE_DAYS]} order by 1, 2, 3, 4, 5`,
    ),
    events: await q(
      `select department_id, type, satisfaction, confidential, day::text, started_day::text, n from ${names[EVENT_DAYS]} order by 1, 2, 3, 4, 5, 6`,
    ),
  };
}

describe('department_performance day tables', () => {
  it('hold the facts counted by outcome and day while the live projector writes them in small batches', async () => {
    await seedDays(0, 80);
    await t.waitForProjections(60_000);
    const expected = await countedAfresh();
    // The scenario means something: deadlines that changed outcome (acts, red lights, extensions) and responses.
    expect(new Set(expected.deadlines.map((r) => (r as { outcome: string }).outcome))).toEqual(
      new Set(['met', 'missed', 'superseded', 'withdrawn']),
    );
    expect(expected.events.some((r) => (r as { started_day: string | null }).started_day !== null)).toBe(true);
    expect(await dayTables()).toEqual(expected);
  });

  it('are added and counted by the migration on a database whose facts exist without them', async () => {
    const expected = await dayTables();
    expect(expected.deadlines.length).toBeGreaterThan(0);
    await t.runtime.pool.query(`drop table ${names[DEADLINE_DAYS]}, ${names[EVENT_DAYS]}`);
    await t.runtime.pool.query(`drop trigger days_insert on ${names[DEADLINE_FACTS]}`);
    await t.runtime.pool.query(`drop trigger days_update on ${names[DEADLINE_FACTS]}`);
    await t.runtime.pool.query(`drop trigger days_insert on ${names[EVENT_FACTS]}`);
    const runner = t.runtime.dataSource.createQueryRunner();
    try {
      await new DepartmentPerformanceDays1795694000000().up(runner);
    } finally {
      await runner.release();
    }
    expect(await dayTables()).toEqual(expected);
  });

  it('are not touched by an upsert of the deadline facts that writes no row (a replayed page)', async () => {
    // Each live page upserts its deadline facts, which fires both statement triggers, one of them
    // mostly with no rows; auto_explain (nested statements, sent to this client) shows what they run.
    // A database made before gets these trigger functions from the migration.
    const fn = `${names[DEADLINE_FACTS].split('.')[0]}.department_deadline_days_count`;
    await t.runtime.pool.query(`create or replace function ${fn}() returns trigger language plpgsql as $$ begin return null; end $$`);
    const runner = t.runtime.dataSource.createQueryRunner();
    try {
      await new DayCountFunctions1795697200000().up(runner);
    } finally {
      await runner.release();
    }
    const client = await t.runtime.pool.connect();
    const statements: string[] = [];
    client.on('notice', (n) => statements.push(n.message ?? ''));
    try {
      await client.query(`load 'auto_explain'`);
      await client.query(`set auto_explain.log_min_duration = 0`);
      await client.query(`set auto_explain.log_nested_statements = on`);
      await client.query(`set client_min_messages = log`);
      const columns =
        'source_event_id, kind, petition_id, tracking_code, department_id, confidential, due_at, set_at, act_event_id, act_at';
      const { rowCount } = await client.query(
        `insert into ${names[DEADLINE_FACTS]} as t (${columns}) select ${columns} from ${names[DEADLINE_FACTS]} where act_event_id is not null limit 5
         on conflict (source_event_id, kind, department_id) do update set act_at = excluded.act_at where t.act_event_id is null`,
      );
      expect(rowCount).toBe(0);
      expect(statements.some((s) => s.includes(names[DEADLINE_FACTS]))).toBe(true); // the upsert itself was logged
      expect(statements.filter((s) => s.includes(names[DEADLINE_DAYS]))).toEqual([]);
      // The function is the migration's again: a write that adds a fact counts it.
      await client.query(`set client_min_messages = notice`);
      const before = await dayTables();
      await client.query(
        `insert into ${names[DEADLINE_FACTS]} (${columns}) select gen_random_uuid(), kind, petition_id, tracking_code, department_id, confidential, due_at, set_at, act_event_id, act_at from ${names[DEADLINE_FACTS]} limit 1`,
      );
      expect(await dayTables()).not.toEqual(before);
      expect(await dayTables()).toEqual(await countedAfresh());
    } finally {
      client.release(true); // the session's settings go with it
    }
  });

  it('are counted once from the loaded facts by a rebuild, and by the triggers for what its catch-up under the lock adds', async () => {
    const seen: { duringLoad?: boolean[]; daysBeforeCount?: number; afterCount?: boolean[] } = {};
    const real = departmentPerformanceProjection;
    const bulkLoad = real.bulkLoad as NonNullable<Projection['bulkLoad']>;
    const watched: Projection = {
      ...real,
      bulkLoad: {
        before: (c, n) => bulkLoad.before(c, n),
        async after(c, n) {
          seen.duringLoad = await triggersOn(c, n);
          seen.daysBeforeCount = Number((await c.query(`select count(*) from ${n[EVENT_DAYS]}`)).rows[0].count);
          await bulkLoad.after(c, n);
          seen.afterCount = await triggersOn(c, n);
          // Cases added now reach the fresh tables only in the catch-up under the lock, with the triggers on.
          await seedDays(80, 110);
        },
      },
    };
    const petitionsBefore = await petitionsInFacts();
    const result = await rebuildProjection(watched, rebuildOptions());
    expect(result.swapped).toBe(true);
    expect(seen).toEqual({ duringLoad: [false, false, false], daysBeforeCount: 0, afterCount: [true, true, true] });
    expect(await petitionsInFacts()).toBeGreaterThan(petitionsBefore);
    await t.waitForProjections(60_000);
    expect(await dayTables()).toEqual(await countedAfresh());
    // And the live triggers count on after the swap.
    await seedDays(110, 120);
    await t.waitForProjections(60_000);
    expect(await dayTables()).toEqual(await countedAfresh());
  });

  it('a rebuild begun with the bulk load and resumed without it (an older release, a wrapper) is refused before the swap', async () => {
    const stopped = await rebuildProjection(departmentPerformanceProjection, { ...rebuildOptions(), stopAfterBatches: 2 });
    expect(stopped.swapped).toBe(false);
    const { bulkLoad, ...without } = departmentPerformanceProjection;
    expect(bulkLoad).toBeDefined();
    await expect(rebuildProjection(without, rebuildOptions())).rejects.toThrow(
      /department_performance's fresh tables have triggers switched off \(days_insert on wz_rm\.department_deadline_facts__rebuild, .*department_performance__rebuild/,
    );
    const live = await t.runtime.pool.connect();
    try {
      expect(await triggersOn(live, names)).toEqual([true, true, true]);
    } finally {
      live.release();
    }
    expect(await dayTables()).toEqual(await countedAfresh());
    // Resumed with its bulk load, it counts the days and goes live.
    const resumed = await rebuildProjection(departmentPerformanceProjection, rebuildOptions());
    expect(resumed).toMatchObject({ swapped: true, resumed: true });
    expect(await dayTables()).toEqual(await countedAfresh());
  });
});

async function petitionsInFacts(): Promise<number> {
  return Number((await t.runtime.pool.query(`select count(distinct petition_id) from ${names[EVENT_FACTS]}`)).rows[0].count);
}

const seedDays = (from: number, to: number) =>
  seedStep({ databaseUrl: t.runtime.databaseUrl, from, to, generator: { seed: 'days', year: 2025 }, concurrency: 4 });

/** Whether each of the fact tables' own triggers is on. */
async function triggersOn(c: PoolClient, n: TableNames): Promise<boolean[]> {
  const { rows } = await c.query<{ on: boolean }>(
    `select tgenabled <> 'D' as on from pg_trigger where tgrelid = any(array[to_regclass($1), to_regclass($2)]) and not tgisinternal`,
    [n[DEADLINE_FACTS], n[EVENT_FACTS]],
  );
  return rows.map((r) => r.on);
}

const rebuildOptions = () => rebuildOptionsOf(t, 100);
