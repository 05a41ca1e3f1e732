import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore, StreamDeletedError, StreamNotFoundError, WrongExpectedVersionError } from '@wenzheng/event-store';
import { createTestDatabase } from '../setup/database';

/**
 * Attacks on the batched appends and whole-stream reads (issue 15: one statement per turn of the
 * event loop, append_events per stream in one transaction, a failed batch sent again one at a
 * time): each append must answer as if it had been sent alone, whatever shares its batch, and two
 * processes batching against each other must neither deadlock nor lose or double an event.
 */
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let store: PostgresEventStore;

beforeAll(async () => {
  db = await createTestDatabase('wz_pa');
  store = new PostgresEventStore({ pool: db.pool, pollIntervalMs: 50 });
  await store.migrate();
});
afterAll(async () => {
  await store.close();
  await db.drop();
});

const tick = (n: number) => ({ type: 'Tick', data: { n } });

async function revisions(streamId: string): Promise<number[]> {
  const { rows } = await db.pool.query<{ revision: string }>(`select revision from wz_es.events where stream_id = $1 order by revision`, [
    streamId,
  ]);
  return rows.map((r) => Number(r.revision));
}

it('of 20 appends to one stream at the same expected revision in one turn, one is appended and 19 get a wrong expected version', async () => {
  await store.appendToStream('pa-race', [tick(0)]);
  const outcomes = await Promise.allSettled(
    Array.from({ length: 20 }, (_, i) => store.appendToStream('pa-race', [tick(i + 1), tick(i + 100)], { expectedRevision: 0n })),
  );
  const won = outcomes.filter((o) => o.status === 'fulfilled');
  expect(won).toHaveLength(1);
  expect(won[0]).toMatchObject({ value: { nextExpectedRevision: 2n } });
  for (const o of outcomes.filter((x) => x.status === 'rejected'))
    expect((o as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersionError);
  expect(await revisions('pa-race')).toEqual([0, 1, 2]);
});

it('one append of a batch that raises (an event id already in its stream) fails alone; the others are appended once', async () => {
  const taken = randomUUID();
  await store.appendToStream('pa-poison', [{ id: taken, type: 'Tick', data: {} }]);
  await store.appendToStream('pa-tomb', [tick(0)]);
  await store.tombstoneStream('pa-tomb');
  await store.appendToStream('pa-ok', [tick(0)]);
  const outcomes = await Promise.allSettled([
    store.appendToStream('pa-ok', [tick(1)], { expectedRevision: 0n }),
    // A new id first (no idempotent replay), then one the stream already has: a unique violation.
    store.appendToStream('pa-poison', [
      { id: randomUUID(), type: 'Tick', data: {} },
      { id: taken, type: 'Tick', data: {} },
    ]),
    store.appendToStream('pa-tomb', [tick(1)]),
    store.appendToStream('pa-fresh', [tick(0)], { expectedRevision: 'no_stream' }),
    // Behind the first of this batch, on the same stream: stale once the first is in.
    store.appendToStream('pa-ok', [tick(2)], { expectedRevision: 0n }),
  ]);
  // The batch failed, so its appends went again one at a time, together: either of the two on pa-ok may win.
  const onOk = [outcomes[0], outcomes[4]];
  expect(onOk.filter((o) => o.status === 'fulfilled')).toEqual([
    { status: 'fulfilled', value: expect.objectContaining({ nextExpectedRevision: 1n }) },
  ]);
  expect(onOk.filter((o) => o.status === 'rejected')).toEqual([{ status: 'rejected', reason: expect.any(WrongExpectedVersionError) }]);
  expect(outcomes[1].status).toBe('rejected');
  expect((outcomes[1] as PromiseRejectedResult).reason).not.toBeInstanceOf(WrongExpectedVersionError);
  expect(outcomes[2]).toMatchObject({ status: 'rejected', reason: expect.any(StreamDeletedError) });
  expect(outcomes[3]).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 0n } });
  expect(await revisions('pa-ok')).toEqual([0, 1]);
  expect(await revisions('pa-poison')).toEqual([0]);
  expect(await revisions('pa-fresh')).toEqual([0]);
  expect(await revisions('pa-tomb')).toEqual([0]);
});

it('whole-stream reads batched with missing, deleted and tombstoned streams each get their own answer', async () => {
  const ids = Array.from({ length: 12 }, (_, i) => `pa-read-${i}`);
  for (const [i, id] of ids.entries()) {
    if (i % 4 === 3) continue; // never written
    await store.appendToStream(
      id,
      Array.from({ length: i + 1 }, (_, n) => tick(n)),
    );
    if (i % 4 === 1) await store.deleteStream(id);
    if (i % 4 === 2) await store.tombstoneStream(id);
  }
  // Each stream asked for several times, interleaved, in one turn.
  const asked = [...ids, ...[...ids].reverse(), ...ids];
  const reads = await Promise.allSettled(asked.map((id) => store.readStream(id)));
  reads.forEach((r, k) => {
    const i = ids.indexOf(asked[k]);
    if (i % 4 === 0) {
      expect(r.status).toBe('fulfilled');
      const events = (r as PromiseFulfilledResult<Awaited<ReturnType<typeof store.readStream>>>).value;
      expect(events.map((e) => `${e.streamId}:${e.revision}`)).toEqual(Array.from({ length: i + 1 }, (_, n) => `${asked[k]}:${n}`));
    } else if (i % 4 === 2) expect(r).toMatchObject({ status: 'rejected', reason: expect.any(StreamDeletedError) });
    else expect(r).toMatchObject({ status: 'rejected', reason: expect.any(StreamNotFoundError) });
  });
});

it('two processes batching appends to overlapping streams against each other lose, double and deadlock nothing', async () => {
  // A second API process: its own pool and store, batching on its own.
  const other = new Pool({ connectionString: db.url, max: 10 });
  const second = new PostgresEventStore({ pool: other, disableNotify: true });
  try {
    const streams = Array.from({ length: 6 }, (_, i) => `pa-scale-${i}`);
    const appended = new Map<string, string[]>(streams.map((s) => [s, []]));
    const failures: unknown[] = [];
    // Each process, each round: every stream once, in opposite orders, half by exact revision (read first, as a command does).
    const round = async (s: PostgresEventStore, order: readonly string[], r: number) =>
      Promise.all(
        order.map(async (streamId, k) => {
          const id = randomUUID();
          try {
            if ((r + k) % 2) {
              await s.appendToStream(streamId, [{ id, type: 'Tick', data: { r } }]);
            } else {
              let head: bigint | 'no_stream' = 'no_stream';
              try {
                const events = await s.readStream(streamId);
                head = events[events.length - 1].revision;
              } catch (e) {
                if (!(e instanceof StreamNotFoundError)) throw e;
              }
              await s.appendToStream(streamId, [{ id, type: 'Tick', data: { r } }], { expectedRevision: head });
            }
            appended.get(streamId)?.push(id);
          } catch (e) {
            if (!(e instanceof WrongExpectedVersionError)) failures.push(e);
          }
        }),
      );
    for (let r = 0; r < 15; r++) await Promise.all([round(store, streams, r), round(second, [...streams].reverse(), r)]);
    expect(failures).toEqual([]);
    for (const s of streams) {
      const { rows } = await db.pool.query<{ revision: string; event_id: string }>(
        `select revision, event_id from wz_es.events where stream_id = $1 order by revision`,
        [s],
      );
      // Contiguous revisions, each acknowledged event there exactly once, nothing unacknowledged.
      expect(rows.map((x) => Number(x.revision))).toEqual(rows.map((_, i) => i));
      expect(rows.map((x) => x.event_id).sort()).toEqual([...(appended.get(s) ?? [])].sort());
    }
    // The global order reads every event once, each stream's in revision order.
    const all = await store.readAll();
    const mine = all.filter((e) => e.streamId.startsWith('pa-scale-'));
    expect(new Set(mine.map((e) => e.id)).size).toBe(mine.length);
    expect(mine).toHaveLength([...appended.values()].reduce((n, ids) => n + ids.length, 0));
    const last = new Map<string, bigint>();
    for (const e of mine) {
      expect(e.revision).toBe((last.get(e.streamId) ?? -1n) + 1n);
      last.set(e.streamId, e.revision);
    }
  } finally {
    await second.close();
    await other.end();
  }
});

it("an append that waits for a stream's lock inside a batch never puts that stream's events out of revision order in the log", async () => {
  for (const s of ['pa-order-a', 'pa-order-m', 'pa-order-s']) await store.appendToStream(s, [tick(0)]);
  const held = await db.pool.connect();
  try {
    // Another transaction holds the middle stream a moment (a delete, another process's append).
    await held.query('begin');
    await held.query(`select 1 from wz_es.streams where stream_id = 'pa-order-m' for update`);
    // Three appends in one turn, at whatever revision: they wait behind the middle stream.
    const batch = Promise.allSettled(['pa-order-a', 'pa-order-m', 'pa-order-s'].map((s) => store.appendToStream(s, [tick(1)])));
    for (let i = 0; i < 200; i++) {
      const { rows } = await held.query(
        `select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like '%append_events%' and pid <> pg_backend_pid()`,
      );
      if (rows[0].n > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    // Meanwhile another append to the last stream commits.
    await store.appendToStream('pa-order-s', [tick(2)]);
    await held.query('commit');
    expect((await batch).map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
  } finally {
    await held.query('rollback').catch(() => undefined);
    held.release();
  }
  // Subscribers (the projector) read the log in this order and skip a revision below one applied.
  const inLog = (await store.readAll()).filter((e) => e.streamId === 'pa-order-s').map((e) => e.revision);
  expect(inLog).toEqual([0n, 1n, 2n]);
});
