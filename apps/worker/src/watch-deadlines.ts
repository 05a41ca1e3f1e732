import { runCli } from '@wenzheng/platform';
import { readModelEntities, readModelMigrations } from '@wenzheng/read-models';
import { DeadlineWatcher } from '@wenzheng/workers';
import { createWorkerContext } from './worker-app.module';

/**
 * `npm run watch-deadlines`: one run of the deadline watcher, for cron. Prints what it did as JSON;
 * exits 1 when a proposal failed (the next run retries it). Safe beside running watchers.
 */
runCli({
  name: 'watch-deadlines',
  // No parse: it takes no arguments, and anything else given (a typo, --dry-run) stops it before a pass.
  usage: `usage: npm run watch-deadlines

One pass of the deadline watcher, as the API's own runs every DEADLINE_WATCHER_INTERVAL_MS: deadlines missed
(red lights), escalations to the supervision office, cases closed unrated after their rating window, and
their texts queued. It writes those events; there is no dry run. Prints what it did as JSON; exits 1 when
a proposal failed (the next run retries it). Safe beside running watchers. Takes no arguments.`,
  // No intervals in a one-shot run.
  config: (config) => ({ ...config, deadlineWatcherIntervalMs: 0, notifySenderIntervalMs: 0 }),
  runtime: { entities: readModelEntities, migrations: readModelMigrations },
  main: async ({ runtime }) => {
    const context = await createWorkerContext(runtime, { logger: ['fatal', 'error', 'warn'] });
    try {
      const run = await context.get(DeadlineWatcher).runOnce();
      console.log(JSON.stringify(run));
      return run.failed > 0 ? 1 : 0;
    } finally {
      await context.close();
    }
  },
});
