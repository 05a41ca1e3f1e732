import type { PoolClient } from 'pg';
import { Column, recordsetOf } from './columns';
import { copyRows } from './copy-rows';
import { isRebuildTable } from './projection';

// Rows a table only ever gains (an outbox message, a published step, a fact), keyed so that a
// replayed event adds nothing. Live, that is `insert ... on conflict do nothing`. Into a rebuild's
// fresh table no stored row can share a key (each event reaches it once), so the rows are sent
// with COPY (copy-rows.ts).

/**
 * Inserts `rows` into `table`, skipping a row whose `key` columns (default: the first, the
 * primary key) match one already there or earlier in `rows` (the first stays, as `on conflict do
 * nothing` keeps it). An emitted row inserted once: one already there (a replay) stays as it is.
 */
export async function insertNew<Row>(
  client: PoolClient,
  table: string,
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  key: readonly (keyof Row & string)[] = [columns[0][2]],
): Promise<void> {
  if (!rows.length) return;
  const names = columns.map(([c]) => c).join(', ');
  if (isRebuildTable(table)) {
    await copyRows(client, table, columns, firstPerKey(rows, key));
    return;
  }
  const conflict = key.map((k) => (columns.find(([, , field]) => field === k) as Column<Row>)[0]).join(', ');
  const u = recordsetOf(columns, rows);
  await client.query(`insert into ${table} (${names}) select * from ${u.sql} on conflict (${conflict}) do nothing`, u.params);
}

function firstPerKey<Row>(rows: readonly Row[], key: readonly (keyof Row & string)[]): readonly Row[] {
  const seen = new Set<string>();
  const out: Row[] = [];
  for (const row of rows) {
    const k = key.length === 1 ? String(row[key[0]]) : key.map((f) => String(row[f])).join('\u0000');
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(row);
  }
  return out.length === rows.length ? rows : out;
}
