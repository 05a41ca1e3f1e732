import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { AppConfig, Runtime, createRuntime, loadConfig } from '@wenzheng/platform';
import { createApp } from '../../apps/api/src/create-app';
import { readModelEntities, readModelMigrations } from '../../apps/api/src/read-model-schema';
import { createTestDatabase } from './database';

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-42';

export interface TestApp {
  app: INestApplication;
  runtime: Runtime;
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

/** The real application on a fresh database of the test PostgreSQL server. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase('wz_app');
  const config: AppConfig = loadConfig({ AUTH_JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'error', ...env });
  const runtime = await createRuntime(config, { databaseUrl: db.url, entities: readModelEntities, migrations: readModelMigrations, poolSize: 10 });
  const app = await createApp(runtime, { logger: false });
  await app.init();
  return {
    app,
    runtime,
    http: () => request(app.getHttpServer()),
    close: async () => {
      await app.close();
      await runtime.close();
      await db.drop();
    },
  };
}
