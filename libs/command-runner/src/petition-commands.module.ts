import { Module } from '@nestjs/common';
import { Clock, SystemClock } from '@wenzheng/petition-store';
import { PetitionCommandRunner } from './petition-command-runner';

/**
 * The command runner and the Clock without the HTTP routes, guards and handlers of
 * PetitionsModule: what the deadline watcher and the SMS sender need, in the API and the worker.
 * One module, so an application has one runner and one Clock however many modules import it.
 */
@Module({
  providers: [PetitionCommandRunner, { provide: Clock, useClass: SystemClock }],
  exports: [PetitionCommandRunner, Clock],
})
export class PetitionCommandsModule {}
