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
