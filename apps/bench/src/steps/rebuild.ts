import { Warmed, ensureProjectorSchema, rebuildProjections } from '@wenzheng/projector';
import { PROJECTIONS, outboxKeptSinceAt } from '@wenzheng/read-models';
import { PetitionEventCodec } from '@wenzheng/petition-store';
import { SubjectKeyStore } from '@wenzheng/petition-store';
import { PhoneBlindIndex } from '@wenzheng/petition-store';
import { openRuntime } from '../harness/runtime';
import { progress } from '../harness/progress';

export interface RebuildStepResult {
  /** Events in the log. */
  readonly events: number;
  /** Events read from the log by the rebuild: once each (before issue 15, once per projection). */
  readonly eventsRead: number;
  /** Every projection, fed together from one read of the log (each projection's figures are the whole run's). */
  readonly projections: Array<{
    readonly name: string;
    readonly events: number;
    readonly seconds: number;
    readonly eventsPerSecond: number;
  }>;
  /** The whole rebuild: loading, the indexes built after it, the swap, the warming after it. */
  readonly seconds: number;
  /** Of `seconds`, the work on the loaded tables: vacuum, the secondary indexes, analyze (runs before 2026-12-02's evening: the indexes only). */
  readonly indexSeconds: number;
  /** Log events per second of rebuilding every projection. */
  readonly eventsPerSecond: number;
  /** Of `seconds`, after the swap: the report's tables read into memory (Projection.warm; runs before 2026-12-04's night: not done). */
  readonly warmed?: Pick<Warmed, 'pages' | 'mode' | 'seconds' | 'reason'> & { readonly relations?: number };
}

/** `npm run rebuild -- all` over the generated log, wired as apps/projector/src/rebuild.ts: fresh tables, then swapped in. */
export async function rebuildStep(o: { databaseUrl: string; showProgress?: boolean; batchSize?: number }): Promise<RebuildStepResult> {
  const runtime = await openRuntime(o.databaseUrl, {}, PROJECTIONS.length + 2);
  try {
    await ensureProjectorSchema(runtime.pool);
    const codec = new PetitionEventCodec(new SubjectKeyStore(runtime.pool), PhoneBlindIndex.fromConfig(runtime.config));
    const total = (await runtime.eventStore.countEvents()) ?? 0;
    const bar = o.showProgress ? progress(`rebuild ${PROJECTIONS.length} projections`) : undefined;
    const r = await rebuildProjections(PROJECTIONS, {
      pool: runtime.pool,
      store: runtime.eventStore,
      batchSize: o.batchSize,
      decode: codec.projectionDecoder,
      onProgress: (pr) => bar?.update(pr.processed, total, `${Math.round(pr.eventsPerSecond)} events/s`),
      prefetch: (events) => codec.prefetch(events),
      // The outbox's rows the SMS sender could no longer take are not written (the live table is pruned of them).
      keptSince: await outboxKeptSinceAt(runtime.pool, new Date(), runtime.config.notifyMaxAgeHours),
    });
    bar?.stop();
    const perSecond = (events: number) => Math.round(events / Math.max(r.seconds, 0.001));
    return {
      events: total,
      eventsRead: r.eventsRead,
      projections: r.projections.map((p) => ({
        name: p.projection,
        events: p.events,
        seconds: round(r.seconds),
        eventsPerSecond: perSecond(p.events),
      })),
      seconds: round(r.seconds),
      indexSeconds: round(r.indexSeconds),
      eventsPerSecond: perSecond(total),
      ...(r.warmed && { warmed: { ...r.warmed, seconds: round(r.warmed.seconds) } }),
    };
  } finally {
    await runtime.close();
  }
}

const round = (x: number) => Math.round(x * 100) / 100;
