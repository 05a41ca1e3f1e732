import { eventLogSize } from '@wenzheng/event-store';
import { PetitionEventCodec, PhoneBlindIndex } from '@wenzheng/petition-store';
import { SubjectKeyStore } from '@wenzheng/petition-store';
import type { GeneratorOptions } from '../generator';
import { openRuntime } from '../harness/runtime';
import { progress } from '../harness/progress';
import { SeedResult, seedCases } from '../seeding';
import { LogOrder, LogShape, logEnd, logPages, orderByOccurrence } from './log-order';

export interface SeedStepOptions {
  readonly databaseUrl: string;
  readonly from: number;
  readonly to: number;
  readonly generator: GeneratorOptions;
  readonly concurrency?: number;
  readonly showProgress?: boolean;
  /** The seeded events in the order they happened (default), or as the seeder appended them (each case together). */
  readonly logOrder?: LogOrder;
}

export interface SeedStepResult extends SeedResult {
  /** Everything in the log after this step. */
  readonly totalEvents: number;
  readonly logSizeMb: number;
  /** How the seeded events were put in the log (absent in runs before 2026-12-03: the seeder's order). */
  readonly log?: LogShape;
}

/** Generation, written through the codec and the event store (`npm run seed` does the same on the developer's database). */
export async function seedStep(o: SeedStepOptions): Promise<SeedStepResult> {
  const runtime = await openRuntime(o.databaseUrl, {}, Math.max(10, (o.concurrency ?? 8) + 2));
  const bar = o.showProgress ? progress(`seed ${o.from}-${o.to}`) : undefined;
  const codec = new PetitionEventCodec(new SubjectKeyStore(runtime.pool), PhoneBlindIndex.fromConfig(runtime.config));
  try {
    const end = await logEnd(runtime.pool);
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
    const order = o.logOrder ?? 'occurred';
    const started = Date.now();
    const reordered = order === 'occurred' ? await orderByOccurrence(runtime.pool, end) : 0;
    const log: LogShape = { order, reordered, seconds: Math.round((Date.now() - started) / 100) / 10, ...(await logPages(runtime.pool)) };
    const size = await eventLogSize(runtime.pool);
    return { ...result, totalEvents: size.events, logSizeMb: Math.round(size.bytes / 1024 / 1024), log };
  } finally {
    await runtime.close();
  }
}
