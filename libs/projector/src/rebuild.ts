import type { Pool, PoolClient } from 'pg';
import { EventStore, Position, RecordedEvent, StreamCursor, comparePositions, matchesFilter } from '@wenzheng/event-store';
import { REBUILD_WALKS, Walk, deleteWalk, readCheckpoint, readWalk, writeCheckpoint, writeWalk } from './checkpoints';
import { Decoder, decodedNow, projectionLockKey } from './projector';
import { HandleContext, ProjectedEvent, Projection, READ_MODEL_SCHEMA, TableNames, liveTables, rebuildTables } from './projection';
import { Warmed, warmTables } from './warm';

export interface RebuildProgress {
  /** The projection, or "N projections" when several are rebuilt together. */
  readonly projection: string;
  /** Log events read so far (with those of an interrupted run when resumed). */
  readonly processed: number;
  readonly total: number | undefined;
  readonly eventsPerSecond: number;
  readonly resumed: boolean;
}

export interface RebuildOptions {
  readonly pool: Pool;
  readonly store: EventStore;
  readonly decode: Decoder;
  /** Log events per page (default 5000): each page is one transaction per projection. */
  readonly batchSize?: number;
  /** How many events the log holds (for the progress bar); undefined when the engine cannot say. */
  readonly countEvents?: () => Promise<number | undefined>;
  readonly onProgress?: (p: RebuildProgress) => void;
  /** Once the fresh tables are swapped in (committed), before the tables named in `warm` are read into memory. */
  readonly onSwapped?: () => void;
  /** Called with each page before it is decoded (e.g. to load the keys of a page in one query). */
  readonly prefetch?: (events: readonly RecordedEvent[]) => Promise<void>;
  /** Tests: stop after this many pages, as an interruption would. */
  readonly stopAfterBatches?: number;
  /**
   * Read the log stream by stream where the store can (default true; see walk). False reads it in
   * the log's order only.
   */
  readonly byStream?: boolean;
  /**
   * Rows a projection keeps only for a while (the notification outbox) are not written for events
   * before this instant (HandleContext.keptSince): what the live table keeps once pruned at it.
   * Undefined: every row is written.
   */
  readonly keptSince?: Date;
}

export interface RebuildResult {
  readonly projection: string;
  readonly events: number;
  readonly seconds: number;
  readonly resumed: boolean;
  readonly swapped: boolean;
}

export interface RebuildAllResult {
  readonly projections: readonly RebuildResult[];
  /** Log events read in this run (each once, whatever the number of projections). */
  readonly eventsRead: number;
  readonly seconds: number;
  /** Of `seconds`, the work after loading: vacuum, the secondary indexes, statistics (see settle). */
  readonly indexSeconds: number;
  readonly swapped: boolean;
  /** After the swap: the tables the projections name in `warm`, read into memory (counted in `seconds`). */
  readonly warmed?: Warmed;
}

const rebuildName = (p: Projection) => `${p.name}__rebuild`;

/**
 * A page's transaction: a commit lost in a crash loses its checkpoint with it (the rebuild resumes
 * before it), so it need not wait for the flush. And no sequential scans: the fresh tables have no
 * statistics until the end (see settle), so the planner takes a lookup of a page's keys
 * (`key = any($1)`: 1/200 of the rows per key) for the whole table and read all of it, every page
 * of every projection: 15 ms a page at 100,000 rows, and growing with the table.
 */
const PAGE_SETTINGS = 'set local synchronous_commit = off; set local enable_seqscan = off';

/**
 * Autovacuum is off on the fresh tables while they load, and back to the server's rule once settle
 * has vacuumed and analysed them itself. Left on, it visits a growing table (and its TOAST table) at
 * each naptime (a minute) to vacuum and analyse it, work settle does again once the load is over:
 * at 100,000 cases it visited every fresh table once mid-load, about 2 of PostgreSQL's 54 CPU-seconds;
 * a rebuild at 1,000,000 cases loads for minutes.
 */
const AUTOVACUUM = 'autovacuum_enabled, toast.autovacuum_enabled';
const NO_AUTOVACUUM = 'autovacuum_enabled = false, toast.autovacuum_enabled = false';

/** How many pages the fastest projection may run ahead of the slowest: memory holds as many. */
const AHEAD = 3;

interface Target {
  readonly p: Projection;
  readonly names: TableNames;
  readonly resumed: boolean;
  /** The rebuild checkpoint: events up to here are in the fresh tables. */
  position: Position | undefined;
  processed: number;
  /** While the fresh tables are loaded stream by stream (see walk): up to where, and the last event applied. */
  walk: Walk | undefined;
}

/** A page of the log, decoded once for every projection that wants any of its events. */
interface Page {
  /** Where the page was read from: it holds the events after this position. */
  readonly after: Position | undefined;
  /** A page of the walk: it holds the events after this one (stream by stream), up to `upTo`. */
  readonly walk?: { readonly after: StreamCursor | undefined; readonly upTo: Position };
  readonly events: readonly RecordedEvent[];
  readonly decoded: ReadonlyMap<RecordedEvent, ProjectedEvent>;
  /** The decoded events of the whole page a filter takes, by the filter's JSON: several projections share one. */
  readonly byFilter: Map<string, readonly ProjectedEvent[]>;
}

/**
 * Builds one projection afresh into `<table>__rebuild` tables while the live ones keep serving,
 * then swaps them in; see rebuildProjections.
 */
export async function rebuildProjection(p: Projection, o: RebuildOptions): Promise<RebuildResult> {
  return (await rebuildProjections([p], o)).projections[0];
}

/**
 * Builds projections afresh from one read of the log (stream by stream up to its head where the
 * store can, then in the log's order: see planWalks): each page is read and decoded once and fed
 * to every projection (each in its own transaction with its own rebuild checkpoint, each at its own
 * pace up to AHEAD pages past the slowest, so PostgreSQL writes one projection's rows while Node
 * folds another's), into fresh `<table>__rebuild` tables that hold only their primary keys and
 * unique indexes while loading. At the end the tables are vacuumed, the other indexes (GIN text
 * search among them) built once and the tables analysed (see settle), then every projection is
 * caught up and swapped in under its lock in one transaction. An interrupted rebuild resumes from
 * its checkpoints; memory holds AHEAD pages, whatever the log's size.
 */
export async function rebuildProjections(projections: readonly Projection[], o: RebuildOptions): Promise<RebuildAllResult> {
  for (const p of projections) {
    const unknown = (p.warm ?? []).filter((name) => !p.tables.includes(name));
    // Said before anything is built: a misspelt name would otherwise leave its table cold without a word.
    if (unknown.length)
      throw new Error(
        `rebuild: ${p.name} names ${unknown.map((n) => `"${n}"`).join(', ')} in warm, not among its tables (${p.tables.join(', ')})`,
      );
  }
  const held = await holdRebuildLocks(projections, o.pool);
  try {
    return await rebuildHeld(projections, o);
  } finally {
    await held.release();
  }
}

/** Thrown when another rebuild (in this process or another) is building one of the projections asked for. */
export class RebuildBusyError extends Error {
  constructor(readonly projection: string) {
    super(`rebuild: ${projection} is being rebuilt by another run on this database; wait for it to finish, then run again`);
    this.name = 'RebuildBusyError';
  }
}

const rebuildLockKey = (name: string) => `wz_rm:rebuild:${name}`;

/**
 * One rebuild of a projection at a time: two runs writing the same `__rebuild` tables failed on
 * duplicate keys half-way. Session locks on a connection of their own, taken in name order and
 * never waited for (the second run is told at once); a process that dies lets them go with its session.
 */
async function holdRebuildLocks(projections: readonly Projection[], pool: Pool): Promise<{ release: () => Promise<void> }> {
  const client = await pool.connect();
  const taken: string[] = [];
  const release = async () => {
    try {
      for (const name of taken) await client.query('select pg_advisory_unlock(hashtext($1))', [rebuildLockKey(name)]);
      client.release();
    } catch (e) {
      // A connection whose unlock failed is ended: its session, and the locks with it, go.
      client.release(e instanceof Error ? e : new Error(String(e)));
    }
  };
  try {
    for (const name of [...new Set(projections.map((p) => p.name))].sort()) {
      const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtext($1)) as ok', [rebuildLockKey(name)]);
      if (!rows[0].ok) throw new RebuildBusyError(name);
      taken.push(name);
    }
  } catch (e) {
    await release();
    throw e;
  }
  return { release };
}

async function rebuildHeld(projections: readonly Projection[], o: RebuildOptions): Promise<RebuildAllResult> {
  const started = Date.now();
  const batchSize = o.batchSize ?? 5000;
  const targets: Target[] = [];
  for (const p of projections) targets.push(await prepare(p, o.pool));
  const label = targets.length === 1 ? targets[0].p.name : `${targets.length} projections`;
  const resumed = targets.some((t) => t.resumed);
  const total = await o.countEvents?.();
  const wanted = (e: RecordedEvent) => targets.some((t) => matchesFilter(t.p.filter, e));
  const decoded = async (events: readonly RecordedEvent[]) => decodeOnce(events.filter(wanted), o);
  const progress = { eventsRead: 0, windowStart: Date.now(), processedAtStart: Math.max(0, ...targets.map((t) => t.processed)) };
  const onPage = () => {
    const processed = Math.max(...targets.map((x) => x.processed));
    const seconds = (Date.now() - progress.windowStart) / 1000;
    o.onProgress?.({
      projection: label,
      processed,
      total,
      eventsPerSecond: seconds > 0 ? (processed - progress.processedAtStart) / seconds : 0,
      resumed,
    });
  };
  let pagesLeft = o.stopAfterBatches ?? Infinity;

  await planWalks(targets, o);
  const walkers = targets.filter((t) => t.walk);
  const readByStream = o.store.readLogByStream?.bind(o.store);
  if (walkers.length && !readByStream)
    // Read in the log's order instead, the walked events would reach the fresh tables twice.
    throw new Error(
      `rebuild: ${walkers.map((t) => t.p.name).join(', ')} began reading the log stream by stream and this event store cannot; ` +
        'run the rebuild again on the store it began on',
    );
  if (walkers.length && readByStream) {
    const heads = walkers.map((t) => (t.walk as Walk).upTo);
    // Every walker where it stopped: the walk goes on from there. Otherwise from the start, each
    // skipping the events up to its own last one (found by equality: no order of stream ids here).
    const first = (walkers[0].walk as Walk).after;
    const from = walkers.every((t) => sameCursor((t.walk as Walk).after, first)) ? first : undefined;
    // A walker's last event may lie past its own head (a run it shared with a later head read on):
    // read up to the log's head now, so that every walker's last event is on a page.
    if (!from) heads.push(...(await logHead(o.store)).map((e) => e.position));
    const upTo = heads.reduce((a, b) => (comparePositions(a, b) >= 0 ? a : b));
    let lastRead = from;
    const readWalkPage = async (after: StreamCursor | undefined): Promise<Page> => {
      const events = await readByStream({ upTo, after, maxCount: batchSize, withoutMetadata: true });
      if (events.length) lastRead = cursorOf(events[events.length - 1]);
      return { after: undefined, walk: { after, upTo }, events, decoded: await decoded(events), byFilter: new Map() };
    };
    const pages = await pipeline(
      walkers,
      () => readWalkPage(from),
      (before) => readWalkPage(cursorOf(before.events[before.events.length - 1])),
      (t, page) => applyWalkPage(t, page, o),
      pagesLeft,
      progress,
      onPage,
    );
    pagesLeft -= pages.applied;
    if (!pages.ended) return result(targets, progress.eventsRead, started, 0, false);
    // Each walker found its own last event and went on to the walk's end; one that did not would
    // be marked done with events missing.
    const lost = walkers.filter((t) => !sameCursor((t.walk as Walk).after, lastRead));
    if (lost.length)
      throw new Error(
        `rebuild: the place of ${lost.map((t) => t.p.name).join(', ')} in the log read stream by stream was not found; ` +
          `delete their rows from ${REBUILD_WALKS} and wz_rm.projection_checkpoints (name <projection>__rebuild) to rebuild them from the start`,
      );
    await finishWalks(walkers, o);
  }

  const readPage = async (after: Position | undefined): Promise<Page> => {
    // No projection reads an event's metadata (as large as its data): the log is read without it.
    const raw = await o.store.readAll({ fromPosition: after ?? 'start', maxCount: batchSize + 1, withoutMetadata: true });
    const events = (after ? raw.filter((e) => comparePositions(e.position, after) > 0) : raw).slice(0, batchSize);
    return { after, events, decoded: await decoded(events), byFilter: new Map() };
  };
  const pages = await pipeline(
    targets,
    () => readPage(earliest(targets)),
    (before) => readPage(before.events[before.events.length - 1].position),
    (t, page) => applyPage(t, page, o),
    pagesLeft,
    progress,
    onPage,
  );
  if (!pages.ended || o.stopAfterBatches !== undefined) return result(targets, progress.eventsRead, started, 0, false);
  const indexing = Date.now();
  await flushCommits(targets, o.pool);
  await Promise.all(targets.map((t) => settle(t, o.pool)));
  const indexSeconds = (Date.now() - indexing) / 1000;
  progress.eventsRead += await swap(targets, o);
  o.onSwapped?.();
  const warmed = await warmTables(
    o.pool,
    targets.flatMap((t) => (t.p.warm ?? []).map((k) => liveTables(t.p)[k])),
  );
  return { ...result(targets, progress.eventsRead, started, indexSeconds, true), warmed };
}

/**
 * Feeds pages to every target until an empty page (or `limit` pages): each page is read once the
 * one before it is, and released when every projection has applied it. Each projection takes the
 * pages in order at its own pace, up to AHEAD pages past the slowest: Node folds one projection's
 * next page while PostgreSQL still writes another's (a barrier after every page left each side
 * idle while the other finished its share). Every run is waited for, the failed one's error given
 * after: a page still being written when another projection failed must not commit after the
 * caller has been told (and the locks let go).
 */
async function pipeline(
  targets: readonly Target[],
  firstPage: () => Promise<Page>,
  nextPage: (before: Page) => Promise<Page>,
  apply: (t: Target, page: Page) => Promise<void>,
  limit: number,
  progress: { eventsRead: number },
  onPage: () => void,
): Promise<{ ended: boolean; applied: number }> {
  const pages = new Map<number, Promise<Page>>();
  const done = targets.map(() => 0);
  const slowest = () => Math.min(...done);
  let ended = false;
  let failed = false;
  let moved: () => void = () => undefined;
  let progressed = new Promise<void>((resolve) => (moved = resolve));
  const pageAt = (i: number): Promise<Page> => {
    let page = pages.get(i);
    if (!page) {
      page = i === 0 ? firstPage() : pageAt(i - 1).then((before) => (before.events.length ? nextPage(before) : before));
      // A failed read is seen by the projection that awaits it.
      page.catch(() => undefined);
      pages.set(i, page);
    }
    return page;
  };
  const run = async (t: Target, k: number) => {
    for (let i = 0; !failed && i < limit; i++) {
      // After a failure the promise stays resolved: leave, or this loop spins without end.
      while (i - slowest() >= AHEAD) {
        if (failed) return;
        await progressed;
      }
      if (failed) return;
      const page = await pageAt(i);
      if (i + 1 - slowest() < AHEAD && i + 1 < limit) void pageAt(i + 1);
      if (!page.events.length) {
        ended = true;
        return;
      }
      await apply(t, page);
      const before = slowest();
      done[k] = i + 1;
      if (slowest() > before) {
        progress.eventsRead += page.events.length;
        pages.delete(before);
        onPage();
      }
      moved();
      progressed = new Promise<void>((resolve) => (moved = resolve));
    }
  };
  const settled = await Promise.allSettled(
    targets.map((t, k) =>
      run(t, k).catch((e: unknown) => {
        failed = true;
        moved();
        throw e;
      }),
    ),
  );
  // Nor a page still being read when the caller, told, ends the pool.
  await Promise.all([...pages.values()].map((p) => p.catch(() => undefined)));
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  return { ended, applied: slowest() };
}

function result(targets: readonly Target[], eventsRead: number, started: number, indexSeconds: number, swapped: boolean): RebuildAllResult {
  const seconds = (Date.now() - started) / 1000;
  return {
    projections: targets.map((t) => ({ projection: t.p.name, events: t.processed, seconds, resumed: t.resumed, swapped })),
    eventsRead,
    seconds,
    indexSeconds,
    swapped,
  };
}

/** Undefined (the start of the log) when any projection starts there. */
function earliest(targets: readonly Target[]): Position | undefined {
  let min: Position | undefined;
  for (const t of targets) {
    if (!t.position) return undefined;
    if (!min || comparePositions(t.position, min) < 0) min = t.position;
  }
  return min;
}

/** Fresh tables without their secondary indexes and a rebuild checkpoint at the start, or the interrupted run's. */
async function prepare(p: Projection, pool: Pool): Promise<Target> {
  const names = rebuildTables(p);
  const client = await pool.connect();
  try {
    const existing = await readCheckpoint(client, rebuildName(p));
    if (existing !== undefined && existing.version === p.version) {
      const walk = await readWalk(client, rebuildName(p));
      return { p, names, resumed: true, position: existing.position, processed: existing.eventsProcessed, walk };
    }
    await client.query('begin');
    for (const t of Object.values(names)) await client.query(`drop table if exists ${t} cascade`);
    await p.createTables(client, names);
    for (const t of Object.values(names)) await client.query(`alter table ${t} set (${NO_AUTOVACUUM})`);
    await p.bulkLoad?.before(client, names);
    for (const index of await secondaryIndexes(client, names)) await client.query(`drop index ${index.name}`);
    await client.query(`delete from ${READ_MODEL_SCHEMA}.projection_checkpoints where name = $1`, [rebuildName(p)]);
    await writeCheckpoint(client, rebuildName(p), p.version, undefined, 0, undefined);
    await deleteWalk(client, rebuildName(p));
    await client.query('commit');
    return { p, names, resumed: false, position: undefined, processed: 0, walk: undefined };
  } catch (e) {
    await client.query('rollback').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

/**
 * The walk: fresh tables are loaded from the log read stream by stream up to the head it had when
 * the rebuild began (EventStore.readLogByStream), then from there in the log's order like any
 * catch-up. In the log's order a case's events are spread over the weeks it is handled, so each
 * page loaded the rows of its cases back, folded them further and wrote them again; stream by
 * stream each case's rows are folded in one page and written once, with COPY. A projection only
 * needs its streams' events in revision order, which both reads give it. Where the store cannot
 * read this way (EventStoreDB), or `byStream` is false, the log is read in its order throughout.
 *
 * Each projection's place in the walk (its last event) is kept in its page's transaction, with its
 * rows, in REBUILD_WALKS; an interrupted walk resumes there.
 */
async function planWalks(targets: readonly Target[], o: RebuildOptions): Promise<void> {
  if (o.byStream === false || !o.store.readLogByStream) return;
  const fresh = targets.filter((t) => !t.resumed);
  if (!fresh.length) return;
  // Nothing before the log's head is still held back, so the walk misses none.
  const [head] = await logHead(o.store);
  if (!head) return;
  for (const t of fresh) {
    const walk: Walk = { upTo: head.position, after: undefined };
    await inTransaction(o.pool, (c) => writeWalk(c, rebuildName(t.p), walk));
    t.walk = walk;
  }
}

const cursorOf = (e: RecordedEvent): StreamCursor => ({ streamId: e.streamId, revision: e.revision });

/** The last event readAll gives: nothing before it is still held back. */
const logHead = (store: EventStore) => store.readAll({ fromPosition: 'end', direction: 'backwards', maxCount: 1, withoutMetadata: true });

const sameCursor = (a: StreamCursor | undefined, b: StreamCursor | undefined) =>
  a === b || (a !== undefined && b !== undefined && a.streamId === b.streamId && a.revision === b.revision);

/** What every page of a rebuild tells its projections. */
const contextOf = (o: RebuildOptions): HandleContext => (o.keptSince ? { keptSince: o.keptSince } : {});

/** A walk page's events after the projection's last one and up to its own head, and its place moved past them, in one transaction. */
async function applyWalkPage(t: Target, page: Page, o: RebuildOptions): Promise<void> {
  const walk = t.walk as Walk;
  const read = page.walk as NonNullable<Page['walk']>;
  let events = page.events;
  if (!sameCursor(walk.after, read.after)) {
    // Resumed further on than the walk: skip to just past its own last event.
    const at = walk.after ? events.findIndex((e) => sameCursor(cursorOf(e), walk.after)) : -1;
    if (at < 0) return;
    events = events.slice(at + 1);
  }
  const upToMine = comparePositions(walk.upTo, read.upTo) === 0;
  const fresh = upToMine ? events : events.filter((e) => comparePositions(e.position, walk.upTo) <= 0);
  const mine = wantedEvents(t, page, fresh);
  const after = cursorOf(page.events[page.events.length - 1]);
  await inTransaction(o.pool, async (c) => {
    // As applyPage: a commit lost in a crash loses the walk's place with it.
    await c.query(PAGE_SETTINGS);
    if (mine.length) await t.p.handle(c, mine, t.names, contextOf(o));
    await writeWalk(c, rebuildName(t.p), { upTo: walk.upTo, after });
    await writeCheckpoint(c, rebuildName(t.p), t.p.version, undefined, fresh.length, undefined);
  });
  t.walk = { upTo: walk.upTo, after };
  t.processed += fresh.length;
}

/** The walk done: each projection's rebuild checkpoint at its walk's head, from where the log is read in its order. */
async function finishWalks(walkers: readonly Target[], o: RebuildOptions): Promise<void> {
  const heads = new Map<string, Promise<RecordedEvent | undefined>>();
  for (const t of walkers) {
    const walk = t.walk as Walk;
    const key = `${walk.upTo.commit}/${walk.upTo.prepare}`;
    if (!heads.has(key))
      heads.set(
        key,
        o.store.readAll({ fromPosition: walk.upTo, maxCount: 1, withoutMetadata: true }).then(([head]) => head),
      );
    const head = await heads.get(key);
    await inTransaction(o.pool, async (c) => {
      await writeCheckpoint(c, rebuildName(t.p), t.p.version, walk.upTo, 0, head?.created);
      await deleteWalk(c, rebuildName(t.p));
    });
    t.position = walk.upTo;
    t.walk = undefined;
  }
}

/** Each event that some projection wants, decoded once (its keys loaded for the page in one query). */
async function decodeOnce(events: readonly RecordedEvent[], o: RebuildOptions): Promise<Map<RecordedEvent, ProjectedEvent>> {
  await o.prefetch?.(events);
  const decoded = new Map<RecordedEvent, ProjectedEvent>();
  for (const e of events) {
    const d = o.decode(e);
    decoded.set(e, decodedNow(d) ? d : await d);
  }
  return decoded;
}

/**
 * The events of `fresh` (the page's, or those after the projection's place) that the projection wants,
 * decoded. For the whole page they are taken once per filter and shared by the projections with that filter.
 */
function wantedEvents(t: Target, page: Page, fresh: readonly RecordedEvent[]): readonly ProjectedEvent[] {
  const take = () => {
    const taken: ProjectedEvent[] = [];
    for (const e of fresh) if (matchesFilter(t.p.filter, e)) taken.push(page.decoded.get(e) as ProjectedEvent);
    return taken;
  };
  if (fresh !== page.events) return take();
  const key = JSON.stringify(t.p.filter ?? null);
  const mine = page.byFilter.get(key) ?? take();
  page.byFilter.set(key, mine);
  return mine;
}

/** The page's events after the projection's checkpoint, and the checkpoint moved past them, in one transaction. */
async function applyPage(t: Target, page: Page, o: RebuildOptions): Promise<void> {
  const after = t.position;
  // Unless resumed from a checkpoint of its own, a projection is where the page was read from.
  const whole = after === page.after || (after !== undefined && page.after !== undefined && comparePositions(after, page.after) === 0);
  const fresh = whole || !after ? page.events : page.events.filter((e) => comparePositions(e.position, after) > 0);
  if (!fresh.length) return;
  const mine = wantedEvents(t, page, fresh);
  const last = fresh[fresh.length - 1];
  await inTransaction(o.pool, async (c) => {
    await c.query(PAGE_SETTINGS);
    if (mine.length) await t.p.handle(c, mine, t.names, contextOf(o));
    await writeCheckpoint(c, rebuildName(t.p), t.p.version, last.position, fresh.length, last.created);
  });
  t.position = last.position;
  t.processed += fresh.length;
}

/**
 * Flushes the WAL up to now: the pages' transactions commit asynchronously, and until its commit
 * is flushed a row's inserter cannot be hinted as committed, so vacuum cannot mark its page
 * all-visible (walwriter flushes within wal_writer_delay; in a spec the vacuum came first, and no
 * page was marked). A synchronous commit flushes every commit before it, but only that of a
 * transaction that wrote to the WAL: here the rebuild checkpoints, rewritten unchanged.
 */
async function flushCommits(targets: readonly Target[], pool: Pool): Promise<void> {
  await inTransaction(pool, async (c) => {
    await c.query('set local synchronous_commit = on');
    await c.query(`update ${READ_MODEL_SCHEMA}.projection_checkpoints set name = name where name = any($1::text[])`, [
      targets.map((t) => rebuildName(t.p)),
    ]);
  });
}

/**
 * The fresh tables made ready to serve before they are swapped in. Loaded in many transactions,
 * their rows are not yet hinted as committed nor their pages marked all-visible: the first read
 * of each page after the swap would set the hints (with data checksums and full_page_writes on,
 * PostgreSQL 18's defaults, writing the whole page to the WAL: on the bench machine a 361 MB
 * table's first scan after a checkpoint took 2.2 s, the next 0.3 s), and until autovacuum came
 * an index-only scan would visit the heap. So a vacuum (before the secondary indexes, which it
 * would otherwise scan too), the indexes, then statistics for the planner (after the indexes, for
 * those on expressions). A transaction left open elsewhere holds vacuum back from the rows
 * committed after its snapshot; nothing fails then.
 */
async function settle(t: Target, pool: Pool): Promise<void> {
  const tables = Object.values(t.names);
  const { bulkLoad } = t.p;
  if (bulkLoad) await inTransaction(pool, (c) => bulkLoad.after(c, t.names));
  await refuseTriggersOff(t, pool);
  for (const table of tables) await pool.query(`vacuum ${table}`);
  await buildIndexes(t, pool);
  for (const table of tables) await pool.query(`analyze ${table}`);
  for (const table of tables) await pool.query(`alter table ${table} reset (${AUTOVACUUM})`);
}

/**
 * No fresh table goes live with a trigger of its own switched off: a bulk load switches them off
 * only until its `after` (Projection.bulkLoad). One still off means the rebuild was begun by code
 * with a bulk load and resumed by code without it (an older release, a wrapper that drops
 * bulkLoad), so what the trigger keeps (department_performance's day counts) misses the load.
 */
async function refuseTriggersOff(t: Target, pool: Pool): Promise<void> {
  const { rows } = await pool.query<{ name: string }>(
    `select format('%s on %s', tgname, tgrelid::regclass) as name from pg_trigger
      where tgrelid = any(select to_regclass(x) from unnest($1::text[]) as x) and not tgisinternal and tgenabled = 'D'
      order by 1`,
    [Object.values(t.names)],
  );
  if (rows.length)
    throw new Error(
      `rebuild: ${t.p.name}'s fresh tables have triggers switched off (${rows.map((r) => r.name).join(', ')}): it was begun with a bulk load ` +
        `and resumed without one; delete the row ${rebuildName(t.p)} from ${READ_MODEL_SCHEMA}.projection_checkpoints and run it again`,
    );
}

interface IndexDef {
  readonly name: string;
  readonly table: string;
  /** What follows `ON <table>`: the method, columns, INCLUDE and WHERE. */
  readonly body: string;
}

/** The indexes of these tables that neither back a constraint nor are unique (an `on conflict` target must stay). */
async function secondaryIndexes(client: PoolClient, names: TableNames): Promise<IndexDef[]> {
  const { rows } = await client.query<{ name: string; table: string; def: string }>(
    `select i.indexrelid::regclass::text as name, i.indrelid::regclass::text as table, pg_get_indexdef(i.indexrelid) as def
       from pg_index i
      where i.indrelid = any(select to_regclass(t) from unnest($1::text[]) as t)
        and not i.indisunique and not i.indisprimary
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
      order by i.indexrelid`,
    [Object.values(names)],
  );
  return rows.map((r) => {
    const m = /^CREATE INDEX \S+ ON (?:ONLY )?\S+ (.*)$/s.exec(r.def);
    if (!m) throw new Error(`rebuild: cannot read the definition of index ${r.name}: ${r.def}`);
    return { name: r.name, table: r.table, body: m[1] };
  });
}

/**
 * The secondary indexes createTables makes, built on the loaded tables. Their definitions are
 * read from the projection's own createTables run under scratch names and rolled back, so a
 * resumed rebuild (whose tables were made by an earlier run) builds the same ones.
 */
async function buildIndexes(t: Target, pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    const scratch = Object.fromEntries(Object.entries(t.names).map(([k, v]) => [k, `${v}_shape`]));
    await client.query('begin');
    let wanted: IndexDef[];
    try {
      await t.p.createTables(client, scratch);
      wanted = await secondaryIndexes(client, scratch);
    } finally {
      await client.query('rollback');
    }
    const have = new Set((await secondaryIndexes(client, t.names)).map((i) => `${qualified(i.table)} ${i.body}`));
    const tableOf = new Map(Object.entries(scratch).map(([k, v]) => [qualified(v), t.names[k]]));
    // Sorting the keys in memory rather than in many small runs: a one-off build of a large table.
    await client.query(`set maintenance_work_mem = '256MB'`);
    for (const index of wanted) {
      const table = tableOf.get(qualified(index.table)) as string;
      if (!have.has(`${qualified(table)} ${index.body}`)) await client.query(`create index on ${table} ${index.body}`);
    }
    await client.query('reset maintenance_work_mem');
  } finally {
    client.release();
  }
}

/** regclass::text leaves out the schema when it is on the search path. */
const qualified = (table: string) => (table.includes('.') ? table : `${READ_MODEL_SCHEMA}.${table}`);

/**
 * Under every projection's lock (the live projector waits): catches up the events appended since,
 * swaps tables and checkpoints, all in one transaction. Returns the log events it read.
 */
async function swap(targets: readonly Target[], o: RebuildOptions): Promise<number> {
  let read = 0;
  await inTransaction(o.pool, async (c) => {
    for (const t of [...targets].sort((a, b) => (a.p.name < b.p.name ? -1 : 1)))
      await c.query('select pg_advisory_xact_lock(hashtext($1))', [projectionLockKey(t.p.name)]);
    // The live checkpoints now, in the order the live projector locks them when it moves quiet ones
    // (advanceCheckpoints: by name, in SQL): taken one by one at the end, in the targets' order, they
    // deadlocked with it, and the swap, its whole work, was the one rolled back.
    await c.query(`select name from ${READ_MODEL_SCHEMA}.projection_checkpoints where name = any($1::text[]) order by name for update`, [
      targets.map((t) => t.p.name),
    ]);
    for (const t of targets) t.position = (await readCheckpoint(c, rebuildName(t.p), true))?.position;
    for (let from = earliest(targets); ;) {
      const raw = await o.store.readAll({ fromPosition: from ?? 'start', maxCount: 5000, withoutMetadata: true });
      const fresh = from ? raw.filter((e) => comparePositions(e.position, from as Position) > 0) : raw;
      if (!fresh.length) break;
      read += fresh.length;
      const decoded = await decodeOnce(
        fresh.filter((e) => targets.some((t) => matchesFilter(t.p.filter, e))),
        o,
      );
      for (const t of targets) {
        const after = t.position;
        const mine = fresh.filter((e) => (!after || comparePositions(e.position, after) > 0) && matchesFilter(t.p.filter, e));
        if (mine.length)
          await t.p.handle(
            c,
            mine.map((e) => decoded.get(e) as ProjectedEvent),
            t.names,
            contextOf(o),
          );
        const last = fresh[fresh.length - 1];
        await writeCheckpoint(c, rebuildName(t.p), t.p.version, last.position, fresh.length, last.created);
        t.position = last.position;
      }
      from = fresh[fresh.length - 1].position;
    }
    for (const t of targets) {
      const live = liveTables(t.p);
      for (const table of t.p.tables) {
        const liveName = live[table].split('.')[1];
        await c.query(`alter table if exists ${live[table]} rename to ${liveName}__old`);
        await c.query(`alter table ${t.names[table]} rename to ${liveName}`);
        await c.query(`drop table if exists ${live[table]}__old cascade`);
      }
      const rebuilt = await readCheckpoint(c, rebuildName(t.p), true);
      await c.query(`delete from ${READ_MODEL_SCHEMA}.projection_checkpoints where name in ($1, $2)`, [t.p.name, rebuildName(t.p)]);
      await c.query(`delete from ${REBUILD_WALKS} where name = $1`, [rebuildName(t.p)]);
      await writeCheckpoint(c, t.p.name, t.p.version, rebuilt?.position, rebuilt?.eventsProcessed ?? 0, rebuilt?.lastEventAt);
      t.processed = rebuilt?.eventsProcessed ?? t.processed;
    }
  });
  return read;
}

async function inTransaction(pool: Pool, work: (c: PoolClient) => Promise<void>): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('begin');
    await work(c);
    await c.query('commit');
  } catch (e) {
    await c.query('rollback').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}
