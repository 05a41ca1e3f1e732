import { randomUUID } from 'node:crypto';
import { Client, Pool, PoolConfig } from 'pg';
import { AsyncQueue } from '../async-queue';
import { Coalescer } from '../coalescer';
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
  KnownRange,
  StreamHead,
  StreamsPage,
  SubscribeToAllOptions,
  Subscription,
  SubscriptionFilter,
  SubscriptionMessage,
  matchesFilter,
} from '../types';
import { EVENT_STORE_SCHEMA as S, migrateEventStore } from './schema';
import { newId } from '../ids';
import { prepared } from './prepared';

export interface PostgresEventStoreOptions {
  /** A pool the store shares (it does not end it), or a config to make its own. */
  readonly pool?: Pool;
  readonly poolConfig?: PoolConfig;
  /** How often a subscriber polls when no notification arrives (a rolled-back or non-event transaction can hold back the snapshot). */
  readonly pollIntervalMs?: number;
  readonly subscriptionBatchSize?: number;
  /**
   * Skip LISTEN/NOTIFY (e.g. behind a transaction-mode pooler); subscribers then only poll. Such a
   * pooler also needs the prepared statements off (usePreparedStatements, DATABASE_PREPARED_STATEMENTS),
   * unless it keeps them (PgBouncer 1.21 or later with max_prepared_statements set).
   */
  readonly disableNotify?: boolean;
  /**
   * Appends wake subscribers (this store's at once, other processes' by NOTIFY) at most this often:
   * under load one wake covers many commits, so a subscriber reads batches, not one event each
   * (default 50 ms; the first append after a quiet spell wakes them at once).
   */
  readonly wakeIntervalMs?: number;
}

interface EventRow {
  global_position: string;
  tx: string;
  stream_id: string;
  revision: string;
  event_id: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown> | null;
  created_at: Date;
}

/** One append as append_events takes it. */
interface PendingAppend {
  readonly streamId: string;
  readonly expected: string;
  readonly ids: readonly string[];
  readonly types: readonly string[];
  readonly data: readonly string[];
  readonly metadata: readonly string[];
}

interface AppendRow {
  status: string;
  revision: string;
  tx: string | null;
  last_position: string | null;
}

const COLUMNS = `global_position, transaction_id::text as tx, stream_id, revision, event_id, type, data, metadata, created_at`;

/**
 * A command's statements, prepared once per connection (see prepared). Their columns are named, not
 * `*`: a column added under a running process then leaves their results as they were (PostgreSQL
 * refuses to run a prepared statement whose result changed shape).
 */
const APPEND_ONE = prepared(
  `select status, revision, tx, last_position from ${S}.append_events($1, $2, $3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[])`,
);
// Each append's events are the slice [lo, hi] of the batch's arrays (1-based, in batch order; an
// append of no events has hi = lo - 1, an empty slice). Gathered by unnesting the whole batch once
// per append and column instead (four subqueries an append, each over every event of the batch),
// the statement took about a fifth longer: 1,158 against 972 µs a batch of ten appends to existing
// streams (medians of 350, the round trip included, on a scratch server).
const APPEND_BATCH = prepared(
  `select u.n, r.status, r.revision, r.tx, r.last_position
     from unnest($1::text[], $2::bigint[], $3::int[], $4::int[]) with ordinality as u(stream_id, expected, lo, hi, n)
     cross join lateral ${S}.append_events(u.stream_id, u.expected,
       ($5::uuid[])[u.lo:u.hi], ($6::text[])[u.lo:u.hi], ($7::jsonb[])[u.lo:u.hi], ($8::jsonb[])[u.lo:u.hi]) as r
    order by u.n`,
);
const READ_WHOLE_STREAMS = prepared(
  `select q.n, s.revision as head, s.truncate_before, s.tombstoned, e.*
     from unnest($1::text[], $2::bigint[], $3::bigint[]) with ordinality as q(stream_id, known_head, known_start, n)
     left join ${S}.streams s on s.stream_id = q.stream_id
     left join lateral (
       select ${COLUMNS} from ${S}.events
        where stream_id = s.stream_id and revision >= s.truncate_before
        order by revision
     ) e on q.known_head is null or s.tombstoned or s.revision <> q.known_head or s.truncate_before <> q.known_start
    order by q.n, e.revision`,
);

interface WholeStreamRead {
  readonly streamId: string;
  readonly known?: KnownRange;
}

function expectedCode(expected: ExpectedRevision): string {
  switch (expected) {
    case 'no_stream':
      return '-1';
    case 'any':
      return '-2';
    case 'stream_exists':
      return '-3';
    default:
      if (expected < 0n) throw new RangeError(`expectedRevision must be >= 0, got ${expected}`);
      return expected.toString();
  }
}

/** The filter as a SQL condition whose one parameter is number `n` (see filterParams). */
function filterSql(filter: SubscriptionFilter | undefined, n: number): string {
  if (!filter) return 'true';
  return 'eventTypes' in filter ? `type = any($${n}::text[])` : `stream_id ^@ any($${n}::text[])`;
}

function filterParams(filter: SubscriptionFilter | undefined): string[][] {
  if (!filter) return [];
  return ['eventTypes' in filter ? [...filter.eventTypes] : [...filter.streamPrefixes]];
}

/** The log's size for the benchmark's report: events, and bytes on disk with indexes. */
export async function eventLogSize(pool: Pool): Promise<{ events: number; bytes: number }> {
  const { rows } = await pool.query<{ n: string; bytes: string }>(
    `select (select count(*) from ${S}.events) as n, pg_total_relation_size('${S}.events') as bytes`,
  );
  return { events: Number(rows[0].n), bytes: Number(rows[0].bytes) };
}

/**
 * The log's reads (readAfter, readLogByStream: a projector's and a rebuild's pages) as arrays, not
 * objects, and the time as whole microseconds since the epoch instead of text that pg would parse
 * with a regular expression: a rebuild reads every event of the log this way. The microseconds are
 * the float8 seconds times a million, rounded in PostgreSQL and sent as an int8, so the session's
 * extra_float_digits (at 0 or below a float8 is sent with 15 digits, 5 µs off) cannot move them.
 * A float8 of seconds holds the microsecond exactly only within 2^32 s of 1970 (1833–2106); outside
 * 1900–2100 (a clock gone wrong, a row written by hand) the timestamptz itself comes too, parsed by
 * pg as every other read.
 */
// The cast's output is named (tx): unnamed it would be called transaction_id, and ORDER BY
// transaction_id would then sort the text ('1000' before '999'), skipping events at each power of ten.
const logColumns = (metadata: string) =>
  `global_position, transaction_id::text as tx, stream_id, revision, event_id, type, data, ${metadata},
   round(date_part('epoch', created_at) * 1000000)::int8,
   case when created_at < timestamptz '1900-01-01 00:00:00+00' or created_at >= timestamptz '2100-01-01 00:00:00+00' then created_at end`;
const LOG_COLUMNS = logColumns('metadata');
const LOG_COLUMNS_WITHOUT_METADATA = logColumns('null::jsonb');

type LogRow = [string, string, string, string, string, string, unknown, Record<string, unknown> | null, string, Date | null];

/** The instant pg's own parser gives for the same timestamptz (whole milliseconds, rounded down), for microseconds within 2^32 s of 1970. */
function createdFromEpochMicroseconds(microseconds: string): Date {
  return new Date(Math.floor(Number(microseconds) / 1000));
}

function fromLogRow(r: LogRow): RecordedEvent {
  return {
    streamId: r[2],
    revision: BigInt(r[3]),
    id: r[4],
    type: r[5],
    data: r[6],
    metadata: r[7] ?? NO_METADATA,
    created: r[9] ?? createdFromEpochMicroseconds(r[8]),
    position: { commit: BigInt(r[1]), prepare: BigInt(r[0]) },
  };
}

/** What `withoutMetadata` reads (selected as SQL null). */
const NO_METADATA: Readonly<Record<string, unknown>> = Object.freeze({});

function toRecorded(r: EventRow): RecordedEvent {
  return {
    streamId: r.stream_id,
    revision: BigInt(r.revision),
    id: r.event_id,
    type: r.type,
    data: r.data,
    metadata: r.metadata ?? NO_METADATA,
    created: r.created_at,
    position: { commit: BigInt(r.tx), prepare: BigInt(r.global_position) },
  };
}

export class PostgresEventStore implements EventStore {
  readonly engine = 'postgresql';
  private readonly pool: Pool;
  private readonly ownsPool: boolean;
  private listener: Client | undefined;
  private listenerStarting: Promise<void> | undefined;
  private readonly wakers = new Set<() => void>();
  private closed = false;
  /** Tells this store's own NOTIFY from another process's, which its subscribers already had. */
  private readonly notifier = randomUUID();
  private wakeTimer: NodeJS.Timeout | undefined;
  private lastWake = 0;
  private readonly appends = new Coalescer<PendingAppend, AppendRow>((batch) => this.appendBatch(batch));
  /** Whole-stream reads of one turn (every command loads its stream) in one statement. */
  private readonly wholeStreams = new Coalescer<WholeStreamRead, RecordedEvent[] | 'unchanged' | Error>((reads) =>
    this.readWholeStreams(reads),
  );

  constructor(private readonly options: PostgresEventStoreOptions = {}) {
    this.ownsPool = !options.pool;
    this.pool = options.pool ?? new Pool(options.poolConfig);
    if (this.ownsPool) {
      this.pool.on('error', () => undefined);
      this.pool.on('connect', (client) => client.on('error', () => undefined));
    }
  }

  /** Applies the engine's migrations; safe to call from several processes at once. */
  async migrate(): Promise<void> {
    await migrateEventStore(this.pool);
  }

  async appendToStream(streamId: string, events: readonly EventToAppend[], options: AppendOptions = {}): Promise<AppendResult> {
    const expected = options.expectedRevision ?? 'any';
    if (events.length === 0) throw new RangeError('appendToStream needs at least one event');
    const append: PendingAppend = {
      streamId,
      expected: expectedCode(expected),
      ids: events.map((e) => e.id ?? newId()),
      types: events.map((e) => e.type),
      data: events.map((e) => JSON.stringify(e.data ?? null)),
      metadata: events.map((e) => JSON.stringify(e.metadata ?? {})),
    };
    // A batch's transaction has its id (the log's order) from its first stream on; waiting then for
    // another stream's lock, it could append there after a later transaction did, out of revision
    // order in the log. At an exact revision (or no_stream) it then fails instead; any other
    // expectation goes alone, its transaction's id taken once it holds its stream.
    const alone = expected === 'any' || expected === 'stream_exists';
    const r = alone ? (await this.appendBatch([append]))[0] : await this.appends.submit(append);
    switch (r.status) {
      case 'ok':
        this.appended();
        return {
          nextExpectedRevision: BigInt(r.revision),
          position: { commit: BigInt(r.tx as string), prepare: BigInt(r.last_position as string) },
        };
      case 'idempotent':
        return { nextExpectedRevision: BigInt(r.revision) };
      case 'wrong_expected_version':
        throw new WrongExpectedVersionError(streamId, expected, BigInt(r.revision) < 0n ? 'no_stream' : BigInt(r.revision));
      case 'stream_deleted':
        throw new StreamDeletedError(streamId);
      default:
        throw new Error(`unexpected append status ${r.status}`);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (options.direction === undefined && options.fromRevision === undefined && options.maxCount === undefined) {
      const read = await this.wholeStreams.submit({ streamId });
      if (read instanceof Error) throw read;
      // Only a read with a known range can come back unchanged.
      if (read === 'unchanged') throw new Error(`readStream: ${streamId} came back unchanged from a whole read`);
      return read;
    }
    const forwards = (options.direction ?? 'forwards') === 'forwards';
    const from = options.fromRevision ?? (forwards ? 'start' : 'end');
    const max = options.maxCount ?? 2_147_483_647;
    // The stream's row and its events in one round trip: a left join keeps the row when no event
    // is in range (or the stream is empty, deleted or tombstoned), and says which.
    const explicit = typeof from === 'bigint' ? from.toString() : null;
    const { rows } = await this.pool.query<EventRow & { head: string; truncate_before: string; tombstoned: boolean }>(
      `select s.revision as head, s.truncate_before, s.tombstoned, e.*
         from ${S}.streams s
         left join lateral (
           select ${COLUMNS} from ${S}.events
            where stream_id = s.stream_id and revision >= s.truncate_before
              and ${forwards ? 'revision >= coalesce($2::bigint, s.truncate_before)' : '($2::bigint is null or revision <= $2::bigint)'}
            order by revision ${forwards ? 'asc' : 'desc'} limit $3
         ) e on $4
        where s.stream_id = $1`,
      [streamId, explicit, max, forwards ? from !== 'end' : from !== 'start'],
    );
    const s = rows[0];
    if (s?.tombstoned) throw new StreamDeletedError(streamId);
    if (!s || BigInt(s.head) < BigInt(s.truncate_before)) throw new StreamNotFoundError(streamId);
    return rows.filter((r) => r.event_id !== null).map(toRecorded);
  }

  /**
   * Appends of one turn in one statement, each by append_events with its own expected revision and
   * answer, in one transaction (one commit, so with fsync on one flush for all): in stream order, so
   * two batches lock the streams they share in the same order. A batch that fails (a constraint, a
   * deadlock) rolls back whole and is sent again one append at a time.
   */
  private async appendBatch(batch: readonly PendingAppend[]): Promise<AppendRow[]> {
    if (batch.length === 1) {
      const a = batch[0];
      const { rows } = await APPEND_ONE.run<AppendRow>(this.pool, [a.streamId, a.expected, a.ids, a.types, a.data, a.metadata]);
      return rows;
    }
    const order = batch
      .map((_, i) => i)
      .sort((x, y) => (batch[x].streamId < batch[y].streamId ? -1 : batch[x].streamId > batch[y].streamId ? 1 : x - y));
    const sorted = order.map((i) => batch[i]);
    const lo: number[] = [];
    const hi: number[] = [];
    for (let at = 1, n = 0; n < sorted.length; at += sorted[n].ids.length, n++) {
      lo.push(at);
      hi.push(at + sorted[n].ids.length - 1);
    }
    const all = <T>(f: (a: PendingAppend) => readonly T[]) => sorted.flatMap(f);
    const { rows } = await APPEND_BATCH.run<AppendRow & { n: string }>(this.pool, [
      sorted.map((a) => a.streamId),
      sorted.map((a) => a.expected),
      lo,
      hi,
      all((a) => a.ids),
      all((a) => a.types),
      all((a) => a.data),
      all((a) => a.metadata),
    ]);
    const answers: AppendRow[] = [];
    rows.forEach((r, n) => (answers[order[n]] = r));
    return answers;
  }

  async readStreamUnlessAt(streamId: string, known: KnownRange): Promise<RecordedEvent[] | 'unchanged'> {
    const read = await this.wholeStreams.submit({ streamId, known });
    if (read instanceof Error) throw read;
    return read;
  }

  /**
   * Whole streams, forwards, each as readStream reads it (its row and its events in one statement
   * for all); a stream read with `known` comes without its events when its row still says so.
   */
  private async readWholeStreams(reads: readonly WholeStreamRead[]): Promise<Array<RecordedEvent[] | 'unchanged' | Error>> {
    const { rows } = await READ_WHOLE_STREAMS.run<
      EventRow & { n: string; head: string | null; truncate_before: string; tombstoned: boolean }
    >(this.pool, [
      reads.map((r) => r.streamId),
      reads.map((r) => r.known?.lastRevision.toString() ?? null),
      reads.map((r) => r.known?.firstRevision.toString() ?? null),
    ]);
    const byStream = reads.map(() => [] as typeof rows);
    for (const r of rows) byStream[Number(r.n) - 1].push(r);
    return byStream.map((own, i) => {
      const { streamId, known } = reads[i];
      const s = own[0];
      if (s?.tombstoned) return new StreamDeletedError(streamId);
      if (!s || s.head === null || BigInt(s.head) < BigInt(s.truncate_before)) return new StreamNotFoundError(streamId);
      // The statement's join says the same: the events come unless both still match.
      if (known && BigInt(s.head) === known.lastRevision && BigInt(s.truncate_before) === known.firstRevision) return 'unchanged';
      return own.filter((r) => r.event_id !== null).map(toRecorded);
    });
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const direction = options.direction ?? 'forwards';
    const max = options.maxCount ?? 2_147_483_647;
    const from = options.fromPosition ?? (direction === 'forwards' ? 'start' : 'end');
    if (direction === 'forwards') {
      if (from === 'end') return [];
      return this.readAfter(from === 'start' ? START : from, max, true, options.filter, options.withoutMetadata, options.includeHeldBack);
    }
    if (from === 'start') return [];
    const { rows } = await this.pool.query<EventRow>(
      `select ${COLUMNS} from ${S}.events
        where ${options.includeHeldBack ? 'true' : 'transaction_id < pg_snapshot_xmin(pg_current_snapshot())'}
          and ($1::text is null or (transaction_id, global_position) <= ($1::xid8, $2::bigint))
          and ${filterSql(options.filter, 4)}
        order by transaction_id desc, global_position desc limit $3`,
      [
        from === 'end' ? null : from.commit.toString(),
        from === 'end' ? null : from.prepare.toString(),
        max,
        ...filterParams(options.filter),
      ],
    );
    return rows.map(toRecorded);
  }

  async countEvents(after?: Position): Promise<number | null> {
    const { rows } = await this.pool.query<{ n: string }>(
      `select count(*) as n from ${S}.events
        where ($1::text is null or (transaction_id, global_position) > ($1::xid8, $2::bigint))`,
      [after?.commit.toString() ?? null, after?.prepare.toString() ?? null],
    );
    return Number(rows[0].n);
  }

  /**
   * Pages through the streams table, which knows each stream's head and where its live part starts
   * (a soft delete moves truncate_before; the integrity chain restarts there).
   */
  async *readStreamPages(options: ReadStreamPagesOptions = {}): AsyncIterable<StreamsPage> {
    const pageSize = options.pageSize ?? 500;
    let after = '';
    for (;;) {
      const { rows: streams } = await this.pool.query<{ stream_id: string; revision: string; truncate_before: string }>(
        `select stream_id, revision, truncate_before from ${S}.streams
          where stream_id > $1 and revision >= truncate_before order by stream_id limit $2`,
        [after, pageSize],
      );
      if (!streams.length) return;
      const heads = new Map<string, StreamHead>(
        streams.map((s) => [
          s.stream_id,
          { streamId: s.stream_id, firstRevision: BigInt(s.truncate_before), lastRevision: BigInt(s.revision) },
        ]),
      );
      // One range scan of the (stream_id, revision) index covers the page's streams.
      const { rows } = await this.pool.query<EventRow>(
        `select ${COLUMNS} from ${S}.events
          where stream_id > $1 and stream_id <= $2 order by stream_id, revision`,
        [after, streams[streams.length - 1].stream_id],
      );
      const events = rows.map(toRecorded).filter((e) => {
        const head = heads.get(e.streamId);
        // Below truncate_before: soft-deleted, outside the live stream; no head: a deleted stream.
        return head !== undefined && e.revision >= head.firstRevision;
      });
      yield { heads: [...heads.values()], events };
      after = streams[streams.length - 1].stream_id;
    }
  }

  /** One range scan of the (stream_id, revision) index, in the database's collation, cut at `upTo`. */
  async readLogByStream(options: ReadLogByStreamOptions): Promise<RecordedEvent[]> {
    const after = options.after;
    const { rows } = await this.pool.query<LogRow>({
      rowMode: 'array',
      text: `select ${options.withoutMetadata ? LOG_COLUMNS_WITHOUT_METADATA : LOG_COLUMNS} from ${S}.events
        where ${after ? '(stream_id, revision) > ($4::text, $5::bigint) and' : ''} (transaction_id, global_position) <= ($1::xid8, $2::bigint)
        order by stream_id, revision limit $3`,
      values: [
        options.upTo.commit.toString(),
        options.upTo.prepare.toString(),
        options.maxCount,
        ...(after ? [after.streamId, after.revision.toString()] : []),
      ],
    });
    return rows.map(fromLogRow);
  }

  /**
   * Events after (or from, when inclusive) a position, in the stable (transaction, position) order:
   * only below the oldest open transaction unless `heldBack` (lookups: ReadAllOptions.includeHeldBack).
   */
  private async readAfter(
    position: Position,
    max: number,
    inclusive: boolean,
    filter?: SubscriptionFilter,
    withoutMetadata = false,
    heldBack = false,
  ): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<LogRow>({
      rowMode: 'array',
      text: `select ${withoutMetadata ? LOG_COLUMNS_WITHOUT_METADATA : LOG_COLUMNS} from ${S}.events
        where (transaction_id, global_position) ${inclusive ? '>=' : '>'} ($1::xid8, $2::bigint)
          and ${heldBack ? 'true' : 'transaction_id < pg_snapshot_xmin(pg_current_snapshot())'}
          and ${filterSql(filter, 4)}
        order by transaction_id, global_position limit $3`,
      values: [position.commit.toString(), position.prepare.toString(), max, ...filterParams(filter)],
    });
    return rows.map(fromLogRow);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    const batchSize = this.options.subscriptionBatchSize ?? 500;
    const pollMs = this.options.pollIntervalMs ?? 200;
    let closed = false;
    let wake: (() => void) | undefined;
    const queue = new AsyncQueue<SubscriptionMessage>(() => stop());
    const stop = () => {
      closed = true;
      wake?.();
    };
    // A wake-up that arrives while the subscription is reading (its read may have missed that commit)
    // is kept, so the next sleep returns at once instead of waiting a whole poll interval.
    let woken = false;
    const poke = () => {
      woken = true;
      wake?.();
    };
    this.wakers.add(poke);
    const sleep = () =>
      new Promise<void>((resolve) => {
        if (woken || closed) {
          woken = false;
          resolve();
          return;
        }
        const done = () => {
          clearTimeout(timer);
          wake = undefined;
          woken = false;
          resolve();
        };
        const timer = setTimeout(done, pollMs);
        wake = done;
      });
    const run = async () => {
      await this.ensureListener().catch(() => undefined); // polling still works without it
      let after = options.fromPosition === undefined || options.fromPosition === 'start' ? START : options.fromPosition;
      let caughtUp = false;
      while (!closed && !this.closed) {
        const batch = await this.readAfter(after, batchSize, false);
        for (const e of batch) if (matchesFilter(options.filter, e)) queue.push({ kind: 'event', event: e });
        if (batch.length) {
          after = batch[batch.length - 1].position;
          queue.push({ kind: 'checkpoint', position: after });
        }
        if (batch.length < batchSize) {
          if (!caughtUp) {
            caughtUp = true;
            queue.push({ kind: 'caughtUp' });
          }
          await sleep();
        } else {
          // Let the consumer drain before reading more, so a slow projection holds memory bounded.
          await queue.drained();
        }
      }
    };
    run()
      .finally(() => this.wakers.delete(poke))
      .then(
        () => queue.end(),
        (e) => queue.end(e),
      );
    return Object.assign(queue, {
      close: async () => {
        stop();
        queue.end();
      },
    });
  }

  async deleteStream(streamId: string, options: DeleteOptions = {}): Promise<void> {
    await this.changeStream(streamId, options.expectedRevision ?? 'any', 'soft');
  }

  async tombstoneStream(streamId: string, options: DeleteOptions = {}): Promise<void> {
    await this.changeStream(streamId, options.expectedRevision ?? 'any', 'tombstone');
  }

  private async changeStream(streamId: string, expected: ExpectedRevision, how: 'soft' | 'tombstone') {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      await client.query(`insert into ${S}.streams (stream_id) values ($1) on conflict do nothing`, [streamId]);
      const { rows } = await client.query<{ revision: string; truncate_before: string; tombstoned: boolean }>(
        `select revision, truncate_before, tombstoned from ${S}.streams where stream_id = $1 for update`,
        [streamId],
      );
      const s = rows[0];
      if (s.tombstoned) throw new StreamDeletedError(streamId);
      const rev = BigInt(s.revision);
      const exists = rev >= BigInt(s.truncate_before);
      const ok =
        expected === 'any' || (expected === 'no_stream' && !exists) || (expected === 'stream_exists' && exists) || expected === rev;
      if (!ok) throw new WrongExpectedVersionError(streamId, expected, exists ? rev : 'no_stream');
      if (how === 'soft') {
        if (!exists) throw new StreamNotFoundError(streamId);
        await client.query(`update ${S}.streams set truncate_before = revision + 1 where stream_id = $1`, [streamId]);
      } else {
        await client.query(`update ${S}.streams set tombstoned = true where stream_id = $1`, [streamId]);
      }
      await client.query('commit');
    } catch (e) {
      await client.query('rollback');
      throw e;
    } finally {
      client.release();
    }
  }

  async ping(): Promise<void> {
    await this.pool.query(`select 1 from ${S}.schema_migrations limit 1`);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.wakeTimer);
    for (const w of [...this.wakers]) w();
    const l = this.listener;
    this.listener = undefined;
    await l?.end().catch(() => undefined);
    if (this.ownsPool) await this.pool.end();
  }

  private wake(): void {
    for (const w of [...this.wakers]) w();
  }

  /**
   * After a commit, outside its transaction: this store's subscribers wake at once, other
   * processes' by a NOTIFY; both at most once per wakeIntervalMs (the first at once, the rest
   * gathered into one at the end of the interval). A lost NOTIFY costs at most a poll interval.
   */
  private appended(): void {
    if (this.wakeTimer || this.closed) return;
    const interval = this.options.wakeIntervalMs ?? 50;
    const fire = () => {
      this.wakeTimer = undefined;
      this.lastWake = Date.now();
      this.wake();
      if (!this.options.disableNotify && !this.closed)
        this.pool.query(`select pg_notify('${S}_appended', $1)`, [this.notifier]).catch(() => undefined);
    };
    const wait = this.lastWake + interval - Date.now();
    if (wait <= 0) fire();
    else this.wakeTimer = setTimeout(fire, wait);
  }

  private ensureListener(): Promise<void> {
    if (this.options.disableNotify || this.listener) return Promise.resolve();
    this.listenerStarting ??= (async () => {
      const cfg = this.pool.options as PoolConfig;
      const client = new Client(cfg);
      client.on('error', () => {
        // A dropped LISTEN connection falls back to polling until the next subscription restarts it.
        this.listener = undefined;
        this.listenerStarting = undefined;
      });
      await client.connect();
      client.on('notification', (n) => {
        if (n.payload !== this.notifier) this.wake();
      });
      await client.query(`listen ${S}_appended`);
      if (this.closed) {
        await client.end();
        return;
      }
      this.listener = client;
    })().catch((e) => {
      this.listenerStarting = undefined;
      throw e;
    });
    return this.listenerStarting;
  }
}
