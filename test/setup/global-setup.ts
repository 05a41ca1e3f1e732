// Starts one throw-away PostgreSQL for the integration tests (or uses DATABASE_URL) and tells the
// test workers where it is; each test file then makes its own database on it.
import { startEmbeddedPostgres } from '../../libs/platform/src/embedded-postgres';
import { freePort } from './free-port';

export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.WZ_TEST_ADMIN_URL = process.env.DATABASE_URL;
    console.log(`\n[test] PostgreSQL: DATABASE_URL (${new URL(process.env.DATABASE_URL).host})`);
    return;
  }
  const port = await freePort();
  const started = Date.now();
  const pg = await startEmbeddedPostgres({ port, persistent: false });
  (globalThis as Record<string, unknown>).__WZ_PG__ = pg;
  process.env.WZ_TEST_ADMIN_URL = pg.adminUrl;
  console.log(`\n[test] PostgreSQL: embedded PostgreSQL, port ${port}, started in ${Date.now() - started} ms`);
}
