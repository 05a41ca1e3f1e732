import { Pool } from 'pg';
import type { QueryRunner } from 'typeorm';
import type { AppConfig } from '@wenzheng/platform';
import { PostgresEventStore, prepared, usePreparedStatements } from '@wenzheng/event-store';
import { IdempotencyKeys1795505000000 } from '../../libs/read-models/src/migrations/1795505000000-idempotency-keys';
import { IdempotencyKeys, RunClaim } from '../../apps/api/src/idempotency/idempotency-keys';
import { createTestDatabase } from '../setup/database';

/**
 * A command's hot statements are prepared once per connection (libs/event-store/src/postgres/prepared.ts):
 * PostgreSQL then binds and runs them without parsing them again. These check that each is, that
 * it runs again without a new statement, that a migration changing a returned column's type does
 * not fail a request, and that DATABASE_PREPARED_STATEMENTS=false sends them unnamed.
 */
let db: Awaited<ReturnType<typeof createTestDatabase>>;
/** One connection, so the statements prepared through it are the ones it lists. */
let pool: Pool;
let store: PostgresEventStore;

interface PreparedRow {
  name: string;
  statement: string;
  generic: number;
  custom: number;
}

const preparedStatements = async () =>
  (
    await pool.query<PreparedRow>(
      `select name, statement, generic_plans::int as generic, custom_plans::int as custom
         from pg_prepared_statements where name like 'wz\\_%' order by name`,
    )
  ).rows;
const runs = (s: PreparedRow | undefined) => (s ? s.generic + s.custom : 0);

beforeAll(async () => {
  db = await createTestDatabase('wz_prep');
  pool = new Pool({ connectionString: db.url, max: 1 });
  store = new PostgresEventStore({ pool, pollIntervalMs: 50 });
  await store.migrate();
  await new IdempotencyKeys1795505000000().up({ query: (sql: string) => pool.query(sql) } as unknown as QueryRunner);
});
afterAll(async () => {
  usePreparedStatements(true);
  await store.close();
  await pool.end();
  await db.drop();
});

describe('prepared statements', () => {
  it('are named by their text: one name for one text, another for another, each a valid identifier', () => {
    const a = prepared('select 1 where $1::int > 0');
    const b = prepared('select 2 where $1::int > 0');
    expect(a.name).toBe(prepared('select 1 where $1::int > 0').name);
    expect(a.name).not.toBe(b.name);
    expect(a.name).toMatch(/^wz_[0-9a-f]{24}$/);
    expect(a.config([7])).toEqual({ name: a.name, text: 'select 1 where $1::int > 0', values: [7] });
  });

  it("a stream's appends (one, and several in one turn) and reads are prepared once, then run again without a new statement", async () => {
    await store.appendToStream('prep-a', [{ type: 'A', data: { n: 1 } }]);
    await store.readStream('prep-a');
    // Several appends in one turn go as one batched statement.
    await Promise.all(
      ['prep-b', 'prep-c', 'prep-d'].map((s) => store.appendToStream(s, [{ type: 'B', data: {} }], { expectedRevision: 'no_stream' })),
    );
    const first = await preparedStatements();
    const one = first.find((s) => s.statement.includes('append_events($1'));
    const batch = first.find((s) => s.statement.includes('append_events(u.stream_id'));
    const read = first.find((s) => s.statement.includes('with ordinality as q(stream_id, known_head, known_start, n)'));
    expect([one, batch, read].every(Boolean)).toBe(true);

    for (let n = 2; n <= 8; n++) {
      await store.appendToStream('prep-a', [{ type: 'A', data: { n } }], { expectedRevision: BigInt(n - 2) });
      await store.readStream('prep-a');
    }
    expect((await store.readStream('prep-a')).map((e) => e.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ n })));
    const later = await preparedStatements();
    // The same statements, no new one; each ran again.
    expect(later.map((s) => s.name)).toEqual(first.map((s) => s.name));
    const now = (s: PreparedRow | undefined) => later.find((l) => l.name === s?.name);
    expect(runs(now(one))).toBeGreaterThanOrEqual(8);
    expect(runs(now(read))).toBeGreaterThanOrEqual(9);
    // Past PostgreSQL's five custom plans, the single append is planned once and reused.
    expect(now(one)?.generic).toBeGreaterThan(0);
  });

  it("the Idempotency-Key's claim, answer, look-up and release are prepared on the connection", async () => {
    const keys = new IdempotencyKeys(pool, { accessKeySecret: 'prepared-spec-secret' } as AppConfig);
    const request = (key: string) => ({ scope: 'sub:prep', key, fingerprint: { body: { n: 1 } } });
    const claim = (await keys.claim(request('k1'))) as RunClaim;
    expect(claim.kind).toBe('run');
    await keys.complete(claim, 201, { id: 'x' });
    expect(await keys.claim(request('k1'))).toEqual({ kind: 'replay', status: 201, body: { id: 'x' } });
    await keys.release((await keys.claim(request('k2'))) as RunClaim, true);
    await keys.release((await keys.claim(request('k3'))) as RunClaim, false);
    const statements = (await preparedStatements()).map((s) => s.statement);
    for (const part of [
      'insert into wz_http.idempotency_keys',
      'update wz_http.idempotency_keys k set response_status',
      'as running',
      'delete from wz_http.idempotency_keys where key_hash = $1',
      'set locked_until = null where key_hash = $1',
    ])
      expect(statements.filter((s) => s.includes(part))).toHaveLength(1);
  });

  it("a key's claim commits without waiting for the disk only where nothing durable outlives it; the rest waits", async () => {
    // Each statement run inside a transaction that asked for synchronous commits: a statement that
    // turns them off for its own transaction leaves `synchronous_commit` off in it (as it does, run
    // alone, for the transaction that is the statement).
    const config = { accessKeySecret: 'prepared-spec-secret' } as AppConfig;
    const elsewhere = { ...config, eventStoreConnectionString: 'esdb://127.0.0.1:2113?tls=false' } as AppConfig;
    const request = (key: string, writesOutside = false) => ({ scope: 'sub:async', key, fingerprint: { body: { n: 2 } }, writesOutside });
    // Rows the statements find (a statement that writes nothing has no commit to wait for).
    const committed = new IdempotencyKeys(pool, config);
    const answered = (await committed.claim(request('a2'))) as RunClaim;
    const refused = (await committed.claim(request('a4'))) as RunClaim;
    const failed = (await committed.claim(request('a5'))) as RunClaim;
    const client = await pool.connect();
    const commitIn = async (work: (keys: (c: AppConfig) => IdempotencyKeys, p: Pool) => Promise<unknown>): Promise<string> => {
      await client.query('begin');
      try {
        await client.query('set local synchronous_commit = on');
        const p = { query: (c: unknown, v?: unknown[]) => client.query(c as string, v) } as unknown as Pool;
        await work((c) => new IdempotencyKeys(p, c), p);
        return (await client.query<{ synchronous_commit: string }>('show synchronous_commit')).rows[0].synchronous_commit;
      } finally {
        await client.query('rollback');
      }
    };
    try {
      // Events in this PostgreSQL: a claim goes without waiting.
      expect(await commitIn((keys) => keys(config).claim(request('a1')))).toBe('off');
      // A request that writes attachments under the claimed ids before it commits: its claim waits.
      expect(await commitIn((keys) => keys(config).claim(request('a6', true)))).toBe('on');
      // An answer waits: a retry after a lost one need not converge on the first run's result.
      expect(await commitIn((keys) => keys(config).complete(answered, 201, { id: 'y' }))).toBe('on');
      // The releases wait: a key freed after a refusal must stay free.
      expect(await commitIn((keys) => keys(config).release(refused, true))).toBe('on');
      expect(await commitIn((keys) => keys(config).release(failed, false))).toBe('on');
      // Events in EventStoreDB: an append flushes nothing here, so every key write waits.
      expect(await commitIn((keys) => keys(elsewhere).claim(request('e1')))).toBe('on');
      // Nor does the change reach an append: it waits, as the server is set.
      expect(await commitIn((_keys, p) => new PostgresEventStore({ pool: p }).appendToStream('prep-sync', [{ type: 'S', data: {} }]))).toBe(
        'on',
      );
    } finally {
      client.release();
    }
  });

  it('a migration that changes the type of a column a statement returns fails no run of it', async () => {
    await pool.query('create table prep_t (a int)');
    await pool.query('insert into prep_t values (41)');
    const select = prepared('select a from prep_t');
    expect((await select.run<{ a: unknown }>(pool, [])).rows).toEqual([{ a: 41 }]);
    await pool.query('alter table prep_t alter column a type bigint');
    await pool.query('update prep_t set a = 42');
    // PostgreSQL refuses the statement prepared before (0A000, cached plan must not change result
    // type); it runs again unnamed (a bigint comes back as text from pg).
    expect((await select.run<{ a: unknown }>(pool, [])).rows).toEqual([{ a: '42' }]);
  });

  it('DATABASE_PREPARED_STATEMENTS=false sends them unnamed: nothing is prepared on the connection', async () => {
    const before = (await preparedStatements()).map((s) => s.name);
    usePreparedStatements(false);
    try {
      const select = prepared('select $1::int + 1 as n');
      expect(select.config([1])).toEqual({ text: 'select $1::int + 1 as n', values: [1] });
      expect((await select.run<{ n: number }>(pool, [1])).rows).toEqual([{ n: 2 }]);
      await store.appendToStream('prep-off', [{ type: 'O', data: {} }]);
      expect(await store.readStream('prep-off')).toHaveLength(1);
      expect((await preparedStatements()).map((s) => s.name)).toEqual(before);
    } finally {
      usePreparedStatements(true);
    }
  });
});
