import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CliExit, Runtime, runCli } from '@wenzheng/platform';
import { CaseHistoryReader } from '../audit/shared/case-history-reader';
import { PetitionStorageModule } from '@wenzheng/command-runner';
import { readModelEntities, readModelMigrations } from '@wenzheng/read-models';
import { ReferenceDataService } from '@wenzheng/read-models';
import { RuntimeModule } from '@wenzheng/platform';
import { findPetitionByTrackingCode, parseCaseReference } from './find-petition';
import { formatTimeline } from './format-timeline';

/**
 * `npm run timeline -- <petitionId | trackingCode>`: one case's history as a person reads it.
 * Exit 0 printed, 1 no such case, 2 bad argument or the database could not be reached.
 */
@Module({})
class TimelineCliModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    return {
      module: TimelineCliModule,
      imports: [RuntimeModule.forRuntime(runtime), PetitionStorageModule],
      providers: [ReferenceDataService, CaseHistoryReader],
    };
  }
}

runCli({
  name: 'timeline',
  failureCode: 2,
  usage: `usage: npm run timeline -- <petition id (UUID) | tracking code (WZyyyymmdd-XXXXXXXXXX)>

One case's history as a person reads it, from its events. Reads only.`,
  parse: (argv) => {
    const given = argv.filter((a) => a !== '--');
    const reference = given.length === 1 ? parseCaseReference(given[0]) : undefined;
    if (!reference) throw new Error(given.length > 1 ? 'one case at a time' : 'not a petition id or tracking code');
    return reference;
  },
  runtime: { entities: readModelEntities, migrations: readModelMigrations, poolSize: 4, log: (m) => console.error(m) },
  main: async ({ args: reference, runtime }) => {
    const app = await NestFactory.createApplicationContext(TimelineCliModule.forRuntime(runtime), { logger: ['error'] });
    try {
      const petitionId =
        'petitionId' in reference ? reference.petitionId : await findPetitionByTrackingCode(reference.trackingCode, runtime.eventStore);
      const history = petitionId ? await app.get(CaseHistoryReader).load(petitionId) : undefined;
      const submitted = history?.events.find((e) => e.type === 'PetitionSubmitted');
      const matches =
        submitted?.type === 'PetitionSubmitted' && ('petitionId' in reference || submitted.data.trackingCode === reference.trackingCode);
      if (!history || !petitionId || !matches) {
        throw new CliExit(
          1,
          `no petition ${'petitionId' in reference ? reference.petitionId : `with tracking code ${reference.trackingCode}`}`,
        );
      }
      const ref = app.get(ReferenceDataService);
      process.stdout.write(
        formatTimeline(
          petitionId,
          history.events.map((event, i) => ({
            event,
            actor: history.recorded[i].metadata.actor as { role?: string; departmentId?: string } | undefined,
          })),
          { departmentName: (id) => ref.department(id)?.name, categoryName: (id) => ref.category(id)?.name, now: new Date() },
        ),
      );
    } finally {
      await app.close();
    }
  },
});
