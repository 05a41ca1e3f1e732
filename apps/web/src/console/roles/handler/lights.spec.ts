import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../../api/types';
import { queueRows, reviewLight } from './lights';

const item = (petitionId: string, due: string, kind: 'acknowledgement' | 'response' = 'response'): Schemas['DepartmentQueueItem'] =>
  ({
    petitionId,
    trackingCode: petitionId,
    title: petitionId,
    ageWorkingDays: 1,
    nextDeadline: { kind, due },
    status: 'in_progress',
    kind: 'complaint',
    dispatchedAt: '2026-11-02T01:00:00Z',
    acknowledgeBy: due,
    respondBy: due,
    pendingExtension: false,
    escalationLevel: 0,
    reopenCount: 0,
  }) as Schemas['DepartmentQueueItem'];

const queue = (
  lists: Partial<Record<'awaitingAcknowledgement' | 'inProgress' | 'dueSoon' | 'overdue', Schemas['DepartmentQueueItem'][]>>,
) =>
  ({
    departmentId: 'd',
    asOf: '',
    dueSoonUntil: '',
    awaitingAcknowledgement: [],
    inProgress: [],
    dueSoon: [],
    overdue: [],
    counts: {},
    ...lists,
  }) as Schemas['DepartmentQueueView'];

describe('the department queue by deadline', () => {
  const now = Date.parse('2026-11-10T02:00:00Z');

  it('is red for 超期, amber for 临期, green otherwise, one row per case, reddest first', () => {
    const late = item('late', '2026-11-09T15:59:59Z');
    const soon = item('soon', '2026-11-11T15:59:59Z');
    const fine = item('fine', '2026-11-20T15:59:59Z');
    const rows = queueRows(queue({ inProgress: [fine, soon, late], dueSoon: [soon], overdue: [late] }), now);
    expect(rows.map((r) => [r.petitionId, r.light])).toEqual([
      ['late', 'red'],
      ['soon', 'amber'],
      ['fine', 'green'],
    ]);
  });

  it('is red for a signing-for deadline passed since the lists were read', () => {
    const rows = queueRows(queue({ awaitingAcknowledgement: [item('unsigned', '2026-11-10T01:00:00Z', 'acknowledgement')] }), now);
    expect(rows[0].light).toBe('red');
  });
});

describe('reviewLight (审核期限 on the review queue)', () => {
  const now = Date.parse('2026-04-07T08:00:00Z');
  it('is red once overdue, by the API or by the clock since; amber within 4 hours; green before; none for a returned case', () => {
    expect(reviewLight({ reviewBy: '2026-04-07T12:00:00Z', reviewOverdue: true }, now)).toBe('red');
    expect(reviewLight({ reviewBy: '2026-04-07T07:59:00Z', reviewOverdue: false }, now)).toBe('red');
    expect(reviewLight({ reviewBy: '2026-04-07T12:00:00Z', reviewOverdue: false }, now)).toBe('amber');
    expect(reviewLight({ reviewBy: '2026-04-07T12:01:00Z', reviewOverdue: false }, now)).toBe('green');
    expect(reviewLight({}, now)).toBeUndefined();
  });
});
