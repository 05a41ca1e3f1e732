import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '@wenzheng/platform';
import { APP_CONFIG } from '@wenzheng/platform';
import { DeadlineWatcher } from './deadline-watcher';
import { PeriodicSchedule } from '../periodic-task';

/** The watcher on DEADLINE_WATCHER_INTERVAL_MS, in the API (`npm start`) and in the worker app. */
@Injectable()
export class DeadlineWatcherSchedule extends PeriodicSchedule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(watcher: DeadlineWatcher, @Inject(APP_CONFIG) config: AppConfig) {
    super('deadline watcher', config.deadlineWatcherIntervalMs, () => watcher.runOnce(), new Logger('deadline-watcher'));
  }
}
