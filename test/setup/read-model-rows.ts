import type { Pool } from 'pg';
import { liveTables } from '@wenzheng/projector';
import { PROJECTIONS } from '@wenzheng/read-models';

/** Every row of every projection's live tables, as sorted JSON text (column order as created): two states compared whole. */
export async function readModelRows(pool: Pool): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const p of PROJECTIONS)
    for (const table of Object.values(liveTables(p))) {
      const { rows } = await pool.query<{ r: string }>(`select to_jsonb(x)::text as r from ${table} x order by 1`);
      out[table] = rows.map((r) => r.r);
    }
  return out;
}
