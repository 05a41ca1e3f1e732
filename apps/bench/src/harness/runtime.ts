import { Runtime, createRuntime, loadConfig } from '@wenzheng/platform';
import { readModelEntities, readModelMigrations } from '../../../api/src/read-model-schema';

/** The secret the bench's API process and its tokens share (loopback only, a throw-away database). */
export const BENCH_JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0001';

/** The runtime the API builds (event store, read-model migrations) on the bench's database. */
export function openRuntime(databaseUrl: string, env: Record<string, string> = {}, poolSize = 20): Promise<Runtime> {
  const config = loadConfig({
    DATABASE_URL: databaseUrl, LOG_LEVEL: 'error', AUTH_JWT_SECRET: BENCH_JWT_SECRET, PROJECTOR_ENABLED: 'false', ...env,
  });
  return createRuntime(config, { entities: readModelEntities, migrations: readModelMigrations, poolSize });
}
