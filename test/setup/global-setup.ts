// Starts the throw-away PostgreSQL servers of the integration tests (or uses DATABASE_URL) and tells
// the test workers where they are; each test file then makes its own database on its worker's server.
import { startEmbeddedPostgres } from '../../libs/platform/src/embedded-postgres';
import { freePort } from './free-port';

export default async function globalSetup(globalConfig: { maxWorkers: number }): Promise<void> {
  // dist/ compiled once, before any worker starts: the specs that run a command-line entry (node
  // scripts/run.js …, which compiles first) then neither recompile nor read a file another is rewriting.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('../../scripts/compile.js') as { compile: () => void }).compile();
  process.env.WZ_TEST_DIST_COMPILED = '1';
  if (process.env.DATABASE_URL) {
    process.env.WZ_TEST_ADMIN_URL = process.env.DATABASE_URL;
    console.log(`\n[test] PostgreSQL: DATABASE_URL (${new URL(process.env.DATABASE_URL).host})`);
    return;
  }
  // One server per worker. Several specs hold a transaction open on purpose, and an open transaction
  // holds back the snapshot horizon (xmin) of every database on its server; reads of the log stop
  // below that horizon (event-store.md), so a spec of the other worker on the same server would wait.
  const started = Date.now();
  const ports: number[] = [];
  for (let i = 0; i < Math.max(1, globalConfig.maxWorkers); i++) ports.push(await freePort());
  const settled = await Promise.allSettled(ports.map((port) => startEmbeddedPostgres({ port, persistent: false })));
  const servers = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    // Jest runs no teardown after a failed setup: stop the ones that did start.
    await Promise.all(servers.map((pg) => pg.stop().catch(() => undefined)));
    throw failed.reason;
  }
  (globalThis as Record<string, unknown>).__WZ_PG__ = servers;
  process.env.WZ_TEST_ADMIN_URLS = servers.map((s) => s.adminUrl).join(' ');
  process.env.WZ_TEST_ADMIN_URL = servers[0].adminUrl;
  console.log(
    `\n[test] PostgreSQL: ${servers.length} embedded, ports ${ports.join(', ')} (one per worker), started in ${Date.now() - started} ms`,
  );
}
