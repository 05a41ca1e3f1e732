import type { Pool } from 'pg';

// The seeder appends each case's whole stream at once, so in its log a case's events sit together.
// A deployment's log is the other way round: a case is submitted, dispatched, answered and rated
// over days and weeks, between thousands of other cases' events. Anything that reads the log in
// pages (the rebuild above all) behaves differently on the two, so the bench puts the events it
// has just seeded in the order they happened, as a deployment would have appended them.

/** The order of the seeded part of the log: as the seeder appended it, or as the events happened. */
export type LogOrder = 'occurred' | 'seeder';
export const LOG_ORDERS: readonly LogOrder[] = ['occurred', 'seeder'];

export interface LogShape {
  readonly order: LogOrder;
  /** Events moved into the order they happened in (0 in the seeder's order). */
  readonly reordered: number;
  readonly seconds: number;
  /** Pages of the log (of `pageSize` events, in the log's order) and the (page, stream) pairs in them. */
  readonly pageSize: number;
  readonly pages: number;
  readonly streamPages: number;
  readonly streams: number;
}

/** The log's last position (0 when empty): what a seed appends comes after it. */
export async function logEnd(pool: Pool): Promise<string> {
  const { rows } = await pool.query<{ p: string }>('select coalesce(max(global_position), 0)::text as p from wz_es.events');
  return rows[0].p;
}

/**
 * Puts the events after `after` (what the seed just appended) in the order they happened: by their
 * metadata's occurredAt, never before an earlier revision of the same stream (each stream's events
 * keep their order: the key is the running maximum along the stream), ties by stream and revision.
 * The events before `after` stay where they are, so a projection's checkpoint in them stays valid.
 * Same events, ids, revisions, data and metadata; new global positions, all past the old ones.
 */
export async function orderByOccurrence(pool: Pool, after: string): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query("set local work_mem = '256MB'");
    const { rowCount } = await client.query(
      `create temp table wz_bench_tail on commit drop as
         select stream_id, revision, event_id, type, data, metadata, created_at,
                max(coalesce((metadata->>'occurredAt')::timestamptz, created_at))
                  over (partition by stream_id order by revision) as happened
           from wz_es.events where global_position > $1::bigint`,
      [after],
    );
    await client.query('delete from wz_es.events where global_position > $1::bigint', [after]);
    await client.query(
      `insert into wz_es.events (stream_id, revision, event_id, type, data, metadata, created_at)
         select stream_id, revision, event_id, type, data, metadata, created_at
           from wz_bench_tail order by happened, stream_id, revision`,
    );
    await client.query('commit');
    // The deleted rows' space back, and statistics, before anything is measured on the log (else autovacuum
    // would do it in the middle of the next step).
    await client.query('vacuum (analyze) wz_es.events');
    return rowCount ?? 0;
  } catch (e) {
    await client.query('rollback').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

/** How the log's streams fall into pages read in the log's order (the rebuild reads 5,000 events a page). */
export async function logPages(pool: Pool, pageSize = 5000): Promise<Pick<LogShape, 'pageSize' | 'pages' | 'streamPages' | 'streams'>> {
  const { rows } = await pool.query<{ pages: string; stream_pages: string; streams: string }>(
    `with o as (select stream_id, (row_number() over (order by transaction_id, global_position) - 1) / $1 as page from wz_es.events),
          p as (select page, count(distinct stream_id) as n from o group by page)
     select (select count(*) from p) as pages, (select coalesce(sum(n), 0) from p) as stream_pages,
            (select count(*) from wz_es.streams) as streams`,
    [pageSize],
  );
  return { pageSize, pages: Number(rows[0].pages), streamPages: Number(rows[0].stream_pages), streams: Number(rows[0].streams) };
}
