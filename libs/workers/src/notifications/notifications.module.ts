import { Module } from '@nestjs/common';
import type { AppConfig } from '@wenzheng/platform';
import { PetitionCommandsModule } from '@wenzheng/command-runner';
import { APP_CONFIG } from '@wenzheng/platform';
import { NotificationQueue } from './notification-queue';
import { NotificationSender } from './notification-sender';
import { NotificationSenderSchedule } from './notification-sender.schedule';
import { RecipientDirectory } from './recipient-directory';
import { DEFAULT_HTTP_BODY_TEMPLATE, HttpSmsGateway, LogSmsGateway, SMS_GATEWAY, SmsGateway } from './sms-gateway';

/**
 * SMS notifications (短信通知): the outbox projection (projection-list.ts) says what to send,
 * the sender delivers it through the configured gateway.
 */
@Module({
  // The runner and Clock the API's commands use too (one Clock for commands and sender).
  imports: [PetitionCommandsModule],
  providers: [
    {
      provide: SMS_GATEWAY,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig): SmsGateway =>
        c.smsGateway === 'http' && c.smsHttpUrl
          ? new HttpSmsGateway({
              url: c.smsHttpUrl,
              authHeader: c.smsHttpAuthHeader,
              bodyTemplate: c.smsHttpBodyTemplate ?? DEFAULT_HTTP_BODY_TEMPLATE,
              timeoutMs: c.smsHttpTimeoutMs,
            })
          : new LogSmsGateway(),
    },
    NotificationQueue,
    RecipientDirectory,
    NotificationSender,
    NotificationSenderSchedule,
  ],
  exports: [SMS_GATEWAY, NotificationQueue, NotificationSender, NotificationSenderSchedule],
})
export class NotificationsModule {}
