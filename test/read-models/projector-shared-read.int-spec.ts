import { Pool } from 'pg';
import { Position, PostgresEventStore, RecordedEvent, comparePositions } from '@wenzheng/event-store';
import { Projection, Projector, readCheckpoint } from '@wenzheng/projector';
import { createTestDatabase } from '../setup/database';

/**
 * The live projector reads each new page of the log once for all its projections, and a
 * projection with nothing in a page moves its checkpoint without a transaction of its own.
 * Counters are deliberately not idempotent (+1 per event): an event applied twice or lost shows.
 */
const counter = (name: string, prefix: string, poisoned?: () => boolean): Projection => ({
  name,
  version: 1,
  tables: [`test_shared_${name}`],
  filter: { streamPrefixes: [prefix] },
  async createTables(c, t) {
    await c.query(`create table ${t[`test_shared_${name}`]} (stream_id text primary key, n int not null)`);
  },
  async handle(c, events, t) {
    const table = t[`test_shared_${name}`];
    for (const e of events) {
      if (poisoned?.() && (e.data as { poison?: boolean }).poison) throw new Error(`poison event ${e.recorded.streamId}`);
      await c.query(`insert into ${table} (stream_id, n) values ($1, 1) on conflict (stream_id) do update set n = ${table}.n + 1`, [
        e.recorded.streamId,
      ]);
    }
  },
});
/** Wants an event type nobody appends: every page is one it has nothing to write from. */
const silent = (): Projection => ({
  ...counter('silent', 'none-'),
  filter: { eventTypes: ['NeverAppended'] },
});

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let readPool: Pool;
let store: PostgresEventStore;
/** The test's own look at the log, on a pool whose reads are not counted. */
let reader: PostgresEventStore;
/** Statements that read the log (the events table), by any subscription or page read of the store. */
let logReads = 0;
const decode = async (r: RecordedEvent) => ({ type: r.type, data: r.data, recorded: r });

beforeAll(async () => {
  db = await createTestDatabase('wz_shared');
  readPool = new Pool({ connectionString: db.url, max: 10 });
  const query = readPool.query.bind(readPool) as (...args: unknown[]) => unknown;
  (readPool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
    if (text && /from\s+\S+\.events\b/.test(text) && /order by/.test(text)) logReads++;
    return query(...args);
  };
  // A poll interval longer than the test: every read is a wake-up by an append, none a timer's.
  store = new PostgresEventStore({ pool: readPool, pollIntervalMs: 60_000 });
  await store.migrate();
  reader = new PostgresEventStore({ pool: db.pool });
  for (let s = 0; s < 10; s++) {
    await store.appendToStream(`a-${s}`, [{ type: 'Tick', data: {} }]);
    await store.appendToStream(`b-${s}`, [{ type: 'Tick', data: {} }]);
    await store.appendToStream(`other-${s}`, [{ type: 'Noise', data: {} }]);
  }
});
afterAll(async () => {
  await store.close();
  await reader.close();
  await readPool.end();
  await db.drop();
});
beforeEach(async () => {
  for (const n of ['a', 'b', 'c', 'd', 'e', 'silent', 'poisoned'])
    await db.pool.query(`drop table if exists wz_rm.test_shared_${n}, wz_rm.test_shared_${n}__rebuild`);
  await db.pool.query(`delete from wz_rm.projection_checkpoints`).catch(() => undefined);
});

const head = async () => (await reader.readAll({ direction: 'backwards', maxCount: 1 }))[0].position;
/** Appends one event and gives its position (the head as read may still lag behind it while other transactions are open). */
const append = async (streamId: string, data: object = {}) =>
  (await store.appendToStream(streamId, [{ type: 'Tick', data }])).position as Position;
async function counts(name: string): Promise<Record<string, number>> {
  const { rows } = await db.pool.query(`select stream_id, n from wz_rm.test_shared_${name} order by stream_id`);
  return Object.fromEntries(rows.map((r: { stream_id: string; n: number }) => [r.stream_id, r.n]));
}
/**
 * Waits for the projection's checkpoint to reach `at`: a liveness bound, not a speed one (a held projection never
 * gets there; 10 s was missed once on a loaded machine). Every 2 s it appends to a stream no projection reads: a
 * wake-up, since with this store's 60 s poll an append read while a page's transaction is open can be missed by
 * its own wake-up (the known miss below the snapshot's xmin; twice under CI's load, 25 s went by). A projection
 * that another one holds is not freed by it.
 */
async function reachedHead(name: string, at: Position | undefined, while_: string): Promise<void> {
  let nudged = Date.now();
  for (const until = Date.now() + 25_000; ; await new Promise((r) => setTimeout(r, 20))) {
    const position = (await readCheckpoint(db.pool, name))?.position;
    if (position && at && comparePositions(position, at) >= 0) return;
    if (Date.now() > until) throw new Error(`${name} did not reach the head while ${while_}`);
    if (Date.now() - nudged > 2_000) {
      await store.appendToStream('nudge-wake-up', [{ type: 'Noise', data: {} }]);
      nudged = Date.now();
    }
  }
}
async function perStream(prefix: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const e of await reader.readAll({ maxCount: 100_000 }))
    if (e.streamId.startsWith(prefix)) out[e.streamId] = (out[e.streamId] ?? 0) + 1;
  return out;
}

it('reads each new page of the log once for all projections; one whose events are not in it reaches the head without a transaction', async () => {
  const projections = [counter('a', 'a-'), counter('b', 'b-'), counter('c', 'c-'), counter('d', 'd-'), counter('e', 'e-'), silent()];
  const transactions: Record<string, number> = {};
  const projector = new Projector({
    pool: db.pool,
    store,
    projections,
    decode,
    beforeCheckpoint: (name) => {
      transactions[name] = (transactions[name] ?? 0) + 1;
    },
  });
  await projector.start();
  try {
    await projector.waitFor(await head(), 20_000);
    logReads = 0;
    for (const k of Object.keys(transactions)) delete transactions[k];
    const appends = 20;
    let last: Position | undefined;
    for (let i = 0; i < appends; i++) {
      last = await append(`${i % 2 ? 'a' : 'b'}-live-${i}`);
      await projector.waitFor(last, 10_000);
    }
    // Six projections, each on its own subscription, would read the log at least six times an append.
    expect(logReads).toBeLessThanOrEqual(2 * appends + 2);
    expect(transactions.silent ?? 0).toBe(0);
    expect(transactions.c ?? 0).toBe(0);
    expect(transactions.a).toBeGreaterThan(0);
    for (const p of projections) expect((await readCheckpoint(db.pool, p.name))?.position).toEqual(last);
    expect(await counts('a')).toEqual(await perStream('a-'));
    expect(await counts('b')).toEqual(await perStream('b-'));
    expect(await counts('silent')).toEqual({});
  } finally {
    await projector.stop();
  }
});

it('a projection stuck on a poison event holds none of the others, and catches up alone once it passes', async () => {
  let poisoned = true;
  const projections = [counter('poisoned', 'a-', () => poisoned), counter('b', 'b-'), silent()];
  const logs: string[] = [];
  const projector = new Projector({ pool: db.pool, store, projections, decode, log: (m) => logs.push(m), batchSize: 7 });
  await projector.start();
  try {
    await append('a-poison', { poison: true });
    let at: Position | undefined;
    for (let i = 0; i < 30; i++) at = await append(`b-after-poison-${i % 3}`);
    for (const name of ['b', 'silent']) await reachedHead(name, at, 'another projection failed');
    expect(await counts('b')).toEqual(await perStream('b-'));
    const stuck = () => projector.status().find((s) => s.name === 'poisoned');
    for (const until = Date.now() + 5_000; !stuck()?.lastError && Date.now() < until;) await new Promise((r) => setTimeout(r, 20));
    expect(stuck()?.lastError).toMatch(/poison event a-poison/);
    expect(logs.some((m) => m.startsWith('projection poisoned failed (poison event a-poison)'))).toBe(true);

    poisoned = false;
    // its retry is at most 10 s away (the backoff); the nudges cover a wake-up missed under load (CI missed 20 s once)
    const later = await append('b-later');
    for (const name of ['poisoned', 'b', 'silent']) await reachedHead(name, later, 'the poison event passed');
    expect(await counts('poisoned')).toEqual(await perStream('a-'));
    expect(await counts('b')).toEqual(await perStream('b-'));
  } finally {
    await projector.stop();
  }
});

it('an event that cannot be decoded, thrown at once or as a rejected promise, holds only the projection that wants it', async () => {
  // A decoder may give an event at once (Decoder): one that throws then fails like one that rejects.
  let broken = true;
  const failing = async (r: RecordedEvent) => ({ type: r.type, data: r.data, recorded: r });
  const decodeOrFail = (r: RecordedEvent) => {
    const how = (r.data as { undecodable?: string }).undecodable;
    if (broken && how === 'at once') throw new Error(`undecodable at once ${r.streamId}`);
    if (broken && how === 'later') return Promise.reject(new Error(`undecodable later ${r.streamId}`));
    return how === 'later' ? failing(r) : { type: r.type, data: r.data, recorded: r };
  };
  const projections = [counter('c', 'c-'), counter('d', 'd-'), counter('b2', 'b-')];
  const logs: string[] = [];
  const projector = new Projector({ pool: db.pool, store, projections, decode: decodeOrFail, log: (m) => logs.push(m), batchSize: 7 });
  await projector.start();
  try {
    await append('c-broken', { undecodable: 'at once' });
    await append('d-broken', { undecodable: 'later' });
    let at: Position | undefined;
    for (let i = 0; i < 20; i++) at = await append(`b-after-undecodable-${i % 3}`);
    await reachedHead('b2', at, 'an event could not be decoded');
    expect(await counts('b2')).toEqual(await perStream('b-'));
    const state = (name: string) => projector.status().find((s) => s.name === name);
    for (const until = Date.now() + 5_000; !(state('c')?.lastError && state('d')?.lastError) && Date.now() < until;)
      await new Promise((r) => setTimeout(r, 20));
    expect(state('c')?.lastError).toMatch(/undecodable at once c-broken/);
    expect(state('d')?.lastError).toMatch(/undecodable later d-broken/);
    expect(await counts('c')).toEqual({});
    // the event fails only the projection that wants it, never the others on the same page
    expect(state('b2')?.lastError).toBeUndefined();
    expect(logs.filter((m) => m.startsWith('projection b2 failed'))).toEqual([]);

    broken = false;
    await projector.waitFor(await append('b-after-mend'), 20_000);
    expect(await counts('c')).toEqual(await perStream('c-'));
    expect(await counts('d')).toEqual(await perStream('d-'));
  } finally {
    await projector.stop();
  }
});

it('two projector processes with several projections, while commands append, apply every event exactly once', async () => {
  const projections = () => [counter('a', 'a-'), counter('b', 'b-'), silent()];
  const logs: string[] = [];
  const log = (who: string) => (m: string) => logs.push(`${who}: ${m}`);
  // A store that polls: the feed reads only below the snapshot's xmin, so an append read while one
  // projector's page transaction was open (begun before the append) is not seen on its wake-up; with
  // no later append, the 60 s store would read it only on its next poll (the test timed out under load).
  const polling = new PostgresEventStore({ pool: readPool, pollIntervalMs: 200 });
  const one = new Projector({ pool: db.pool, store: polling, projections: projections(), decode, batchSize: 5, log: log('one') });
  const two = new Projector({ pool: db.pool, store: polling, projections: projections(), decode, batchSize: 11, log: log('two') });
  await one.start();
  try {
    const appending = (async () => {
      let last: Position | undefined;
      for (let i = 0; i < 60; i++) last = await append(`${i % 2 ? 'a' : 'b'}-race-${i % 7}`);
      return last as Position;
    })();
    await new Promise((r) => setTimeout(r, 50));
    await two.start();
    const at = await appending;
    await Promise.all([one.waitFor(at, 20_000), two.waitFor(at, 20_000)]).catch((e: Error) => {
      throw new Error(`${e.message}; what the projectors said: ${logs.join(' | ') || 'nothing'}`);
    });
  } finally {
    // stopped on a failure too: a projector left running keeps Jest from exiting
    await Promise.all([one.stop(), two.stop()]);
    await polling.close();
  }
  expect(await counts('a')).toEqual(await perStream('a-'));
  expect(await counts('b')).toEqual(await perStream('b-'));
  const end = await head(); // nothing in flight now: the head as every reader sees it
  for (const name of ['a', 'b', 'silent']) expect((await readCheckpoint(db.pool, name))?.position).toEqual(end);
});

it('a page written for several projections in one transaction: a crash in one of them mid-page leaves none of its rows, and the others commit once', async () => {
  const projections = [counter('a', 'a-'), counter('b', 'b-'), counter('c', 'c-'), silent()];
  const crashes: Record<string, number> = {};
  let calls = 0;
  let crashing = false;
  const logs: string[] = [];
  const projector = new Projector({
    pool: db.pool,
    store,
    projections,
    decode,
    log: (m) => logs.push(m),
    // b's rows are written, its checkpoint not yet, when every third of its batches crashes.
    beforeCheckpoint: (name) => {
      if (crashing && name === 'b' && ++calls % 3 === 1) {
        crashes[name] = (crashes[name] ?? 0) + 1;
        throw new Error('simulated crash mid-page');
      }
    },
  });
  await projector.start();
  try {
    await projector.waitFor(await head(), 20_000);
    crashing = true;
    let last: Position | undefined;
    for (let i = 0; i < 15; i++) {
      // The same turn: one statement, one page for a, b and c.
      const [x, y, z] = await Promise.all(['a', 'b', 'c'].map((p) => append(`${p}-page-${i % 4}`)));
      last = [x, y, z].reduce((m, p) => (comparePositions(p, m) > 0 ? p : m));
      await projector.waitFor(last, 20_000);
    }
    expect(crashes.b).toBeGreaterThan(3);
    expect(logs.some((m) => m.includes('simulated crash mid-page'))).toBe(false); // b's page is written again alone, not failed
    for (const p of ['a', 'b', 'c']) expect(await counts(p)).toEqual(await perStream(`${p}-`));
    for (const p of projections) expect((await readCheckpoint(db.pool, p.name))?.position).toEqual(last);
  } finally {
    await projector.stop();
  }
});
