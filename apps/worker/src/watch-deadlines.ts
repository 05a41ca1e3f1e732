import { ConfigError, createRuntime, loadConfig } from '@wenzheng/platform';
import { readModelEntities, readModelMigrations } from '../../api/src/read-model-schema';
import { DeadlineWatcher } from '../../api/src/deadlines/deadline-watcher';
import { createWorkerContext } from './worker-app.module';

/**
 * `npm run watch-deadlines`: one run of the deadline watcher, for cron. Prints what it did as JSON;
 * exits 1 when a proposal failed (the next run retries it). Safe beside running watchers.
 */
async function main(): Promise<void> {
  let config;
  try {
    // No intervals in a one-shot run.
    config = { ...loadConfig(), deadlineWatcherIntervalMs: 0, notifySenderIntervalMs: 0 };
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const runtime = await createRuntime(config, { entities: readModelEntities, migrations: readModelMigrations });
  let failed = false;
  try {
    const context = await createWorkerContext(runtime, { logger: ['fatal', 'error', 'warn'] });
    try {
      const run = await context.get(DeadlineWatcher).runOnce();
      console.log(JSON.stringify(run));
      failed = run.failed > 0;
    } finally {
      await context.close();
    }
  } finally {
    await runtime.close();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e: unknown) => {
  console.error(`[watch-deadlines] failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
