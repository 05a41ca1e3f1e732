import { Projection, rebuildProjections } from '@wenzheng/projector';
import { PROJECTIONS } from '@wenzheng/read-models';
import { seedStep } from '../../apps/bench/src/steps/seed';
import { TestApp, createTestApp } from '../setup/app';
import { rebuildOptionsOf } from '../setup/rebuild-options';
import { readModelRows } from '../setup/read-model-rows';

// Attack (session 6) on the rebuild's pages at each projection's own pace (c4b6206): a rebuild of
// several projections that dies with them at different pages leaves different checkpoints; the
// resumed run starts from the earliest and each projection must skip what it already applied. The
// rebuilt tables must equal the live projector's.

jest.setTimeout(240_000);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const options = () => rebuildOptionsOf(t, 30);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The projection, slowed by `ms` per page, throwing on page `dieOn` (before writing it) when given. */
const paced = (real: Projection, ms: number, dieOn?: number): Projection => {
  let pages = 0;
  return {
    ...real,
    async handle(c, events, names) {
      if (++pages === dieOn) throw new Error(`${real.name} killed on page ${dieOn}`);
      if (ms) await sleep(ms);
      await real.handle(c, events, names);
    },
  };
};

it('dies with its projections pages apart (stopped, then killed), resumes, and equals the live read models', async () => {
  await seedStep({
    databaseUrl: t.runtime.databaseUrl,
    from: 0,
    to: 30,
    generator: { seed: 'perf-attack-s6-resume', year: 2025 },
    concurrency: 4,
  });
  await t.waitForProjections(60_000);
  const live = await readModelRows(t.runtime.pool);
  const names = ['petition_views', 'department_performance', 'public_steps'];
  const real = names.map((n) => PROJECTIONS.find((p) => p.name === n) as Projection);
  // Stopped after 2 pages (every projection at page 2), then the fast one killed on its 5th page
  // (the slow ones a page or two behind it: none waits on it).
  const stopped = await rebuildProjections(real, { ...options(), stopAfterBatches: 2 });
  expect(stopped.swapped).toBe(false);
  // (paced 400 and 200 ms a page: at 120 and 60 a loaded machine, three Jest workers on two cores, let them
  // keep up with the fast one, and all three stopped on the same page)
  await expect(rebuildProjections([paced(real[0], 0, 4), paced(real[1], 400), paced(real[2], 200)], options())).rejects.toThrow(/killed/);
  await sleep(1500); // the others' last pages are done (rebuild.ts does not wait for them: see perf-attack-s6-rebuild-failure)
  const checkpoints = (
    await t.runtime.pool.query<{ name: string; n: number }>(
      `select name, events_processed::int as n from wz_rm.projection_checkpoints where name like '%\\_\\_rebuild' order by name`,
    )
  ).rows;
  expect(checkpoints).toHaveLength(3);
  // The run died with its projections at different pages: the resume starts from the earliest.
  expect(new Set(checkpoints.map((c) => c.n)).size).toBeGreaterThan(1);
  const resumed = await rebuildProjections(real, options());
  expect(resumed.swapped).toBe(true);
  expect(resumed.projections.map((p) => p.resumed)).toEqual([true, true, true]);
  expect(await readModelRows(t.runtime.pool)).toEqual(live);
});
