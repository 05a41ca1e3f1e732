import { SearchTermsTables1795697700000 } from '../../libs/read-models/src/migrations/1795697700000-search-terms-tables';
import { Pool, PoolClient } from 'pg';
import type { QueryRunner } from 'typeorm';
import { petitionViews } from '@wenzheng/read-models';
import { SearchPeriods1795697100000 } from '../../libs/read-models/src/migrations/1795697100000-search-periods';
import { createTestDatabase } from '../setup/database';

// Attack on migration 1795697100000 (search periods): it finds public_petitions' indexes by their
// definition as pg_indexes prints it, and the new index's definition holds a timestamptz constant,
// which PostgreSQL prints in the session's time zone. A server set up in China has
// timezone = 'Asia/Shanghai' in postgresql.conf (initdb takes the machine's): there too the
// migration must recognise the index createTables makes, so running it again (or after a rebuild
// made the tables) adds no second GIN index of every row's words, and down removes it.

jest.setTimeout(120_000);

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;

const TABLES = {
  cases: 'wz_rm.cases',
  public_petitions: 'wz_rm.public_petitions',
  public_comments: 'wz_rm.public_comments',
  pending_texts: 'wz_rm.pending_texts',
  case_terms: 'wz_rm.case_terms',
  public_terms: 'wz_rm.public_terms',
};

beforeAll(async () => {
  db = await createTestDatabase('wz_attack_periods_migration');
  pool = new Pool({ connectionString: db.url, max: 2, options: '-c TimeZone=Asia/Shanghai' });
  await pool.query('create schema wz_rm');
  const client: PoolClient = await pool.connect();
  try {
    await petitionViews.createTables(client, TABLES);
    // The words back on public_petitions, as before migration 1795697700000 (the tables this migration met).
    await new SearchTermsTables1795697700000().down({ query: (sql: string) => client.query(sql) } as unknown as QueryRunner);
  } finally {
    client.release();
  }
  await pool.query(
    `insert into wz_rm.public_petitions (petition_id, tracking_code, status, kind, channel, department_id, title, content, submitted_at,
       comment_count, last_revision, hidden, search)
     select 'id-' || i, 'WZ' || i, 'closed', 'complaint', 'web', 'd1', '来信', '内容', timestamptz '2024-01-04 00:00:00+00' + i * interval '1 hour',
       0, 1, false, to_tsvector('simple', '来信 ' || i) from generate_series(1, 500) i`,
  );
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

/** The migration in one session of the Shanghai server, in a transaction as TypeORM runs it. */
async function run(step: 'up' | 'down'): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await new SearchPeriods1795697100000()[step]({ query: (sql: string) => client.query(sql) } as unknown as QueryRunner);
    await client.query('commit');
  } finally {
    client.release();
  }
}

/** The GIN indexes of public_petitions, as definitions printed in UTC (so they compare). */
async function ginIndexes(): Promise<string[]> {
  const c = await pool.connect();
  try {
    await c.query(`set time zone 'UTC'`);
    const { rows } = await c.query<{ body: string }>(
      `select regexp_replace(indexdef, '^.* USING ', '') as body from pg_indexes
        where schemaname = 'wz_rm' and tablename = 'public_petitions' and indexdef like '% USING gin %' order by 1`,
    );
    return rows.map((r) => r.body);
  } finally {
    await c.query('reset time zone');
    c.release();
  }
}

it('in an Asia/Shanghai session: up on the tables createTables made (twice) keeps one GIN index; down and up again restore each set', async () => {
  expect((await pool.query<{ TimeZone: string }>('show time zone')).rows[0].TimeZone).toBe('Asia/Shanghai');
  const fresh = await ginIndexes();
  expect(fresh).toHaveLength(1);
  await run('up');
  expect(await ginIndexes()).toEqual(fresh);
  await run('up');
  expect(await ginIndexes()).toEqual(fresh);
  await run('down');
  expect(await ginIndexes()).toEqual(['gin ((ARRAY[department_id]), search)']);
  await run('up');
  expect(await ginIndexes()).toEqual(fresh);
});
