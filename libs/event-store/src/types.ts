/**
 * The event-store contract shared by every engine. It mirrors EventStoreDB's semantics
 * (revisions, expected-revision modes, positions, catch-up subscriptions) so the same
 * application code runs unchanged on EventStoreDB, PostgreSQL and in memory.
 */

/** Exact revision (first event = 0n), or one of EventStoreDB's three symbolic modes. */
export type ExpectedRevision = bigint | 'no_stream' | 'stream_exists' | 'any';

/** What the current revision of a stream was when a check failed: a revision or no stream. */
export type CurrentRevision = bigint | 'no_stream';

/**
 * A place in the global log. EventStoreDB's commit/prepare pair maps one-to-one; the PostgreSQL
 * engine stores (transaction id, global sequence) so that late commits are never skipped.
 */
export interface Position {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type EventMetadata = Record<string, unknown>;

export interface EventToAppend<Type extends string = string, Data = unknown> {
  /** A UUID; appending the same id again at the same place is a no-op success. */
  readonly id?: string;
  readonly type: Type;
  readonly data: Data;
  readonly metadata?: EventMetadata;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  readonly streamId: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: Type;
  readonly data: Data;
  readonly metadata: EventMetadata;
  readonly created: Date;
  readonly position: Position;
}

export interface AppendOptions {
  readonly expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  /** The revision of the last event of the stream after the append. */
  readonly nextExpectedRevision: bigint;
  /** Position of the last event written (absent for an idempotent no-op on some engines). */
  readonly position?: Position;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** Inclusive. Defaults to 'start' forwards and 'end' backwards. */
  readonly fromRevision?: bigint | 'start' | 'end';
  readonly direction?: Direction;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Inclusive, like EventStoreDB's readAll. */
  readonly fromPosition?: Position | 'start' | 'end';
  readonly direction?: Direction;
  /** Counts the events returned, i.e. those that pass the filter. */
  readonly maxCount?: number;
  readonly filter?: SubscriptionFilter;
  /**
   * The reader never looks at metadata (a rebuild's folds): an engine may then return each event
   * with empty metadata. It is as large as the data and would be parsed for nothing.
   */
  readonly withoutMetadata?: boolean;
  /**
   * Lookups only (a tracking code just given out, say): also return events whose transaction
   * committed while an older transaction is still open. PostgreSQL otherwise holds them back until
   * that one ends (the order subscriptions and checkpoints rely on), so a write that finished
   * before this read began could be missing from it for a while. Such a read may return an event
   * before others that a later read places earlier: never take a checkpoint or a subscription's
   * position from it. Engines without the hold-back ignore it.
   */
  readonly includeHeldBack?: boolean;
}

/** A live stream's range: its first live revision (after a soft delete) and its last revision. */
export interface StreamHead {
  readonly streamId: string;
  readonly firstRevision: bigint;
  readonly lastRevision: bigint;
}

/** What a caller that read a stream whole knows of its range (see EventStore.readStreamUnlessAt). */
export type KnownRange = Pick<StreamHead, 'firstRevision' | 'lastRevision'>;

/** One page of {@link EventStore.readStreamPages}. */
export interface StreamsPage {
  /**
   * The streams this page covers with their range, from engines that keep stream heads
   * (PostgreSQL); empty elsewhere. A head finds a removed last event, which the events alone cannot.
   */
  readonly heads: readonly StreamHead[];
  /** Live events, each stream's in revision order; without heads a stream may go on in a later page. */
  readonly events: readonly RecordedEvent[];
}

export interface ReadStreamPagesOptions {
  /** Streams per page where the engine keeps heads, events per page otherwise. */
  readonly pageSize?: number;
}

/** Where a read of the log stream by stream goes on: after this event of this stream. */
export interface StreamCursor {
  readonly streamId: string;
  readonly revision: bigint;
}

export interface ReadLogByStreamOptions {
  /** The last event of the log read (inclusive): a position readAll has returned, so nothing before it is still held back. */
  readonly upTo: Position;
  /** Exclusive: the last event of the page before (its stream and revision); from the first stream without it. */
  readonly after?: StreamCursor;
  /** Events per page. */
  readonly maxCount: number;
  /** As in ReadAllOptions: each event may come with empty metadata. */
  readonly withoutMetadata?: boolean;
}

/** Exactly one kind of filter, as EventStoreDB allows. */
export type SubscriptionFilter = { readonly eventTypes: readonly string[] } | { readonly streamPrefixes: readonly string[] };

export interface SubscribeToAllOptions {
  /** Exclusive: the subscription starts after this position. */
  readonly fromPosition?: Position | 'start';
  readonly filter?: SubscriptionFilter;
  /** Events read (not just matched) between checkpoints; engines may round it. */
  readonly checkpointInterval?: number;
}

export type SubscriptionMessage =
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  /** Everything up to and including this position has been seen (matched or filtered out). */
  | { readonly kind: 'checkpoint'; readonly position: Position }
  /** The subscription has read everything that existed when it got here; it now waits live. */
  | { readonly kind: 'caughtUp' };

export interface Subscription extends AsyncIterable<SubscriptionMessage> {
  close(): Promise<void>;
}

export interface DeleteOptions {
  readonly expectedRevision?: ExpectedRevision;
}

export interface EventStore {
  /** Short engine name for logs and health: 'postgresql', 'eventstoredb', 'in-memory'. */
  readonly engine: string;
  appendToStream(streamId: string, events: readonly EventToAppend[], options?: AppendOptions): Promise<AppendResult>;
  /** Throws StreamNotFoundError for a stream that does not exist or was soft-deleted. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Events in the global log after a position (exclusive; the whole log without one); null where the engine cannot count without reading the log. */
  countEvents(after?: Position): Promise<number | null>;
  /** Every live stream with its events, page by page (the integrity check's walk); system streams ($…) are left out. */
  readStreamPages(options?: ReadStreamPagesOptions): AsyncIterable<StreamsPage>;
  /**
   * Optional (engines that index events by stream: PostgreSQL, in memory; EventStoreDB has no such
   * read of $all). The events readAll gives from the start up to `upTo`, the same set (soft-deleted
   * streams' events included), but stream by stream: by stream id in an order the engine keeps (the
   * same on every call), each stream's events together and in revision order, `maxCount` at a time;
   * an empty page is the end. A rebuild reads the log this way: each stream's row is then folded
   * in one page, instead of loaded and written again on every page its events are spread over.
   */
  readLogByStream?(options: ReadLogByStreamOptions): Promise<RecordedEvent[]>;
  /**
   * Optional (PostgreSQL). The stream as readStream reads it (the same errors), or 'unchanged' when
   * it still starts at `known.firstRevision` and ends at `known.lastRevision`: nothing
   * was appended, soft-deleted or tombstoned since the caller read it whole. A command runner that
   * keeps what it folded from a stream asks this, not for the events again, before it answers from
   * the fold; a stream changed by anyone else comes back whole, in the same round trip.
   */
  readStreamUnlessAt?(streamId: string, known: KnownRange): Promise<RecordedEvent[] | 'unchanged'>;
  subscribeToAll(options?: SubscribeToAllOptions): Subscription;
  /** Soft delete: reads say not found, the stream may be written again and continues its revisions. */
  deleteStream(streamId: string, options?: DeleteOptions): Promise<void>;
  /** Tombstone: the stream can never be read or written again. */
  tombstoneStream(streamId: string, options?: DeleteOptions): Promise<void>;
  /** Resolves when the engine answers; rejects with a clear error otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const START: Position = Object.freeze({ commit: 0n, prepare: 0n });

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export function positionToString(p: Position): string {
  return `${p.commit}/${p.prepare}`;
}

export function parsePosition(s: string): Position {
  const m = /^(\d+)\/(\d+)$/.exec(s);
  if (!m) throw new Error(`not a position: ${s}`);
  return { commit: BigInt(m[1]), prepare: BigInt(m[2]) };
}

export function matchesFilter(filter: SubscriptionFilter | undefined, event: { type: string; streamId: string }): boolean {
  if (!filter) return true;
  if ('eventTypes' in filter) return filter.eventTypes.includes(event.type);
  return filter.streamPrefixes.some((p) => event.streamId.startsWith(p));
}
