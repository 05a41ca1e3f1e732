import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '@wenzheng/platform';
import { APP_CONFIG } from '@wenzheng/platform';
import { PeriodicSchedule } from '../periodic-task';
import { ConsultationWatcher } from './consultation-watcher';

/** On DEADLINE_WATCHER_INTERVAL_MS, like the petitions' deadline watcher (0 = off). */
@Injectable()
export class ConsultationWatcherSchedule extends PeriodicSchedule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(watcher: ConsultationWatcher, @Inject(APP_CONFIG) config: AppConfig) {
    super('consultation watcher', config.deadlineWatcherIntervalMs, () => watcher.runOnce(), new Logger('consultation-watcher'));
  }
}
