import type { Pool } from 'pg';

/** What a rebuild loaded into memory after its swap (see warmTables). */
export interface Warmed {
  /** The tables and their indexes read. */
  readonly relations: number;
  /** 8 kB pages read. */
  readonly pages: number;
  /** pg_prewarm's mode: into PostgreSQL's buffers, or a read-ahead hint to the operating system's cache; none when not done. */
  readonly mode: WarmMode | 'none';
  /** Why nothing was warmed (the extension missing and not creatable here, a failure): never an error of the rebuild. */
  readonly reason?: string;
  readonly seconds: number;
}

export type WarmMode = 'buffer' | 'prefetch';

/**
 * What was warmed, in words (after "; " in the rebuild CLI's line and the bench's rebuild line),
 * or why not; '' when nothing was named. Takes a saved result too (older ones lack `relations`).
 */
export function describeWarmed(w: Pick<Warmed, 'pages' | 'mode' | 'seconds' | 'reason'> & { relations?: number }): string {
  if (w.mode === 'none') return w.reason === undefined ? '' : `not warmed: ${w.reason}`;
  const what = `${w.pages.toLocaleString('en-US')} pages${w.relations === undefined ? '' : ` of ${w.relations} tables and indexes`}`;
  return w.mode === 'buffer'
    ? `then ${what} read into PostgreSQL's buffers in ${w.seconds.toFixed(1)} s`
    : `then ${what} given to the system's cache as a read-ahead hint in ${w.seconds.toFixed(1)} s`;
}

/**
 * Into PostgreSQL's buffers when the relations take at most half of them (they stay there for the
 * reads that come next); else only a read-ahead hint to the operating system's cache, so warming
 * neither evicts everything else nor cycles through a pool smaller than itself.
 */
export const warmMode = (bytes: number, sharedBufferBytes: number): WarmMode => (bytes <= sharedBufferBytes / 2 ? 'buffer' : 'prefetch');

/**
 * Reads `tables` (physical names), their indexes and their TOAST tables (long values kept apart)
 * with pg_prewarm. A rebuild's fresh tables are written through a small ring of buffers, and its
 * read of the log (17 GB at 1,000,000 cases)
 * then pushes them out of the operating system's cache too: the first heavy read after the swap
 * (the one-year report) read them from disk, about 1.8 s more than the next at 1M cases. The
 * embedded server installs the extension in the application's database (its superuser; the app
 * role may not); a superuser connection creates it when missing. When it is missing, or anything
 * fails, nothing is warmed and the reason is given: warming is never a reason for a rebuild to fail.
 */
export async function warmTables(pool: Pool, tables: readonly string[]): Promise<Warmed> {
  const started = Date.now();
  const none = (reason?: string): Warmed => ({
    relations: 0,
    pages: 0,
    mode: 'none',
    seconds: (Date.now() - started) / 1000,
    ...(reason !== undefined && { reason }),
  });
  if (!tables.length) return none();
  try {
    const client = await pool.connect();
    try {
      const schema = async () =>
        (
          await client.query<{ schema: string }>(
            `select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_prewarm'`,
          )
        ).rows[0]?.schema;
      let where = await schema();
      if (!where) {
        // Only a superuser may create it (it is not a trusted extension): another role is not made to
        // try, which would write a failed statement to the server's log on every rebuild.
        const { rows } = await client.query<{ superuser: boolean }>(
          'select rolsuper as superuser from pg_roles where rolname = current_user',
        );
        if (!rows[0]?.superuser)
          return none('the pg_prewarm extension is not installed in this database and this role may not create it (a superuser can)');
        let failure: string | undefined;
        // Two rebuilds may create it at once (one then fails on the catalogue's unique key, or waits
        // for the other's transaction, at most lock_timeout): look again after.
        await client
          .query("begin; set local lock_timeout = '10s'; create extension if not exists pg_prewarm; commit")
          .catch(async (e: Error) => {
            failure = e.message;
            await client.query('rollback');
          });
        where = await schema();
        if (!where) return none(`the pg_prewarm extension could not be created: ${failure ?? 'not found after creating it'}`);
      }
      // In a transaction of its own, so a table locked by someone else (a swap, an ALTER) is given up
      // on after a while instead of holding the rebuild, whose swap has committed, for ever.
      await client.query("begin read only; set local lock_timeout = '10s'");
      try {
        const { rows } = await client.query<{ rel: string; bytes: string }>(
          `select r.oid::regclass::text as rel, pg_relation_size(r.oid)::text as bytes
             from unnest($1::text[]) with ordinality as t(name, n)
             join pg_class c on c.oid = to_regclass(t.name)
             cross join lateral (select c.oid as base, 0 as k union all select c.reltoastrelid, 1 where c.reltoastrelid <> 0 and pg_relation_size(c.reltoastrelid) > 0) b
             cross join lateral (select b.base as oid, 0 as k union all select i.indexrelid, 1 from pg_index i where i.indrelid = b.base) r
            order by t.n, b.k, r.k, r.oid`,
          [tables],
        );
        const { rows: settings } = await client.query<{ bytes: string }>(
          `select pg_size_bytes(current_setting('shared_buffers'))::text as bytes`,
        );
        const mode = warmMode(
          rows.reduce((sum, r) => sum + Number(r.bytes), 0),
          Number(settings[0].bytes),
        );
        let pages = 0;
        for (const r of rows) {
          const { rows: n } = await client.query<{ n: string }>(
            `select ${client.escapeIdentifier(where)}.pg_prewarm($1::regclass, $2)::text as n`,
            [r.rel, mode],
          );
          pages += Number(n[0].n);
        }
        return { relations: rows.length, pages, mode, seconds: (Date.now() - started) / 1000 };
      } finally {
        await client.query('rollback').catch(() => undefined);
      }
    } finally {
      client.release();
    }
  } catch (e) {
    return none(`warming failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
