import { ConfigError, createRuntime, loadConfig } from '@wenzheng/platform';
import { readModelEntities, readModelMigrations } from '@wenzheng/read-models';
import { DeadlineWatcherSchedule } from '@wenzheng/workers';
import { NotificationSenderSchedule } from '@wenzheng/workers';
import { SMS_GATEWAY, SmsGateway } from '@wenzheng/workers';
import { createWorkerContext } from './worker-app.module';

/**
 * `npm run start:worker`: the deadline watcher (DEADLINE_WATCHER_INTERVAL_MS) and the SMS sender
 * (NOTIFY_SENDER_INTERVAL_MS) in their own process. Set both to 0 on the API processes to leave
 * the work to workers; several workers (and APIs) may run at once, each event is still appended
 * once and each SMS claimed by one sender.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  if (config.deadlineWatcherIntervalMs === 0 && config.notifySenderIntervalMs === 0) {
    console.error('[worker] DEADLINE_WATCHER_INTERVAL_MS and NOTIFY_SENDER_INTERVAL_MS are both 0: nothing to do');
    process.exit(2);
  }
  const runtime = await createRuntime(config, {
    entities: readModelEntities,
    migrations: readModelMigrations,
    log: (m) => console.log(`[worker] ${m}`),
  });
  const context = await createWorkerContext(runtime);
  // `on`, not `once`: Nest's shutdown hook re-sends the signal, which must not kill the process
  // before PostgreSQL has stopped; the flag makes the second delivery a no-op.
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await context.close().catch(() => undefined);
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  const watcher = context.get(DeadlineWatcherSchedule).enabled ? `every ${config.deadlineWatcherIntervalMs} ms` : 'off';
  const sender = context.get(NotificationSenderSchedule).enabled ? `every ${config.notifySenderIntervalMs} ms` : 'off';
  console.log(`[worker] deadline watcher ${watcher}; SMS sender ${sender} (gateway: ${context.get<SmsGateway>(SMS_GATEWAY).name})`);
}

main().catch((e: unknown) => {
  console.error(`[worker] failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
