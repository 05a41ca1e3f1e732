import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '@wenzheng/platform';
import { APP_CONFIG } from '../tokens';
import { DeadlineWatcher } from './deadline-watcher';
import { PeriodicTask } from './periodic-task';

/** The watcher on DEADLINE_WATCHER_INTERVAL_MS, in the API (`npm start`) and in the worker app. */
@Injectable()
export class DeadlineWatcherSchedule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly task: PeriodicTask;

  constructor(watcher: DeadlineWatcher, @Inject(APP_CONFIG) config: AppConfig) {
    this.task = new PeriodicTask('deadline watcher', config.deadlineWatcherIntervalMs, async () => {
      await watcher.runOnce();
    }, new Logger('deadline-watcher'));
  }

  get enabled(): boolean {
    return this.task.enabled;
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.task.stop();
  }
}
