import { ensureProjectorSchema, rebuildProjection } from '@wenzheng/projector';
import { PROJECTIONS } from '@wenzheng/read-models';
import { PetitionEventCodec } from '@wenzheng/petition-store';
import { SubjectKeyStore } from '@wenzheng/petition-store';
import { PhoneBlindIndex } from '@wenzheng/petition-store';
import { openRuntime } from '../harness/runtime';
import { progress } from '../harness/progress';

export interface RebuildStepResult {
  /** Events in the log. */
  readonly events: number;
  readonly projections: Array<{
    readonly name: string;
    readonly events: number;
    readonly seconds: number;
    readonly eventsPerSecond: number;
  }>;
  /** Every projection, one after the other, as `npm run rebuild` does. */
  readonly seconds: number;
  /** Log events per second of rebuilding them all: each projection reads the whole log. */
  readonly eventsPerSecond: number;
}

/** `npm run rebuild -- all` over the generated log, wired as apps/projector/src/rebuild.ts: fresh tables, then swapped in. */
export async function rebuildStep(o: { databaseUrl: string; showProgress?: boolean; batchSize?: number }): Promise<RebuildStepResult> {
  const runtime = await openRuntime(o.databaseUrl, {}, 10);
  try {
    await ensureProjectorSchema(runtime.pool);
    const codec = new PetitionEventCodec(new SubjectKeyStore(runtime.pool), PhoneBlindIndex.fromConfig(runtime.config));
    const total = (await runtime.eventStore.countEvents()) ?? 0;
    const projections: RebuildStepResult['projections'] = [];
    for (const p of PROJECTIONS) {
      const bar = o.showProgress ? progress(`rebuild ${p.name}`) : undefined;
      const r = await rebuildProjection(p, {
        pool: runtime.pool,
        store: runtime.eventStore,
        batchSize: o.batchSize,
        decode: codec.projectionDecoder,
        onProgress: (pr) => bar?.update(pr.processed, total, `${Math.round(pr.eventsPerSecond)} events/s`),
        prefetch: (events) => codec.prefetch(events),
      });
      bar?.stop();
      projections.push({
        name: p.name,
        events: r.events,
        seconds: round(r.seconds),
        eventsPerSecond: Math.round(r.events / Math.max(r.seconds, 0.001)),
      });
    }
    const seconds = projections.reduce((s, p) => s + p.seconds, 0);
    return { events: total, projections, seconds: round(seconds), eventsPerSecond: Math.round(total / Math.max(seconds, 0.001)) };
  } finally {
    await runtime.close();
  }
}

const round = (x: number) => Math.round(x * 100) / 100;
