import type { RecordedEvent } from '@wenzheng/event-store';
import type { RebuildOptions } from '@wenzheng/projector';
import { PetitionEventCodec } from '@wenzheng/petition-store';
import type { TestApp } from './app';

/** A rebuild against the test app's database, decoded as `npm run rebuild` decodes, in pages of `batchSize` events. */
export function rebuildOptionsOf(t: TestApp, batchSize: number): RebuildOptions {
  const codec = t.app.get(PetitionEventCodec);
  return {
    pool: t.runtime.pool,
    store: t.runtime.eventStore,
    decode: codec.projectionDecoder,
    prefetch: (events: readonly RecordedEvent[]) => codec.prefetch(events),
    batchSize,
  };
}
