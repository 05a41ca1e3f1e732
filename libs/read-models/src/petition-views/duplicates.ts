import type { Pool } from 'pg';
import { petitionViewTables } from './index';

export interface DuplicateRef {
  readonly id: string;
  readonly trackingCode: string;
}

/** The cases closed as duplicates of `originalId` (the `cases` read model), oldest first. */
export async function duplicatesOf(pool: Pool, originalId: string): Promise<DuplicateRef[]> {
  const { rows } = await pool.query<{ petition_id: string; tracking_code: string }>(
    `select petition_id, tracking_code from ${petitionViewTables().cases} where duplicate_of = $1 order by submitted_at, petition_id`,
    [originalId],
  );
  return rows.map((r) => ({ id: r.petition_id, trackingCode: r.tracking_code }));
}
