import { EventStore, Position, comparePositions } from '@wenzheng/event-store';
import { parseTrackingCode, STREAM_PREFIX } from '@wenzheng/petition';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type CaseReference = { readonly petitionId: string } | { readonly trackingCode: string };

/** What the person typed: a petition id or a tracking code; undefined when it is neither. */
export function parseCaseReference(arg: string | undefined): CaseReference | undefined {
  const value = arg?.trim() ?? '';
  if (UUID.test(value)) return { petitionId: value.toLowerCase() };
  const trackingCode = parseTrackingCode(value);
  return trackingCode ? { trackingCode } : undefined;
}

/**
 * The petition id of a tracking code, from PetitionSubmitted. The tracking code is not personal
 * data, so it stays readable in the stored form: the store filters by type and this compares the
 * stored field. The caller confirms the match on the decoded stream.
 */
export async function findPetitionByTrackingCode(trackingCode: string, store: EventStore): Promise<string | undefined> {
  const pageSize = 5000;
  let from: Position | 'start' = 'start';
  for (;;) {
    const page = await store.readAll({
      fromPosition: from,
      maxCount: pageSize,
      filter: { eventTypes: ['PetitionSubmitted'] },
      // A case submitted while an older transaction is still open is found at once (not held back for the log's order).
      includeHeldBack: true,
    });
    for (const r of page) {
      const data = r.data as { trackingCode?: unknown };
      if (r.streamId.startsWith(STREAM_PREFIX) && data.trackingCode === trackingCode) return r.streamId.slice(STREAM_PREFIX.length);
    }
    if (page.length < pageSize) return undefined;
    const last = page[page.length - 1].position;
    if (from !== 'start' && comparePositions(last, from) === 0) return undefined;
    from = last;
  }
}
