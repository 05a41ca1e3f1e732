import { Pool } from 'pg';
import { SubjectKeyStore } from '@wenzheng/petition-store';
import { createTestDatabase } from '../setup/database';

// The subject-key table is created on first use, by whichever API process submits first. Several
// processes doing that at the same instant (a scale-out start, CI's scale-out spec) must all succeed:
// PostgreSQL's CREATE … IF NOT EXISTS is not atomic against a concurrent create, and a loser that
// retried once could lose again (two 500s on first submits in a clean-clone CI run).

jest.setTimeout(120_000);

describe('subject keys: first use by many processes at once', () => {
  it('creates the schema and table once, every concurrent first use gets its key', async () => {
    const db = await createTestDatabase('wz_subject_first_use');
    // One pool per "process": separate connections, separate stores, no shared promise.
    const pools = Array.from({ length: 8 }, () => new Pool({ connectionString: db.url, max: 2 }));
    try {
      for (let round = 0; round < 15; round++) {
        await db.pool.query('drop schema if exists wz_keys cascade');
        const stores = pools.map((p) => new SubjectKeyStore(p));
        const outcomes = await Promise.allSettled(stores.map((s, i) => s.keyFor(`subject-${round}-${i}`)));
        const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [String((o.reason as Error).message)] : []));
        expect({ round, failures }).toEqual({ round, failures: [] });
        const { rows } = await db.pool.query<{ n: number }>('select count(*)::int as n from wz_keys.subject_keys');
        expect(rows[0].n).toBe(pools.length);
      }
    } finally {
      await Promise.all(pools.map((p) => p.end()));
      await db.drop();
    }
  });
});
