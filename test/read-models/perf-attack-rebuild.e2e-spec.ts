import { Projection, rebuildProjections } from '@wenzheng/projector';
import { PROJECTIONS } from '@wenzheng/read-models';
import { seedStep } from '../../apps/bench/src/steps/seed';
import { TestApp, createTestApp } from '../setup/app';
import { rebuildOptionsOf } from '../setup/rebuild-options';
import { readModelRows } from '../setup/read-model-rows';

// Attacks on the rebuild's COPY into fresh tables (issue 15 item 5): a rebuild while the live
// projector runs and commands append, and a rebuild that dies after a page's rows were COPYed but
// before its checkpoint committed, must leave exactly the rows a quiet rebuild leaves.

jest.setTimeout(180_000);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const readModels = () => readModelRows(t.runtime.pool);

const options = () => rebuildOptionsOf(t, 40);

const seed = (from: number, to: number) =>
  seedStep({ databaseUrl: t.runtime.databaseUrl, from, to, generator: { seed: 'perf-attack-rebuild', year: 2025 }, concurrency: 4 });

it('the swap moves the live checkpoints in name order, as the live projector locks them: no deadlock with it', async () => {
  // Two projections in PROJECTIONS' order (not the names' order), swapped in one transaction.
  const pair = PROJECTIONS.filter((p) => p.name === 'consultation_views' || p.name === 'consultation_summary_facts');
  expect(pair.map((p) => p.name)).toEqual(['consultation_views', 'consultation_summary_facts']);
  await t.waitForProjections();
  // The live projector moving quiet checkpoints (advanceCheckpoints) locks their rows in name order.
  const quiet = await t.runtime.pool.connect();
  try {
    await quiet.query('begin');
    await quiet.query(`select name from wz_rm.projection_checkpoints where name = 'consultation_summary_facts' for update`);
    const rebuilding = rebuildProjections(pair, options());
    rebuilding.catch(() => undefined);
    const waiting = async () =>
      (
        await t.runtime.pool.query(
          `select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like '%projection_checkpoints%' and pid <> pg_backend_pid()`,
        )
      ).rows[0].n as number;
    for (let i = 0; i < 200 && (await waiting()) === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await waiting()).toBeGreaterThan(0);
    // Either side of a deadlock would fail here: the swap, or this statement.
    await quiet.query(`select name from wz_rm.projection_checkpoints where name = 'consultation_views' for update`);
    await quiet.query('commit');
    expect((await rebuilding).swapped).toBe(true);
  } finally {
    await quiet.query('rollback').catch(() => undefined);
    quiet.release();
  }
});

it('a rebuild of every projection while the live projector runs and cases are added leaves what a quiet rebuild leaves', async () => {
  await seed(0, 25);
  await t.waitForProjections(60_000);
  const [rebuilt] = await Promise.all([rebuildProjections(PROJECTIONS, options()), seed(25, 45)]);
  expect(rebuilt.swapped).toBe(true);
  await t.waitForProjections(60_000);
  const during = await readModels();
  expect(during['wz_rm.cases']).toHaveLength(45);
  const { rows } = await t.runtime.pool.query(`select table_name from information_schema.tables where table_name like '%\\_\\_rebuild%'`);
  expect(rows).toEqual([]);
  expect((await rebuildProjections(PROJECTIONS, options())).swapped).toBe(true);
  expect(await readModels()).toEqual(during);
});

it("a rebuild that dies after a page's rows went in with COPY, before its checkpoint, resumes without doubling a row", async () => {
  const before = await readModels();
  for (const name of ['petition_views', 'notification_outbox', 'public_steps']) {
    const real = PROJECTIONS.find((p) => p.name === name) as Projection;
    let pages = 0;
    const dying: Projection = {
      name: real.name,
      version: real.version,
      tables: real.tables,
      filter: real.filter,
      createTables: (c, names) => real.createTables(c, names),
      async handle(c, events, names) {
        await real.handle(c, events, names);
        if (++pages === 3) throw new Error('killed after the rows, before the checkpoint');
      },
    };
    await expect(rebuildProjections([dying], options())).rejects.toThrow(/killed/);
    const resumed = await rebuildProjections([real], options());
    expect(resumed.swapped).toBe(true);
    expect(resumed.projections[0].resumed).toBe(true);
  }
  expect(await readModels()).toEqual(before);
});
