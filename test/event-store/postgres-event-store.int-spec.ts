import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { PostgresEventStore, RecordedEvent, WrongExpectedVersionError, comparePositions } from '@wenzheng/event-store';
import { collect, describeEventStoreContract, eventsOf, ev, uniqueStream } from '../../libs/event-store/src/testing/contract';
import { createTestDatabase } from '../setup/database';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let store: PostgresEventStore;

beforeAll(async () => {
  db = await createTestDatabase('wz_es');
  store = new PostgresEventStore({ pool: db.pool, pollIntervalMs: 100 });
  await store.migrate();
  await store.migrate(); // applying twice is a no-op
});
afterAll(async () => {
  await store.close();
  await db.drop();
});

describeEventStoreContract('postgresql', () => store);

describe('PostgreSQL engine under concurrency', () => {
  it('late commit: a transaction that took an earlier position but commits later is not skipped, and the order is stable', async () => {
    const prefix = `late${randomUUID().slice(0, 8)}-`;
    const slow = `${prefix}slow`;
    const fast = `${prefix}fast`;
    const seen: RecordedEvent[] = [];
    const sub = store.subscribeToAll({ filter: { streamPrefixes: [prefix] } });
    const reading = (async () => {
      for await (const m of sub) {
        if (m.kind === 'event') seen.push(m.event);
        if (seen.length >= 2) break;
      }
    })();

    // The slow writer takes its global position first and holds its transaction open.
    const slowClient = await db.pool.connect();
    await slowClient.query('begin');
    await slowClient.query(`select * from wz_es.append_events($1, -2, $2::uuid[], $3::text[], $4::jsonb[], $5::jsonb[])`, [
      slow,
      [randomUUID()],
      ['Slow'],
      ['{}'],
      ['{}'],
    ]);
    const {
      rows: [slowRow],
    } = await slowClient.query(`select global_position from wz_es.events where stream_id = $1`, [slow]);

    // A later writer commits first with a higher global position.
    await store.appendToStream(fast, [ev('Fast')]);
    const {
      rows: [fastRow],
    } = await db.pool.query(`select global_position from wz_es.events where stream_id = $1`, [fast]);
    expect(BigInt(fastRow.global_position)).toBeGreaterThan(BigInt(slowRow.global_position));

    // While the slow transaction is open, the subscriber must not move past it.
    await new Promise((r) => setTimeout(r, 400));
    expect(seen).toHaveLength(0);

    await slowClient.query('commit');
    slowClient.release();
    await reading;
    await sub.close();
    expect(seen.map((e) => e.type)).toEqual(['Slow', 'Fast']);

    // Reading all again gives the same order and positions.
    const again = (await store.readAll()).filter((e) => e.streamId.startsWith(prefix));
    expect(again.map((e) => e.id)).toEqual(seen.map((e) => e.id));
    expect(comparePositions(again[0].position, again[1].position)).toBe(-1);
  });

  it('late commit after a rollback: an aborted transaction leaves no hole the subscriber waits on', async () => {
    const prefix = `abort${randomUUID().slice(0, 8)}-`;
    const c = await db.pool.connect();
    await c.query('begin');
    await c.query(`select * from wz_es.append_events($1, -2, $2::uuid[], $3::text[], $4::jsonb[], $5::jsonb[])`, [
      `${prefix}x`,
      [randomUUID()],
      ['Aborted'],
      ['{}'],
      ['{}'],
    ]);
    await store.appendToStream(`${prefix}y`, [ev('Kept')]);
    await c.query('rollback');
    c.release();
    const msgs = await collect(store, { filter: { streamPrefixes: [prefix] } }, (ms) => eventsOf(ms).length >= 1);
    expect(eventsOf(msgs).map((e) => e.type)).toEqual(['Kept']);
  });

  it('includeHeldBack: a lookup reads an event committed while an older transaction is open; the ordered reads still hold it back', async () => {
    const prefix = `held${randomUUID().slice(0, 8)}-`;
    const [before] = await store.readAll({ direction: 'backwards', maxCount: 1 });
    const held = await db.pool.connect();
    try {
      await held.query('begin');
      await held.query('select txid_current()'); // a transaction id older than the append's
      await store.appendToStream(`${prefix}a`, [ev('Committed')]);
      const mine = (es: RecordedEvent[]) => es.filter((e) => e.streamId.startsWith(prefix)).map((e) => e.type);
      const from = before?.position ?? 'start';

      expect(mine(await store.readAll({ fromPosition: from }))).toEqual([]);
      expect(mine(await store.readAll({ direction: 'backwards', maxCount: 1 }))).toEqual([]);
      expect(mine(await store.readAll({ fromPosition: from, includeHeldBack: true }))).toEqual(['Committed']);
      expect(mine(await store.readAll({ fromPosition: from, includeHeldBack: true, filter: { streamPrefixes: [prefix] } }))).toEqual([
        'Committed',
      ]);
      expect(mine(await store.readAll({ direction: 'backwards', maxCount: 1, includeHeldBack: true }))).toEqual(['Committed']);
      await held.query('commit');
      expect(mine(await store.readAll({ fromPosition: from }))).toEqual(['Committed']);
    } finally {
      await held.query('rollback'); // a no-op once committed
      held.release();
    }
  });

  it('many writers racing on one stream: exactly one wins each revision, the rest get WrongExpectedVersion', async () => {
    const s = uniqueStream('race');
    await store.appendToStream(s, [ev('Start')], { expectedRevision: 'no_stream' });
    const pool = new Pool({ connectionString: db.url, max: 20 });
    const racer = new PostgresEventStore({ pool });
    try {
      for (let round = 0; round < 5; round++) {
        const expected = BigInt(round);
        const results = await Promise.allSettled(
          Array.from({ length: 20 }, (_, i) => racer.appendToStream(s, [ev('Move', { round, writer: i })], { expectedRevision: expected })),
        );
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(19);
        for (const l of lost) {
          expect(l.reason).toBeInstanceOf(WrongExpectedVersionError);
          expect((l.reason as WrongExpectedVersionError).actualRevision).toBe(expected + 1n);
        }
      }
      const events = await store.readStream(s);
      expect(events.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n, 5n]);
      // a losing writer takes no global position: the winners' positions have no gaps from losers
      const { rows } = await db.pool.query(`select count(*)::int as n from wz_es.events where stream_id = $1`, [s]);
      expect(rows[0].n).toBe(6);
    } finally {
      await racer.close();
      await pool.end();
    }
  });

  it('50 writers on 50 streams: every event is read back exactly once, by readAll and by a subscription', async () => {
    const prefix = `fifty${randomUUID().slice(0, 8)}-`;
    const perStream = 20;
    const pool = new Pool({ connectionString: db.url, max: 50 });
    const writers = new PostgresEventStore({ pool });
    const expectedIds = new Set<string>();
    const subscription = collect(store, { filter: { streamPrefixes: [prefix] } }, (ms) => eventsOf(ms).length >= 50 * perStream, 60_000);
    try {
      await Promise.all(
        Array.from({ length: 50 }, async (_, w) => {
          const stream = `${prefix}${w}`;
          for (let i = 0; i < perStream; i++) {
            const e = ev('Written', { w, i });
            expectedIds.add(e.id);
            await writers.appendToStream(stream, [e], { expectedRevision: i === 0 ? 'no_stream' : BigInt(i - 1) });
          }
        }),
      );
      const all = (await store.readAll()).filter((e) => e.streamId.startsWith(prefix));
      expect(all).toHaveLength(50 * perStream);
      expect(new Set(all.map((e) => e.id))).toEqual(expectedIds);
      const subscribed = eventsOf(await subscription);
      expect(subscribed).toHaveLength(50 * perStream);
      expect(new Set(subscribed.map((e) => e.id))).toEqual(expectedIds);
      for (let i = 1; i < subscribed.length; i++) expect(comparePositions(subscribed[i - 1].position, subscribed[i].position)).toBe(-1);
      for (let w = 0; w < 50; w++) {
        const revs = (await store.readStream(`${prefix}${w}`)).map((e) => Number(e.revision));
        expect(revs).toEqual(Array.from({ length: perStream }, (_, i) => i));
      }
    } finally {
      await writers.close();
      await pool.end();
    }
  });
});

describe('PostgreSQL engine: appends of one turn in one statement', () => {
  it('appends of different sizes, new streams and existing ones, each get exactly their own events in order', async () => {
    const existing = uniqueStream('batch-sizes');
    await store.appendToStream(existing, [ev('Before', { i: 0 }), ev('Before', { i: 1 })], { expectedRevision: 'no_stream' });
    const plan = [
      { stream: uniqueStream('batch-sizes'), n: 3, expected: 'no_stream' as const },
      { stream: existing, n: 2, expected: 1n },
      { stream: uniqueStream('batch-sizes'), n: 1, expected: 'no_stream' as const },
      { stream: uniqueStream('batch-sizes'), n: 5, expected: 'any' as const },
      { stream: uniqueStream('batch-sizes'), n: 2, expected: 'no_stream' as const },
    ];
    const sent = plan.map(({ stream, n }) => Array.from({ length: n }, (_, i) => ev('Batched', { stream, i })));
    const batches: unknown[][] = [];
    const query = db.pool.query.bind(db.pool);
    const spy = jest.spyOn(db.pool, 'query').mockImplementation(((config: unknown, ...rest: unknown[]) => {
      const { text, values } = config as { text?: string; values?: unknown[] };
      if (text?.includes('append_events(u.stream_id')) batches.push(values?.[0] as unknown[]);
      return (query as (...a: unknown[]) => unknown)(config, ...rest);
    }) as typeof db.pool.query);
    let results;
    try {
      // The first append of a turn goes at once; those behind it go together once it is answered.
      const first = store.appendToStream(uniqueStream('batch-sizes'), [ev('First')], { expectedRevision: 'no_stream' });
      results = await Promise.all(
        plan.map(({ stream, expected }, k) => store.appendToStream(stream, sent[k], { expectedRevision: expected })),
      );
      await first;
    } finally {
      spy.mockRestore();
    }
    // However the turn was cut, one statement carried most of them (appends of 1, 2, 3 or 5 events side by side).
    expect(Math.max(...batches.map((streams) => plan.filter((p) => streams.includes(p.stream)).length))).toBeGreaterThanOrEqual(4);
    expect(results.map((r) => r.nextExpectedRevision)).toEqual([2n, 3n, 0n, 4n, 1n]);
    for (const [k, { stream }] of plan.entries()) {
      const read = await store.readStream(stream);
      const own = stream === existing ? read.slice(2) : read;
      expect(own.map((e) => e.id)).toEqual(sent[k].map((e) => e.id));
      expect(own.map((e) => e.data)).toEqual(sent[k].map((e) => e.data));
      expect(own.map((e) => Number(e.revision))).toEqual(sent[k].map((_, i) => i + (stream === existing ? 2 : 0)));
    }
  });
});

describe('PostgreSQL engine: reading the log without metadata', () => {
  it('withoutMetadata reads the same events with empty metadata (a rebuild parses none of it)', async () => {
    const stream = uniqueStream('nometa');
    await store.appendToStream(stream, [ev('A', { n: 1 }), ev('B', { n: 2 })]);
    const [first] = await store.readStream(stream);
    const read = (withoutMetadata: boolean) =>
      store.readAll({ fromPosition: first.position, maxCount: 2, withoutMetadata, filter: { streamPrefixes: [stream] } });
    const full = await read(false);
    const bare = await read(true);
    expect(full.map((e) => e.metadata.test)).toEqual([true, true]);
    expect(bare.map((e) => e.metadata)).toEqual([{}, {}]);
    const withoutIt = (events: RecordedEvent[]) => events.map((e) => ({ ...e, metadata: undefined }));
    expect(withoutIt(bare)).toEqual(withoutIt(full));
  });
});

describe("PostgreSQL engine: the log's order across a power of ten of transaction ids", () => {
  it('readAll reads transaction 9999 before 10000 (the ids sorted as numbers, never as their text)', async () => {
    const stream = uniqueStream('xid');
    const id = () => randomUUID();
    // Written as by transactions 9999 and 10000 (this server's own ids may not have reached them: read with includeHeldBack).
    await db.pool.query(
      `insert into wz_es.events (transaction_id, stream_id, revision, event_id, type, data, metadata)
       values ('10000', $1, 1, $2, 'Later', '{}', '{}'), ('9999', $1, 0, $3, 'Earlier', '{}', '{}')`,
      [stream, id(), id()],
    );
    const from = { commit: 9998n, prepare: 0n };
    const read = (maxCount: number) =>
      store.readAll({ fromPosition: from, maxCount, filter: { streamPrefixes: [stream] }, includeHeldBack: true });
    expect((await read(2)).map((e) => e.type)).toEqual(['Earlier', 'Later']);
    expect((await read(1)).map((e) => e.type)).toEqual(['Earlier']);
    // Ids this server's own transactions may reach later: not left for the tests after.
    await db.pool.query('delete from wz_es.events where stream_id = $1', [stream]);
  });
});

describe("PostgreSQL engine: the log's reads give an event's time as pg's own parser does", () => {
  it('readAll and readLogByStream (microseconds since the epoch) agree with readStream (the timestamptz parsed) to the millisecond, from 1800 to 9999', async () => {
    const stream = uniqueStream('created');
    const n = 400;
    await store.appendToStream(
      stream,
      Array.from({ length: n }, (_, i) => ev('T', { i })),
    );
    // Times a float could round across a millisecond: whole milliseconds, .999 µs, one µs past, before 1970, far ahead.
    const fixed = [
      '2025-03-01 12:00:00.124+00',
      '2025-03-01 12:00:00.123999+00',
      '2025-03-01 12:00:00.000001+00',
      '1969-12-31 23:59:59.9995+00',
      '1900-01-01 00:00:00.0015+00',
      '2099-12-31 23:59:59.999999+00',
      // Beyond 2^32 s of 1970, where a float8 of seconds no longer holds the microsecond:
      '2250-01-01 00:00:00.001+00',
      '2250-01-01 00:00:00.005+00',
      '2300-01-01 00:00:00.999999+00',
      '9999-12-31 23:59:59.999999+00',
      '1800-06-01 00:00:00.000999+00',
    ];
    await db.pool.query(
      `update wz_es.events e set created_at = coalesce(($2::text[])[e.revision + 1]::timestamptz,
          timestamptz '1950-01-01' + make_interval(secs => ((e.revision * 7919 + 13) % 9000000) * 1000 + ((e.revision * 104729) % 1000000) / 1e6))
        where stream_id = $1`,
      [stream, fixed],
    );
    const byStream = await store.readStream(stream);
    const [first] = byStream;
    const all = await store.readAll({ fromPosition: first.position, maxCount: n, filter: { streamPrefixes: [stream] } });
    const head = all[all.length - 1].position;
    const walked: RecordedEvent[] = [];
    for (let after: { streamId: string; revision: bigint } | undefined; ;) {
      const page = await store.readLogByStream({ upTo: head, after, maxCount: 1000 });
      if (!page.length) break;
      walked.push(...page.filter((e) => e.streamId === stream));
      const last = page[page.length - 1];
      after = { streamId: last.streamId, revision: last.revision };
    }
    const ms = (events: RecordedEvent[]) => events.map((e) => e.created.getTime());
    expect(ms(byStream).slice(0, fixed.length)).toEqual(fixed.map((t) => Math.floor(Date.parse(t.replace(' ', 'T').replace('+00', 'Z')))));
    expect(ms(all)).toEqual(ms(byStream));
    expect(ms(walked)).toEqual(ms(byStream));
  });
});

describe("PostgreSQL engine: the log's times whatever the session's extra_float_digits", () => {
  // An attacking helper's finding: at extra_float_digits 0 or below PostgreSQL sends a float8 with 15
  // significant digits, so seconds since 1970 kept only five for the fraction (5 µs off).
  it('readAll and readLogByStream give the time readStream gives on a session with extra_float_digits 0', async () => {
    const pool = new Pool({ connectionString: db.url, max: 2, options: '-c extra_float_digits=0' });
    const digits0 = new PostgresEventStore({ pool });
    try {
      const stream = uniqueStream('digits');
      await digits0.appendToStream(stream, [ev('T'), ev('T')]);
      await db.pool.query(
        `update wz_es.events set created_at = case revision when 0 then timestamptz '2025-03-01 12:00:00.999996+00'
           else timestamptz '1969-12-31 23:59:59.999996+00' end where stream_id = $1`,
        [stream],
      );
      const byStream = await digits0.readStream(stream);
      expect(byStream.map((e) => e.created.toISOString())).toEqual(['2025-03-01T12:00:00.999Z', '1969-12-31T23:59:59.999Z']);
      const logged = await digits0.readAll({ fromPosition: byStream[0].position, maxCount: 2, includeHeldBack: true });
      const walked = await digits0.readLogByStream({ upTo: byStream[1].position, after: { streamId: stream, revision: -1n }, maxCount: 2 });
      expect(logged.filter((e) => e.streamId === stream).map((e) => e.created.toISOString())).toEqual(
        byStream.map((e) => e.created.toISOString()),
      );
      expect(walked.filter((e) => e.streamId === stream).map((e) => e.created.toISOString())).toEqual(
        byStream.map((e) => e.created.toISOString()),
      );
    } finally {
      await digits0.close();
      await pool.end();
    }
  });
});

describe('PostgreSQL engine: notifications outside the appending transaction', () => {
  it('an append commits without a NOTIFY of its own (no global notify lock held through its commit)', async () => {
    const listener = new Client({ connectionString: db.url });
    await listener.connect();
    const payloads: string[] = [];
    let sawMarker: () => void = () => undefined;
    const marker = new Promise<void>((resolve) => (sawMarker = resolve));
    listener.on('notification', (n) => {
      if (n.payload === 'marker') sawMarker();
      else payloads.push(n.payload ?? '');
    });
    await listener.query('listen wz_es_appended');
    try {
      const c = await db.pool.connect();
      await c.query('begin');
      await c.query(`select * from wz_es.append_events($1, -2, $2::uuid[], $3::text[], $4::jsonb[], $5::jsonb[])`, [
        uniqueStream('notify'),
        [randomUUID()],
        ['Quiet'],
        ['{}'],
        ['{}'],
      ]);
      await c.query('commit');
      c.release();
      // Notifications arrive in commit order: once the marker sent after it is here, the append's would be too.
      await db.pool.query(`select pg_notify('wz_es_appended', 'marker')`);
      await marker;
      expect(payloads).toEqual([]);
    } finally {
      await listener.end();
    }
  });

  it("another process's subscriber is woken by the store's NOTIFY, not by polling", async () => {
    const pool = new Pool({ connectionString: db.url, max: 2 });
    const other = new PostgresEventStore({ pool, pollIntervalMs: 600_000 });
    const prefix = `woken${randomUUID().slice(0, 8)}-`;
    const sub = other.subscribeToAll({ filter: { streamPrefixes: [prefix] } });
    try {
      const seen: RecordedEvent[] = [];
      for await (const m of sub) {
        // Appended once the subscriber has caught up and sleeps for its (ten-minute) poll interval.
        if (m.kind === 'caughtUp') await store.appendToStream(`${prefix}a`, [ev('Woken')]);
        if (m.kind === 'event') seen.push(m.event);
        if (seen.length) break;
      }
      expect(seen.map((e) => e.type)).toEqual(['Woken']);
    } finally {
      await sub.close();
      await other.close();
      await pool.end();
    }
  });
});

describe('PostgreSQL engine, wake-ups', () => {
  it('an append that commits while a subscription is reading is delivered at once, not after a poll interval', async () => {
    // The subscription's read of the log is held after it ran (so it cannot have seen the second
    // append); the second append's wake-up comes while it is held. Poll interval: a minute.
    const pool = new Pool({ connectionString: db.url, max: 4 });
    let hold: Promise<void> | undefined;
    let held: (() => void) | undefined;
    const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
    (pool as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = async (...args: unknown[]) => {
      const r = await query(...args);
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
      if (hold && text && /from\s+\S+\.events\b/.test(text) && /order by/.test(text)) {
        const h = hold;
        hold = undefined;
        held?.();
        await h;
      }
      return r;
    };
    const slowPoller = new PostgresEventStore({ pool, pollIntervalMs: 60_000 });
    const prefix = `wake${randomUUID().slice(0, 8)}-`;
    const seen: string[] = [];
    const sub = slowPoller.subscribeToAll({ filter: { streamPrefixes: [prefix] } });
    const reading = (async () => {
      for await (const m of sub) {
        if (m.kind === 'event') seen.push(m.event.streamId);
        if (seen.length >= 2) break;
      }
    })();
    try {
      await new Promise((r) => setTimeout(r, 300)); // caught up, asleep
      let release!: () => void;
      hold = new Promise<void>((r) => (release = r));
      const reached = new Promise<void>((r) => (held = r));
      await slowPoller.appendToStream(`${prefix}1`, [ev('First')]); // wakes it: its read is held
      await reached;
      await slowPoller.appendToStream(`${prefix}2`, [ev('Second')]);
      await new Promise((r) => setTimeout(r, 200)); // its wake-up (gathered, at most 50 ms later) comes while the read is held
      release();
      const until = Date.now() + 5_000;
      while (seen.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect(seen).toEqual([`${prefix}1`, `${prefix}2`]);
    } finally {
      await sub.close();
      await reading.catch(() => undefined);
      await slowPoller.close();
      await pool.end();
    }
  });
});

describe('PostgreSQL engine: a stream read unless it is still at a known range (readStreamUnlessAt)', () => {
  const range = (events: readonly RecordedEvent[]) => ({
    firstRevision: events[0].revision,
    lastRevision: events[events.length - 1].revision,
  });

  it('says unchanged only while the stream still starts and ends where the caller read it; otherwise gives it whole, as readStream does', async () => {
    const s = uniqueStream('unless');
    await store.appendToStream(s, [ev('A'), ev('B')], { expectedRevision: 'no_stream' });
    const first = await store.readStream(s);
    expect(await store.readStreamUnlessAt(s, range(first))).toBe('unchanged');

    // Appended to since: the whole stream, not only what came after.
    await store.appendToStream(s, [ev('C')], { expectedRevision: 1n });
    const after = await store.readStreamUnlessAt(s, range(first));
    expect(after).not.toBe('unchanged');
    expect((after as RecordedEvent[]).map((e) => [e.type, e.revision])).toEqual([
      ['A', 0n],
      ['B', 1n],
      ['C', 2n],
    ]);
    expect(after).toEqual(await store.readStream(s));
    // A range it never had, or one that started elsewhere.
    expect(await store.readStreamUnlessAt(s, { firstRevision: 0n, lastRevision: 5n })).toEqual(await store.readStream(s));
    expect(await store.readStreamUnlessAt(s, { firstRevision: 1n, lastRevision: 2n })).toEqual(await store.readStream(s));
    expect(await store.readStreamUnlessAt(s, { firstRevision: 0n, lastRevision: 2n })).toBe('unchanged');
  });

  it('a soft delete and a stream written again are a change, though the last revision may be the one known', async () => {
    const s = uniqueStream('unless-deleted');
    await store.appendToStream(s, [ev('A'), ev('B')], { expectedRevision: 'no_stream' });
    const known = range(await store.readStream(s));
    await store.deleteStream(s);
    await expect(store.readStreamUnlessAt(s, known)).rejects.toMatchObject({ name: 'StreamNotFoundError' });
    await store.appendToStream(s, [ev('C')], { expectedRevision: 'any' });
    const again = await store.readStreamUnlessAt(s, known);
    expect((again as RecordedEvent[]).map((e) => e.type)).toEqual(['C']);
    // Started again at revision 2: a caller that knew 0–1, or 0–2, is told what is there now.
    expect(await store.readStreamUnlessAt(s, { firstRevision: 0n, lastRevision: 2n })).toEqual(await store.readStream(s));
    expect(await store.readStreamUnlessAt(s, range(again as RecordedEvent[]))).toBe('unchanged');
  });

  it('a tombstoned or missing stream fails as readStream fails, whatever range is known', async () => {
    const s = uniqueStream('unless-tombstoned');
    await store.appendToStream(s, [ev('A')], { expectedRevision: 'no_stream' });
    const known = range(await store.readStream(s));
    await store.tombstoneStream(s);
    await expect(store.readStreamUnlessAt(s, known)).rejects.toMatchObject({ name: 'StreamDeletedError' });
    await expect(store.readStreamUnlessAt(uniqueStream('unless-missing'), known)).rejects.toMatchObject({ name: 'StreamNotFoundError' });
  });

  it('reads of one turn, with and without a known range, share one statement and each gets its own answer', async () => {
    const streams = [uniqueStream('unless-batch'), uniqueStream('unless-batch'), uniqueStream('unless-batch')];
    for (const s of streams) await store.appendToStream(s, [ev('A'), ev('B')], { expectedRevision: 'no_stream' });
    const known = range(await store.readStream(streams[0]));
    await store.appendToStream(streams[1], [ev('C')], { expectedRevision: 1n });
    const [unchanged, changed, whole, missing] = await Promise.all([
      store.readStreamUnlessAt(streams[0], known),
      store.readStreamUnlessAt(streams[1], known),
      store.readStream(streams[2]),
      store.readStreamUnlessAt(uniqueStream('unless-batch-missing'), known).catch((e: Error) => e.name),
    ]);
    expect(unchanged).toBe('unchanged');
    expect((changed as RecordedEvent[]).map((e) => e.type)).toEqual(['A', 'B', 'C']);
    expect(whole.map((e) => e.type)).toEqual(['A', 'B']);
    expect(missing).toBe('StreamNotFoundError');
  });
});
