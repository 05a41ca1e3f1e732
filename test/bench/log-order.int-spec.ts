import { PostgresEventStore } from '@wenzheng/event-store';
import { logEnd, logPages, orderByOccurrence } from '../../apps/bench/src/steps/log-order';
import { createTestDatabase } from '../setup/database';

// The bench puts what a seed appended in the order it happened (as a deployment's log holds it), so
// that the rebuild is measured on a log whose cases are spread over it, not on the seeder's best case.

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let store: PostgresEventStore;

beforeAll(async () => {
  db = await createTestDatabase('wz_bench_order');
  store = new PostgresEventStore({ pool: db.pool, pollIntervalMs: 50 });
  await store.migrate();
});

afterAll(async () => {
  await store?.close();
  await db?.drop();
});

const at = (day: number, hour = 0) => new Date(Date.UTC(2025, 0, day, hour)).toISOString();
const event = (stream: string, n: number, occurredAt: string) => ({
  id: `00000000-0000-4000-8000-${stream.slice(-4).padStart(4, '0')}${String(n).padStart(8, '0')}`,
  type: 'step',
  data: { n },
  metadata: { occurredAt },
});

interface Row {
  stream_id: string;
  revision: string;
  event_id: string;
  global_position: string;
  occurred: string;
}
const logRows = async () =>
  (
    await db.pool.query<Row>(
      `select stream_id, revision::text, event_id::text, global_position::text, metadata->>'occurredAt' as occurred
         from wz_es.events order by transaction_id, global_position`,
    )
  ).rows;

it('puts the events after a position in the order they happened, each stream in revision order, and leaves the rest alone', async () => {
  // Already there before the seed: two events a projection may have a checkpoint in.
  await store.appendToStream('old-0001', [event('old-0001', 0, at(20)), event('old-0001', 1, at(1))]);
  const end = await logEnd(db.pool);
  const before = await logRows();

  // A seeder's log: each stream's events together, their times interleaved between streams. Stream
  // b's second event says it happened before its first (a clock set back): it must stay after it.
  await store.appendToStream('seed-000a', [event('seed-000a', 0, at(1)), event('seed-000a', 1, at(5)), event('seed-000a', 2, at(9))]);
  await store.appendToStream('seed-000b', [event('seed-000b', 0, at(2)), event('seed-000b', 1, at(1, 5)), event('seed-000b', 2, at(6))]);
  await store.appendToStream('seed-000c', [event('seed-000c', 0, at(3)), event('seed-000c', 1, at(4)), event('seed-000c', 2, at(8))]);
  const seeded = (await logRows()).slice(before.length);

  expect(await orderByOccurrence(db.pool, end)).toBe(9);
  const after = await logRows();

  // The events before the position: the same rows at the same positions.
  expect(after.slice(0, before.length)).toEqual(before);
  const tail = after.slice(before.length);
  // The same events (ids, streams, revisions), each once, all past the old positions.
  const key = (r: Row) => `${r.stream_id}/${r.revision}/${r.event_id}`;
  expect(tail.map(key).sort()).toEqual(seeded.map(key).sort());
  expect(tail.every((r) => BigInt(r.global_position) > BigInt(end))).toBe(true);
  // In the order they happened; b's back-dated second event right after its first.
  expect(tail.map((r) => `${r.stream_id.slice(-1)}${r.revision}`)).toEqual(['a0', 'b0', 'b1', 'c0', 'c1', 'a1', 'b2', 'c2', 'a2']);
  // Each stream still reads in revision order, with nothing lost.
  for (const s of ['seed-000a', 'seed-000b', 'seed-000c'])
    expect((await store.readStream(s)).map((e) => Number(e.revision))).toEqual([0, 1, 2]);
  // A stream appended to afterwards goes on from its head.
  await store.appendToStream('seed-000a', [event('seed-000a', 3, at(30))], { expectedRevision: 2n });
  expect((await store.readStream('seed-000a')).length).toBe(4);
});

it('counts how the log falls into pages', async () => {
  const shape = await logPages(db.pool, 4);
  const rows = await logRows();
  const pages = Math.ceil(rows.length / 4);
  const pairs = new Set(rows.map((r, i) => `${Math.floor(i / 4)}:${r.stream_id}`)).size;
  expect(shape).toEqual({ pageSize: 4, pages, streamPages: pairs, streams: 4 });
});
