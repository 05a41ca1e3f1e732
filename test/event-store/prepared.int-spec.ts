import { Pool } from 'pg';
import { PostgresEventStore, prepared } from '@wenzheng/event-store';
import { createTestDatabase } from '../setup/database';

/**
 * A command's hot statements are prepared once per connection (libs/event-store/src/postgres/prepared.ts):
 * PostgreSQL then binds and runs them without parsing and planning again. These check that they
 * are, that a second run reuses the statement, and that a schema change under a running process
 * does not break it (PostgreSQL analyses a prepared statement again when a table it reads changes).
 */
let db: Awaited<ReturnType<typeof createTestDatabase>>;
/** One connection, so the statements this test's store prepared are the ones it lists. */
let pool: Pool;
let store: PostgresEventStore;

interface PreparedRow {
  name: string;
  statement: string;
  plans: number;
}

const preparedStatements = async () =>
  (
    await pool.query<PreparedRow>(
      `select name, statement, (generic_plans + custom_plans)::int as plans from pg_prepared_statements where name like 'wz\\_%' order by name`,
    )
  ).rows;

beforeAll(async () => {
  db = await createTestDatabase('wz_prep');
  pool = new Pool({ connectionString: db.url, max: 1 });
  store = new PostgresEventStore({ pool, pollIntervalMs: 50 });
  await store.migrate();
});
afterAll(async () => {
  await store.close();
  await pool.end();
  await db.drop();
});

describe('prepared statements', () => {
  it('are named by their text: one name for one text, another for another, each a valid identifier', () => {
    const a = prepared('select 1 where $1::int > 0');
    const b = prepared('select 2 where $1::int > 0');
    expect(a([1]).name).toBe(prepared('select 1 where $1::int > 0')([2]).name);
    expect(a([1]).name).not.toBe(b([1]).name);
    expect(a([1]).name).toMatch(/^wz_[0-9a-f]{24}$/);
    expect(a([7])).toMatchObject({ text: 'select 1 where $1::int > 0', values: [7] });
  });

  it("a stream's append and read are prepared on the connection once, and run again without a new statement", async () => {
    await store.appendToStream('prep-a', [{ type: 'A', data: { n: 1 } }]);
    await store.readStream('prep-a');
    const first = await preparedStatements();
    const append = first.find((s) => s.statement.includes('append_events'));
    const read = first.find((s) => s.statement.includes('with ordinality as q(stream_id, n)'));
    expect(append).toBeDefined();
    expect(read).toBeDefined();

    await store.appendToStream('prep-a', [{ type: 'A', data: { n: 2 } }], { expectedRevision: 0n });
    const events = await store.readStream('prep-a');
    expect(events.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
    const second = await preparedStatements();
    // The same statements, no new one, each run once more.
    expect(second.map((s) => s.name)).toEqual(first.map((s) => s.name));
    expect(second.find((s) => s.name === append?.name)?.plans).toBeGreaterThan(append?.plans ?? Infinity);
    expect(second.find((s) => s.name === read?.name)?.plans).toBeGreaterThan(read?.plans ?? Infinity);
  });

  it('keep working when a table they read changes under the running process (a migration)', async () => {
    await store.appendToStream('prep-b', [{ type: 'B', data: { n: 1 } }]);
    expect((await store.readStream('prep-b')).map((e) => e.type)).toEqual(['B']);
    const admin = new Pool({ connectionString: db.url, max: 1 });
    try {
      await admin.query('alter table wz_es.events add column prep_test int');
      await store.appendToStream('prep-b', [{ type: 'B', data: { n: 2 } }], { expectedRevision: 0n });
      expect((await store.readStream('prep-b')).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
      await admin.query('alter table wz_es.events drop column prep_test');
      expect((await store.readStream('prep-b')).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
    } finally {
      await admin.end();
    }
  });
});
