import type * as Esdb from '@eventstore/db-client';
import type {
  AppendExpectedRevision,
  ExpectedRevision as EsdbExpectedRevision,
  ResolvedEvent,
  AllStreamResolvedEvent,
} from '@eventstore/db-client';
import { AsyncQueue } from '../async-queue';
import { EventStoreUnavailableError, StreamDeletedError, StreamNotFoundError, WrongExpectedVersionError } from '../errors';
import {
  AppendOptions,
  AppendResult,
  DeleteOptions,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  ReadStreamPagesOptions,
  RecordedEvent,
  StreamsPage,
  SubscribeToAllOptions,
  Subscription,
  SubscriptionMessage,
  matchesFilter,
} from '../types';
import { streamPagesFromLog } from '../log-pages';
import { newId } from '../ids';

/**
 * The EventStoreDB client, loaded when a store of this kind is made: it costs about 0.13 s of CPU to
 * load, and a deployment on PostgreSQL (and each integration test's app) never uses it.
 */
let loadedClient: typeof Esdb | undefined;
function esdb(): typeof Esdb {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loadedClient ??= require('@eventstore/db-client') as typeof Esdb);
}

export interface EventStoreDbOptions {
  readonly connectionString: string;
  /** Every client call is bounded by this: the client can hang forever on a server that never answers. */
  readonly timeoutMs?: number;
}

/** The host part of a connection string, for error messages: never the credentials. */
export function hostOf(connectionString: string): string {
  const m = /^[a-z+]+:\/\/(?:[^@/]*@)?([^/?]+)/i.exec(connectionString.trim());
  return m ? m[1] : 'unknown host';
}

function toEsdbExpected(e: ExpectedRevision): AppendExpectedRevision {
  switch (e) {
    case 'any':
      return esdb().ANY;
    case 'no_stream':
      return esdb().NO_STREAM;
    case 'stream_exists':
      return esdb().STREAM_EXISTS;
    default:
      return e;
  }
}

export class EventStoreDbEventStore implements EventStore {
  readonly engine = 'eventstoredb';
  private readonly client: Esdb.EventStoreDBClient;
  readonly host: string;
  private readonly timeoutMs: number;

  constructor(options: EventStoreDbOptions) {
    this.host = hostOf(options.connectionString);
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.client = esdb().EventStoreDBClient.connectionString(options.connectionString);
  }

  private async call<T>(what: string, work: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new EventStoreUnavailableError(this.host, `${what} timed out after ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    try {
      return await Promise.race([work(), timeout]);
    } catch (e) {
      throw this.translate(e, what);
    } finally {
      clearTimeout(timer);
    }
  }

  private translate(e: unknown, what: string): unknown {
    if (e instanceof EventStoreUnavailableError) return e;
    if (e instanceof esdb().WrongExpectedVersionError) {
      const actual = e.actualVersion;
      return new WrongExpectedVersionError(
        e.streamName,
        fromEsdbExpected(e.expectedVersion),
        typeof actual === 'bigint' ? actual : 'no_stream',
      );
    }
    if (e instanceof esdb().StreamNotFoundError) return new StreamNotFoundError(e.streamName);
    if (e instanceof esdb().StreamDeletedError) return new StreamDeletedError(e.streamName);
    const msg = e instanceof Error ? e.message : String(e);
    if (/UNAVAILABLE|ECONNREFUSED|ENOTFOUND|DEADLINE|14 /.test(msg))
      return new EventStoreUnavailableError(this.host, `${what}: ${msg.split('\n')[0]}`);
    return e;
  }

  async appendToStream(streamId: string, events: readonly EventToAppend[], options: AppendOptions = {}): Promise<AppendResult> {
    const expected = options.expectedRevision ?? 'any';
    const result = await this.call('append', () =>
      this.client.appendToStream(
        streamId,
        events.map((e) =>
          esdb().jsonEvent({ id: e.id ?? newId(), type: e.type, data: e.data as never, metadata: (e.metadata ?? {}) as never }),
        ),
        { expectedRevision: toEsdbExpected(expected) },
      ),
    );
    return { nextExpectedRevision: result.nextExpectedRevision, position: result.position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const direction = options.direction ?? 'forwards';
    const from = options.fromRevision ?? (direction === 'forwards' ? 'start' : 'end');
    return this.call('read stream', async () => {
      const out: RecordedEvent[] = [];
      for await (const e of this.client.readStream(streamId, {
        direction: direction === 'forwards' ? esdb().FORWARDS : esdb().BACKWARDS,
        fromRevision: from === 'start' ? esdb().START : from === 'end' ? esdb().END : from,
        maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
      })) {
        const r = toRecorded(e);
        if (r) out.push(r);
      }
      return out;
    });
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const direction = options.direction ?? 'forwards';
    const from = options.fromPosition ?? (direction === 'forwards' ? 'start' : 'end');
    return this.call('read all', async () => {
      const out: RecordedEvent[] = [];
      const max = options.maxCount ?? Number.MAX_SAFE_INTEGER;
      // The client's readAll has no filter: read on and keep the matching events up to maxCount.
      for await (const e of this.client.readAll({
        direction: direction === 'forwards' ? esdb().FORWARDS : esdb().BACKWARDS,
        fromPosition: from === 'start' ? esdb().START : from === 'end' ? esdb().END : from,
        maxCount: options.filter ? Number.MAX_SAFE_INTEGER : max,
      })) {
        const r = toRecorded(e);
        if (r && !r.type.startsWith('$') && !r.streamId.startsWith('$') && matchesFilter(options.filter, r)) out.push(r);
        if (out.length >= max) break;
      }
      return out;
    });
  }

  /** EventStoreDB keeps no count of $all; counting would read the whole log. */
  async countEvents(): Promise<number | null> {
    return null;
  }

  readStreamPages(options?: ReadStreamPagesOptions): AsyncIterable<StreamsPage> {
    return streamPagesFromLog(this, options);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    const queue = new AsyncQueue<SubscriptionMessage>(() => void sub.unsubscribe().catch(() => undefined));
    const checkpointReached = (_: unknown, position: { commit: bigint; prepare: bigint }) => {
      queue.push({ kind: 'checkpoint', position });
    };
    // EventStoreDB counts its checkpoint interval in multiples of 32 events read.
    const checkpointInterval = Math.max(1, Math.round((options.checkpointInterval ?? 32) / 32));
    const f = options.filter;
    const filter = !f
      ? esdb().eventTypeFilter({ regex: '^[^$]', checkpointInterval, checkpointReached })
      : 'eventTypes' in f
        ? esdb().eventTypeFilter({ regex: `^(?:${f.eventTypes.map(escapeRegex).join('|')})$`, checkpointInterval, checkpointReached })
        : esdb().streamNameFilter({ prefixes: [...f.streamPrefixes], checkpointInterval, checkpointReached });
    const from = options.fromPosition === undefined || options.fromPosition === 'start' ? esdb().START : options.fromPosition;
    const sub = this.client.subscribeToAll({ fromPosition: from, filter });
    sub.on('data', (e: AllStreamResolvedEvent) => {
      const r = toRecorded(e);
      if (r && !r.streamId.startsWith('$')) {
        queue.push({ kind: 'event', event: r });
      }
    });
    sub.on('caughtUp', () => queue.push({ kind: 'caughtUp' }));
    sub.on('error', (e: unknown) => queue.end(this.translate(e, 'subscribe')));
    sub.on('end', () => queue.end());
    return Object.assign(queue, {
      close: async () => {
        queue.end();
        await sub.unsubscribe().catch(() => undefined);
      },
    });
  }

  async deleteStream(streamId: string, options: DeleteOptions = {}): Promise<void> {
    await this.call('delete', () =>
      this.client.deleteStream(streamId, { expectedRevision: toEsdbDeleteExpected(options.expectedRevision ?? 'any') }),
    );
  }

  async tombstoneStream(streamId: string, options: DeleteOptions = {}): Promise<void> {
    await this.call('tombstone', () =>
      this.client.tombstoneStream(streamId, { expectedRevision: toEsdbDeleteExpected(options.expectedRevision ?? 'any') }),
    );
  }

  async ping(): Promise<void> {
    await this.call('ping', async () => {
      for await (const _ of this.client.readAll({ maxCount: 1, direction: esdb().BACKWARDS, fromPosition: esdb().END })) break;
    });
  }

  async close(): Promise<void> {
    await this.client.dispose().catch(() => undefined);
  }
}

/** Deletes take no stream_exists on EventStoreDB; a delete of a missing stream fails anyway. */
function toEsdbDeleteExpected(e: ExpectedRevision): EsdbExpectedRevision {
  const r = toEsdbExpected(e);
  return r === esdb().STREAM_EXISTS ? esdb().ANY : r;
}

function fromEsdbExpected(e: unknown): ExpectedRevision {
  if (typeof e === 'bigint') return e;
  if (e === esdb().NO_STREAM) return 'no_stream';
  if (e === esdb().STREAM_EXISTS) return 'stream_exists';
  return 'any';
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function toRecorded(e: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const ev = e.event;
  if (!ev || !ev.isJson) return undefined;
  const position =
    ev.position ??
    ('commitPosition' in e && e.commitPosition !== undefined
      ? { commit: e.commitPosition, prepare: e.commitPosition }
      : { commit: 0n, prepare: 0n });
  return {
    streamId: ev.streamId,
    revision: ev.revision,
    id: ev.id,
    type: ev.type,
    data: ev.data,
    metadata: (ev.metadata ?? {}) as Record<string, unknown>,
    created: ev.created,
    position,
  };
}
