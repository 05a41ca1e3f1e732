import { StreamDeletedError, StreamNotFoundError, WrongExpectedVersionError } from '../errors';
import {
  AppendOptions,
  AppendResult,
  DeleteOptions,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  Position,
  ReadAllOptions,
  ReadLogByStreamOptions,
  ReadStreamOptions,
  ReadStreamPagesOptions,
  RecordedEvent,
  START,
  StreamsPage,
  SubscribeToAllOptions,
  Subscription,
  SubscriptionMessage,
  comparePositions,
  matchesFilter,
} from '../types';
import { AsyncQueue } from '../async-queue';
import { streamPagesFromLog } from '../log-pages';
import { newId } from '../ids';

interface StreamState {
  revision: bigint; // -1n when nothing was ever written
  truncateBefore: bigint; // soft delete hides revisions below this
  tombstoned: boolean;
  events: RecordedEvent[];
}

/** For decider-level and fast unit tests only; it holds the same contract as the real engines. */
export class InMemoryEventStore implements EventStore {
  readonly engine = 'in-memory';
  private readonly streams = new Map<string, StreamState>();
  private readonly log: RecordedEvent[] = [];
  private readonly listeners = new Set<() => void>();
  private sequence = 0n;

  async appendToStream(streamId: string, events: readonly EventToAppend[], options: AppendOptions = {}): Promise<AppendResult> {
    const expected = options.expectedRevision ?? 'any';
    const s = this.streams.get(streamId) ?? { revision: -1n, truncateBefore: 0n, tombstoned: false, events: [] };
    if (s.tombstoned) throw new StreamDeletedError(streamId);
    const ids = events.map((e) => e.id ?? newId());
    const first = ids.length ? s.events.find((e) => e.id === ids[0]) : undefined;
    if (first) {
      const all = ids.every((id, i) => s.events[Number(first.revision) + i]?.id === id);
      const exists = s.revision >= s.truncateBefore;
      if (
        all &&
        (expected === 'any' ||
          expected === first.revision - 1n ||
          (expected === 'no_stream' && first.revision === s.truncateBefore) ||
          (expected === 'stream_exists' && exists))
      ) {
        return { nextExpectedRevision: first.revision + BigInt(ids.length) - 1n };
      }
    }
    checkExpected(streamId, expected, s);
    const created = new Date();
    const recorded = events.map((e, i): RecordedEvent => {
      this.sequence += 1n;
      return {
        streamId,
        revision: s.revision + 1n + BigInt(i),
        id: ids[i],
        type: e.type,
        data: structuredClone(e.data),
        metadata: structuredClone(e.metadata ?? {}),
        created,
        position: { commit: this.sequence, prepare: this.sequence },
      };
    });
    s.events.push(...recorded);
    s.revision += BigInt(recorded.length);
    this.streams.set(streamId, s);
    this.log.push(...recorded);
    for (const l of this.listeners) l();
    return { nextExpectedRevision: s.revision, position: recorded.at(-1)?.position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const s = this.streams.get(streamId);
    if (s?.tombstoned) throw new StreamDeletedError(streamId);
    if (!s || s.revision < s.truncateBefore) throw new StreamNotFoundError(streamId);
    const visible = s.events.filter((e) => e.revision >= s.truncateBefore);
    return sliceStream(visible, options);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const direction = options.direction ?? 'forwards';
    const max = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const from = options.fromPosition ?? (direction === 'forwards' ? 'start' : 'end');
    if (direction === 'forwards') {
      const start = from === 'start' ? START : from === 'end' ? { commit: this.sequence + 1n, prepare: 0n } : from;
      return this.log.filter((e) => comparePositions(e.position, start) >= 0 && matchesFilter(options.filter, e)).slice(0, max);
    }
    const end = from === 'end' || from === 'start' ? undefined : from;
    const rev = [...this.log].reverse();
    if (from === 'start') return [];
    return rev.filter((e) => (!end || comparePositions(e.position, end) <= 0) && matchesFilter(options.filter, e)).slice(0, max);
  }

  async countEvents(after?: Position): Promise<number | null> {
    return after ? this.log.filter((e) => comparePositions(e.position, after) > 0).length : this.log.length;
  }

  readStreamPages(options?: ReadStreamPagesOptions): AsyncIterable<StreamsPage> {
    return streamPagesFromLog(this, options);
  }

  /** Stream ids in code-unit order. */
  async readLogByStream(options: ReadLogByStreamOptions): Promise<RecordedEvent[]> {
    const after = options.after;
    const order = (a: { streamId: string; revision: bigint }, b: { streamId: string; revision: bigint }) =>
      a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : a.revision < b.revision ? -1 : a.revision > b.revision ? 1 : 0;
    return this.log
      .filter((e) => comparePositions(e.position, options.upTo) <= 0 && (!after || order(e, after) > 0))
      .sort(order)
      .slice(0, options.maxCount);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    let after: Position = options.fromPosition === undefined || options.fromPosition === 'start' ? START : options.fromPosition;
    let caughtUp = false;
    let closed = false;
    const queue = new AsyncQueue<SubscriptionMessage>(() => {
      closed = true;
      this.listeners.delete(pump);
    });
    const pump = () => {
      if (closed) return;
      const fresh = this.log.filter((e) => comparePositions(e.position, after) > 0);
      for (const e of fresh) if (matchesFilter(options.filter, e)) queue.push({ kind: 'event', event: e });
      if (fresh.length) {
        after = fresh[fresh.length - 1].position;
        queue.push({ kind: 'checkpoint', position: after });
      }
      if (!caughtUp) {
        caughtUp = true;
        queue.push({ kind: 'caughtUp' });
      }
    };
    this.listeners.add(pump);
    queueMicrotask(pump);
    return Object.assign(queue, {
      close: async () => {
        closed = true;
        this.listeners.delete(pump);
        queue.end();
      },
    });
  }

  async deleteStream(streamId: string, options: DeleteOptions = {}): Promise<void> {
    const s = this.existing(streamId, options.expectedRevision ?? 'any');
    s.truncateBefore = s.revision + 1n;
  }

  async tombstoneStream(streamId: string, options: DeleteOptions = {}): Promise<void> {
    const s = this.streams.get(streamId) ?? { revision: -1n, truncateBefore: 0n, tombstoned: false, events: [] };
    if (s.tombstoned) throw new StreamDeletedError(streamId);
    checkExpected(streamId, options.expectedRevision ?? 'any', s);
    s.tombstoned = true;
    this.streams.set(streamId, s);
  }

  async ping(): Promise<void> {}
  async close(): Promise<void> {
    this.listeners.clear();
  }

  private existing(streamId: string, expected: ExpectedRevision): StreamState {
    const s = this.streams.get(streamId);
    if (s?.tombstoned) throw new StreamDeletedError(streamId);
    if (!s || s.revision < s.truncateBefore) {
      if (expected === 'any' || expected === 'no_stream') throw new StreamNotFoundError(streamId);
      throw new WrongExpectedVersionError(streamId, expected, 'no_stream');
    }
    checkExpected(streamId, expected, s);
    return s;
  }
}

function checkExpected(streamId: string, expected: ExpectedRevision, s: { revision: bigint; truncateBefore: bigint }) {
  const exists = s.revision >= s.truncateBefore;
  const actual = exists ? s.revision : 'no_stream';
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && !exists) ||
    (expected === 'stream_exists' && exists) ||
    (typeof expected === 'bigint' && expected === s.revision && (exists || expected >= 0n));
  if (!ok) throw new WrongExpectedVersionError(streamId, expected, actual);
}

export function sliceStream(events: RecordedEvent[], options: ReadStreamOptions): RecordedEvent[] {
  const direction = options.direction ?? 'forwards';
  const max = options.maxCount ?? Number.MAX_SAFE_INTEGER;
  const from = options.fromRevision ?? (direction === 'forwards' ? 'start' : 'end');
  if (direction === 'forwards') {
    const start = from === 'start' ? -1n : from === 'end' ? BigInt(Number.MAX_SAFE_INTEGER) : from;
    return events.filter((e) => e.revision >= start).slice(0, max);
  }
  const end = from === 'end' ? BigInt(Number.MAX_SAFE_INTEGER) : from === 'start' ? -1n : from;
  return events
    .filter((e) => e.revision <= end)
    .reverse()
    .slice(0, max);
}
