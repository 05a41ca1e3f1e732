import { Module } from '@nestjs/common';
import { PetitionCommandsModule } from '@wenzheng/command-runner';
import { ConsultationCommandRunner } from '@wenzheng/command-runner';
import { ConsultationWatcher } from './consultation-watcher';
import { ConsultationWatcherSchedule } from './consultation-watcher.schedule';

const PROVIDERS = [ConsultationCommandRunner, ConsultationWatcher, ConsultationWatcherSchedule];

/**
 * The consultation runner and its clock-driven watcher without the HTTP routes: the API imports
 * it through ConsultationsModule, the worker (apps/worker) on its own, like DeadlinesModule. The
 * Clock is PetitionCommandsModule's, the application's one.
 */
@Module({ imports: [PetitionCommandsModule], providers: PROVIDERS, exports: PROVIDERS })
export class ConsultationWatcherModule {}
