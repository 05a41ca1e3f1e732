import type { Pool } from 'pg';

// What the data set takes on disk once the read models are at the head: the log, every read
// model's tables (heap and indexes), and the search words, which are kept twice — in the row
// (cases.search, public_petitions.search: read with the row the newest-first window walks) and in
// the terms table under its GIN index (case_terms, public_terms) — so the README can say what the
// second copy costs.

/** Sizes in bytes. */
export interface TableOnDisk {
  readonly name: string;
  /** Heap and TOAST, without indexes. */
  readonly table: number;
  readonly indexes: number;
}

/** Sizes in bytes. */
export interface DiskUse {
  /** wz_es.events with its indexes. */
  readonly log: number;
  /** Every table of the read models' schema (wz_rm), largest first. */
  readonly readModels: TableOnDisk[];
  readonly readModelsTotal: number;
  /** The words (tsvector) as stored, summed over the rows: in the rows and in the terms tables. */
  readonly words: { readonly rows: number; readonly terms: number };
}

/** Sizes as PostgreSQL reports them (pg_table_size, pg_indexes_size, pg_column_size); reads every row's words once. */
export async function diskUse(pool: Pool): Promise<DiskUse> {
  const log = await pool.query<{ b: string }>(`select pg_total_relation_size('wz_es.events') as b`);
  const { rows } = await pool.query<{ name: string; t: string; i: string }>(
    `select c.relname as name, pg_table_size(c.oid) as t, pg_indexes_size(c.oid) as i
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'wz_rm' and c.relkind in ('r', 'p')
      order by pg_total_relation_size(c.oid) desc`,
  );
  const words = async (tables: string[]) => {
    let bytes = 0;
    for (const t of tables) {
      const r = await pool.query<{ b: string | null }>(`select sum(pg_column_size(search)) as b from wz_rm.${t}`);
      bytes += Number(r.rows[0].b ?? 0);
    }
    return bytes;
  };
  const readModels = rows.map((r) => ({ name: r.name, table: Number(r.t), indexes: Number(r.i) }));
  return {
    log: Number(log.rows[0].b),
    readModels,
    readModelsTotal: readModels.reduce((s, t) => s + t.table + t.indexes, 0),
    words: { rows: await words(['cases', 'public_petitions']), terms: await words(['case_terms', 'public_terms']) },
  };
}

/** Megabytes: whole from 100 MB, else one decimal. */
const mb = (bytes: number): string => {
  const m = bytes / 1048576;
  return m >= 100 ? Math.round(m).toLocaleString('en-US') : m.toFixed(1);
};

/** One line for the report: the log, the read models, the four search tables and the words' two copies. */
export function diskLine(d: DiskUse): string {
  const of = (name: string) => {
    const t = d.readModels.find((r) => r.name === name);
    return t ? `${name} ${mb(t.table)} + ${mb(t.indexes)} indexes` : undefined;
  };
  const search = ['cases', 'case_terms', 'public_petitions', 'public_terms'].map(of).filter((x) => x !== undefined);
  return (
    `on disk (MB): log ${mb(d.log)}; read models ${mb(d.readModelsTotal)} (${search.join(', ')}); ` +
    `the words in the rows ${mb(d.words.rows)}, in the terms tables ${mb(d.words.terms)}`
  );
}
