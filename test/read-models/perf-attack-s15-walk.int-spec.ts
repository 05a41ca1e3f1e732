import { PostgresEventStore, RecordedEvent } from '@wenzheng/event-store';
import { Projection, RebuildBusyError, ensureProjectorSchema, rebuildProjections } from '@wenzheng/projector';
import { createTestDatabase } from '../setup/database';

// Attack (session 15) on the rebuild's walk of the log stream by stream (21a3b20): events appended
// during the walk, interruptions with projections at different places, a new projection joining a
// resumed walk, an interruption exactly at the walk's end, soft-deleted and rewritten streams,
// stream ids whose order depends on the collation, an empty log, two rebuilds at once.
//
// Every projection here records, per stream, the revisions it was handed, in the order it got them
// (an order-sensitive counter): an event applied twice, skipped or out of order shows in the row.
// The correct rows are the log's own: every stream with revisions 0..n-1 (continued after a soft
// delete) exactly once, in order.

jest.setTimeout(120_000);

type Db = Awaited<ReturnType<typeof createTestDatabase>>;
const decode = async (r: RecordedEvent) => ({ type: r.type, data: r.data, recorded: r });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Hooks {
  /** Throws on this handle call (1-based), before writing anything. */
  readonly dieOnPage?: number;
  /** Called at the start of every handle call (inside the page's transaction). */
  readonly onHandle?: (page: number, events: readonly RecordedEvent[]) => Promise<void>;
}

const seen = (name: string, hooks: Hooks = {}): Projection => {
  let pages = 0;
  const table = `${name}_seen`;
  return {
    name,
    version: 1,
    tables: [table],
    async createTables(c, t) {
      await c.query(`create table ${t[table]} (stream_id text primary key, revs bigint[] not null)`);
    },
    async handle(c, events, t) {
      pages++;
      if (hooks.dieOnPage === pages) throw new Error(`${name} killed on page ${pages}`);
      await hooks.onHandle?.(
        pages,
        events.map((e) => e.recorded),
      );
      const byStream = new Map<string, string[]>();
      for (const e of events) {
        const revs = byStream.get(e.recorded.streamId) ?? [];
        revs.push(e.recorded.revision.toString());
        byStream.set(e.recorded.streamId, revs);
      }
      for (const [stream, revs] of byStream)
        await c.query(
          `insert into ${t[table]} (stream_id, revs) values ($1, $2::bigint[])
           on conflict (stream_id) do update set revs = ${t[table]}.revs || excluded.revs`,
          [stream, revs],
        );
    },
  };
};

const byId = (a: { stream: string }, b: { stream: string }) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0);

async function rowsOf(db: Db, name: string): Promise<{ stream: string; revs: string }[]> {
  const { rows } = await db.pool.query<{ stream: string; revs: string }>(
    `select stream_id as stream, array_to_string(revs, ',') as revs from wz_rm.${name}_seen`,
  );
  return rows.sort(byId);
}

/** What every projection must hold: each stream's events of the whole log, once each, in the log's (= revision) order. */
async function expected(store: PostgresEventStore): Promise<{ stream: string; revs: string }[]> {
  const log = await store.readAll({ fromPosition: 'start' });
  const m = new Map<string, string[]>();
  for (const e of log) {
    const revs = m.get(e.streamId) ?? [];
    revs.push(e.revision.toString());
    m.set(e.streamId, revs);
  }
  return [...m].map(([stream, revs]) => ({ stream, revs: revs.join(',') })).sort(byId);
}

async function walkRows(db: Db): Promise<{ name: string; stream: string | null; rev: string | null }[]> {
  const { rows } = await db.pool.query<{ name: string; stream: string | null; rev: string | null }>(
    `select name, after_stream as stream, after_revision::text as rev from wz_rm.rebuild_walks order by name`,
  );
  return rows;
}

/** `streams` × `each` events, appended round robin one event at a time: the log's order is not the streams' order. */
async function seed(store: PostgresEventStore, streams: readonly string[], each: number): Promise<void> {
  for (let i = 0; i < each; i++) for (const s of streams) await store.appendToStream(s, [{ type: 'Tick', data: { i } }]);
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `s-${String(i).padStart(2, '0')}`);

async function fresh(prefix: string): Promise<{ db: Db; store: PostgresEventStore; close: () => Promise<void> }> {
  const db = await createTestDatabase(prefix);
  const store = new PostgresEventStore({ pool: db.pool, pollIntervalMs: 50 });
  await store.migrate();
  await ensureProjectorSchema(db.pool);
  return {
    db,
    store,
    close: async () => {
      await store.close();
      await db.drop();
    },
  };
}

describe('the walk: events appended while it runs', () => {
  it('events appended during the walk (to a stream walked, one not yet walked, new streams before and amid) are applied once each, in revision order', async () => {
    const { db, store, close } = await fresh('wz_s15_append');
    try {
      await seed(store, ids(20), 20); // 400 events, 8 walk pages of 50
      let appended = false;
      const hooked = seen('w_hooked', {
        onHandle: async (page) => {
          if (page !== 1 || appended) return;
          appended = true;
          // Page 1 holds s-00, s-01 and half of s-02 (stream by stream): s-00 is being applied now.
          await store.appendToStream(
            's-00',
            [1, 2, 3].map((i) => ({ type: 'Late', data: { i } })),
          );
          await store.appendToStream(
            's-02',
            [1, 2].map((i) => ({ type: 'Late', data: { i } })),
          );
          await store.appendToStream(
            's-19',
            [1, 2, 3, 4].map((i) => ({ type: 'Late', data: { i } })),
          );
          await store.appendToStream(
            's-05b',
            [1, 2].map((i) => ({ type: 'Late', data: { i } })),
          );
          await store.appendToStream(
            'a-first',
            [1].map((i) => ({ type: 'Late', data: { i } })),
          );
          await store.appendToStream(
            's-00',
            [4].map((i) => ({ type: 'Late', data: { i } })),
          );
        },
      });
      const result = await rebuildProjections([hooked, seen('w_plain')], { pool: db.pool, store, decode, batchSize: 50 });
      expect(appended).toBe(true);
      expect(result.swapped).toBe(true);
      const want = await expected(store);
      expect(await rowsOf(db, 'w_hooked')).toEqual(want);
      expect(await rowsOf(db, 'w_plain')).toEqual(want);
      expect(await walkRows(db)).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('the walk: interrupted with projections at different places, resumed', () => {
  it('stopped together, then each moved on alone (one killed on a page): at three different places; events appended; resumed with a NEW projection: every projection equals the log, and a rebuild with byStream false', async () => {
    const { db, store, close } = await fresh('wz_s15_places');
    try {
      await seed(store, ids(20), 20);
      const o = { pool: db.pool, store, decode, batchSize: 50 };
      // All three after walk page 1; then C alone 3 pages on, B alone 2 pages on, A killed on its 2nd page (1 on).
      expect((await rebuildProjections([seen('w_a'), seen('w_b'), seen('w_c')], { ...o, stopAfterBatches: 1 })).swapped).toBe(false);
      expect((await rebuildProjections([seen('w_c')], { ...o, stopAfterBatches: 3 })).swapped).toBe(false);
      expect((await rebuildProjections([seen('w_b')], { ...o, stopAfterBatches: 2 })).swapped).toBe(false);
      await expect(rebuildProjections([seen('w_a', { dieOnPage: 2 })], o)).rejects.toThrow(/killed/);
      const places = await walkRows(db);
      expect(places.map((w) => w.name)).toEqual(['w_a__rebuild', 'w_b__rebuild', 'w_c__rebuild']);
      // Precondition of the attack: not every projection stopped at the same event.
      expect(places.map((w) => `${w.stream}/${w.rev}`)).toEqual(['s-04/19', 's-07/9', 's-09/19']);
      // Appended between the runs: to streams walked by some and not others, and a new one.
      await store.appendToStream('s-01', [{ type: 'Late', data: {} }]);
      await store.appendToStream('s-10', [
        { type: 'Late', data: {} },
        { type: 'Late', data: {} },
      ]);
      await store.appendToStream('s-03x', [{ type: 'Late', data: {} }]);
      const resumed = await rebuildProjections([seen('w_a'), seen('w_b'), seen('w_c'), seen('w_new')], o);
      expect(resumed.swapped).toBe(true);
      expect(resumed.projections.map((p) => p.resumed)).toEqual([true, true, true, false]);
      const reference = await rebuildProjections([seen('w_ref')], { ...o, byStream: false });
      expect(reference.swapped).toBe(true);
      const want = await expected(store);
      expect(await rowsOf(db, 'w_ref')).toEqual(want);
      for (const name of ['w_a', 'w_b', 'w_c', 'w_new']) expect({ name, rows: await rowsOf(db, name) }).toEqual({ name, rows: want });
    } finally {
      await close();
    }
  });

  it('a projection whose place is past its own head (moved there in a run shared with a newer projection) resumes with one at another place: no event of its walk is skipped', async () => {
    const { db, store, close } = await fresh('wz_s15_past');
    try {
      await seed(store, ids(20), 20); // H1: 400 events; walk pages of 50
      const o = { pool: db.pool, store, decode, batchSize: 50 };
      // D stops after page 1 (at s-02/9), A after page 2 (at s-04/19): both walk up to H1.
      expect((await rebuildProjections([seen('w_d')], { ...o, stopAfterBatches: 1 })).swapped).toBe(false);
      expect((await rebuildProjections([seen('w_a')], { ...o, stopAfterBatches: 2 })).swapped).toBe(false);
      expect(await walkRows(db)).toEqual([
        { name: 'w_a__rebuild', stream: 's-04', rev: '19' },
        { name: 'w_d__rebuild', stream: 's-02', rev: '9' },
      ]);
      // 40 more events in s-05 (revisions 20..59, after H1).
      await store.appendToStream(
        's-05',
        Array.from({ length: 40 }, (_, i) => ({ type: 'Late', data: { i } })),
      );
      // A with a new projection C (its head H2 past these): the walk goes up to H2 from the start
      // (A and C at different places), A's 3rd page (s-05/0..49) ends in s-05's new events, so A's
      // place is now an event past A's own head H1 (its rows took s-05/0..19 only).
      expect((await rebuildProjections([seen('w_a'), seen('w_c')], { ...o, stopAfterBatches: 3 })).swapped).toBe(false);
      const places = await walkRows(db);
      expect(places.find((w) => w.name === 'w_a__rebuild')).toEqual({ name: 'w_a__rebuild', stream: 's-05', rev: '49' });
      // A and D resumed together (C left for later): they are at different places, so the walk
      // re-reads from the start, up to the run's head (H1, both A's and D's), looking for A's place.
      // Found: applyWalkPage stores as A's place its page's last event (`after = last`), even one
      // past A's own head; rebuildHeld walks only up to the largest head of the run's walkers
      // (`const upTo = walkers...reduce`), here H1, so A's place (s-05/49) is on no page,
      // applyWalkPage returns on every page (`if (at < 0) return`), finishWalks puts A at H1
      // (`t.position = walk.upTo`) and A never gets s-06..s-19 (280 events).
      const resumed = await rebuildProjections([seen('w_a'), seen('w_d')], o);
      expect(resumed.swapped).toBe(true);
      const want = await expected(store);
      expect(await rowsOf(db, 'w_d')).toEqual(want);
      expect(await rowsOf(db, 'w_a')).toEqual(want);
    } finally {
      await close();
    }
  });
});

describe('the walk: interrupted exactly at its end', () => {
  it.each([
    ['the walk pages', 8],
    ['the walk pages and one', 9],
  ])('stopped after %s (%i), events appended, resumed (with a new projection): every projection equals the log', async (_label, stop) => {
    const { db, store, close } = await fresh('wz_s15_end');
    try {
      await seed(store, ids(20), 20); // 8 walk pages of 50
      const o = { pool: db.pool, store, decode, batchSize: 50 };
      const stopped = await rebuildProjections([seen('w_a'), seen('w_b')], { ...o, stopAfterBatches: stop });
      expect(stopped.swapped).toBe(false);
      if (stop === 8) {
        expect(await walkRows(db)).toEqual([
          { name: 'w_a__rebuild', stream: 's-19', rev: '19' },
          { name: 'w_b__rebuild', stream: 's-19', rev: '19' },
        ]);
      } else {
        expect(await walkRows(db)).toEqual([]);
      }
      await store.appendToStream('s-00', [{ type: 'Late', data: {} }]);
      await store.appendToStream('s-19', [{ type: 'Late', data: {} }]);
      await store.appendToStream('t-new', [{ type: 'Late', data: {} }]);
      // A resumed alone first (continues where it stopped), then B with a new projection C.
      expect((await rebuildProjections([seen('w_a')], o)).swapped).toBe(true);
      expect(await rowsOf(db, 'w_a')).toEqual(await expected(store));
      await store.appendToStream('s-07', [{ type: 'Later', data: {} }]);
      expect((await rebuildProjections([seen('w_b'), seen('w_c')], o)).swapped).toBe(true);
      const want = await expected(store);
      for (const name of ['w_b', 'w_c']) expect({ name, rows: await rowsOf(db, name) }).toEqual({ name, rows: want });
    } finally {
      await close();
    }
  });
});

describe('the walk: soft-deleted streams, written again, tombstoned', () => {
  it('with the walk (straight and interrupted) the rows equal those of byStream false and the log', async () => {
    const { db, store, close } = await fresh('wz_s15_deleted');
    try {
      const streams = ids(8);
      await seed(store, streams, 10);
      await store.deleteStream('s-01');
      await store.deleteStream('s-03');
      await seed(store, ['s-03', 's-05'], 4); // s-03 written again: revisions 10..13
      await store.deleteStream('s-03');
      await seed(store, ['s-03'], 2); // 14..15
      await store.tombstoneStream('s-06');
      const o = { pool: db.pool, store, decode, batchSize: 7 };
      expect((await rebuildProjections([seen('w_straight')], o)).swapped).toBe(true);
      expect((await rebuildProjections([seen('w_global')], { ...o, byStream: false })).swapped).toBe(true);
      await expect(rebuildProjections([seen('w_cut', { dieOnPage: 4 }), seen('w_cut2')], o)).rejects.toThrow(/killed/);
      await store.deleteStream('s-05');
      await seed(store, ['s-05', 's-01'], 1);
      expect((await rebuildProjections([seen('w_cut'), seen('w_cut2')], o)).swapped).toBe(true);
      expect((await rebuildProjections([seen('w_global2')], { ...o, byStream: false })).swapped).toBe(true);
      const want = await expected(store);
      expect(await rowsOf(db, 'w_global2')).toEqual(want);
      expect(await rowsOf(db, 'w_cut')).toEqual(want);
      expect(await rowsOf(db, 'w_cut2')).toEqual(want);
      expect(await rowsOf(db, 'w_straight')).toEqual(await rowsOf(db, 'w_global'));
    } finally {
      await close();
    }
  });
});

describe('the walk: stream ids whose order depends on the collation', () => {
  const odd = [
    'Zeta',
    'alpha',
    'Alpha',
    'a-b',
    'a_b',
    'ab',
    'a b',
    'a1',
    'A1',
    '中',
    '日本',
    'ß',
    'ss',
    'é',
    'e',
    '-x',
    '_x',
    '10',
    '9',
    'z',
  ];
  it('interrupted at several places (stopped, killed pages apart), resumed with a new projection: every projection equals the log', async () => {
    const { db, store, close } = await fresh('wz_s15_collation');
    try {
      await seed(store, odd, 7); // 140 events, walk pages of 9
      const o = { pool: db.pool, store, decode, batchSize: 9 };
      expect((await rebuildProjections([seen('w_a'), seen('w_b')], { ...o, stopAfterBatches: 3 })).swapped).toBe(false);
      await expect(
        rebuildProjections(
          [
            seen('w_a', { dieOnPage: 2 }),
            seen('w_b', {
              onHandle: async () => {
                await sleep(3);
              },
            }),
          ],
          o,
        ),
      ).rejects.toThrow(/killed/);
      const places = await walkRows(db);
      expect(places).toHaveLength(2);
      await seed(store, ['Zeta', 'ß', '中', 'new-Ω'], 2);
      // B alone now (continues from its own place, reading after it in the database's order).
      expect((await rebuildProjections([seen('w_b')], { ...o, stopAfterBatches: 4 })).swapped).toBe(false);
      const resumed = await rebuildProjections([seen('w_a'), seen('w_b'), seen('w_c')], o);
      expect(resumed.swapped).toBe(true);
      const want = await expected(store);
      for (const name of ['w_a', 'w_b', 'w_c']) expect({ name, rows: await rowsOf(db, name) }).toEqual({ name, rows: want });
    } finally {
      await close();
    }
  });
});

describe('the walk: an empty log', () => {
  it('a rebuild of a log with no events swaps in empty tables; events appended later are then projected by a second rebuild', async () => {
    const { db, store, close } = await fresh('wz_s15_empty');
    try {
      const o = { pool: db.pool, store, decode, batchSize: 10 };
      const first = await rebuildProjections([seen('w_a')], o);
      expect(first.swapped).toBe(true);
      expect(first.eventsRead).toBe(0);
      expect(await rowsOf(db, 'w_a')).toEqual([]);
      expect(await walkRows(db)).toEqual([]);
      // Stopped on the empty log, then events, then resumed.
      expect((await rebuildProjections([seen('w_b')], { ...o, stopAfterBatches: 1 })).swapped).toBe(false);
      await seed(store, ids(3), 5);
      expect((await rebuildProjections([seen('w_b'), seen('w_a')], o)).swapped).toBe(true);
      const want = await expected(store);
      expect(await rowsOf(db, 'w_a')).toEqual(want);
      expect(await rowsOf(db, 'w_b')).toEqual(want);
    } finally {
      await close();
    }
  });
});

describe('the walk: two rebuilds at once', () => {
  it('two runs of different projections overlap (with appends meanwhile) and both equal the log; a run of the same projection is refused', async () => {
    const { db, store, close } = await fresh('wz_s15_twice');
    try {
      await seed(store, ids(10), 20);
      const o = { pool: db.pool, store, decode, batchSize: 25 };
      let open!: () => void;
      const gate = new Promise<void>((r) => (open = r));
      let entered = 0;
      const gated = (name: string) =>
        seen(name, {
          onHandle: async (page) => {
            if (page === 2) {
              entered++;
              await gate;
            }
          },
        });
      const one = rebuildProjections([gated('w_x')], o);
      const two = rebuildProjections([gated('w_y'), seen('w_z')], o);
      one.catch(() => undefined);
      two.catch(() => undefined);
      for (let waited = 0; entered < 2 && waited < 10_000; waited += 20) await sleep(20);
      expect(entered).toBe(2);
      await store.appendToStream('s-00', [{ type: 'Late', data: {} }]);
      await store.appendToStream('s-09', [{ type: 'Late', data: {} }]);
      const third = await rebuildProjections([seen('w_x')], o).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(third).toBeInstanceOf(RebuildBusyError);
      open();
      expect((await one).swapped).toBe(true);
      expect((await two).swapped).toBe(true);
      const want = await expected(store);
      for (const name of ['w_x', 'w_y', 'w_z']) expect({ name, rows: await rowsOf(db, name) }).toEqual({ name, rows: want });
      expect(await walkRows(db)).toEqual([]);
    } finally {
      await close();
    }
  });
});
