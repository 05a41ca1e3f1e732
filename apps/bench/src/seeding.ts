import type { EventStore } from '@wenzheng/event-store';
import { CaseOverrides, DEFAULT_GENERATOR, Encoder, GeneratedCase, GeneratorOptions, generateCase, storedEvents } from './generator';

export interface SeedOptions {
  readonly store: EventStore;
  /** Cases [from, to) by index: seeding 100,000 more onto 100,000 is from 100000 to 200000. */
  readonly from?: number;
  readonly to: number;
  readonly generator?: GeneratorOptions;
  /** The stored form, as the API writes it: PetitionEventCodec.encode (default: as decided, no keys). */
  readonly encode?: Encoder;
  /** Streams appended at the same time. */
  readonly concurrency?: number;
  readonly overrides?: (index: number) => CaseOverrides;
  readonly onProgress?: (p: SeedProgress) => void;
  /** Called with each case once it is stored (the command benchmark keeps the ids). */
  readonly onCase?: (c: GeneratedCase) => void;
}

export interface SeedProgress {
  readonly cases: number;
  readonly events: number;
  readonly total: number;
}

export interface SeedResult {
  readonly cases: number;
  readonly events: number;
  readonly seconds: number;
  readonly casesPerSecond: number;
  readonly eventsPerSecond: number;
}

/**
 * Writes generated cases through the event store: each case's whole stream in one append with
 * expectedRevision 'no_stream' (as an import would), many streams at once. A case already stored
 * with the same event ids is an idempotent no-op, so re-running a seed adds nothing. With the
 * codec, personal data is sealed with a data key per case, as the API seals a submission.
 */
export async function seedCases(o: SeedOptions): Promise<SeedResult> {
  const from = o.from ?? 0;
  const concurrency = o.concurrency ?? 8;
  const generator = o.generator ?? DEFAULT_GENERATOR;
  const started = process.hrtime.bigint();
  let next = from;
  let cases = 0;
  let events = 0;
  let lastReport = 0;
  const writer = async () => {
    while (next < o.to) {
      const index = next++;
      const c = generateCase(index, generator, o.overrides?.(index));
      const stream = await storedEvents(c, o.encode);
      await o.store.appendToStream(c.streamId, stream, { expectedRevision: 'no_stream' });
      o.onCase?.(c);
      cases++;
      events += stream.length;
      if (o.onProgress && (cases - lastReport >= 500 || next >= o.to)) {
        lastReport = cases;
        o.onProgress({ cases, events, total: o.to - from });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, writer));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { cases, events, seconds, casesPerSecond: cases / seconds, eventsPerSecond: events / seconds };
}
