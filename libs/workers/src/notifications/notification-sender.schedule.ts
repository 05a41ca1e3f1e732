import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '@wenzheng/platform';
import { APP_CONFIG } from '@wenzheng/platform';
import { PeriodicSchedule } from '../periodic-task';
import { NotificationSender } from './notification-sender';

/** The sender on NOTIFY_SENDER_INTERVAL_MS, in the API (`npm start`) and in the worker app. */
@Injectable()
export class NotificationSenderSchedule extends PeriodicSchedule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(sender: NotificationSender, @Inject(APP_CONFIG) config: AppConfig) {
    super('SMS sender', config.notifySenderIntervalMs, () => sender.runOnce(), new Logger('notifications'));
  }
}
