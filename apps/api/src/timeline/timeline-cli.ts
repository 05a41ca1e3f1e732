import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, Runtime, createRuntime, loadConfig } from '@wenzheng/platform';
import { CaseHistoryReader } from '../audit/shared/case-history-reader';
import { PetitionEventCodec } from '../petitions/shared/petition-event-codec';
import { PetitionStorageModule } from '../petitions/storage/petition-storage.module';
import { readModelEntities, readModelMigrations } from '../read-model-schema';
import { ReferenceDataService } from '../reference/reference-data.service';
import { RuntimeModule } from '../runtime.module';
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

async function main(): Promise<number> {
  const arg = process.argv.slice(2).find((a) => a !== '--');
  const reference = parseCaseReference(arg);
  if (!reference) {
    console.error('usage: npm run timeline -- <petition id (UUID) | tracking code (WZyyyymmdd-XXXXXXXXXX)>');
    return 2;
  }
  let runtime: Runtime;
  try {
    runtime = await createRuntime(loadConfig(), {
      entities: readModelEntities, migrations: readModelMigrations, poolSize: 4, log: (m) => console.error(m),
    });
  } catch (e) {
    console.error(e instanceof ConfigError ? e.message : `[timeline] cannot start: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const app = await NestFactory.createApplicationContext(TimelineCliModule.forRuntime(runtime), { logger: ['error'] }).catch(async (e: unknown) => {
    await runtime.close();
    throw e;
  });
  try {
    const codec = app.get(PetitionEventCodec);
    const petitionId = 'petitionId' in reference
      ? reference.petitionId
      : await findPetitionByTrackingCode(reference.trackingCode, runtime.eventStore, runtime.pool, (r) => codec.decode(r));
    const history = petitionId ? await app.get(CaseHistoryReader).load(petitionId) : undefined;
    const submitted = history?.events.find((e) => e.type === 'PetitionSubmitted');
    const matches = submitted?.type === 'PetitionSubmitted' && ('petitionId' in reference || submitted.data.trackingCode === reference.trackingCode);
    if (!history || !petitionId || !matches) {
      console.error(`no petition ${'petitionId' in reference ? reference.petitionId : `with tracking code ${reference.trackingCode}`}`);
      return 1;
    }
    const ref = app.get(ReferenceDataService);
    process.stdout.write(
      formatTimeline(
        petitionId,
        history.events.map((event, i) => ({ event, actor: history.recorded[i].metadata.actor as { role?: string; departmentId?: string } | undefined })),
        { departmentName: (id) => ref.department(id)?.name, categoryName: (id) => ref.category(id)?.name, now: new Date() },
      ),
    );
    return 0;
  } finally {
    await app.close();
    await runtime.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`[timeline] failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  },
);
