import { eventLogSize } from '@wenzheng/event-store';
import { PetitionEventCodec } from '@wenzheng/petition-store';
import { SubjectKeyStore } from '@wenzheng/petition-store';
import type { GeneratorOptions } from '../generator';
import { openRuntime } from '../harness/runtime';
import { progress } from '../harness/progress';
import { SeedResult, seedCases } from '../seeding';

export interface SeedStepOptions {
  readonly databaseUrl: string;
  readonly from: number;
  readonly to: number;
  readonly generator: GeneratorOptions;
  readonly concurrency?: number;
  readonly showProgress?: boolean;
}

export interface SeedStepResult extends SeedResult {
  /** Everything in the log after this step. */
  readonly totalEvents: number;
  readonly logSizeMb: number;
}

/** Generation, written through the codec and the event store (`npm run seed` does the same on the developer's database). */
export async function seedStep(o: SeedStepOptions): Promise<SeedStepResult> {
  const runtime = await openRuntime(o.databaseUrl, {}, Math.max(10, (o.concurrency ?? 8) + 2));
  const bar = o.showProgress ? progress(`seed ${o.from}-${o.to}`) : undefined;
  const codec = new PetitionEventCodec(new SubjectKeyStore(runtime.pool));
  try {
    const result = await seedCases({
      store: runtime.eventStore,
      encode: (event, petitionId) => codec.encode(event, petitionId),
      from: o.from,
      to: o.to,
      generator: o.generator,
      concurrency: o.concurrency,
      onProgress: (p) => bar?.update(p.cases, p.total, `${p.events} events`),
    });
    bar?.stop();
    const size = await eventLogSize(runtime.pool);
    return { ...result, totalEvents: size.events, logSizeMb: Math.round(size.bytes / 1024 / 1024) };
  } finally {
    await runtime.close();
  }
}
