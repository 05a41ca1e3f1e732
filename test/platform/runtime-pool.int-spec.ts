import { prepared } from '@wenzheng/event-store';
import { POOL_IDLE_MS, Runtime, createRuntime, loadConfig } from '@wenzheng/platform';
import { createTestDatabase } from '../setup/database';

// A new connection is a new PostgreSQL process, which maps every shared buffer it reads for the
// first time: the one-year report on fresh connections took twice PostgreSQL's CPU (100,000 cases:
// about 600 against 300 ms). node-postgres closes an idle connection after 10 s, so a report a
// minute after the last paid that every time; the runtime's pool keeps them 5 minutes (issue 15).

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let runtime: Runtime;

beforeAll(async () => {
  db = await createTestDatabase('wz_runtime_pool');
  runtime = await createRuntime(loadConfig({ AUTH_JWT_SECRET: 'test-secret-test-secret-test-secret-42', LOG_LEVEL: 'error' }), {
    databaseUrl: db.url,
  });
});
afterAll(async () => {
  await runtime?.close();
  await db?.drop();
});

const backend = async () => (await runtime.pool.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
/** TypeORM's own pool (some read models' queries go through it). */
const typeormBackend = async () => (await runtime.dataSource.query<{ pid: number }[]>('select pg_backend_pid() as pid'))[0].pid;

it('keeps an idle connection (its PostgreSQL process) past node-postgres’s 10 s, in its pool and in TypeORM’s', async () => {
  expect(POOL_IDLE_MS).toBeGreaterThanOrEqual(60_000);
  const before = [await backend(), await typeormBackend()];
  await new Promise((r) => setTimeout(r, 11_000));
  expect(runtime.pool.idleCount).toBeGreaterThan(0);
  expect([await backend(), await typeormBackend()]).toEqual(before);
}, 30_000);

it('DATABASE_PREPARED_STATEMENTS=false: the runtime sends the hot statements unnamed (a pooler that drops prepared statements)', async () => {
  const statement = prepared('select 1');
  expect(statement.config([])).toHaveProperty('name', statement.name); // this file's runtime: the default
  const off = await createRuntime(
    loadConfig({ AUTH_JWT_SECRET: 'test-secret-test-secret-test-secret-42', LOG_LEVEL: 'error', DATABASE_PREPARED_STATEMENTS: 'false' }),
    { databaseUrl: db.url },
  );
  try {
    expect(statement.config([])).not.toHaveProperty('name');
    await off.eventStore.appendToStream('runtime-unnamed', [{ type: 'T', data: {} }]);
    expect(await off.eventStore.readStream('runtime-unnamed')).toHaveLength(1);
  } finally {
    await off.close();
  }
});
