import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';

/** The server of this Jest worker (global-setup.ts starts one per worker). */
export function testAdminUrl(): string {
  const urls = (process.env.WZ_TEST_ADMIN_URLS ?? process.env.WZ_TEST_ADMIN_URL ?? '').split(' ').filter(Boolean);
  if (!urls.length) throw new Error('WZ_TEST_ADMIN_URL is not set: integration tests run through the jest global setup');
  return urls[(Number(process.env.JEST_WORKER_ID ?? 1) - 1) % urls.length];
}

/** A fresh database on the test server, for one test file; dropped by `drop()`. */
export async function createTestDatabase(prefix = 'wz_test'): Promise<{ url: string; pool: Pool; drop(): Promise<void> }> {
  const adminUrl = testAdminUrl();
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const pool = new Pool({ connectionString: url, max: 20 });
  pool.on('error', () => undefined);
  pool.on('connect', (c) => c.on('error', () => undefined));
  return {
    url,
    pool,
    drop: async () => {
      await pool.end().catch(() => undefined);
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await c.end();
    },
  };
}
