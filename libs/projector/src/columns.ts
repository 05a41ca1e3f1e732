import type { PoolClient } from 'pg';
import { copyRows } from './copy-rows';
import { isRebuildTable } from './projection';

// One column list per table drives the DDL, the batch upserts (json_to_recordset) and loading rows
// back, mapping snake_case columns to a projection's camelCase rows, so the three cannot drift apart.

export type PgType =
  'text' | 'text[]' | 'uuid' | 'boolean' | 'int' | 'bigint' | 'float8' | 'timestamptz' | 'timestamptz[]' | 'jsonb' | 'tsvector';
export type Column<Row> = readonly [column: string, type: PgType, key: keyof Row & string];

/** The column definitions of a `create table`, `not null` for the columns named in `notNull`. */
export function columnsDdl(columns: readonly Column<any>[], notNull: Iterable<string> = []): string {
  const required = new Set(notNull);
  return columns.map(([c, type]) => `${c} ${type}${required.has(c) ? ' not null' : ''}`).join(',\n  ');
}

/**
 * Rows as one JSON parameter read back by json_to_recordset: a whole batch in one statement.
 * JSON.stringify of the rows (keys as they are) is much cheaper than per-value array literals,
 * and PostgreSQL parses json quickly. Select `u.<column>` from `sql`.
 */
export function recordsetOf<Row>(columns: readonly Column<Row>[], rows: readonly Row[], param = 1): { sql: string; params: unknown[] } {
  const defs = columns.map(([, type, key]) => `"${key}" ${type}`).join(', ');
  const select = columns.map(([column, , key]) => `"${key}" as ${column}`).join(', ');
  return { sql: `(select ${select} from json_to_recordset($${param}::json) as r(${defs})) as u`, params: [JSON.stringify(rows)] };
}

const isoOf = (v: unknown): string => new Date(v as string).toISOString();

/** A loaded row (to_jsonb of the table's row) as the projection's row. */
export function rowFromJson<Row>(columns: readonly Column<Row>[], json: Record<string, unknown> | null): Row | undefined {
  if (!json) return undefined;
  const row: Record<string, unknown> = {};
  for (const [column, type, key] of columns) {
    const v = json[column];
    if (v === null || v === undefined) row[key] = null;
    else if (type === 'timestamptz') row[key] = isoOf(v);
    else if (type === 'timestamptz[]') row[key] = (v as unknown[]).map(isoOf);
    else if (type === 'int' || type === 'bigint') row[key] = Number(v);
    else row[key] = v;
  }
  return row as Row;
}

/** Rows of `table` whose first column (the key) is one of `keys`, by key. */
export async function loadRows<Row>(
  client: PoolClient,
  table: string,
  columns: readonly Column<Row>[],
  keys: readonly string[],
): Promise<Map<string, Row>> {
  const [key, keyType] = columns[0];
  const { rows } = await client.query<{ r: Record<string, unknown> }>(
    `select to_jsonb(t) as r from ${table} t where ${key} = any($1::${keyType}[])`,
    [keys],
  );
  return new Map(rows.map(({ r }) => [String(r[key]), rowFromJson(columns, r) as Row]));
}

export interface UpsertOptions<Row = unknown> {
  /** The column holding the stream revision last applied (default `last_revision`). */
  readonly revisionColumn?: string;
  /** Columns whose stored value stays when the new row's is null (a value not recomputed this time). */
  readonly keepWhenNull?: readonly string[];
  /**
   * Rows known not to be stored (looked up by key in this transaction and not found): into a
   * rebuild's fresh table, which only this transaction writes, they are sent with COPY.
   */
  readonly isNew?: (row: Row, index: number) => boolean;
}

/**
 * Insert or update by the first column (the key); a stored row already at the same or a later
 * revision is left alone, so a replayed batch cannot move a row back.
 */
export async function upsertNewer<Row>(
  client: PoolClient,
  table: string,
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  options: UpsertOptions<Row> = {},
): Promise<void> {
  const isNew = options.isNew;
  if (isNew && isRebuildTable(table)) {
    await copyRows(client, table, columns, rows.filter(isNew));
    rows = rows.filter((row, i) => !isNew(row, i));
  }
  if (!rows.length) return;
  const revision = options.revisionColumn ?? 'last_revision';
  const keep = new Set(options.keepWhenNull ?? []);
  const u = recordsetOf(columns, rows);
  const cols = columns.map(([c]) => c);
  await client.query(
    `insert into ${table} as t (${cols.join(', ')}) select * from ${u.sql}
     on conflict (${cols[0]}) do update set ${cols
       .slice(1)
       .map((c) => (keep.has(c) ? `${c} = coalesce(excluded.${c}, t.${c})` : `${c} = excluded.${c}`))
       .join(', ')}
      where t.${revision} < excluded.${revision}`,
    u.params,
  );
}
