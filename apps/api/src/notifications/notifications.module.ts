import { DynamicModule, Module, Type } from '@nestjs/common';
import type { AppConfig } from '@wenzheng/platform';
import { APP_CONFIG } from '../tokens';
import { NotificationQueue } from './notification-queue';
import { NotificationSender } from './notification-sender';
import { NotificationSenderSchedule } from './notification-sender.schedule';
import { RecipientDirectory } from './recipient-directory';
import { DEFAULT_HTTP_BODY_TEMPLATE, HttpSmsGateway, LogSmsGateway, SMS_GATEWAY, SmsGateway } from './sms-gateway';

const registered = new Map<Type<unknown>, DynamicModule>();

/**
 * SMS notifications (短信通知): the outbox projection (projection-list.ts) says what to send,
 * the sender delivers it through the configured gateway.
 */
@Module({})
export class NotificationsModule {
  /**
   * `commands` is the module exporting PetitionCommandRunner and Clock: PetitionsModule in the
   * API (one Clock for commands and sender), a headless one in the worker app.
   */
  static forCommands(commands: Type<unknown>): DynamicModule {
    let module = registered.get(commands);
    if (!module) {
      module = {
        module: NotificationsModule,
        imports: [commands],
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
      };
      registered.set(commands, module);
    }
    return module;
  }
}
