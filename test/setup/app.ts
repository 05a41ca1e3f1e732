import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { AppConfig, Runtime, createRuntime, loadConfig } from '@wenzheng/platform';
import { createApp } from '../../apps/api/src/create-app';
import { ProjectorService } from '@wenzheng/read-models';
import { readModelEntities, readModelMigrations } from '@wenzheng/read-models';
import { createTestDatabase } from './database';

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-42';

export interface TestApp {
  app: INestApplication;
  runtime: Runtime;
  http: () => ReturnType<typeof request>;
  /** Resolves once every projection has processed everything appended so far. */
  waitForProjections(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real application on a fresh database of the test PostgreSQL server, or on the database
 * `databaseUrl` names (a server of the test's own; close() then leaves the database in place).
 */
export async function createTestApp(env: Record<string, string> = {}, options: { databaseUrl?: string } = {}): Promise<TestApp> {
  const db = options.databaseUrl ? { url: options.databaseUrl, drop: async () => undefined } : await createTestDatabase('wz_app');
  // The deadline watcher and the SMS sender are driven by the tests that need them (test/setup/clock.ts), never by a timer.
  const config: AppConfig = loadConfig({
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'error',
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000',
    DEADLINE_WATCHER_INTERVAL_MS: '0',
    NOTIFY_SENDER_INTERVAL_MS: '0',
    ...env,
  });
  const runtime = await createRuntime(config, {
    databaseUrl: db.url,
    entities: readModelEntities,
    migrations: readModelMigrations,
    poolSize: 10,
  });
  const app = await createApp(runtime, { logger: false });
  await app.init();
  return {
    app,
    runtime,
    http: () => request(app.getHttpServer()),
    waitForProjections: async (timeoutMs = 15_000) => {
      // The newest committed event, read directly: the store's own reads stop below the oldest open
      // transaction (the projector's, say), which could make this return too early.
      const { rows } = await runtime.pool.query<{ tx: string; pos: string }>(
        `select transaction_id::text as tx, global_position as pos from wz_es.events order by transaction_id desc, global_position desc limit 1`,
      );
      const head = rows[0] ? { commit: BigInt(rows[0].tx), prepare: BigInt(rows[0].pos) } : undefined;
      await app.get(ProjectorService).projector.waitFor(head, timeoutMs);
    },
    close: async () => {
      await app.close();
      await runtime.close();
      await db.drop();
    },
  };
}
