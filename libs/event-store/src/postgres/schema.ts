import type { Pool } from 'pg';

/**
 * The PostgreSQL engine's own schema, versioned and applied on start under an advisory lock so
 * several processes starting at once migrate exactly once. Migrations are append-only.
 */
export const EVENT_STORE_SCHEMA = 'wz_es';

/** The append function; version 1 notified inside the appending transaction. */
function appendEventsFunction(replace: boolean, notify: boolean): string {
  return `
-- p_expected: >= 0 exact revision, -1 no_stream, -2 any, -3 stream_exists.
${replace ? 'create or replace' : 'create'} function ${EVENT_STORE_SCHEMA}.append_events(
  p_stream text, p_expected bigint, p_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[])
returns table (status text, revision bigint, tx text, last_position bigint)
language plpgsql as $fn$
declare
  v_rev bigint;
  v_truncate bigint;
  v_tomb boolean;
  v_first bigint;
  v_n int := cardinality(p_ids);
  v_matching int;
  v_exists boolean;
  v_last bigint;
begin
  insert into ${EVENT_STORE_SCHEMA}.streams (stream_id) values (p_stream) on conflict do nothing;
  select s.revision, s.truncate_before, s.tombstoned into v_rev, v_truncate, v_tomb
    from ${EVENT_STORE_SCHEMA}.streams s where s.stream_id = p_stream for update;
  if v_tomb then
    return query select 'stream_deleted'::text, v_rev, null::text, null::bigint;
    return;
  end if;
  v_exists := v_rev >= v_truncate;

  -- An identical retry (same event ids at the same place) is a no-op success.
  select e.revision into v_first from ${EVENT_STORE_SCHEMA}.events e
    where e.stream_id = p_stream and e.event_id = p_ids[1];
  if found then
    select count(*) into v_matching
      from unnest(p_ids) with ordinality as u(id, ord)
      join ${EVENT_STORE_SCHEMA}.events e
        on e.stream_id = p_stream and e.event_id = u.id and e.revision = v_first + u.ord - 1;
    if v_matching = v_n and (p_expected = -2 or p_expected = v_first - 1
        or (p_expected = -1 and v_first = v_truncate) or (p_expected = -3 and v_exists)) then
      return query select 'idempotent'::text, v_first + v_n - 1, null::text, null::bigint;
      return;
    end if;
  end if;

  if (p_expected = -1 and v_exists) or (p_expected = -3 and not v_exists)
     or (p_expected >= 0 and p_expected <> v_rev) then
    return query select 'wrong_expected_version'::text, case when v_exists then v_rev else -1 end,
      null::text, null::bigint;
    return;
  end if;

  insert into ${EVENT_STORE_SCHEMA}.events (stream_id, revision, event_id, type, data, metadata)
  select p_stream, v_rev + u.ord, u.id, p_types[u.ord], p_data[u.ord], p_metadata[u.ord]
    from unnest(p_ids) with ordinality as u(id, ord) order by u.ord;
  v_last := currval(pg_get_serial_sequence('${EVENT_STORE_SCHEMA}.events', 'global_position'));
  update ${EVENT_STORE_SCHEMA}.streams set revision = v_rev + v_n where stream_id = p_stream;
${notify ? `  perform pg_notify('${EVENT_STORE_SCHEMA}_appended', '');\n` : ''}  return query select 'ok'::text, v_rev + v_n, pg_current_xact_id()::text, v_last;
end
$fn$;
`;
}

const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'streams, events, append function',
    sql: `
create table ${EVENT_STORE_SCHEMA}.streams (
  stream_id text primary key,
  revision bigint not null default -1,
  truncate_before bigint not null default 0,
  tombstoned boolean not null default false
);

create table ${EVENT_STORE_SCHEMA}.events (
  global_position bigint generated always as identity primary key,
  -- Ordering by (transaction_id, global_position) and reading only below the snapshot's xmin
  -- means a transaction that took an earlier position but commits later is never skipped.
  transaction_id xid8 not null default pg_current_xact_id(),
  stream_id text not null,
  revision bigint not null,
  event_id uuid not null,
  type text not null,
  data jsonb not null,
  metadata jsonb not null,
  created_at timestamptz not null default now(),
  unique (stream_id, revision),
  unique (stream_id, event_id)
);
create index events_tx_position on ${EVENT_STORE_SCHEMA}.events (transaction_id, global_position);

${appendEventsFunction(false, true)}`,
  },
  {
    version: 2,
    name: 'append without NOTIFY',
    // A NOTIFY in the appending transaction takes PostgreSQL's global notify lock from pre-commit
    // until the commit is durable, so every append committed one after another (with fsync on, one
    // disk flush each). The store now wakes its own subscribers after the commit and tells other
    // processes with a throttled NOTIFY of its own, outside the appending transaction.
    sql: appendEventsFunction(true, false),
  },
];

export async function migrateEventStore(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock(hashtext($1))', [EVENT_STORE_SCHEMA]);
    await client.query(`create schema if not exists ${EVENT_STORE_SCHEMA}`);
    await client.query(
      `create table if not exists ${EVENT_STORE_SCHEMA}.schema_migrations (version int primary key, name text not null, applied_at timestamptz not null default now())`,
    );
    const { rows } = await client.query<{ version: number }>(`select version from ${EVENT_STORE_SCHEMA}.schema_migrations`);
    const applied = new Set(rows.map((r) => r.version));
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      await client.query('begin');
      try {
        await client.query(m.sql);
        await client.query(`insert into ${EVENT_STORE_SCHEMA}.schema_migrations (version, name) values ($1, $2)`, [m.version, m.name]);
        await client.query('commit');
      } catch (e) {
        await client.query('rollback');
        throw e;
      }
    }
  } finally {
    await client.query('select pg_advisory_unlock(hashtext($1))', [EVENT_STORE_SCHEMA]).catch(() => undefined);
    client.release();
  }
}
