import type { Schemas } from '../../../api/types';

export type Light = 'red' | 'amber' | 'green';
type Queue = Schemas['DepartmentQueueView'];
type Item = Schemas['DepartmentQueueItem'];
const LISTS = ['overdue', 'dueSoon', 'awaitingAcknowledgement', 'inProgress'] as const;

/**
 * One row per case, coloured by its deadline as the API sorted it: red when in 超期 or its next
 * deadline has passed, amber when in 临期, green otherwise. The API's lists decide; the clock only
 * catches a signing-for deadline passed since the lists were read.
 */
export function queueRows(queue: Queue, now = Date.now()): (Item & { light: Light; list: (typeof LISTS)[number] })[] {
  const rows = new Map<string, Item & { light: Light; list: (typeof LISTS)[number] }>();
  for (const list of LISTS) {
    for (const item of queue[list]) {
      if (rows.has(item.petitionId)) continue;
      const due = item.nextDeadline?.due;
      const light: Light = list === 'overdue' || (due && Date.parse(due) < now) ? 'red' : list === 'dueSoon' ? 'amber' : 'green';
      rows.set(item.petitionId, { ...item, light, list });
    }
  }
  const order: Record<Light, number> = { red: 0, amber: 1, green: 2 };
  return [...rows.values()].sort((a, b) => order[a.light] - order[b.light] || deadline(a) - deadline(b));
}

const deadline = (i: Item) => Date.parse(i.nextDeadline?.due ?? i.respondBy);

/**
 * 审核期限 counts a few working hours, not days, so "soon" is hours too: a case due within half a
 * working day is amber, the reviewer's cue to take it before it lights the office's red light.
 */
export const REVIEW_DUE_SOON_MS = 4 * 3_600_000;

/** A review-queue row's light: red once reviewBy passed (as the API said or the clock since), amber when due soon; none for a returned case. */
export function reviewLight(item: { reviewBy?: string; reviewOverdue?: boolean }, now = Date.now()): Light | undefined {
  if (!item.reviewBy) return undefined;
  const due = Date.parse(item.reviewBy);
  if (item.reviewOverdue || due < now) return 'red';
  return due - now <= REVIEW_DUE_SOON_MS ? 'amber' : 'green';
}
