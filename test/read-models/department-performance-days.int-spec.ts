import { liveTables } from '@wenzheng/projector';
import {
  DEADLINE_DAYS,
  DEADLINE_FACTS,
  DepartmentPerformanceDays1795694000000,
  EVENT_DAYS,
  EVENT_FACTS,
  departmentPerformanceProjection,
} from '@wenzheng/read-models';
import { seedStep } from '../../apps/bench/src/steps/seed';
import { TestApp, createTestApp } from '../setup/app';

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
    await seedStep({ databaseUrl: t.runtime.databaseUrl, from: 0, to: 80, generator: { seed: 'days', year: 2025 }, concurrency: 4 });
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
});
