import { Module } from '@nestjs/common';
import { Clock, SystemClock } from '../../api/src/petitions/shared/clock';
import { PetitionCommandRunner } from '../../api/src/petitions/shared/petition-command-runner';

/** The command runner without the HTTP routes, guards and handlers of PetitionsModule. */
@Module({
  providers: [PetitionCommandRunner, { provide: Clock, useClass: SystemClock }],
  exports: [PetitionCommandRunner, Clock],
})
export class WorkerCommandsModule {}
