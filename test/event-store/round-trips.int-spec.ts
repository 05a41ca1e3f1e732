import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { PostgresEventStore, StreamDeletedError, StreamNotFoundError, WrongExpectedVersionError } from '@wenzheng/event-store';
import { Projection, Projector } from '@wenzheng/projector';
import { createTestDatabase } from '../setup/database';

/**
 * Statements per command were the first bound of commands/s on two cores (docs/performance.md, 2026-11-30): each is a
 * loopback round trip. These pin the counts of the command path's reads and the projector's commits.
 */
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let store: PostgresEventStore;
let sent: string[] = [];
/** The client that sent each of `sent`, index for index. */
let senders: PoolClient[] = [];

beforeAll(async () => {
  db = await createTestDatabase('wz_rt');
  store = new PostgresEventStore({ pool: db.pool, pollIntervalMs: 50 });
  await store.migrate();
  // Every statement the pool's clients send (pool.query checks one out too, with a callback).
  const count = (c: PoolClient & { counted?: true }) => {
    if (c.counted) return c;
    const q = c.query.bind(c) as (...a: unknown[]) => unknown;
    (c as unknown as { query: unknown }).query = (...a: unknown[]) => {
      sent.push(typeof a[0] === 'string' ? a[0] : String((a[0] as { text?: string }).text));
      senders.push(c);
      return q(...a);
    };
    c.counted = true;
    return c;
  };
  const connect = db.pool.connect.bind(db.pool) as (cb?: (e: unknown, c: PoolClient, done: unknown) => void) => Promise<PoolClient>;
  (db.pool as unknown as { connect: unknown }).connect = (cb?: (e: unknown, c: PoolClient, done: unknown) => void) =>
    cb ? connect((e, c, done) => cb(e, c && count(c), done)) : connect().then(count);
});
afterAll(async () => {
  await store.close();
  await db.drop();
});

describe('reads of whole streams', () => {
  it('made in the same turn go as one statement, and each answers as a read of its own', async () => {
    await store.appendToStream('rt-a', [
      { type: 'A1', data: { n: 1 } },
      { type: 'A2', data: { n: 2 } },
    ]);
    await store.appendToStream('rt-b', [{ type: 'B1', data: {} }]);
    await store.appendToStream('rt-gone', [{ type: 'G', data: {} }]);
    await store.deleteStream('rt-gone');
    await store.appendToStream('rt-tomb', [{ type: 'T', data: {} }]);
    await store.tombstoneStream('rt-tomb');
    sent = [];
    senders = [];
    const reads = await Promise.allSettled(['rt-a', 'rt-b', 'rt-none', 'rt-gone', 'rt-tomb', 'rt-a'].map((s) => store.readStream(s)));
    // The reads only: the appends above notify listeners after their commits, on another connection
    // and when they get to it (under load, after this point).
    expect(sent.filter((q) => !q.includes('pg_notify'))).toHaveLength(1);
    const [a, b, none, gone, tomb, again] = reads;
    const types = (r: PromiseSettledResult<Awaited<ReturnType<typeof store.readStream>>>) =>
      r.status === 'fulfilled' ? r.value.map((e) => `${e.streamId}:${e.revision}:${e.type}`) : r.reason;
    expect(types(a)).toEqual(['rt-a:0:A1', 'rt-a:1:A2']);
    expect(types(again)).toEqual(['rt-a:0:A1', 'rt-a:1:A2']);
    expect(types(b)).toEqual(['rt-b:0:B1']);
    expect(types(none)).toBeInstanceOf(StreamNotFoundError);
    expect(types(gone)).toBeInstanceOf(StreamNotFoundError);
    expect(types(tomb)).toBeInstanceOf(StreamDeletedError);
    // The same answers as one read at a time.
    expect((await store.readStream('rt-a')).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
  });
});

describe('appends', () => {
  it('made in the same turn go as one statement, each with its own expected revision and answer', async () => {
    await store.appendToStream('rt-x', [{ type: 'X0', data: {} }]);
    const retried = { id: randomUUID(), type: 'Y0', data: {} };
    await store.appendToStream('rt-y', [retried]);
    sent = [];
    senders = [];
    const results = await Promise.allSettled([
      store.appendToStream(
        'rt-x',
        [
          { type: 'X1', data: {} },
          { type: 'X2', data: {} },
        ],
        { expectedRevision: 0n },
      ),
      store.appendToStream('rt-new', [{ type: 'N0', data: { n: 1 } }], { expectedRevision: 'no_stream' }),
      // Stale: the stream is at revision 0, and the first append of this batch moves it on.
      store.appendToStream('rt-x', [{ type: 'Stale', data: {} }], { expectedRevision: 0n }),
      // The same event again where it already is: a no-op success.
      store.appendToStream('rt-y', [retried], { expectedRevision: 'no_stream' }),
    ]);
    expect(sent.filter((q) => q.includes('append_events'))).toHaveLength(1);
    expect(results[0]).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 2n } });
    expect(results[1]).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 0n } });
    expect(results[2]).toMatchObject({ status: 'rejected', reason: expect.any(WrongExpectedVersionError) });
    expect(results[3]).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 0n } });
    expect((await store.readStream('rt-x')).map((e) => `${e.revision}:${e.type}`)).toEqual(['0:X0', '1:X1', '2:X2']);
    expect((await store.readStream('rt-new')).map((e) => e.data)).toEqual([{ n: 1 }]);
    expect(await store.readStream('rt-y')).toHaveLength(1);
  });
});

const counter = (name: string, prefix: string): Projection => ({
  name,
  version: 1,
  tables: [`${name}_counts`],
  filter: { streamPrefixes: [prefix] },
  async createTables(c, t) {
    await c.query(`create table ${t[`${name}_counts`]} (stream_id text primary key, n int not null)`);
  },
  async handle(c, events, t) {
    await c.query(
      `insert into ${t[`${name}_counts`]} (stream_id, n) select s, count(*) from unnest($1::text[]) s group by s
       on conflict (stream_id) do update set n = ${t[`${name}_counts`]}.n + excluded.n`,
      [events.map((e) => e.recorded.streamId)],
    );
  },
});

describe("a projection's batch", () => {
  it('commits its rows with its checkpoint in two round trips besides its own statements', async () => {
    const projection = counter('rt_counter', 'rtc-');
    await store.appendToStream('rtc-1', [
      { type: 'Tick', data: {} },
      { type: 'Tick', data: {} },
    ]);
    const projector = new Projector({
      pool: db.pool,
      store,
      projections: [projection],
      decode: async (r) => ({ type: r.type, data: r.data, recorded: r }),
    });
    await projector.prepare();
    sent = [];
    senders = [];
    await projector.start();
    const [head] = await store.readAll({ direction: 'backwards', maxCount: 1 });
    await projector.waitFor(head.position, 20_000);
    await projector.stop();
    const begin = sent.findIndex((s) => s.startsWith('begin'));
    // The batch's own connection only: the append's notification, sent on another after its commit,
    // could land in between on a slow machine (CI did once).
    const batch = sent.filter((_, i) => i >= begin && senders[i] === senders[begin]);
    const commit = batch.indexOf('commit');
    // begin with the lock and the checkpoint's compare-and-set; the projection's insert; commit.
    expect(batch.slice(0, commit + 1)).toHaveLength(3);
    expect(batch[0]).toMatch(/pg_advisory_xact_lock.*update wz_rm\.projection_checkpoints/s);
    const { rows } = await db.pool.query(`select n from wz_rm.rt_counter_counts where stream_id = 'rtc-1'`);
    expect(rows[0].n).toBe(2);
    const cp = await db.pool.query(
      `select commit_position, prepare_position, events_processed from wz_rm.projection_checkpoints where name = 'rt_counter'`,
    );
    expect(cp.rows[0]).toEqual({
      commit_position: head.position.commit.toString(),
      prepare_position: head.position.prepare.toString(),
      events_processed: '2',
    });
  });

  it('several projections with events in one page write them in one transaction: begin, their statements, commit', async () => {
    const projections = [counter('rt_g1', 'rtg1-'), counter('rt_g2', 'rtg2-'), counter('rt_g3', 'rtg3-'), counter('rt_gq', 'rtgq-')];
    const projector = new Projector({
      pool: db.pool,
      store,
      projections,
      decode: async (r) => ({ type: r.type, data: r.data, recorded: r }),
    });
    const at = async () => (await store.readAll({ direction: 'backwards', maxCount: 1 }))[0].position;
    await projector.start();
    try {
      // Every projection has projected once (a first checkpoint is written on its own).
      await Promise.all(['rtg1-0', 'rtg2-0', 'rtg3-0', 'rtgq-0'].map((s) => store.appendToStream(s, [{ type: 'Tick', data: {} }])));
      await projector.waitFor(await at(), 20_000);
      // and each has its first row: at() reads below the snapshot's xmin, so an append committed beside a transaction still
      // open (the projector's own) may lie past it, and CI once saw the quiet one's first event projected in the next page
      const firstRows = async () =>
        (
          await db.pool.query<{ n: number }>(
            `select (select count(*) from wz_rm.rt_g1_counts) + (select count(*) from wz_rm.rt_g2_counts)
                  + (select count(*) from wz_rm.rt_g3_counts) + (select count(*) from wz_rm.rt_gq_counts) as n`,
          )
        ).rows[0].n;
      for (const until = Date.now() + 20_000; Number(await firstRows()) < 4 && Date.now() < until;)
        await new Promise((r) => setTimeout(r, 50));
      expect(Number(await firstRows())).toBe(4);
      sent = [];
      senders = [];
      // Appends made in the same turn are one statement, one transaction: one page for the projector. At an expected
      // revision (no_stream): an append at 'any' goes alone (its own statement), and the projector could take the three in
      // two pages (CI once saw two transactions).
      await Promise.all(
        ['rtg1-1', 'rtg2-1', 'rtg3-1'].map((s) => store.appendToStream(s, [{ type: 'Tick', data: {} }], { expectedRevision: 'no_stream' })),
      );
      const head = await at();
      await projector.waitFor(head, 20_000);
      const begins = sent.flatMap((q, i) => (q.startsWith('begin') && q.includes('wz_rm:rt_g') ? [i] : []));
      expect(begins).toHaveLength(1);
      const begin = begins[0];
      for (const name of ['rt_g1', 'rt_g2', 'rt_g3']) expect(sent[begin]).toContain(`wz_rm:${name}'`);
      const batch = sent.filter((_, i) => i >= begin && senders[i] === senders[begin]);
      // begin with the three locks and every checkpoint's compare-and-set (the quiet one's too); three inserts; commit.
      expect(batch.slice(0, batch.indexOf('commit') + 1)).toHaveLength(5);
      expect(sent[begin]).toMatch(/pg_advisory_xact_lock.*update wz_rm\.projection_checkpoints.*'rt_gq'/s);
      // No statement of its own for the quiet projection's checkpoint.
      expect(sent.filter((q) => /unnest\(\$4::text\[\]/.test(q))).toHaveLength(0);
      const cps = await db.pool.query(
        `select name, commit_position, prepare_position, events_processed from wz_rm.projection_checkpoints where name like 'rt_g%' order by name`,
      );
      const position = { commit_position: head.commit.toString(), prepare_position: head.prepare.toString() };
      expect(cps.rows).toEqual([
        { name: 'rt_g1', ...position, events_processed: '2' },
        { name: 'rt_g2', ...position, events_processed: '2' },
        { name: 'rt_g3', ...position, events_processed: '2' },
        { name: 'rt_gq', ...position, events_processed: '1' },
      ]);
      for (const n of [1, 2, 3]) {
        const { rows } = await db.pool.query(`select stream_id, n from wz_rm.rt_g${n}_counts order by stream_id`);
        expect(rows).toEqual([
          { stream_id: `rtg${n}-0`, n: 1 },
          { stream_id: `rtg${n}-1`, n: 1 },
        ]);
      }
    } finally {
      await projector.stop();
    }
  });

  it('under load, pages come at most every minPageIntervalMs: events read soon after a page wait for the next together', async () => {
    const projector = new Projector({
      pool: db.pool,
      store,
      projections: [counter('rt_paced', 'rtp-')],
      decode: async (r) => ({ type: r.type, data: r.data, recorded: r }),
      minPageIntervalMs: 1500,
    });
    await store.appendToStream('rtp-1', [{ type: 'Tick', data: {} }]);
    await projector.start();
    const at = async () => (await store.readAll({ direction: 'backwards', maxCount: 1 }))[0].position;
    await projector.waitFor(await at(), 20_000);
    sent = [];
    senders = [];
    // Three appends, each its own wake-up of the subscription (further apart than the store's 50 ms).
    for (let i = 0; i < 3; i++) {
      await store.appendToStream('rtp-1', [{ type: 'Tick', data: {} }]);
      await new Promise((r) => setTimeout(r, 80));
    }
    await projector.waitFor(await at(), 20_000);
    await projector.stop();
    expect(sent.filter((q) => q.startsWith('begin') && q.includes('wz_rm:rt_paced'))).toHaveLength(1);
    const { rows } = await db.pool.query(`select n from wz_rm.rt_paced_counts where stream_id = 'rtp-1'`);
    expect(rows[0].n).toBe(4);
  });
});
