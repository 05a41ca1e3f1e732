import type { EventStore, ReadAllOptions, RecordedEvent } from '@wenzheng/event-store';
import { liveTables, rebuildProjections } from '@wenzheng/projector';
import { PROJECTIONS } from '@wenzheng/read-models';
import { PetitionEventCodec } from '@wenzheng/petition-store';
import { seedStep } from '../../apps/bench/src/steps/seed';
import { TestApp, createTestApp } from '../setup/app';
import { readModelRows } from '../setup/read-model-rows';

// `npm run rebuild -- all` (issue 15): one read of the log feeds every projection, the fresh
// tables are loaded without their secondary indexes, which are built afterwards. What it leaves
// must be what projecting live left: the same rows in every table and the same indexes.

jest.setTimeout(180_000);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const readModels = () => readModelRows(t.runtime.pool);

/** The index definitions of those tables, without the names PostgreSQL picked. */
async function indexes(): Promise<string[]> {
  const tables = PROJECTIONS.flatMap((p) => Object.values(liveTables(p)));
  const { rows } = await t.runtime.pool.query<{ def: string }>(
    `select regexp_replace(pg_get_indexdef(i.indexrelid), '^(CREATE (UNIQUE )?INDEX) \\S+', '\\1') as def
       from pg_index i where i.indrelid = any(select to_regclass(x) from unnest($1::text[]) as x) order by 1`,
    [tables],
  );
  return rows.map((r) => r.def);
}

/** The store, counting the events its readAll and its readLogByStream hand out. */
function counting(store: EventStore): { store: EventStore; reads: () => { calls: number; events: number; byStream: number } } {
  let calls = 0;
  let events = 0;
  let byStream = 0;
  const wrapped = Object.create(store) as EventStore;
  wrapped.readAll = async (options?: ReadAllOptions): Promise<RecordedEvent[]> => {
    const page = await store.readAll(options);
    calls++;
    events += page.length;
    return page;
  };
  const readLogByStream = store.readLogByStream?.bind(store);
  if (readLogByStream)
    wrapped.readLogByStream = async (options) => {
      const page = await readLogByStream(options);
      calls++;
      events += page.length;
      byStream += page.length;
      return page;
    };
  return { store: wrapped, reads: () => ({ calls, events, byStream }) };
}

describe('rebuilding every projection together', () => {
  it('reads each event of the log once and leaves the rows and indexes that projecting live left', async () => {
    await seedStep({ databaseUrl: t.runtime.databaseUrl, from: 0, to: 60, generator: { seed: 'rebuild-all', year: 2025 }, concurrency: 4 });
    await t.waitForProjections(60_000);
    const live = await readModels();
    const liveIndexes = await indexes();
    expect(live['wz_rm.cases'].length).toBe(60); // the scenario does what the test claims: real rows to compare
    expect(live['wz_rm.department_deadline_facts'].length).toBeGreaterThan(0);
    const logEvents = Number((await t.runtime.pool.query<{ n: string }>(`select count(*) as n from wz_es.events`)).rows[0].n);

    const codec = t.app.get(PetitionEventCodec);
    const log = counting(t.runtime.eventStore);
    const result = await rebuildProjections(PROJECTIONS, {
      pool: t.runtime.pool,
      store: log.store,
      decode: codec.projectionDecoder,
      prefetch: (events) => codec.prefetch(events),
      batchSize: 100,
    });

    expect(result.swapped).toBe(true);
    expect(result.eventsRead).toBe(logEvents);
    // Once for all projections: each page repeats at most the last event of the one before
    // (readAll's start is inclusive); a read per projection would hand out PROJECTIONS.length times the log.
    const { calls, events, byStream } = log.reads();
    expect(events).toBeGreaterThanOrEqual(logEvents);
    expect(events).toBeLessThanOrEqual(logEvents + calls);
    expect(calls).toBeGreaterThan(2);
    // Stream by stream (nothing was appended meanwhile: the whole log), each event once.
    expect(byStream).toBe(logEvents);

    expect(await readModels()).toEqual(live);
    expect(await indexes()).toEqual(liveIndexes);
    const { rows } = await t.runtime.pool.query(`select table_name from information_schema.tables where table_name like '%\\_\\_rebuild%'`);
    expect(rows).toEqual([]);
  });

  it('resumed after an interruption that left one projection ahead of the others, leaves the same rows', async () => {
    const live = await readModels();
    const codec = t.app.get(PetitionEventCodec);
    const options = {
      pool: t.runtime.pool,
      store: t.runtime.eventStore,
      decode: codec.projectionDecoder,
      prefetch: (events: readonly RecordedEvent[]) => codec.prefetch(events),
      batchSize: 100,
    };
    // petition_views stops three pages in; the others then start from the beginning of the log
    // while it resumes from its own checkpoint, and all of them share the pages after it.
    const ahead = PROJECTIONS.find((p) => p.name === 'petition_views');
    expect(ahead).toBeDefined();
    const interrupted = await rebuildProjections([ahead!], { ...options, stopAfterBatches: 3 });
    expect(interrupted.swapped).toBe(false);
    expect(interrupted.projections[0].events).toBe(300);

    const result = await rebuildProjections(PROJECTIONS, options);
    expect(result.swapped).toBe(true);
    expect(result.projections.find((p) => p.projection === 'petition_views')?.resumed).toBe(true);
    expect(await readModels()).toEqual(live);
  });
});
