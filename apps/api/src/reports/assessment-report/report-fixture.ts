import { Assessment, DeadlineFact, DepartmentEventFact, ScoringWeights, assess } from '@wenzheng/scoring';

// A small assessment for the file-format specs: awkward department names (a comma, a quote, a
// formula), a deadline at the last millisecond of the period and weights with long decimals.

const base = { trackingCode: 'WZ20261012-AAAAAAAAAA', confidential: false } as const;

export const PERIOD = { from: new Date('2026-10-01T00:00:00+08:00'), to: new Date('2026-11-01T00:00:00+08:00') };
export const NAMES: Record<string, string> = { 'dept-x': '甲局, "东区"', 'dept-y': '=HYPERLINK("http://x")' };

export function fixture(weights?: ScoringWeights): Assessment {
  const deadline = (over: Partial<DeadlineFact>): DeadlineFact => ({
    ...base,
    sourceEventId: 'src-1',
    kind: 'response',
    petitionId: 'pet-1',
    departmentId: 'dept-x',
    dueAt: new Date('2026-10-31T23:59:59.999+08:00'),
    setAt: new Date('2026-10-12T10:00:00+08:00'),
    actEventId: null,
    actAt: null,
    missedEventId: null,
    missedAt: null,
    supersededByEventId: null,
    supersededAt: null,
    withdrawnByEventId: null,
    withdrawnAt: null,
    ...over,
  });
  const event = (over: Partial<DepartmentEventFact>): DepartmentEventFact => ({
    ...base,
    eventId: 'evt-1',
    type: 'received',
    petitionId: 'pet-2',
    departmentId: 'dept-y',
    at: new Date('2026-10-12T10:00:00+08:00'),
    satisfaction: null,
    dueAt: null,
    startedAt: null,
    ...over,
  });
  return assess({
    ...PERIOD,
    now: new Date('2026-11-20T10:00:00+08:00'),
    weights,
    includeConfidential: true,
    workingDaysBetween: () => 3,
    departmentName: (id) => NAMES[id],
    deadlines: [deadline({})], // never answered: missed, no_act
    events: [
      event({}),
      event({ eventId: 'evt-2', type: 'rating', satisfaction: 'unsatisfied', at: new Date('2026-10-20T08:00:00+08:00') }),
      event({
        eventId: 'evt-3',
        type: 'rating',
        satisfaction: 'satisfied',
        petitionId: 'pet-3',
        at: new Date('2026-10-21T08:00:00+08:00'),
      }),
      event({
        eventId: 'evt-4',
        type: 'response',
        startedAt: new Date('2026-10-12T10:00:00+08:00'),
        at: new Date('2026-10-15T10:00:00+08:00'),
      }),
    ],
  });
}
