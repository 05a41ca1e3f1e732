import type { Pool } from 'pg';
import { EVENT_STORE_SCHEMA, EventStore, Position, comparePositions } from '@wenzheng/event-store';
import { PetitionEvent, STREAM_PREFIX } from '@wenzheng/petition';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** WZ + local date + 10 Crockford base-32 characters (see CitizenCredentials). */
export const TRACKING_CODE = /^WZ\d{8}-[0-9A-HJKMNP-TV-Z]{10}$/;

export type CaseReference = { readonly petitionId: string } | { readonly trackingCode: string };

/** What the person typed: a petition id or a tracking code; undefined when it is neither. */
export function parseCaseReference(arg: string | undefined): CaseReference | undefined {
  const value = arg?.trim() ?? '';
  if (UUID.test(value)) return { petitionId: value.toLowerCase() };
  if (TRACKING_CODE.test(value.toUpperCase())) return { trackingCode: value.toUpperCase() };
  return undefined;
}

/**
 * The petition id of a tracking code, from PetitionSubmitted. The tracking code is not personal
 * data, so it stays readable in the stored form; PostgreSQL finds it with one query, other engines
 * by reading the log. The caller confirms the match on the decoded stream.
 */
export async function findPetitionByTrackingCode(
  trackingCode: string,
  store: EventStore,
  pool: Pool | undefined,
  decode: (stored: { type: string; data: unknown }) => Promise<PetitionEvent>,
): Promise<string | undefined> {
  if (store.engine === 'postgresql' && pool) {
    const { rows } = await pool.query<{ stream_id: string }>(
      `select stream_id from ${EVENT_STORE_SCHEMA}.events where type = 'PetitionSubmitted' and data->>'trackingCode' = $1 limit 1`,
      [trackingCode],
    );
    return rows[0]?.stream_id.slice(STREAM_PREFIX.length);
  }
  let from: Position | 'start' = 'start';
  for (;;) {
    const page = await store.readAll({ fromPosition: from, maxCount: 1000 });
    for (const r of page) {
      if (r.type !== 'PetitionSubmitted' || !r.streamId.startsWith(STREAM_PREFIX)) continue;
      const e = await decode(r);
      if (e.type === 'PetitionSubmitted' && e.data.trackingCode === trackingCode) return e.data.petitionId;
    }
    if (page.length < 1000) return undefined;
    const last = page[page.length - 1].position;
    if (from !== 'start' && comparePositions(last, from) === 0) return undefined;
    from = last;
  }
}
