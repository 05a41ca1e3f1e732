import { PostgresEventStore, RecordedEvent } from '@wenzheng/event-store';
import { ProjectedEvent, Projection, Projector, ensureProjectorSchema, rebuildProjection } from '@wenzheng/projector';
import { createTestDatabase } from '../setup/database';

// A Decoder gives its event at once or as a promise, and a promise need not be this realm's
// Promise: a Node core promise under Jest's vm is not, nor is a promise library's. The rebuild and
// the live projector await anything with a `then`, and take the rest as the event itself.

/** A promise-like that is no `Promise`: a promise library's, or another realm's. */
const foreign = <T>(p: Promise<T>): PromiseLike<T> => ({ then: (ok, fail) => p.then(ok, fail) });

/** Decodes each of the three ways, by the event's data: at once, as a Promise, as a foreign thenable. */
const decode = (r: RecordedEvent): ProjectedEvent | PromiseLike<ProjectedEvent> => {
  const event = { type: r.type, data: r.data, recorded: r };
  const how = (r.data as { how: string }).how;
  return how === 'at once' ? event : how === 'promise' ? Promise.resolve(event) : foreign(Promise.resolve(event));
};

/** Writes each event's type and `how` as its projection received them. */
const recorder = (name: string): Projection => ({
  name,
  version: 1,
  tables: [`${name}_seen`],
  filter: { streamPrefixes: ['dec-'] },
  async createTables(c, t) {
    await c.query(`create table ${t[`${name}_seen`]} (stream_id text primary key, type text, how text)`);
  },
  async handle(c, events, t) {
    for (const e of events)
      await c.query(`insert into ${t[`${name}_seen`]} (stream_id, type, how) values ($1, $2, $3)`, [
        e.recorded.streamId,
        e.type ?? null,
        (e.data as { how?: string } | undefined)?.how ?? null,
      ]);
  },
});

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let store: PostgresEventStore;
const HOWS = ['at once', 'promise', 'foreign thenable'];
const expected = HOWS.map((how, i) => ({ stream_id: `dec-${i}`, type: 'Decoded', how }));
const seen = async (table: string) =>
  (await db.pool.query(`select stream_id, type, how from wz_rm.${table} order by stream_id`)).rows as Array<Record<string, string>>;

beforeAll(async () => {
  db = await createTestDatabase('wz_decoder_results');
  store = new PostgresEventStore({ pool: db.pool, pollIntervalMs: 50 });
  await store.migrate();
  await ensureProjectorSchema(db.pool);
  for (const [i, how] of HOWS.entries()) await store.appendToStream(`dec-${i}`, [{ type: 'Decoded', data: { how } }]);
});
afterAll(async () => {
  await store.close();
  await db.drop();
});

it('a rebuild takes an event decoded at once, as a Promise, or as another thenable', async () => {
  const result = await rebuildProjection(recorder('dec_rebuilt'), { pool: db.pool, store, decode });
  expect(result.swapped).toBe(true);
  expect(await seen('dec_rebuilt_seen')).toEqual(expected);
});

it('the live projector takes each of them too, and a rejected thenable fails only the projection that wants the event', async () => {
  let broken = true;
  const decodeOrFail = (r: RecordedEvent) =>
    broken && r.streamId === 'other-broken' ? foreign(Promise.reject(new Error(`undecodable ${r.streamId}`))) : decode(r);
  const other = { ...recorder('dec_other'), filter: { streamPrefixes: ['other-'] } };
  const projector = new Projector({ pool: db.pool, store, projections: [recorder('dec_live'), other], decode: decodeOrFail });
  await projector.start();
  try {
    await store.appendToStream('other-broken', [{ type: 'Decoded', data: { how: 'foreign thenable' } }]);
    await store.appendToStream('dec-zz', [{ type: 'Decoded', data: { how: 'at once' } }]);
    // the broken projection never gets past other-broken: wait for this one's rows (a liveness bound, not a speed one)
    for (const until = Date.now() + 25_000; (await seen('dec_live_seen')).length < 4 && Date.now() < until;)
      await new Promise((r) => setTimeout(r, 20));
    const live = await seen('dec_live_seen');
    expect(live).toEqual([...expected, { stream_id: 'dec-zz', type: 'Decoded', how: 'at once' }]);
    const state = (name: string) => projector.status().find((s) => s.name === name);
    for (const until = Date.now() + 5_000; !state('dec_other')?.lastError && Date.now() < until;)
      await new Promise((r) => setTimeout(r, 20));
    expect(state('dec_other')?.lastError).toMatch(/undecodable other-broken/);
    expect(state('dec_live')?.lastError).toBeUndefined();

    broken = false;
    await projector.waitFor((await store.appendToStream('other-later', [{ type: 'Decoded', data: { how: 'promise' } }])).position, 20_000);
    expect((await seen('dec_other_seen')).map((r) => r.stream_id)).toEqual(['other-broken', 'other-later']);
  } finally {
    await projector.stop();
  }
});
