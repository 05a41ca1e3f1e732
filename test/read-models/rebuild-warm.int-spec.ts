import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore } from '@wenzheng/event-store';
import { Projection, describeWarmed, ensureProjectorSchema, rebuildProjections, warmMode, warmTables } from '@wenzheng/projector';
import { departmentPerformanceProjection } from '@wenzheng/read-models';
import { createTestDatabase } from '../setup/database';

// A rebuild's fresh tables are written through a small ring of buffers and its read of the log
// then pushes them out of the system's cache: the one-year report right after a rebuild at 1M
// cases read them from disk (first request 4.7 s, the next 2.6 s). So a rebuild reads what a
// projection names in `warm` into memory once it has swapped the tables in (pg_prewarm), and
// never fails for it (issue 15, item 3).

const decode = async (r: Parameters<Projection['handle']>[1][number]['recorded']) => ({ type: r.type, data: r.data, recorded: r });

const counter = (name: string, warm?: string[]): Projection => ({
  name,
  version: 1,
  tables: [`${name}_counts`],
  filter: { streamPrefixes: ['warm-'] },
  ...(warm && { warm }),
  async createTables(c, t) {
    await c.query(`create table ${t[`${name}_counts`]} (stream_id text primary key, n int not null, pad text not null)`);
  },
  async handle(c, events, t) {
    const table = t[`${name}_counts`];
    for (const e of events)
      await c.query(
        `insert into ${table} (stream_id, n, pad) values ($1, 1, repeat('x', 500)) on conflict (stream_id) do update set n = ${table}.n + 1`,
        [`${e.recorded.streamId}-${(e.data as { i: number }).i}`],
      );
  },
});

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let store: PostgresEventStore;

/** Pages of `relation` in PostgreSQL's buffers now (pg_buffercache). */
const buffered = async (relation: string): Promise<number> =>
  Number(
    (
      await db.pool.query<{ n: string }>(
        `select count(*)::text as n from pg_buffercache
          where relfilenode = pg_relation_filenode($1::regclass) and relforknumber = 0 and reldatabase = (select oid from pg_database where datname = current_database())`,
        [relation],
      )
    ).rows[0].n,
  );
const pagesOf = async (relation: string): Promise<number> =>
  Number(
    (
      await db.pool.query<{ n: string }>(`select (pg_relation_size($1::regclass) / current_setting('block_size')::int)::text as n`, [
        relation,
      ])
    ).rows[0].n,
  );

beforeAll(async () => {
  db = await createTestDatabase('wz_rebuild_warm');
  store = new PostgresEventStore({ pool: db.pool, pollIntervalMs: 50 });
  await store.migrate();
  await ensureProjectorSchema(db.pool);
  await db.pool.query('create extension if not exists pg_buffercache');
  for (let s = 0; s < 10; s++)
    await store.appendToStream(
      `warm-${s}`,
      Array.from({ length: 100 }, (_, i) => ({ type: 'Tick', data: { i } })),
    );
});

afterAll(async () => {
  await store.close();
  await db.drop();
});

describe('warmMode', () => {
  it("reads into PostgreSQL's buffers what takes at most half of them, else only hints the system's cache", () => {
    expect(warmMode(64 * 2 ** 20, 128 * 2 ** 20)).toBe('buffer');
    expect(warmMode(64 * 2 ** 20 + 1, 128 * 2 ** 20)).toBe('prefetch');
    expect(warmMode(1.8 * 2 ** 30, 6026 * 2 ** 20)).toBe('buffer');
  });
});

describe('describeWarmed', () => {
  it('says what was read and where, why nothing was, or nothing when nothing was named', () => {
    expect(describeWarmed({ relations: 8, pages: 224692, mode: 'buffer', seconds: 6.43 })).toBe(
      "then 224,692 pages of 8 tables and indexes read into PostgreSQL's buffers in 6.4 s",
    );
    // a bench result saved before `relations` was kept
    expect(describeWarmed({ pages: 10, mode: 'prefetch', seconds: 0.04 })).toBe(
      "then 10 pages given to the system's cache as a read-ahead hint in 0.0 s",
    );
    expect(describeWarmed({ pages: 0, mode: 'none', seconds: 0, reason: 'the pg_prewarm extension could not be created: x' })).toBe(
      'not warmed: the pg_prewarm extension could not be created: x',
    );
    expect(describeWarmed({ pages: 0, mode: 'none', seconds: 0 })).toBe('');
  });
});

describe('a rebuild warms what its projections name', () => {
  it('reads the named table and its indexes after the swap, every page of them, and says so in its result', async () => {
    const order: string[] = [];
    const result = await rebuildProjections([counter('warmed', ['warmed_counts']), counter('cold')], {
      onSwapped: () => order.push('swapped'),
      pool: db.pool,
      store,
      decode,
      batchSize: 200,
    });
    expect(result.swapped).toBe(true);
    const table = 'wz_rm.warmed_counts';
    const index = (
      await db.pool.query<{ name: string }>(`select indexrelid::regclass::text as name from pg_index where indrelid = $1::regclass`, [
        table,
      ])
    ).rows[0].name;
    const pages = (await pagesOf(table)) + (await pagesOf(index));
    expect(pages).toBeGreaterThan(50);
    // the table and its primary key (its TOAST table is empty: left out)
    expect(result.warmed).toMatchObject({ relations: 2, pages, mode: 'buffer' });
    expect(result.warmed).not.toHaveProperty('reason');
    // the CLI learns of the swap before the warming (an interruption then has nothing to resume)
    expect(order).toEqual(['swapped']);
  });

  it('warmTables brings back pages evicted from the buffers', async () => {
    const table = 'wz_rm.warmed_counts';
    await db.pool.query('select pg_buffercache_evict_relation($1::regclass)', [table]);
    expect(await buffered(table)).toBe(0);
    const warmed = await warmTables(db.pool, [table, 'wz_rm.no_such_table']);
    expect(warmed.mode).toBe('buffer');
    expect(await buffered(table)).toBe(await pagesOf(table));
  });

  it("reads a table's TOAST table (its long values) and that one's index too", async () => {
    await db.pool.query('create table wz_rm.warm_long (id int primary key, body text not null)');
    // stored out of line and uncompressed, so every row's body is in the TOAST table
    await db.pool.query('alter table wz_rm.warm_long alter column body set storage external');
    await db.pool.query(
      `insert into wz_rm.warm_long select i, (select string_agg(md5(i::text || '-' || j), '') from generate_series(1, 100) j) from generate_series(1, 200) i`,
    );
    const toast = (
      await db.pool.query<{ name: string }>(
        `select reltoastrelid::regclass::text as name from pg_class where oid = 'wz_rm.warm_long'::regclass`,
      )
    ).rows[0].name;
    expect(await pagesOf(toast)).toBeGreaterThan(50);
    await db.pool.query('select pg_buffercache_evict_relation($1::regclass)', [toast]);
    expect(await buffered(toast)).toBe(0);
    const warmed = await warmTables(db.pool, ['wz_rm.warm_long']);
    // the table, its primary key, the TOAST table and its index
    expect(warmed).toMatchObject({ relations: 4, mode: 'buffer' });
    expect(await buffered(toast)).toBe(await pagesOf(toast));
  });

  it('refuses, before building anything, a projection that names in warm a table it does not have', async () => {
    const misspelt = { ...counter('misspelt'), warm: ['misspelt_count'] };
    await expect(rebuildProjections([misspelt], { pool: db.pool, store, decode })).rejects.toThrow(
      'rebuild: misspelt names "misspelt_count" in warm, not among its tables (misspelt_counts)',
    );
    const { rows } = await db.pool.query(`select 1 from pg_class where relname like 'misspelt%'`);
    expect(rows).toHaveLength(0);
  });

  it('gives up on a table another session holds locked (after lock_timeout, 10 s) instead of holding the rebuild', async () => {
    const holder = await db.pool.connect();
    try {
      await holder.query('begin');
      await holder.query('lock table wz_rm.warmed_counts in access exclusive mode');
      const warmed = await warmTables(db.pool, ['wz_rm.warmed_counts']);
      expect(warmed).toMatchObject({ mode: 'none', pages: 0 });
      expect(warmed.reason).toMatch(/lock timeout/);
      expect(warmed.seconds).toBeLessThan(30);
    } finally {
      await holder.query('rollback');
      holder.release();
    }
  }, 40_000);

  it('department_performance names the report’s facts and day tables, not the petition state it keeps for itself', () => {
    expect(departmentPerformanceProjection.warm).toEqual([
      'department_deadline_facts',
      'department_event_facts',
      'department_deadline_days',
      'department_event_days',
    ]);
  });

  it('a role that may not create pg_prewarm warms nothing, says why, and does not fail', async () => {
    const other = await createTestDatabase('wz_rebuild_warm_role');
    const role = `wz_warm_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    try {
      await other.pool.query('create table public.t (id int primary key)');
      await other.pool.query(`create role ${role} login password '${password}'`);
      await other.pool.query(`grant select on public.t to ${role}`);
      const url = new URL(other.url);
      url.username = role;
      url.password = password;
      const limited = new Pool({ connectionString: url.toString(), max: 1 });
      try {
        const warmed = await warmTables(limited, ['public.t']);
        expect(warmed).toMatchObject({ mode: 'none', pages: 0, relations: 0 });
        expect(warmed.reason).toMatch(/pg_prewarm/);
      } finally {
        await limited.end();
      }
      const { rows } = await other.pool.query(`select 1 from pg_extension where extname = 'pg_prewarm'`);
      expect(rows).toHaveLength(0);
    } finally {
      await other.drop();
      await db.pool.query(`drop role if exists ${role}`);
    }
  });
});
