import { Runtime, createRuntime, loadConfig } from '@wenzheng/platform';
import { readModelEntities, readModelMigrations } from '@wenzheng/read-models';

/** The secret the bench's API process and its tokens share (loopback only, a throw-away database). */
export const BENCH_JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0001';

/**
 * The deadline watcher and the SMS sender run on timers inside the API by default. The generated
 * year ends on 31 December while the clock reads today, so they would work off months of passed
 * deadlines in the middle of a measurement; they are the worker's job (apps/worker) and are off here.
 */
export const NO_TIMERS: Record<string, string> = { DEADLINE_WATCHER_INTERVAL_MS: '0', NOTIFY_SENDER_INTERVAL_MS: '0' };

/** The runtime the API builds (event store, read-model migrations) on the bench's database. */
export function openRuntime(databaseUrl: string, env: Record<string, string> = {}, poolSize = 20): Promise<Runtime> {
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'error',
    AUTH_JWT_SECRET: BENCH_JWT_SECRET,
    PROJECTOR_ENABLED: 'false',
    ...NO_TIMERS,
    ...env,
  });
  return createRuntime(config, { entities: readModelEntities, migrations: readModelMigrations, poolSize });
}
