import { DynamicModule, INestApplicationContext, LogLevel, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Runtime } from '@wenzheng/platform';
import { ConsultationWatcherModule, SurveyWatcherModule } from '@wenzheng/workers';
import { DeadlinesModule } from '@wenzheng/workers';
import { MetricsModule } from '@wenzheng/read-models';
import { NotificationsModule } from '@wenzheng/workers';
import { PetitionStorageModule } from '@wenzheng/command-runner';
import { ReferenceDataModule } from '@wenzheng/read-models';
import { RuntimeModule } from '@wenzheng/platform';

/** The clock-driven side on its own: the deadline watcher and the SMS sender, no HTTP. */
@Module({})
export class WorkerAppModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    return {
      module: WorkerAppModule,
      imports: [
        RuntimeModule.forRuntime(runtime),
        MetricsModule,
        ReferenceDataModule,
        PetitionStorageModule,
        DeadlinesModule,
        NotificationsModule,
        ConsultationWatcherModule,
        SurveyWatcherModule,
      ],
    };
  }
}

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** A Nest application context (no HTTP server: the command routes of the modules are not served). */
export async function createWorkerContext(
  runtime: Runtime,
  options: { logger?: false | LogLevel[] } = {},
): Promise<INestApplicationContext> {
  const level = runtime.config.logLevel;
  const context = await NestFactory.createApplicationContext(WorkerAppModule.forRuntime(runtime), {
    logger: options.logger ?? LEVELS.slice(0, LEVELS.indexOf(level) + 1),
    abortOnError: false,
  });
  return context;
}
