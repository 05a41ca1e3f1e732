import { Client } from 'pg';
import { postgresCpuMs } from '../../apps/bench/src/steps/commands';
import { createTestDatabase } from '../setup/database';

// The command and ceiling steps charge each 2xx with the PostgreSQL server's CPU as well as the
// API's: the sum over every process of the server, including backends that end during the load.

jest.setTimeout(60_000);

describe('PostgreSQL CPU of the bench', () => {
  it('grows with the work of a backend that has ended before it is read again', async () => {
    const db = await createTestDatabase('wz_bench_cpu');
    try {
      const before = await postgresCpuMs(db.pool);
      expect(before).toEqual(expect.any(Number));
      // Another connection's CPU-bound query; its backend exits (and is reaped) before the second read.
      const c = new Client({ connectionString: db.url });
      await c.connect();
      await c.query('select count(*) from generate_series(1, 3000000) g where g % 7 = 3');
      await c.end();
      await new Promise((r) => setTimeout(r, 300));
      const after = (await postgresCpuMs(db.pool)) as number;
      expect(after - (before as number)).toBeGreaterThanOrEqual(100);
    } finally {
      await db.drop();
    }
  });
});
