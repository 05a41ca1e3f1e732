import { PostgresEventStore } from '@wenzheng/event-store';
import { Projection, RebuildBusyError, ensureProjectorSchema, rebuildProjections, singleStreamRowProjection } from '@wenzheng/projector';
import { createTestDatabase } from '../setup/database';

/** Counts events per stream; `gate`, when given, holds every page's transaction until it opens. */
const counter = (name: string, pages: number[], gate?: Promise<void>): Projection => ({
  name,
  version: 1,
  tables: [`${name}_counts`],
  filter: { streamPrefixes: ['count-'] },
  async createTables(c, t) {
    await c.query(`create table ${t[`${name}_counts`]} (stream_id text primary key, n int not null)`);
  },
  async handle(c, events, t) {
    await gate;
    pages.push(events.length);
    const table = t[`${name}_counts`];
    for (const e of events) {
      await c.query(`insert into ${table} (stream_id, n) values ($1, 1) on conflict (stream_id) do update set n = ${table}.n + 1`, [
        e.recorded.streamId,
      ]);
    }
  },
});

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let store: PostgresEventStore;
const decode = async (r: Parameters<Projection['handle']>[1][number]['recorded']) => ({ type: r.type, data: r.data, recorded: r });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  db = await createTestDatabase('wz_rebuild_pipe');
  store = new PostgresEventStore({ pool: db.pool, pollIntervalMs: 50 });
  await store.migrate();
  await ensureProjectorSchema(db.pool);
  for (let s = 0; s < 20; s++) {
    await store.appendToStream(
      `count-${s}`,
      Array.from({ length: 50 }, (_, i) => ({ type: 'Tick', data: { i } })),
    );
  }
});
afterAll(async () => {
  await store.close();
  await db.drop();
});

describe('rebuildProjections: each projection at its own pace', () => {
  it('a projection goes on up to three pages past a slower one (not one page at a time), then both finish with every event', async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const fast: number[] = [];
    const slow: number[] = [];
    const run = rebuildProjections([counter('fast', fast), counter('slow', slow, gate)], { pool: db.pool, store, decode, batchSize: 100 });
    let failure: unknown;
    run.catch((e: unknown) => (failure = e));
    for (let waited = 0; fast.length < 3 && waited < 10_000; waited += 20) await sleep(20);
    // Bounded: while the slow one holds its first page, no more pages are read for the fast one.
    await sleep(300);
    expect({ failure, fast: fast.length, slow: slow.length }).toEqual({ failure: undefined, fast: 3, slow: 0 });
    open();
    const result = await run;
    expect(result.swapped).toBe(true);
    expect(result.eventsRead).toBe(1000);
    expect(fast.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(slow.reduce((a, b) => a + b, 0)).toBe(1000);
    for (const table of ['wz_rm.fast_counts', 'wz_rm.slow_counts']) {
      const { rows } = await db.pool.query<{ n: number }>(`select n from ${table}`);
      expect(rows.map((r) => r.n)).toEqual(Array.from({ length: 20 }, () => 50));
    }
  });
});

describe('rebuildProjections: one run per projection at a time', () => {
  it('a second run of a projection being rebuilt is refused at once, naming it; another projection may be rebuilt meanwhile; the lock goes with the run', async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const first: number[] = [];
    const running = rebuildProjections([counter('held', first, gate)], { pool: db.pool, store, decode, batchSize: 100 });
    running.catch(() => undefined);
    for (let waited = 0; waited < 10_000; waited += 20) {
      const { rows } = await db.pool.query<{ n: string }>(`select count(*) as n from pg_locks where locktype = 'advisory' and granted`);
      if (Number(rows[0].n) > 0) break;
      await sleep(20);
    }
    // Before the lock, this second run wrote the same __rebuild tables and failed half-way on a duplicate key.
    const second = await rebuildProjections([counter('other', []), counter('held', [])], {
      pool: db.pool,
      store,
      decode,
      batchSize: 100,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(second).toBeInstanceOf(RebuildBusyError);
    expect((second as Error).message).toContain('held is being rebuilt by another run');
    // Refused before it began: "other" (taken first, by name) was let go, so it can be rebuilt now.
    const other = await rebuildProjections([counter('other', [])], { pool: db.pool, store, decode, batchSize: 100 });
    expect(other.swapped).toBe(true);
    open();
    expect((await running).swapped).toBe(true);
    const again = await rebuildProjections([counter('held', [])], { pool: db.pool, store, decode, batchSize: 100 });
    expect(again.swapped).toBe(true);
    const { rows } = await db.pool.query<{ n: number }>('select n from wz_rm.held_counts');
    expect(rows.map((r) => r.n)).toEqual(Array.from({ length: 20 }, () => 50));
    const locks = await db.pool.query<{ n: string }>(`select count(*) as n from pg_locks where locktype = 'advisory'`);
    expect(Number(locks.rows[0].n)).toBe(0);
  });
});

describe('rebuildProjections: the tables it swaps in are ready to serve', () => {
  it('every page of a fresh table is all-visible and its statistics are there (without the vacuum and analyze: no page, no statistics)', async () => {
    // One wide row per event, a page of the log per transaction: about 40 heap pages.
    const wide: Projection = {
      name: 'wide',
      version: 1,
      tables: ['wide_rows'],
      filter: { streamPrefixes: ['count-'] },
      async createTables(c, t) {
        await c.query(`create table ${t.wide_rows} (event_id text primary key, stream_id text not null, pad text not null)`);
        await c.query(`create index on ${t.wide_rows} (lower(stream_id))`);
      },
      async handle(c, events, t) {
        for (const e of events) {
          await c.query(`insert into ${t.wide_rows} (event_id, stream_id, pad) values ($1, $2, repeat('x', 200))`, [
            e.recorded.id,
            e.recorded.streamId,
          ]);
        }
      },
    };
    const result = await rebuildProjections([wide], { pool: db.pool, store, decode, batchSize: 100 });
    expect(result.swapped).toBe(true);
    const { rows } = await db.pool.query<{ relpages: number; relallvisible: number; reltuples: number }>(
      `select relpages, relallvisible, reltuples from pg_class where oid = 'wz_rm.wide_rows'::regclass`,
    );
    expect(rows[0].relpages).toBeGreaterThan(20);
    // The last pages' rows were committed asynchronously: without the flush before the vacuum they stayed not all-visible.
    expect(rows[0].relallvisible).toBe(rows[0].relpages);
    expect(rows[0].reltuples).toBe(1000);
    // Analysed after the index was built: its expression has statistics.
    const stats = await db.pool.query<{ n: string }>(
      `select count(*) as n from pg_index i join pg_class x on x.oid = i.indexrelid join pg_stats s on s.tablename = x.relname
        where s.schemaname = 'wz_rm' and i.indrelid = 'wz_rm.wide_rows'::regclass and not i.indisprimary`,
    );
    expect(Number(stats.rows[0].n)).toBe(1);
  });

  it("autovacuum stays off the fresh tables (and their TOAST tables) while they load, and is the server's again once they are swapped in", async () => {
    const options = (table: string) =>
      db.pool.query<{ heap: string[] | null; toast: string[] | null }>(
        `select c.reloptions as heap, t.reloptions as toast from pg_class c left join pg_class t on t.oid = c.reltoastrelid where c.oid = $1::regclass`,
        [table],
      );
    const during: Array<{ heap: string[] | null; toast: string[] | null }> = [];
    const watched: Projection = {
      name: 'watched',
      version: 1,
      tables: ['watched_rows'],
      filter: { streamPrefixes: ['count-'] },
      async createTables(c, t) {
        await c.query(`create table ${t.watched_rows} (event_id text primary key, note text not null)`);
      },
      async handle(c, events, t) {
        during.push((await options(t.watched_rows)).rows[0]);
        for (const e of events) await c.query(`insert into ${t.watched_rows} (event_id, note) values ($1, 'x')`, [e.recorded.id]);
      },
    };
    const result = await rebuildProjections([watched], { pool: db.pool, store, decode, batchSize: 250 });
    expect(result.swapped).toBe(true);
    expect(during.length).toBeGreaterThan(1);
    for (const o of during) expect(o).toEqual({ heap: ['autovacuum_enabled=false'], toast: ['autovacuum_enabled=false'] });
    expect((await options('wz_rm.watched_rows')).rows[0]).toEqual({ heap: null, toast: null });
  });
});

/**
 * One row per `walk-` stream: the revisions it was given, in order. `found` counts the rows load
 * found stored (a stream whose events were spread over pages before); `gate` holds the first page.
 */
const revisions = (name: string, found: { n: number }, gate?: Promise<void>): Projection => {
  let first = true;
  return singleStreamRowProjection<{ key: string; seen: string; lastRevision: number }, { type: string }>({
    name,
    version: 1,
    tables: [`${name}_rows`],
    filter: { streamPrefixes: ['walk-'] },
    async createTables(c, t) {
      await c.query(`create table ${t[`${name}_rows`]} (key text primary key, seen text not null, last_revision int not null)`);
    },
    keyOf: (e) => e.recorded.streamId,
    evolve: (row, _e, ctx) => ({ key: ctx.key, seen: row ? `${row.seen},${ctx.revision}` : `${ctx.revision}`, lastRevision: ctx.revision }),
    async load(c, keys, t) {
      if (first) {
        first = false;
        await gate;
      }
      const { rows } = await c.query<{ key: string; seen: string; last_revision: number }>(
        `select * from ${t[`${name}_rows`]} where key = any($1::text[])`,
        [keys],
      );
      found.n += rows.length;
      return new Map(rows.map((r) => [r.key, { key: r.key, seen: r.seen, lastRevision: r.last_revision }]));
    },
    async save(c, changes, t) {
      for (const { row } of changes)
        await c.query(
          `insert into ${t[`${name}_rows`]} (key, seen, last_revision) values ($1, $2, $3)
           on conflict (key) do update set seen = excluded.seen, last_revision = excluded.last_revision`,
          [row.key, row.seen, row.lastRevision],
        );
    },
  });
};

describe('rebuildProjections: the log read stream by stream', () => {
  const streams = Array.from({ length: 30 }, (_, s) => `walk-${String(s).padStart(2, '0')}`);
  beforeAll(async () => {
    // Round robin, one event per append: each stream's events spread over the whole log, as cases are.
    for (let round = 0; round < 6; round++) for (const s of streams) await store.appendToStream(s, [{ type: 'Step', data: { round } }]);
  });
  const rowsOf = async (name: string) =>
    (await db.pool.query<{ key: string; seen: string }>(`select key, seen from wz_rm.${name}_rows order by key`)).rows;

  it('folds each stream in one page (its row is not loaded back page after page), with the rows the log order gives', async () => {
    const byStream = { n: 0 };
    const inOrder = { n: 0 };
    const walked = await rebuildProjections([revisions('walked', byStream)], { pool: db.pool, store, decode, batchSize: 25 });
    const logged = await rebuildProjections([revisions('logged', inOrder)], {
      pool: db.pool,
      store,
      decode,
      batchSize: 25,
      byStream: false,
    });
    expect(walked.swapped && logged.swapped).toBe(true);
    const expected = streams.map((key) => ({ key, seen: '0,1,2,3,4,5' }));
    expect(await rowsOf('walked')).toEqual(expected);
    expect(await rowsOf('logged')).toEqual(expected);
    // In the log's order each stream's row was loaded back on almost every page; stream by stream
    // only a stream cut by a page's end is (the log holds 1,180 events: 48 pages of 25).
    expect(inOrder.n).toBeGreaterThan(100);
    expect(byStream.n).toBeLessThanOrEqual(48);
    expect(byStream.n).toBeLessThan(inOrder.n / 2);
    const { rows } = await db.pool.query(`select * from wz_rm.rebuild_walks`);
    expect(rows).toEqual([]);
  });

  it('events appended while it walks are applied after, in the log order, each once', async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const run = rebuildProjections([revisions('late', { n: 0 }, gate)], { pool: db.pool, store, decode, batchSize: 25 });
    await sleep(300);
    // After the walk's head: 2 more events on two streams (one not yet walked, one walked first).
    await store.appendToStream(streams[29], [{ type: 'Step', data: { round: 6 } }]);
    await store.appendToStream(streams[0], [{ type: 'Step', data: { round: 6 } }]);
    open();
    expect((await run).swapped).toBe(true);
    const rows = await rowsOf('late');
    expect(rows.find((r) => r.key === streams[0])?.seen).toBe('0,1,2,3,4,5,6');
    expect(rows.find((r) => r.key === streams[29])?.seen).toBe('0,1,2,3,4,5,6');
    expect(rows.filter((r) => r.seen === '0,1,2,3,4,5')).toHaveLength(28);
  });

  it('stopped in the walk, resumes where it stopped; a projection added to the resumed run walks from the start while the other skips to its place', async () => {
    const first = { n: 0 };
    const stopped = await rebuildProjections([revisions('resumed', first)], {
      pool: db.pool,
      store,
      decode,
      batchSize: 25,
      stopAfterBatches: 3,
    });
    expect(stopped.swapped).toBe(false);
    const place = (
      await db.pool.query<{ after_stream: string }>(`select after_stream from wz_rm.rebuild_walks where name = 'resumed__rebuild'`)
    ).rows;
    expect(place).toHaveLength(1);
    const again = await rebuildProjections([revisions('resumed', { n: 0 }), revisions('joined', { n: 0 })], {
      pool: db.pool,
      store,
      decode,
      batchSize: 25,
    });
    expect(again.swapped).toBe(true);
    expect(again.projections.map((p) => p.resumed)).toEqual([true, false]);
    const expected = (await rowsOf('late')).map((r) => r);
    expect(await rowsOf('resumed')).toEqual(expected);
    expect(await rowsOf('joined')).toEqual(expected);
  });

  it('a walk begun is not taken up by a store that cannot read by stream (its events would be applied twice)', async () => {
    const stopped = await rebuildProjections([revisions('stranded', { n: 0 })], {
      pool: db.pool,
      store,
      decode,
      batchSize: 25,
      stopAfterBatches: 2,
    });
    expect(stopped.swapped).toBe(false);
    const inOrderOnly = Object.create(store) as PostgresEventStore;
    Object.defineProperty(inOrderOnly, 'readLogByStream', { value: undefined });
    await expect(
      rebuildProjections([revisions('stranded', { n: 0 })], { pool: db.pool, store: inOrderOnly, decode, batchSize: 25 }),
    ).rejects.toThrow(/stranded began reading the log stream by stream and this event store cannot/);
    // The store it began on finishes it.
    expect((await rebuildProjections([revisions('stranded', { n: 0 })], { pool: db.pool, store, decode, batchSize: 25 })).swapped).toBe(
      true,
    );
    expect(await rowsOf('stranded')).toEqual(await rowsOf('late'));
  });
});
