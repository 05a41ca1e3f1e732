import type { Pool } from 'pg';
import type { EventStore } from '@wenzheng/event-store';
import { readAllCheckpoints } from './checkpoints';
import type { Projection } from './projection';

export interface ProjectionLag {
  readonly projection: string;
  /** Events in the log after the checkpoint (null where the engine cannot count them). */
  readonly events: number | null;
  /** Age of the newest event minus age of the last one projected; 0 when caught up. */
  readonly seconds: number;
  readonly eventsProcessed: number;
}

/** Head position minus checkpoint, in events and seconds, for every projection. */
export async function projectionLag(pool: Pool, store: EventStore, projections: readonly Projection[]): Promise<ProjectionLag[]> {
  const [head] = await store.readAll({ direction: 'backwards', maxCount: 1 });
  const checkpoints = new Map((await readAllCheckpoints(pool)).map((c) => [c.name, c]));
  const out: ProjectionLag[] = [];
  // Projections that follow the shared read of the log sit at the same checkpoint: one count each position.
  const counted = new Map<string, Promise<number | null>>();
  for (const p of projections) {
    const cp = checkpoints.get(p.name);
    const key = cp?.position ? `${cp.position.commit}/${cp.position.prepare}` : 'start';
    let count = counted.get(key);
    if (!count) counted.set(key, (count = store.countEvents(cp?.position)));
    const events = await count;
    const behind = head && (!cp?.position || events === null ? true : events > 0);
    const seconds =
      behind && head ? Math.max(0, (head.created.getTime() - (cp?.lastEventAt?.getTime() ?? head.created.getTime())) / 1000) : 0;
    out.push({ projection: p.name, events, seconds: events === 0 ? 0 : seconds, eventsProcessed: cp?.eventsProcessed ?? 0 });
  }
  return out;
}
