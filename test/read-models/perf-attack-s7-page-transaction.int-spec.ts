import { Pool } from 'pg';
import { Position, PostgresEventStore, RecordedEvent, comparePositions } from '@wenzheng/event-store';
import { Projection, Projector, readCheckpoint, rebuildProjection } from '@wenzheng/projector';
import { createTestDatabase } from '../setup/database';

/**
 * Attack (session 7) on the live projector's page transaction (one transaction per page for every
 * projection with events in it, falling back to one each): several projectors on one database with
 * overlapping but different sets of projections, a rebuild swapping one of them in meanwhile, a
 * version bump, and projections that fail only when batched, always (poison) or at commit. Counters
 * are +1 per event, so an event applied twice or skipped shows; a trigger refuses any checkpoint
 * that goes backwards at the same version.
 */
const counter = (name: string, prefix: string, opts: { version?: number; poison?: () => boolean; alone?: boolean } = {}): Projection => ({
  name,
  version: opts.version ?? 1,
  tables: [`test_s7_${name}`],
  filter: { streamPrefixes: [prefix] },
  async createTables(c, t) {
    await c.query(`create table ${t[`test_s7_${name}`]} (stream_id text primary key, n int not null)`);
    // Fails at commit: a row of a stream named *-bad-* is refused by a deferred constraint trigger.
    await c.query(
      `create constraint trigger no_bad after insert or update on ${t[`test_s7_${name}`]} deferrable initially deferred
         for each row execute function wz_rm.test_s7_no_bad()`,
    );
  },
  async handle(c, events, t) {
    const table = t[`test_s7_${name}`];
    if (opts.alone) {
      // Throws whenever its transaction holds another projection's lock: only when batched with others.
      const { rows } = await c.query<{ n: number }>(
        `select count(*)::int as n from pg_locks where locktype = 'advisory' and pid = pg_backend_pid() and granted`,
      );
      if (rows[0].n > 1) {
        refusals++;
        throw new Error(`${name} refuses to share a transaction`);
      }
    }
    for (const e of events) {
      if (opts.poison?.() && (e.data as { poison?: boolean }).poison) throw new Error(`poison event ${e.recorded.streamId}`);
      await c.query(`insert into ${table} (stream_id, n) values ($1, 1) on conflict (stream_id) do update set n = ${table}.n + 1`, [
        e.recorded.streamId,
      ]);
    }
  },
});
/** How often the projection that will not share a transaction was handed a shared one (and refused). */
let refusals = 0;
const silent = (): Projection => ({ ...counter('silent', 'none-'), filter: { eventTypes: ['NeverAppended'] } });

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;
let store: PostgresEventStore;
const decode = async (r: RecordedEvent) => ({ type: r.type, data: r.data, recorded: r });
/** A pool for the test database whose idle connections' errors (a server going away) fail the assertions, not the run. */
function quietPool(max: number): Pool {
  const p = new Pool({ connectionString: db.url, max });
  p.on('error', () => undefined);
  return p;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  db = await createTestDatabase('wz_s7');
  pool = quietPool(30);
  // The default poll interval: a read the snapshot's xmin held back (another transaction open) is read again soon.
  store = new PostgresEventStore({ pool });
  await store.migrate();
  await db.pool.query(`create schema if not exists wz_rm`);
  await db.pool.query(`create or replace function wz_rm.test_s7_no_bad() returns trigger language plpgsql as $$
    begin
      if new.stream_id like '%-bad-%' then raise exception 'deferred check: % refused', new.stream_id; end if;
      return null;
    end $$`);
  // Any checkpoint moved backwards at the same version fails its transaction (and shows in the table below).
  await new Projector({ pool, store, projections: [], decode }).prepare();
  await db.pool.query(`create table wz_rm.test_s7_backwards (name text, old numeric, new numeric)`);
  await db.pool.query(`create or replace function wz_rm.test_s7_monotonic() returns trigger language plpgsql as $$
    begin
      if old.version = new.version and old.commit_position is not null
         and (new.commit_position is null or (new.commit_position, new.prepare_position) < (old.commit_position, old.prepare_position)) then
        insert into wz_rm.test_s7_backwards values (new.name, old.commit_position, new.commit_position);
      end if;
      return new;
    end $$`);
  await db.pool.query(`create trigger monotonic before update on wz_rm.projection_checkpoints
    for each row execute function wz_rm.test_s7_monotonic()`);
});
afterAll(async () => {
  await store.close();
  await pool.end();
  await db.drop();
});
beforeEach(async () => {
  for (const n of ['a', 'b', 'c', 'd', 'silent', 'poisoned', 'deferred', 'loner'])
    await db.pool.query(`drop table if exists wz_rm.test_s7_${n}, wz_rm.test_s7_${n}__rebuild`);
  await db.pool.query(`delete from wz_rm.projection_checkpoints`);
  await db.pool.query(`delete from wz_rm.test_s7_backwards`);
});

const append = async (streamId: string, data: object = {}) =>
  (await store.appendToStream(streamId, [{ type: 'Tick', data }])).position as Position;
async function counts(name: string): Promise<Record<string, number>> {
  const { rows } = await db.pool.query(`select stream_id, n from wz_rm.test_s7_${name} order by stream_id`);
  return Object.fromEntries(rows.map((r: { stream_id: string; n: number }) => [r.stream_id, r.n]));
}
async function perStream(prefix: string, except?: RegExp): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const e of await store.readAll({ maxCount: 1_000_000 }))
    if (e.streamId.startsWith(prefix) && !except?.test(e.streamId)) out[e.streamId] = (out[e.streamId] ?? 0) + 1;
  return out;
}
/** Polls until every named checkpoint is at or past `at`. */
async function checkpointsReach(names: readonly string[], at: Position, ms = 30_000, why = () => '') {
  for (const until = Date.now() + ms; ; await sleep(25)) {
    const behind = [];
    for (const n of names) {
      const p = (await readCheckpoint(db.pool, n))?.position;
      if (!p || comparePositions(p, at) < 0) behind.push(n);
    }
    if (!behind.length) return;
    if (Date.now() > until) throw new Error(`${behind.join(', ')} did not reach the head; ${why()}`);
  }
}
/** Appends in bursts from several writers at once (pages holding several projections' events); gives the last position appended. */
async function appendConcurrently(prefixes: readonly string[], rounds: number, tag: string, pauseMs = 0): Promise<Position> {
  let last: Position | undefined;
  for (let i = 0; i < rounds; i++) {
    for (const p of await Promise.all(prefixes.map((prefix, k) => append(`${prefix}${tag}-${(i + k) % 5}`))))
      if (!last || comparePositions(p, last) > 0) last = p;
    if (pauseMs) await sleep(pauseMs); // small pages: most of them written in one page transaction
  }
  return last as Position;
}
async function noBackwards() {
  expect((await db.pool.query(`select * from wz_rm.test_s7_backwards`)).rows).toEqual([]);
}

it('three projectors with overlapping, different sets of projections, while several writers append: each event applied once, no checkpoint backwards', async () => {
  const logs: string[] = [];
  const sets: [string[], number][] = [
    [['a', 'b', 'c', 'silent'], 40],
    [['b', 'c', 'd'], 3],
    [['a', 'd', 'silent'], 200],
  ];
  // As separate processes would: each its own pool and store (woken by the appending store's NOTIFY).
  const pools = sets.map(() => quietPool(8));
  const stores = pools.map((p) => new PostgresEventStore({ pool: p }));
  const projectors = sets.map(
    ([names, batchSize], k) =>
      new Projector({
        pool: pools[k],
        store: stores[k],
        projections: names.map((n) => (n === 'silent' ? silent() : counter(n, `${n}-`))),
        decode,
        batchSize,
        minPageIntervalMs: 5 + 20 * k,
        log: (m) => logs.push(`${k}: ${m}`),
      }),
  );
  await appendConcurrently(['a-', 'b-', 'c-', 'd-'], 5, 'before');
  try {
    await projectors[0].start();
    const writing = appendConcurrently(['a-', 'b-', 'c-', 'd-', 'x-'], 80, 'live', 4);
    await sleep(30);
    await projectors[1].start();
    await sleep(60);
    await projectors[2].start();
    const at = await writing;
    await checkpointsReach(['a', 'b', 'c', 'd', 'silent'], at, 30_000, () => logs.join(' | '));
    await Promise.all(projectors.map((p) => p.waitFor(at, 30_000)));
  } finally {
    await Promise.all(projectors.map((p) => p.stop()));
    await Promise.all(stores.map((s) => s.close()));
    await Promise.all(pools.map((p) => p.end()));
  }
  for (const n of ['a', 'b', 'c', 'd']) expect(await counts(n)).toEqual(await perStream(`${n}-`));
  expect(await counts('silent')).toEqual({});
  await noBackwards();
  // No projector failed: a lost race or a deadlock ends in the fallback, not an error.
  expect(logs.filter((m) => /failed/.test(m))).toEqual([]);
});

it('a rebuild of one projection swapping it in while two projectors write pages for it and others: every read model exact', async () => {
  const logs: string[] = [];
  const make = (k: number) =>
    new Projector({
      pool,
      store,
      projections: [counter('a', 'a-'), counter('b', 'b-'), counter('c', 'c-'), silent()],
      decode,
      batchSize: 60 + k * 40,
      minPageIntervalMs: 10,
      log: (m) => logs.push(`${k}: ${m}`),
    });
  const projectors = [make(0), make(1)];
  await appendConcurrently(['a-', 'b-', 'c-'], 20, 'seed');
  try {
    for (const p of projectors) await p.start();
    const writing = appendConcurrently(['a-', 'b-', 'c-'], 80, 'during', 4);
    const rebuilds: string[] = [];
    for (let r = 0; r < 3; r++) {
      await sleep(40);
      const done = await rebuildProjection(counter(r % 2 ? 'a' : 'b', r % 2 ? 'a-' : 'b-'), { pool, store, decode, batchSize: 13 });
      rebuilds.push(`${done.projection}:${done.swapped}`);
    }
    const at = await writing;
    expect(rebuilds).toEqual(['b:true', 'a:true', 'b:true']);
    await checkpointsReach(['a', 'b', 'c', 'silent'], at, 30_000, () => logs.join(' | '));
  } finally {
    await Promise.all(projectors.map((p) => p.stop()));
  }
  for (const n of ['a', 'b', 'c']) expect(await counts(n)).toEqual(await perStream(`${n}-`));
  expect(logs.filter((m) => /failed/.test(m))).toEqual([]);
});

it('a version bump mid-run: the old projector leaves the bumped projection alone, the others go on exactly once; the new version carries on from the rebuild', async () => {
  const logs: string[] = [];
  const old = new Projector({
    pool,
    store,
    projections: [counter('a', 'a-'), counter('b', 'b-'), silent()],
    decode,
    batchSize: 60,
    minPageIntervalMs: 10,
    versionRecheckMs: 50,
    log: (m) => logs.push(`old: ${m}`),
  });
  await appendConcurrently(['a-', 'b-'], 10, 'seed');
  let bumped: Projector | undefined;
  try {
    await old.start();
    const writing = appendConcurrently(['a-', 'b-'], 60, 'during', 4);
    await sleep(50);
    const v2 = { ...counter('b', 'b-', { version: 2 }) };
    expect((await rebuildProjection(v2, { pool, store, decode, batchSize: 9 })).swapped).toBe(true);
    bumped = new Projector({
      pool,
      store,
      projections: [v2],
      decode,
      batchSize: 8,
      minPageIntervalMs: 10,
      log: (m) => logs.push(`new: ${m}`),
    });
    await bumped.start();
    await writing;
    const at = await appendConcurrently(['a-', 'b-'], 10, 'after'); // pages after the swap, whenever it came
    await checkpointsReach(['a', 'b', 'silent'], at, 30_000, () => logs.join(' | '));
    for (const until = Date.now() + 5000; !old.status().find((s) => s.name === 'b')?.rebuildNeeded && Date.now() < until;) await sleep(20);
    expect(old.status().find((s) => s.name === 'b')?.rebuildNeeded).toMatch(/version 2/);
    expect((await readCheckpoint(db.pool, 'b'))?.version).toBe(2);
  } finally {
    await old.stop();
    await bumped?.stop();
  }
  for (const n of ['a', 'b']) expect(await counts(n)).toEqual(await perStream(`${n}-`));
  await noBackwards();
});

it('one projection refusing to share a transaction, one poisoned, one failing at commit: the others commit each event once and reach the head; the failing ones report their errors', async () => {
  let poisoned = true;
  const logs: string[] = [];
  const projections = [
    counter('a', 'a-'),
    counter('b', 'b-'),
    counter('loner', 'a-', { alone: true }),
    counter('poisoned', 'b-', { poison: () => poisoned }),
    counter('deferred', 'c-'),
    silent(),
  ];
  const projectors = [0, 1].map(
    (k) =>
      new Projector({
        pool,
        store,
        projections,
        decode,
        batchSize: 100 + 50 * k,
        minPageIntervalMs: 10,
        log: (m) => logs.push(`${k}: ${m}`),
      }),
  );
  await appendConcurrently(['a-', 'b-', 'c-'], 5, 'seed');
  try {
    for (const p of projectors) await p.start();
    await Promise.all(projectors.map((p) => p.waitFor(undefined, 20_000)));
    await append('b-poison', { poison: true });
    await append('c-bad-1');
    const at = await appendConcurrently(['a-', 'b-', 'c-'], 40, 'after', 4);
    await checkpointsReach(['a', 'b', 'loner', 'silent'], at, 30_000, () => logs.join(' | '));
    for (const p of projectors) {
      const status = (name: string) => p.status().find((s) => s.name === name);
      for (const until = Date.now() + 10_000; !(status('poisoned')?.lastError && status('deferred')?.lastError) && Date.now() < until;)
        await sleep(20);
      expect(status('poisoned')?.lastError).toMatch(/poison event b-poison/);
      expect(status('deferred')?.lastError).toMatch(/deferred check: c-bad-1 refused/);
    }
    expect(refusals).toBeGreaterThan(0); // it was batched with the others (and refused)
    expect(logs.some((m) => /loner refuses/.test(m))).toBe(false); // written again alone, never failed
    for (const n of ['a', 'b']) expect(await counts(n)).toEqual(await perStream(`${n}-`));
    expect(await counts('loner')).toEqual(await perStream('a-'));
    // The poisoned and the deferred ones stopped before their bad event: nothing after it is in their tables.
    const poisonedAt = (await readCheckpoint(db.pool, 'poisoned'))?.position;
    expect(poisonedAt && comparePositions(poisonedAt, at) < 0).toBe(true);
    expect((await counts('deferred'))['c-bad-1']).toBeUndefined();

    poisoned = false;
    await db.pool.query(
      `create or replace function wz_rm.test_s7_no_bad() returns trigger language plpgsql as $$ begin return null; end $$`,
    );
    const last = await append('a-later');
    await checkpointsReach(['a', 'b', 'loner', 'silent', 'poisoned', 'deferred'], last, 40_000, () => logs.join(' | '));
  } finally {
    await Promise.all(projectors.map((p) => p.stop()));
    await db.pool.query(`create or replace function wz_rm.test_s7_no_bad() returns trigger language plpgsql as $$
      begin
        if new.stream_id like '%-bad-%' then raise exception 'deferred check: % refused', new.stream_id; end if;
        return null;
      end $$`);
  }
  expect(await counts('poisoned')).toEqual(await perStream('b-'));
  expect(await counts('deferred')).toEqual(await perStream('c-'));
  for (const n of ['a', 'b']) expect(await counts(n)).toEqual(await perStream(`${n}-`));
  await noBackwards();
});

it('a deadlock between one projector’s page transaction and another projector’s batch ends in the fallback: every event once, every checkpoint at the head', async () => {
  // x then y in one page transaction lock k1 then k2; z alone locks k2 then k1: a cycle only when x and y share a transaction.
  await db.pool.query(`create table if not exists wz_rm.test_s7_shared (k text primary key, n int not null)`);
  await db.pool.query(`insert into wz_rm.test_s7_shared values ('k1', 0), ('k2', 0) on conflict (k) do nothing`);
  const locking = (name: string, prefix: string, keys: readonly string[]): Projection => {
    const base = counter(name, prefix);
    return {
      ...base,
      async handle(c, events, t) {
        for (const k of keys) {
          await c.query(`update wz_rm.test_s7_shared set n = n + 1 where k = $1`, [k]);
          await c.query(`select pg_sleep(0.01)`);
        }
        await base.handle(c, events, t);
      },
    };
  };
  const deadlocks = async () =>
    Number((await db.pool.query(`select deadlocks from pg_stat_database where datname = current_database()`)).rows[0].deadlocks);
  const before = await deadlocks();
  const logs: string[] = [];
  const pools = [0, 1].map(() => quietPool(8));
  const stores = pools.map((p) => new PostgresEventStore({ pool: p }));
  const projectors = [[locking('a', 'dl-x-', ['k1']), locking('b', 'dl-y-', ['k2'])], [locking('c', 'dl-z-', ['k2', 'k1'])]].map(
    (projections, k) =>
      new Projector({
        pool: pools[k],
        store: stores[k],
        projections,
        decode,
        batchSize: 100,
        minPageIntervalMs: 5,
        log: (m) => logs.push(`${k}: ${m}`),
      }),
  );
  let at: Position | undefined;
  try {
    for (const p of projectors) await p.start();
    await Promise.all(projectors.map((p) => p.waitFor(undefined, 20_000)));
    for (let burst = 0; burst < 6; burst++) {
      at = await appendConcurrently(['dl-x-', 'dl-y-', 'dl-z-'], 15, `dl${burst}`, 8);
      if ((await deadlocks()) > before) break;
    }
    await checkpointsReach(['a', 'b', 'c'], at as Position, 40_000, () => logs.join(' | '));
  } finally {
    await Promise.all(projectors.map((p) => p.stop()));
    await Promise.all(stores.map((s) => s.close()));
    await Promise.all(pools.map((p) => p.end()));
  }
  // pg_stat's counters are sent at the end of a transaction (and may lag): read them until they show.
  let seen = 0;
  for (const until = Date.now() + 3000; (seen = await deadlocks()) <= before && Date.now() < until;) await sleep(50);
  expect(seen).toBeGreaterThan(before);
  for (const [n, prefix] of [
    ['a', 'dl-x-'],
    ['b', 'dl-y-'],
    ['c', 'dl-z-'],
  ])
    expect(await counts(n)).toEqual(await perStream(prefix));
  await noBackwards();
});

it('a projection that leaves the page transaction aborted without throwing (COMMIT then rolls back silently) holds none of the others: their checkpoints reach the head', async () => {
  // On the last event it swallows a failed statement after writing its rows: its transaction is aborted, and COMMIT
  // answers ROLLBACK, no error. Slow, so it joins the shared read after the others and is written last in the page.
  const swallower: Projection = {
    ...counter('loner', 'a-'),
    async handle(c, events, t) {
      await sleep(30);
      await counter('loner', 'a-').handle(c, events, t);
      if (events.some((e) => e.recorded.streamId === 'a-swallow-last')) await c.query(`select 1/0`).catch(() => undefined);
    },
  };
  const logs: string[] = [];
  const projector = new Projector({
    pool,
    store,
    projections: [counter('a', 'a-'), counter('b', 'b-'), swallower],
    decode,
    batchSize: 200,
    minPageIntervalMs: 5,
    log: (m) => logs.push(m),
  });
  try {
    await projector.start();
    let at: Position | undefined;
    for (let i = 0; i < 5; i++) {
      at = await appendConcurrently(['b-', 'a-'], 3, `swallow${i}`, 5);
      await sleep(100);
    }
    at = await append('a-swallow-last');
    await checkpointsReach(['a', 'b'], at as Position, 10_000, () => logs.join(' | '));
  } finally {
    await projector.stop();
  }
  for (const n of ['a', 'b']) expect(await counts(n)).toEqual(await perStream(`${n}-`));
});
