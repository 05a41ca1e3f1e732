import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '@wenzheng/platform';
import { APP_CONFIG } from '../tokens';
import { PeriodicTask } from '../deadlines/periodic-task';
import { NotificationSender } from './notification-sender';

/** The sender on NOTIFY_SENDER_INTERVAL_MS, in the API (`npm start`) and in the worker app. */
@Injectable()
export class NotificationSenderSchedule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly task: PeriodicTask;

  constructor(sender: NotificationSender, @Inject(APP_CONFIG) config: AppConfig) {
    this.task = new PeriodicTask('SMS sender', config.notifySenderIntervalMs, async () => {
      await sender.runOnce();
    }, new Logger('notifications'));
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
