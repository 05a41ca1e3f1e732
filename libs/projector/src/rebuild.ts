import type { Pool, PoolClient } from 'pg';
import { EventStore, Position, RecordedEvent, comparePositions, matchesFilter } from '@wenzheng/event-store';
import { readCheckpoint, writeCheckpoint } from './checkpoints';
import { Decoder, projectionLockKey } from './projector';
import { ProjectedEvent, Projection, liveTables, rebuildTables } from './projection';

export interface RebuildProgress {
  readonly projection: string;
  readonly processed: number;
  readonly total: number | undefined;
  readonly eventsPerSecond: number;
  readonly resumed: boolean;
}

export interface RebuildOptions {
  readonly pool: Pool;
  readonly store: EventStore;
  readonly decode: Decoder;
  readonly batchSize?: number;
  /** How many events the log holds (for the progress bar); undefined when the engine cannot say. */
  readonly countEvents?: () => Promise<number | undefined>;
  readonly onProgress?: (p: RebuildProgress) => void;
  /** Called with each page before it is decoded (e.g. to load the keys of a page in one query). */
  readonly prefetch?: (events: readonly RecordedEvent[]) => Promise<void>;
  /** Tests: stop after this many batches, as an interruption would. */
  readonly stopAfterBatches?: number;
}

export interface RebuildResult {
  readonly projection: string;
  readonly events: number;
  readonly seconds: number;
  readonly resumed: boolean;
  readonly swapped: boolean;
}

const rebuildName = (p: Projection) => `${p.name}__rebuild`;

/**
 * Builds a projection afresh into `<table>__rebuild` tables from the start of the log while the
 * live tables keep serving, then swaps them in one transaction. The rebuild keeps its own
 * checkpoint, so an interrupted rebuild resumes where it stopped.
 */
export async function rebuildProjection(p: Projection, o: RebuildOptions): Promise<RebuildResult> {
  const started = Date.now();
  const names = rebuildTables(p);
  const batchSize = o.batchSize ?? 2000;
  const client = await o.pool.connect();
  let resumed = false;
  let processed = 0;
  try {
    const existing = await readCheckpoint(client, rebuildName(p));
    resumed = existing !== undefined && existing.version === p.version;
    if (!resumed) {
      await client.query('begin');
      for (const t of Object.values(names)) await client.query(`drop table if exists ${t} cascade`);
      await p.createTables(client, names);
      await client.query(`delete from wz_rm.projection_checkpoints where name = $1`, [rebuildName(p)]);
      await writeCheckpoint(client, rebuildName(p), p.version, undefined, 0, undefined);
      await client.query('commit');
    } else processed = existing?.eventsProcessed ?? 0;
  } finally {
    client.release();
  }
  const total = await o.countEvents?.();
  let position = (await readCheckpoint(o.pool, rebuildName(p)))?.position;
  let batches = 0;
  const windowStart = Date.now();
  const processedAtStart = processed;
  for (;;) {
    const events = await o.store.readAll({ fromPosition: position ?? 'start', maxCount: batchSize + 1 });
    const fresh = position ? events.filter((e) => comparePositions(e.position, position as Position) > 0) : events;
    if (fresh.length === 0) break;
    const page = fresh.slice(0, batchSize);
    const matching = page.filter((e) => matchesFilter(p.filter, e));
    await o.prefetch?.(matching);
    const decoded: ProjectedEvent[] = [];
    for (const e of matching) decoded.push(await o.decode(e));
    const last = page[page.length - 1];
    await inTransaction(o.pool, async (c) => {
      if (decoded.length) await p.handle(c, decoded, names);
      await writeCheckpoint(c, rebuildName(p), p.version, last.position, page.length, last.created);
    });
    position = last.position;
    processed += page.length;
    batches++;
    const seconds = (Date.now() - windowStart) / 1000;
    o.onProgress?.({
      projection: p.name,
      processed,
      total,
      eventsPerSecond: seconds > 0 ? (processed - processedAtStart) / seconds : 0,
      resumed,
    });
    if (o.stopAfterBatches !== undefined && batches >= o.stopAfterBatches) {
      return { projection: p.name, events: processed, seconds: (Date.now() - started) / 1000, resumed, swapped: false };
    }
  }
  await swap(p, o, names);
  return { projection: p.name, events: processed, seconds: (Date.now() - started) / 1000, resumed, swapped: true };
}

/** Under the projection's lock (the live projector waits): catch up the last events, swap tables and checkpoints. */
async function swap(p: Projection, o: RebuildOptions, names: Record<string, string>) {
  await inTransaction(o.pool, async (c) => {
    await c.query('select pg_advisory_xact_lock(hashtext($1))', [projectionLockKey(p.name)]);
    let cp = (await readCheckpoint(c, rebuildName(p), true))?.position;
    for (;;) {
      const events: RecordedEvent[] = await o.store.readAll({ fromPosition: cp ?? 'start', maxCount: 5000 });
      const fresh = cp ? events.filter((e) => comparePositions(e.position, cp as Position) > 0) : events;
      if (!fresh.length) break;
      const decoded: ProjectedEvent[] = [];
      for (const e of fresh) if (matchesFilter(p.filter, e)) decoded.push(await o.decode(e));
      if (decoded.length) await p.handle(c, decoded, names);
      cp = fresh[fresh.length - 1].position;
      await writeCheckpoint(c, rebuildName(p), p.version, cp, fresh.length, fresh[fresh.length - 1].created);
    }
    const live = liveTables(p);
    for (const t of p.tables) {
      const liveName = live[t].split('.')[1];
      await c.query(`alter table if exists ${live[t]} rename to ${liveName}__old`);
      await c.query(`alter table ${names[t]} rename to ${liveName}`);
      await c.query(`drop table if exists ${live[t]}__old cascade`);
    }
    const rebuilt = await readCheckpoint(c, rebuildName(p), true);
    await c.query(`delete from wz_rm.projection_checkpoints where name in ($1, $2)`, [p.name, rebuildName(p)]);
    await writeCheckpoint(c, p.name, p.version, rebuilt?.position, rebuilt?.eventsProcessed ?? 0, rebuilt?.lastEventAt);
  });
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
