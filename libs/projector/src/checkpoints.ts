import type { PoolClient, Pool } from 'pg';
import type { Position, StreamCursor } from '@wenzheng/event-store';
import { READ_MODEL_SCHEMA } from './projection';

export const CHECKPOINTS = `${READ_MODEL_SCHEMA}.projection_checkpoints`;
/** A rebuild reading the log stream by stream: where each projection's fresh tables are (see rebuild.ts). */
export const REBUILD_WALKS = `${READ_MODEL_SCHEMA}.rebuild_walks`;

export interface StoredCheckpoint {
  readonly name: string;
  readonly position: Position | undefined;
  readonly version: number;
  readonly eventsProcessed: number;
  readonly lastEventAt: Date | undefined;
  readonly updatedAt: Date;
}

export async function ensureProjectorSchema(pool: Pool): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query(`select pg_advisory_lock(hashtext('wz_rm:schema'))`);
    await c.query(`create schema if not exists ${READ_MODEL_SCHEMA}`);
    await c.query(`create table if not exists ${CHECKPOINTS} (
      name text primary key,
      commit_position numeric(20) null,
      prepare_position numeric(20) null,
      version int not null,
      events_processed bigint not null default 0,
      last_event_at timestamptz null,
      updated_at timestamptz not null default now()
    )`);
    await c.query(`create table if not exists ${REBUILD_WALKS} (
      name text primary key,
      up_to_commit numeric(20) not null,
      up_to_prepare numeric(20) not null,
      after_stream text null,
      after_revision bigint null
    )`);
  } finally {
    await c.query(`select pg_advisory_unlock(hashtext('wz_rm:schema'))`).catch(() => undefined);
    c.release();
  }
}

type Row = {
  name: string;
  commit_position: string | null;
  prepare_position: string | null;
  version: number;
  events_processed: string;
  last_event_at: Date | null;
  updated_at: Date;
};

function toCheckpoint(r: Row): StoredCheckpoint {
  return {
    name: r.name,
    position: r.commit_position === null ? undefined : { commit: BigInt(r.commit_position), prepare: BigInt(r.prepare_position as string) },
    version: r.version,
    eventsProcessed: Number(r.events_processed),
    lastEventAt: r.last_event_at ?? undefined,
    updatedAt: r.updated_at,
  };
}

export async function readCheckpoint(db: Pool | PoolClient, name: string, lock = false): Promise<StoredCheckpoint | undefined> {
  const { rows } = await db.query<Row>(`select * from ${CHECKPOINTS} where name = $1${lock ? ' for update' : ''}`, [name]);
  return rows[0] ? toCheckpoint(rows[0]) : undefined;
}

export async function readAllCheckpoints(db: Pool): Promise<StoredCheckpoint[]> {
  const { rows } = await db.query<Row>(`select * from ${CHECKPOINTS} order by name`);
  return rows.map(toCheckpoint);
}

/**
 * A projection seen for the first time (a fresh install, or a new projection) starts at the
 * version of the code that creates its tables; an existing checkpoint keeps the version it has.
 */
export async function recordFirstVersion(db: PoolClient, name: string, version: number): Promise<void> {
  await db.query(`insert into ${CHECKPOINTS} (name, version) values ($1, $2) on conflict (name) do nothing`, [name, version]);
}

export async function writeCheckpoint(
  db: PoolClient,
  name: string,
  version: number,
  position: Position | undefined,
  processed: number,
  lastEventAt: Date | undefined,
): Promise<void> {
  await db.query(
    `insert into ${CHECKPOINTS} (name, commit_position, prepare_position, version, events_processed, last_event_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, now())
     on conflict (name) do update set commit_position = excluded.commit_position, prepare_position = excluded.prepare_position,
       version = excluded.version, events_processed = ${CHECKPOINTS}.events_processed + excluded.events_processed,
       last_event_at = coalesce(excluded.last_event_at, ${CHECKPOINTS}.last_event_at), updated_at = now()`,
    [name, position?.commit.toString() ?? null, position?.prepare.toString() ?? null, version, processed, lastEventAt ?? null],
  );
}

/**
 * Moves the checkpoints of projections that had nothing to write to `to` in one statement, each
 * only if it is still where its projector left it and at its version (the compare-and-set a
 * batch's transaction does under the projection's lock; the row lock orders this statement with
 * such a transaction or a rebuild's swap, and a moved or removed row is left alone). Returns the
 * names moved.
 */
export async function advanceCheckpoints(
  db: Pool | PoolClient,
  from: readonly { readonly name: string; readonly version: number; readonly from: Position | undefined }[],
  to: Position,
  lastEventAt: Date | undefined,
): Promise<Set<string>> {
  if (!from.length) return new Set();
  // Rows locked in name order, whatever order the caller's set holds them in: two projector processes
  // moving overlapping sets in different orders would otherwise deadlock (and back off for seconds).
  const sorted = [...from].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const { rows } = await db.query<{ name: string }>(
    `with locked as materialized (
       select name from ${CHECKPOINTS} where name = any($4::text[]) order by name for update
     )
     update ${CHECKPOINTS} c
        set commit_position = $1, prepare_position = $2, last_event_at = coalesce($3, c.last_event_at), updated_at = now()
       from unnest($4::text[], $5::int[], $6::numeric[], $7::numeric[]) as f(name, version, commit_position, prepare_position), locked l
      where c.name = f.name and l.name = f.name and c.version = f.version
        and c.commit_position is not distinct from f.commit_position and c.prepare_position is not distinct from f.prepare_position
      returning c.name`,
    [
      to.commit.toString(),
      to.prepare.toString(),
      lastEventAt ?? null,
      sorted.map((f) => f.name),
      sorted.map((f) => f.version),
      sorted.map((f) => f.from?.commit.toString() ?? null),
      sorted.map((f) => f.from?.prepare.toString() ?? null),
    ],
  );
  return new Set(rows.map((r) => r.name));
}

/**
 * A simple-query statement (no parameters, so it can share a round trip with `begin` and the
 * projection's lock) moving one checkpoint from `from` to `to` only if it is still there and at
 * `version`; it returns the name when it moved. Positions are integers and the rest is quoted.
 */
export function moveCheckpointSql(
  quote: (literal: string) => string,
  name: string,
  version: number,
  from: Position | undefined,
  to: Position | undefined,
  processed: number,
  lastEventAt: Date | undefined,
): string {
  const num = (n: bigint | undefined) => (n === undefined ? 'null' : n.toString());
  return `update ${CHECKPOINTS} set commit_position = ${num(to?.commit)}, prepare_position = ${num(to?.prepare)},
      events_processed = events_processed + ${Math.trunc(processed)},
      last_event_at = coalesce(${lastEventAt ? `${quote(lastEventAt.toISOString())}::timestamptz` : 'null'}, last_event_at), updated_at = now()
    where name = ${quote(name)} and version = ${Math.trunc(version)}
      and commit_position is not distinct from ${num(from?.commit)}::numeric and prepare_position is not distinct from ${num(from?.prepare)}::numeric
    returning name`;
}

export const samePosition = (a: Position | undefined, b: Position | undefined) =>
  a === b || (a !== undefined && b !== undefined && a.commit === b.commit && a.prepare === b.prepare);

/** One checkpoint a page's transaction moves: from where its projector left it, with what it processed. */
export interface CheckpointMove {
  readonly name: string;
  readonly version: number;
  readonly from: Position | undefined;
  readonly processed: number;
  readonly lastEventAt: Date | undefined;
}

/**
 * A simple-query statement (no parameters, so it shares a round trip with `begin` and the locks)
 * moving several checkpoints to `to` at once, each only if it is still at its `from` and `version`
 * (moveCheckpointSql's compare-and-set), the rows locked in name order as advanceCheckpoints does
 * (and a rebuild's swap). It returns the names moved.
 */
export function moveCheckpointsSql(quote: (literal: string) => string, moves: readonly CheckpointMove[], to: Position): string {
  const num = (n: bigint | undefined) => (n === undefined ? 'null' : n.toString());
  const sorted = [...moves].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const values = sorted.map(
    (m) =>
      `(${quote(m.name)}::text, ${Math.trunc(m.version)}::int, ${num(m.from?.commit)}::numeric, ${num(m.from?.prepare)}::numeric, ` +
      `${Math.trunc(m.processed)}::bigint, ${m.lastEventAt ? quote(m.lastEventAt.toISOString()) : 'null'}::timestamptz)`,
  );
  return `with locked as materialized (
       select name from ${CHECKPOINTS} where name in (${sorted.map((m) => quote(m.name)).join(', ')}) order by name for update
     )
     update ${CHECKPOINTS} c
        set commit_position = ${num(to.commit)}, prepare_position = ${num(to.prepare)},
            events_processed = c.events_processed + f.processed,
            last_event_at = coalesce(f.last_event_at, c.last_event_at), updated_at = now()
       from (values ${values.join(', ')}) as f(name, version, commit_position, prepare_position, processed, last_event_at), locked l
      where c.name = f.name and l.name = f.name and c.version = f.version
        and c.commit_position is not distinct from f.commit_position and c.prepare_position is not distinct from f.prepare_position
      returning c.name`;
}

/** A rebuild's read of the log stream by stream: up to where, and the last event its pages have applied. */
export interface Walk {
  readonly upTo: Position;
  readonly after: StreamCursor | undefined;
}

export async function readWalk(db: Pool | PoolClient, name: string): Promise<Walk | undefined> {
  const { rows } = await db.query<{
    up_to_commit: string;
    up_to_prepare: string;
    after_stream: string | null;
    after_revision: string | null;
  }>(`select * from ${REBUILD_WALKS} where name = $1`, [name]);
  const r = rows[0];
  if (!r) return undefined;
  return {
    upTo: { commit: BigInt(r.up_to_commit), prepare: BigInt(r.up_to_prepare) },
    after: r.after_stream === null ? undefined : { streamId: r.after_stream, revision: BigInt(r.after_revision as string) },
  };
}

export async function writeWalk(db: PoolClient, name: string, walk: Walk): Promise<void> {
  await db.query(
    `insert into ${REBUILD_WALKS} (name, up_to_commit, up_to_prepare, after_stream, after_revision) values ($1, $2, $3, $4, $5)
     on conflict (name) do update set up_to_commit = excluded.up_to_commit, up_to_prepare = excluded.up_to_prepare,
       after_stream = excluded.after_stream, after_revision = excluded.after_revision`,
    [
      name,
      walk.upTo.commit.toString(),
      walk.upTo.prepare.toString(),
      walk.after?.streamId ?? null,
      walk.after?.revision.toString() ?? null,
    ],
  );
}

export async function deleteWalk(db: PoolClient, name: string): Promise<void> {
  await db.query(`delete from ${REBUILD_WALKS} where name = $1`, [name]);
}
