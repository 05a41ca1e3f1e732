import { WorkingDayCalendar } from '@wenzheng/calendar';
import {
  AssessmentInput,
  ConsultationSummaryFact,
  DEFAULT_WEIGHTS,
  DeadlineFact,
  DepartmentEventFact,
  HOTLINE_OFFICE,
  assess,
  deadlineOutcome,
  monthPeriod,
  parseWeights,
  unassessedDepartments,
} from './index';

// Every expected figure below is worked out by hand in the comment beside it.

const calendar = new WorkingDayCalendar();
const OCTOBER = monthPeriod('2026-10');
const NOVEMBER = monthPeriod('2026-11');
const AFTER_OCTOBER = new Date('2026-11-20T12:00:00+08:00');

const A = 'dept-a';
const B = 'dept-b';
const names: Record<string, string> = { [A]: '甲局', [B]: '乙局', 'dept-c': '丙局', 'dept-d': '丁局', 'dept-e': '戊局', 'dept-f': '己局' };

let seq = 0;
const id = (prefix: string) => `${prefix}-${String(++seq).padStart(4, '0')}`;
const t = (s: string) => new Date(s);

function deadline(over: Partial<DeadlineFact> & { dueAt: Date }): DeadlineFact {
  return {
    sourceEventId: id('src'),
    kind: 'response',
    petitionId: id('pet'),
    trackingCode: `WZ20261001-${String(seq).padStart(10, '0')}`,
    departmentId: A,
    confidential: false,
    setAt: t('2026-09-01T09:00:00+08:00'),
    actEventId: null,
    actAt: null,
    missedEventId: null,
    missedAt: null,
    supersededByEventId: null,
    supersededAt: null,
    withdrawnByEventId: null,
    withdrawnAt: null,
    ...over,
  };
}

const met = (dueAt: string, over: Partial<DeadlineFact> = {}) => {
  const due = t(dueAt);
  return deadline({ dueAt: due, actEventId: id('act'), actAt: new Date(due.getTime() - 86_400_000), ...over });
};
const missed = (dueAt: string, over: Partial<DeadlineFact> = {}) => deadline({ dueAt: t(dueAt), ...over });

function event(type: DepartmentEventFact['type'], at: string, over: Partial<DepartmentEventFact> = {}): DepartmentEventFact {
  return {
    eventId: id('evt'),
    type,
    petitionId: id('pet'),
    trackingCode: null,
    departmentId: A,
    confidential: false,
    at: t(at),
    satisfaction: null,
    dueAt: null,
    startedAt: null,
    ...over,
  };
}
const rating = (satisfaction: 'satisfied' | 'basically_satisfied' | 'unsatisfied', at: string, over: Partial<DepartmentEventFact> = {}) =>
  event('rating', at, { satisfaction, ...over });

function run(over: Partial<AssessmentInput>) {
  return assess({
    ...OCTOBER,
    now: AFTER_OCTOBER,
    deadlines: [],
    events: [],
    includeConfidential: true,
    workingDaysBetween: (a, b) => calendar.workingDaysBetween(a, b),
    departmentName: (d) => names[d],
    ...over,
  });
}
const only = (over: Partial<AssessmentInput>, departmentId = A) => {
  const found = run(over).departments.find((d) => d.departmentId === departmentId);
  if (!found) throw new Error(`no figures for ${departmentId}`);
  return found;
};

describe('periods are Asia/Shanghai calendar months', () => {
  it('October 2026 is [10-01 00:00+08:00, 11-01 00:00+08:00)', () => {
    expect(OCTOBER.from.toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(OCTOBER.to.toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(monthPeriod('2026-12').to.toISOString()).toBe('2026-12-31T16:00:00.000Z'); // 2027-01-01 00:00+08:00
  });

  it('refuses what is not YYYY-MM', () => {
    for (const bad of ['2026-13', '26-01', '2026-1', '2026-00', '', '2026-01-01']) expect(() => monthPeriod(bad)).toThrow(RangeError);
  });

  it('an event at 23:59:59 on Oct 31 (+08:00) is October; one at 00:00:00 on Nov 1 is November', () => {
    const events = [event('received', '2026-10-31T23:59:59+08:00'), event('received', '2026-11-01T00:00:00+08:00')];
    expect(only({ events }).received).toBe(1);
    expect(only({ events, ...NOVEMBER, now: t('2026-12-15T00:00:00+08:00') }).received).toBe(1);
  });

  it('a deadline counts in the month it falls in, not the month the case was dispatched', () => {
    const lastOfOctober = met('2026-10-31T23:59:59.999+08:00', { setAt: t('2026-09-28T10:00:00+08:00') });
    const firstOfNovember = missed('2026-11-01T00:00:00.000+08:00', { setAt: t('2026-10-20T10:00:00+08:00') });
    const september = missed('2026-09-30T23:59:59.999+08:00');
    const october = only({ deadlines: [lastOfOctober, firstOfNovember, september] });
    expect(october.response).toEqual({ met: 1, missed: 0, pending: 0, superseded: 0, withdrawn: 0 });
    expect(october.respondedOnTimeRate).toBe(1);
    const november = only({ deadlines: [lastOfOctober, firstOfNovember, september], ...NOVEMBER, now: t('2026-12-15T00:00:00+08:00') });
    expect(november.response.missed).toBe(1);
    expect(november.respondedOnTimeRate).toBe(0);
  });
});

describe('deadlines', () => {
  it('pending deadlines (not passed at report time) are in neither numerator nor denominator, even when already met', () => {
    const now = t('2026-10-20T12:00:00+08:00');
    const deadlines = [
      met('2026-10-10T23:59:59.999+08:00'), // met
      missed('2026-10-12T23:59:59.999+08:00'), // missed
      met('2026-10-25T23:59:59.999+08:00', { actAt: t('2026-10-19T09:00:00+08:00') }), // answered early, not due yet: pending
      missed('2026-10-28T23:59:59.999+08:00'), // open, not due yet: pending
      missed('2026-10-22T23:59:59.999+08:00', { kind: 'acknowledgement' }), // pending
    ];
    const a = only({ deadlines, now });
    expect(a.response).toEqual({ met: 1, missed: 1, pending: 2, superseded: 0, withdrawn: 0 });
    expect(a.respondedOnTimeRate).toBe(0.5); // 1 / (1 + 1)
    expect(a.acknowledgement.pending).toBe(1);
    expect(a.acknowledgedOnTimeRate).toBeNull(); // nothing passed: null, not NaN
    expect(a.pending).toBe(3);
    expect(a.deductions.map((d) => d.rule)).toEqual(['missed_response']); // pending ones deduct nothing
  });

  it('a deadline that passes exactly at report time is still pending; one millisecond later it is decided', () => {
    const d = missed('2026-10-12T23:59:59.999+08:00');
    expect(deadlineOutcome(d, d.dueAt)).toBe('pending');
    expect(deadlineOutcome(d, new Date(d.dueAt.getTime() + 1))).toBe('missed');
  });

  it('an act exactly at the deadline meets it; a millisecond later misses it', () => {
    const due = t('2026-10-12T23:59:59.999+08:00');
    expect(deadlineOutcome(deadline({ dueAt: due, actEventId: 'x', actAt: due }), AFTER_OCTOBER)).toBe('met');
    expect(deadlineOutcome(deadline({ dueAt: due, actEventId: 'x', actAt: new Date(due.getTime() + 1) }), AFTER_OCTOBER)).toBe('missed');
  });

  it('an approved extension replaces the response deadline: the old value counts nowhere, the new one counts where it falls', () => {
    const extension = 'evt-extension';
    const old = missed('2026-10-09T23:59:59.999+08:00', { supersededByEventId: extension, supersededAt: t('2026-10-08T10:00:00+08:00') });
    const replacement = met('2026-10-20T23:59:59.999+08:00', {
      petitionId: old.petitionId,
      sourceEventId: extension,
      setAt: t('2026-10-08T10:00:00+08:00'),
    });
    const a = only({ deadlines: [old, replacement] });
    expect(a.response).toEqual({ met: 1, missed: 0, pending: 0, superseded: 1, withdrawn: 0 });
    expect(a.respondedOnTimeRate).toBe(1); // 1 / 1: the superseded deadline is not in the denominator
    expect(a.score).toBe(100);

    // The extended deadline missed as well: one deduction, naming the extension as the deadline's source.
    const late = missed('2026-10-20T23:59:59.999+08:00', {
      petitionId: old.petitionId,
      sourceEventId: extension,
      setAt: t('2026-10-08T10:00:00+08:00'),
    });
    const b = only({ deadlines: [old, late] });
    expect(b.respondedOnTimeRate).toBe(0);
    expect(b.deductions).toEqual([
      expect.objectContaining({ rule: 'missed_response', deadlineEventId: extension, dueAt: late.dueAt, points: 1 }),
    ]);
    expect(b.score).toBe(99);
  });

  it('an extension approved after report time is not known yet: the old deadline still counts and the new one is not set', () => {
    const now = t('2026-10-15T00:00:00+08:00');
    const old = missed('2026-10-09T23:59:59.999+08:00', { supersededByEventId: 'e', supersededAt: t('2026-10-16T10:00:00+08:00') });
    const replacement = met('2026-10-12T23:59:59.999+08:00', { sourceEventId: 'e', setAt: t('2026-10-16T10:00:00+08:00') });
    const a = only({ deadlines: [old, replacement], now });
    expect(a.response).toEqual({ met: 0, missed: 1, pending: 0, superseded: 0, withdrawn: 0 });
  });

  it('a return (退单) before the deadline withdraws it; a deadline already missed when the case was returned stays missed', () => {
    const withdrawn = missed('2026-10-14T23:59:59.999+08:00', { withdrawnByEventId: 'ret-1', withdrawnAt: t('2026-10-13T09:00:00+08:00') });
    const tooLate = missed('2026-10-09T23:59:59.999+08:00', {
      kind: 'acknowledgement',
      withdrawnByEventId: 'ret-2',
      withdrawnAt: t('2026-10-13T09:00:00+08:00'),
    });
    const a = only({ deadlines: [withdrawn, tooLate] });
    expect(a.response).toEqual({ met: 0, missed: 0, pending: 0, superseded: 0, withdrawn: 1 });
    expect(a.respondedOnTimeRate).toBeNull();
    expect(a.acknowledgement).toEqual({ met: 0, missed: 1, pending: 0, superseded: 0, withdrawn: 0 });
    expect(a.score).toBe(99.5);
  });

  it('each missed deadline names the event that shows it: the red light, else the late act, else the deadline passing', () => {
    const redLight = missed('2026-10-09T23:59:59.999+08:00', {
      kind: 'acknowledgement',
      sourceEventId: 'dispatch-1',
      missedEventId: 'red-1',
      missedAt: t('2026-10-10T00:05:00+08:00'),
      actEventId: 'ack-1',
      actAt: t('2026-10-12T09:00:00+08:00'),
    });
    const lateAct = missed('2026-10-13T23:59:59.999+08:00', {
      sourceEventId: 'dispatch-2',
      actEventId: 'resp-2',
      actAt: t('2026-10-14T09:00:00+08:00'),
    });
    const noAct = missed('2026-10-15T23:59:59.999+08:00', { sourceEventId: 'dispatch-3' });
    const a = only({ deadlines: [noAct, lateAct, redLight] });
    expect(a.deductions.map((d) => [d.rule, d.evidence, d.eventId, d.at.toISOString(), d.points, d.deadlineEventId])).toEqual([
      ['missed_acknowledgement', 'red_light', 'red-1', '2026-10-09T16:05:00.000Z', 0.5, 'dispatch-1'],
      ['missed_response', 'late_act', 'resp-2', '2026-10-14T01:00:00.000Z', 1, 'dispatch-2'],
      ['missed_response', 'no_act', 'dispatch-3', '2026-10-15T15:59:59.999Z', 1, 'dispatch-3'],
    ]);
    expect(a.deductions[0]).toMatchObject({
      petitionId: redLight.petitionId,
      trackingCode: redLight.trackingCode,
      deadline: 'acknowledgement',
      dueAt: redLight.dueAt,
    });
    expect(a.score).toBe(97.5); // 100 − 0.5 − 1 − 1
  });

  it("协办: an assisting department's contribution due in the period is met or missed like a deadline, counted apart; a missed one deducts overdueAssistance", () => {
    const late = missed('2026-10-09T23:59:59.999+08:00', {
      kind: 'assistance',
      departmentId: B,
      sourceEventId: 'dispatch-9',
      actEventId: 'assist-9',
      actAt: t('2026-10-12T09:00:00+08:00'),
    });
    const onTime = met('2026-10-09T23:59:59.999+08:00', { kind: 'assistance', departmentId: B });
    // The lead answered before the contribution was due: it lapsed, not held against the assisting department.
    const lapsed = missed('2026-10-20T23:59:59.999+08:00', {
      kind: 'assistance',
      departmentId: B,
      withdrawnByEventId: 'resp-1',
      withdrawnAt: t('2026-10-15T09:00:00+08:00'),
    });
    const b = only({ deadlines: [late, onTime, lapsed] }, B);
    expect(b.assistance).toEqual({ met: 1, missed: 1, pending: 0, superseded: 0, withdrawn: 1 });
    expect(b.response).toEqual({ met: 0, missed: 0, pending: 0, superseded: 0, withdrawn: 0 });
    expect(b.respondedOnTimeRate).toBeNull();
    expect(b.deductions.map((d) => [d.rule, d.deadline, d.evidence, d.eventId, d.points, d.deadlineEventId])).toEqual([
      ['overdue_assistance', 'assistance', 'late_act', 'assist-9', 0.5, 'dispatch-9'],
    ]);
    expect(b.score).toBe(99.5);
  });
});

describe('figures counted from events in the period', () => {
  it('received, red lights, escalations, extensions, returns and ratings', () => {
    const events = [
      event('received', '2026-10-02T10:00:00+08:00'),
      event('received', '2026-10-03T10:00:00+08:00'),
      event('received', '2026-09-30T23:00:00+08:00'), // September
      event('red_light_acknowledgement', '2026-10-05T00:01:00+08:00'),
      event('red_light_response', '2026-10-06T00:01:00+08:00'),
      event('red_light_response', '2026-10-07T00:01:00+08:00'),
      event('escalation_automatic', '2026-10-08T09:00:00+08:00', { dueAt: t('2026-10-02T23:59:59.999+08:00') }),
      event('escalation_manual', '2026-10-08T10:00:00+08:00'),
      event('escalation_manual', '2026-10-09T10:00:00+08:00'),
      event('extension_requested', '2026-10-10T10:00:00+08:00'),
      event('extension_requested', '2026-10-11T10:00:00+08:00'),
      event('extension_approved', '2026-10-12T10:00:00+08:00'),
      event('return', '2026-10-13T10:00:00+08:00'),
      rating('satisfied', '2026-10-14T10:00:00+08:00'),
      rating('basically_satisfied', '2026-10-14T11:00:00+08:00'),
      rating('unsatisfied', '2026-10-14T12:00:00+08:00'),
      rating('unsatisfied', '2026-10-14T13:00:00+08:00'),
    ];
    const a = only({ events });
    expect(a).toMatchObject({
      received: 2,
      redLights: { acknowledgement: 1, response: 2 },
      escalations: { automatic: 1, manual: 2 },
      extensionsRequested: 2,
      extensionsApproved: 1,
      returns: 1,
      ratings: { satisfied: 1, basicallySatisfied: 1, unsatisfied: 2 },
      satisfactionRate: 0.5, // (1 + 1) / 4
      deductedPoints: 4, // 3 (automatic escalation) + 0.5 + 0.5 (unsatisfied); manual escalations and red lights themselves deduct nothing
      score: 96,
    });
    expect(a.deductions.map((d) => d.rule)).toEqual(['automatic_escalation', 'unsatisfied_rating', 'unsatisfied_rating']);
    expect(a.deductions[0]).toMatchObject({ deadline: 'response', dueAt: t('2026-10-02T23:59:59.999+08:00'), evidence: 'escalation' });
  });

  it('events after report time are not known yet', () => {
    const now = t('2026-10-10T00:00:00+08:00');
    const a = only({ events: [event('received', '2026-10-09T10:00:00+08:00'), event('received', '2026-10-11T10:00:00+08:00')], now });
    expect(a.received).toBe(1);
  });

  it('averageResponseWorkingDays counts working days from the start of handling to the response, on the official calendar', () => {
    const events = [
      // 2026-09-29 → 2026-10-15: Sep 30, Oct 8, 9, 10 (调休上班), 12, 13, 14, 15 = 8 (国庆 Oct 1–7 off)
      event('response', '2026-10-15T16:00:00+08:00', { startedAt: t('2026-09-29T10:00:00+08:00') }),
      // Mon 2026-10-12 → Wed 2026-10-14: Oct 13, 14 = 2
      event('response', '2026-10-14T09:00:00+08:00', { startedAt: t('2026-10-12T15:00:00+08:00') }),
      // September response: not counted in October
      event('response', '2026-09-30T09:00:00+08:00', { startedAt: t('2026-09-01T15:00:00+08:00') }),
    ];
    const a = only({ events });
    expect(a.responses).toBe(2);
    expect(a.averageResponseWorkingDays).toBe(5); // (8 + 2) / 2
    expect(only({ events: [event('received', '2026-10-02T10:00:00+08:00')] }).averageResponseWorkingDays).toBeNull();
  });

  it('confidential cases count only when asked for', () => {
    const deadlines = [missed('2026-10-09T23:59:59.999+08:00', { confidential: true }), met('2026-10-09T23:59:59.999+08:00')];
    const events = [
      event('received', '2026-10-02T10:00:00+08:00', { confidential: true }),
      rating('unsatisfied', '2026-10-03T10:00:00+08:00', { confidential: true }),
    ];
    const internal = only({ deadlines, events, includeConfidential: true });
    expect(internal).toMatchObject({ received: 1, respondedOnTimeRate: 0.5, satisfactionRate: 0, score: 98.5 });
    const publicFigures = only({ deadlines, events, includeConfidential: false });
    expect(publicFigures).toMatchObject({ received: 0, respondedOnTimeRate: 1, satisfactionRate: null, score: 100, deductions: [] });
  });
});

describe('consultation summaries (意见征集反馈)', () => {
  const summary = (over: Partial<ConsultationSummaryFact> & { dueAt: Date }): ConsultationSummaryFact => ({
    consultationId: id('con'),
    departmentId: A,
    sourceEventId: id('pub'),
    setAt: t('2026-09-01T09:00:00+08:00'),
    summaryEventId: null,
    summaryAt: null,
    overdueEventId: null,
    overdueAt: null,
    ...over,
  });
  const due = t('2026-10-16T23:59:59.999+08:00');

  it('count where the due date falls: met, missed, pending; each missed one is its own deduction naming the consultation', () => {
    const onTime = summary({ dueAt: due, summaryEventId: id('sum'), summaryAt: t('2026-10-16T10:00:00+08:00') });
    const red = summary({ dueAt: due, overdueEventId: id('red'), overdueAt: t('2026-10-17T00:05:00+08:00') });
    const late = summary({ dueAt: due, summaryEventId: id('sum'), summaryAt: t('2026-10-19T10:00:00+08:00') });
    const never = summary({ dueAt: due });
    const november = summary({ dueAt: t('2026-11-02T23:59:59.999+08:00') });
    const a = only({ consultationSummaries: [onTime, red, late, never, november], now: t('2026-10-20T12:00:00+08:00') });
    expect(a.consultationSummaries).toEqual({ met: 1, missed: 3, pending: 0 });
    expect(a.score).toBe(94); // 100 − 3 × 2
    expect(a.deductions.map((d) => [d.rule, d.consultationId, d.petitionId, d.evidence, d.eventId, d.deadlineEventId, d.points])).toEqual([
      ['overdue_consultation_summary', never.consultationId, null, 'no_act', never.sourceEventId, never.sourceEventId, 2],
      ['overdue_consultation_summary', red.consultationId, null, 'red_light', red.overdueEventId, red.sourceEventId, 2],
      ['overdue_consultation_summary', late.consultationId, null, 'late_act', late.summaryEventId, late.sourceEventId, 2],
    ]);
  });

  it('a summary not due yet at report time is pending and deducts nothing, even when already published', () => {
    const a = only({
      consultationSummaries: [
        summary({ dueAt: due, summaryEventId: id('sum'), summaryAt: t('2026-10-15T10:00:00+08:00') }),
        summary({ dueAt: due }),
      ],
      now: t('2026-10-16T12:00:00+08:00'),
    });
    expect(a).toMatchObject({ consultationSummaries: { met: 0, missed: 0, pending: 2 }, score: 100, deductions: [] });
  });
});

describe('score', () => {
  it('is 100 minus the weighted deductions', () => {
    const deadlines = [
      missed('2026-10-05T23:59:59.999+08:00', { kind: 'acknowledgement' }),
      missed('2026-10-06T23:59:59.999+08:00', { kind: 'acknowledgement' }),
      met('2026-10-06T23:59:59.999+08:00', { kind: 'acknowledgement' }),
      missed('2026-10-15T23:59:59.999+08:00'),
      met('2026-10-16T23:59:59.999+08:00'),
      met('2026-10-17T23:59:59.999+08:00'),
    ];
    const events = [
      event('escalation_automatic', '2026-10-20T09:00:00+08:00'),
      event('escalation_manual', '2026-10-20T10:00:00+08:00'),
      rating('unsatisfied', '2026-10-21T10:00:00+08:00'),
      rating('unsatisfied', '2026-10-22T10:00:00+08:00'),
      rating('satisfied', '2026-10-23T10:00:00+08:00'),
    ];
    const a = only({ deadlines, events });
    // 100 − 0.5×2 − 1×1 − 3×1 − 0.5×2 = 94
    expect(a.score).toBe(94);
    expect(a.deductedPoints).toBe(6);
    expect(a.deductions).toHaveLength(6);
    expect(a.deductions.reduce((s, d) => s + d.points, 0)).toBe(6);
    expect(a.acknowledgedOnTimeRate).toBeCloseTo(1 / 3, 12);
    expect(a.respondedOnTimeRate).toBeCloseTo(2 / 3, 12);
    expect(a.satisfactionRate).toBeCloseTo(1 / 3, 12);
  });

  it("the hotline office's late reviews (审核超时) are red lights and deductions in its own row", () => {
    const events = [
      event('red_light_review', '2026-10-20T09:00:00+08:00', { departmentId: HOTLINE_OFFICE, dueAt: t('2026-10-20T08:00:00+08:00') }),
      event('red_light_review', '2026-10-21T09:00:00+08:00', { departmentId: HOTLINE_OFFICE, dueAt: t('2026-10-21T08:00:00+08:00') }),
    ];
    const office = only({ events }, HOTLINE_OFFICE);
    expect(office.redLights).toEqual({ acknowledgement: 0, response: 0, review: 2 });
    expect(office.score).toBe(99);
    expect(office.deductions.map((d) => [d.rule, d.evidence, d.points])).toEqual([
      ['missed_review', 'red_light', 0.5],
      ['missed_review', 'red_light', 0.5],
    ]);
  });

  it('weights are configuration', () => {
    const weights = parseWeights({ automaticEscalation: 5, unsatisfiedRating: 0.1 });
    expect(weights).toEqual({
      missedAcknowledgement: 0.5,
      missedResponse: 1,
      automaticEscalation: 5,
      unsatisfiedRating: 0.1,
      overdueConsultationSummary: 2,
      overdueAssistance: 0.5,
      missedReview: 0.5,
    });
    const events = [
      event('escalation_automatic', '2026-10-20T09:00:00+08:00'),
      ...Array.from({ length: 3 }, () => rating('unsatisfied', '2026-10-21T10:00:00+08:00')),
    ];
    const a = only({ events, weights });
    expect(a.score).toBe(94.7); // 100 − 5 − 3×0.1, without binary drift
    expect(a.deductions.map((d) => d.points)).toEqual([5, 0.1, 0.1, 0.1]);
    expect(() => parseWeights({ missedResponse: -1 })).toThrow(/missedResponse/);
    expect(() => parseWeights({ missedReply: 1 })).toThrow(/missedReply/);
    expect(parseWeights(undefined)).toBe(DEFAULT_WEIGHTS);
  });

  it('is floored at 0', () => {
    const escalations = (n: number) =>
      Array.from({ length: n }, (_, i) => event('escalation_automatic', `2026-10-${String(1 + (i % 28)).padStart(2, '0')}T09:00:00+08:00`));
    expect(only({ events: escalations(30) }).score).toBe(10); // 100 − 90
    const floored = only({ events: escalations(40) }); // 100 − 120
    expect(floored.score).toBe(0);
    expect(floored.deductedPoints).toBe(120); // the deductions stay listed in full
  });
});

describe('ranking', () => {
  it('score first; ties by respondedOnTimeRate, then satisfactionRate, then name; equal standing shares a rank', () => {
    const deadlines = [
      // A: 100 − 1 = 99, on time 1/2
      met('2026-10-09T23:59:59.999+08:00', { departmentId: A }),
      missed('2026-10-09T23:59:59.999+08:00', { departmentId: A }),
      // B: 100 − 0.5 − 0.5 = 99, on time 1/1
      met('2026-10-09T23:59:59.999+08:00', { departmentId: B }),
      missed('2026-10-09T23:59:59.999+08:00', { departmentId: B, kind: 'acknowledgement' }),
      // C and D: 100, on time 1/1; satisfaction decides
      met('2026-10-09T23:59:59.999+08:00', { departmentId: 'dept-c' }),
      met('2026-10-09T23:59:59.999+08:00', { departmentId: 'dept-d' }),
    ];
    const events = [
      rating('unsatisfied', '2026-10-10T10:00:00+08:00', { departmentId: B }),
      rating('satisfied', '2026-10-10T10:00:00+08:00', { departmentId: 'dept-c' }),
      rating('basically_satisfied', '2026-10-10T10:00:00+08:00', { departmentId: 'dept-c' }),
      rating('satisfied', '2026-10-10T10:00:00+08:00', { departmentId: 'dept-d' }),
      // E and F: nothing measured except one received case each, score 100, rates null: equal standing
      event('received', '2026-10-10T10:00:00+08:00', { departmentId: 'dept-f' }),
      event('received', '2026-10-10T10:00:00+08:00', { departmentId: 'dept-e' }),
    ];
    const ranked = run({ deadlines, events }).departments;
    expect(ranked.map((d) => [d.name, d.rank, d.score, d.respondedOnTimeRate, d.satisfactionRate])).toEqual([
      ['丁局', 1, 100, 1, 1], // D: 1/1 satisfied — same standing as C: same rank, then name order (code points: 丁 U+4E01 < 丙 U+4E19)
      ['丙局', 1, 100, 1, 1], // C: 2/2 satisfied or basically satisfied
      ['己局', 3, 100, null, null], // rates null rank after every number
      ['戊局', 3, 100, null, null],
      ['乙局', 5, 99, 1, 0], // B beats A on respondedOnTimeRate
      ['甲局', 6, 99, 0.5, null],
    ]);
  });

  it('ranks the departments with a case counted in the period; the other active ones are listed apart, unranked', () => {
    // A had a case dispatched and answered on time (no deduction); B's automatic escalation cost 3 points.
    const deadlines = [deadline({ kind: 'response', dueAt: t('2026-10-22T23:59:59.999+08:00'), actAt: t('2026-10-20T10:00:00+08:00') })];
    const events = [
      event('received', '2026-10-12T10:00:00+08:00'),
      event('escalation_automatic', '2026-10-23T10:00:00+08:00', { departmentId: B, dueAt: t('2026-10-22T23:59:59.999+08:00') }),
    ];
    const ranked = run({ deadlines, events }).departments;
    expect(ranked.map((d) => [d.name, d.rank, d.score])).toEqual([
      ['甲局', 1, 100],
      ['乙局', 2, 97],
    ]);
    const reference = [
      { id: B, name: '乙局', active: true },
      { id: 'dept-f', name: '己局', active: true },
      { id: 'dept-c', name: '丙局', active: true },
      { id: 'dept-old', name: '旧局', active: false },
      { id: 'dept-unit', name: '某街道', active: true, parentId: 'dept-c' },
      { id: A, name: '甲局', active: true },
    ];
    // No score of 100 for no case: 丙局 and 己局 (code-point order) without rank; inactive departments and units under another left out.
    expect(unassessedDepartments(reference, ranked)).toEqual([
      { departmentId: 'dept-c', name: '丙局' },
      { departmentId: 'dept-f', name: '己局' },
    ]);
  });
});
