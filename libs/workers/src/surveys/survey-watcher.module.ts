import { Module } from '@nestjs/common';
import { PetitionCommandsModule, SurveyCommandRunner } from '@wenzheng/command-runner';
import { SurveyWatcher } from './survey-watcher';
import { SurveyWatcherSchedule } from './survey-watcher.schedule';

const PROVIDERS = [SurveyCommandRunner, SurveyWatcher, SurveyWatcherSchedule];

/**
 * The survey runner and the watcher that closes surveys at their end, without the HTTP routes:
 * the API imports it through SurveysModule, the worker (apps/worker) on its own. The Clock is
 * PetitionCommandsModule's, the application's one.
 */
@Module({ imports: [PetitionCommandsModule], providers: PROVIDERS, exports: PROVIDERS })
export class SurveyWatcherModule {}
