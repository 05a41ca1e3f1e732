import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { PetitionCommandsModule } from '@wenzheng/command-runner';
import { DeadlineWatcher } from './deadline-watcher';
import { DeadlineWatcherSchedule } from './deadline-watcher.schedule';

/**
 * Time limits (时限): the watcher that turns passed deadlines into system commands. Its read
 * model, open_deadlines, runs in the projector (projection-list.ts).
 */
@Module({
  imports: [PetitionCommandsModule, NotificationsModule],
  providers: [DeadlineWatcher, DeadlineWatcherSchedule],
  exports: [DeadlineWatcher, DeadlineWatcherSchedule],
})
export class DeadlinesModule {}
