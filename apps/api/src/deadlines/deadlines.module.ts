import { DynamicModule, Module, Type } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { DeadlineWatcher } from './deadline-watcher';
import { DeadlineWatcherSchedule } from './deadline-watcher.schedule';

const registered = new Map<Type<unknown>, DynamicModule>();

/**
 * Time limits (时限): the watcher that turns passed deadlines into system commands. Its read
 * model, open_deadlines, runs in the projector (projection-list.ts).
 */
@Module({})
export class DeadlinesModule {
  /** `commands` exports PetitionCommandRunner and Clock (see NotificationsModule.forCommands). */
  static forCommands(commands: Type<unknown>): DynamicModule {
    let module = registered.get(commands);
    if (!module) {
      module = {
        module: DeadlinesModule,
        imports: [commands, NotificationsModule.forCommands(commands)],
        providers: [DeadlineWatcher, DeadlineWatcherSchedule],
        exports: [DeadlineWatcher, DeadlineWatcherSchedule],
      };
      registered.set(commands, module);
    }
    return module;
  }
}
