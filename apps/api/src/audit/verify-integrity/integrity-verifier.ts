import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Pool } from 'pg';
import { EVENT_STORE_SCHEMA, EventStore, Position, comparePositions } from '@wenzheng/event-store';
import { EVENT_STORE, PG_POOL } from '../../tokens';
import { ChainWalker, IntegrityBreak } from './chain-walker';

export interface IntegrityReport {
  readonly engine: string;
  /** Streams walked, and events checked in them. */
  readonly streams: number;
  readonly events: number;
  /** The first broken link of each stream that has one, ordered by stream. */
  readonly broken: IntegrityBreak[];
  readonly startedAt: string;
  readonly durationMs: number;
}

export interface VerifyOptions {
  /** Streams per page on PostgreSQL, events per page elsewhere. */
  readonly pageSize?: number;
  readonly onProgress?: (progress: { streams: number; events: number }) => void;
}

interface StreamRow {
  stream_id: string;
  revision: string;
  truncate_before: string;
}

interface EventRow {
  stream_id: string;
  revision: string;
  event_id: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

const S = EVENT_STORE_SCHEMA;

/**
 * The integrity check over every stream (docs/security.md, "Integrity"). Reads the stored form, never
 * the decoded one: the chain covers what was written, whatever the codec does on the way out.
 */
@Injectable()
export class IntegrityVerifier {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(PG_POOL) private readonly pool?: Pool,
  ) {}

  async verifyAll(options: VerifyOptions = {}): Promise<IntegrityReport> {
    const started = Date.now();
    const walkers =
      this.store.engine === 'postgresql' && this.pool ? await this.walkPostgres(this.pool, options) : await this.walkAll(options);
    const broken = walkers
      .flatMap((w) => (w.broken ? [w.broken] : []))
      .sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
    return {
      engine: this.store.engine,
      streams: walkers.length,
      events: walkers.reduce((n, w) => n + w.events, 0),
      broken,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
    };
  }

  /**
   * PostgreSQL: page through wz_es.streams, which also knows each stream's head and where its live
   * part starts (a soft delete moves truncate_before; the chain restarts there). Knowing the head
   * finds a deleted last event, which a walk over the events alone cannot.
   */
  private async walkPostgres(pool: Pool, options: VerifyOptions): Promise<ChainWalker[]> {
    const pageSize = options.pageSize ?? 500;
    const done: ChainWalker[] = [];
    let events = 0;
    let after = '';
    for (;;) {
      const { rows: streams } = await pool.query<StreamRow>(
        `select stream_id, revision, truncate_before from ${S}.streams
          where stream_id > $1 and revision >= truncate_before order by stream_id limit $2`,
        [after, pageSize],
      );
      if (!streams.length) break;
      const heads = new Map(streams.map((s) => [s.stream_id, s]));
      const walkers = new Map(streams.map((s) => [s.stream_id, new ChainWalker(s.stream_id, BigInt(s.truncate_before))]));
      // One range scan of the (stream_id, revision) index covers the page's streams.
      const { rows } = await pool.query<EventRow>(
        `select stream_id, revision, event_id, type, data, metadata from ${S}.events
          where stream_id > $1 and stream_id <= $2 order by stream_id, revision`,
        [after, streams[streams.length - 1].stream_id],
      );
      for (const r of rows) {
        // Below truncate_before: soft-deleted, outside the live chain.
        if (BigInt(r.revision) < BigInt(heads.get(r.stream_id)?.truncate_before ?? '0')) continue;
        walkers.get(r.stream_id)?.add({ revision: BigInt(r.revision), id: r.event_id, type: r.type, data: r.data, metadata: r.metadata });
      }
      for (const s of streams) {
        const w = walkers.get(s.stream_id) as ChainWalker;
        // Appended after the page of streams was read: nothing is missing, the head just moved.
        w.end(BigInt(s.revision));
        events += w.events;
        done.push(w);
      }
      options.onProgress?.({ streams: done.length, events });
      after = streams[streams.length - 1].stream_id;
    }
    return done;
  }

  /**
   * Any engine, through the contract: the global log in order, grouped by stream. System streams
   * of EventStoreDB ($-prefixed) are not ours. Without a head revision, a stream whose last events
   * were removed still verifies up to what is left.
   */
  private async walkAll(options: VerifyOptions): Promise<ChainWalker[]> {
    const pageSize = Math.max(2, options.pageSize ?? 1000);
    const walkers = new Map<string, ChainWalker>();
    let events = 0;
    let from: Position | 'start' = 'start';
    for (;;) {
      const page = await this.store.readAll({ fromPosition: from, maxCount: pageSize });
      const last = from;
      const fresh = last !== 'start' && page.length && comparePositions(page[0].position, last) === 0 ? page.slice(1) : page;
      for (const e of fresh) {
        if (e.streamId.startsWith('$')) continue;
        let w = walkers.get(e.streamId);
        if (!w) walkers.set(e.streamId, (w = new ChainWalker(e.streamId)));
        w.add(e);
        events++;
      }
      options.onProgress?.({ streams: walkers.size, events });
      if (page.length < pageSize || !fresh.length) break;
      from = page[page.length - 1].position;
    }
    return [...walkers.values()].map((w) => (w.end(), w));
  }
}
