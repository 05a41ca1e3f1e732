import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '@wenzheng/platform';
import { APP_CONFIG } from '@wenzheng/platform';
import { PeriodicSchedule } from '../periodic-task';
import { SurveyWatcher } from './survey-watcher';

/** On DEADLINE_WATCHER_INTERVAL_MS, like the other watchers (0 = off). */
@Injectable()
export class SurveyWatcherSchedule extends PeriodicSchedule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(watcher: SurveyWatcher, @Inject(APP_CONFIG) config: AppConfig) {
    super('survey watcher', config.deadlineWatcherIntervalMs, () => watcher.runOnce(), new Logger('survey-watcher'));
  }
}
