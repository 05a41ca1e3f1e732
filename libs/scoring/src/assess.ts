import { ConsultationSummaryFact, DeadlineFact, DeadlineKind, DepartmentEventFact } from './facts';
import { Period, inPeriod } from './period';
import { DEFAULT_WEIGHTS, ScoringWeights } from './weights';
import { DepartmentFigures, DepartmentTotals, countEvents, departmentFigures, emptyTotals, pointsOf, round6 } from './totals';

// The rules of docs/scoring.md as functions over fact rows. Every figure is counted from rows that
// name their petition and event, and every point deducted is one Deduction, so an auditor can go
// from a score to the events behind it.

export interface AssessmentInput extends Period {
  /** Report time: deadlines not passed yet are pending; facts recorded after it are not known yet. */
  readonly now: Date;
  readonly weights?: ScoringWeights;
  /** Deadline rows whose dueAt falls in the period (others are ignored). */
  readonly deadlines: readonly DeadlineFact[];
  /** Event rows whose `at` falls in the period (others are ignored). */
  readonly events: readonly DepartmentEventFact[];
  /** Consultation summaries whose dueAt falls in the period (others are ignored); none when absent. */
  readonly consultationSummaries?: readonly ConsultationSummaryFact[];
  /** Confidential (涉密) cases count only when true; public figures pass false. */
  readonly includeConfidential: boolean;
  /** Working days strictly after `from`'s local day up to `to`'s (WorkingDayCalendar.workingDaysBetween). */
  readonly workingDaysBetween: (from: Date, to: Date) => number;
  /** Display name of a department, also the last tie-breaker. */
  readonly departmentName?: (departmentId: string) => string | undefined;
}

export type DeadlineOutcome = 'met' | 'missed' | 'pending' | 'superseded' | 'withdrawn' | 'not_set';

export interface DeadlineCounts {
  /** Met on time (numerator). */
  readonly met: number;
  /** Passed without the act, or the act came late. met + missed is the denominator. */
  readonly missed: number;
  /** Due in the period but not passed at report time: in neither numerator nor denominator. */
  readonly pending: number;
  /** Replaced by an approved extension: in neither numerator nor denominator. */
  readonly superseded: number;
  /** The case was returned (退单) before the deadline and before the act: in neither. */
  readonly withdrawn: number;
}

export type DeductionRule =
  | 'missed_acknowledgement'
  | 'missed_response'
  | 'automatic_escalation'
  | 'unsatisfied_rating'
  | 'overdue_consultation_summary'
  | 'missed_review'
  | 'overdue_assistance';

/** Consultation summaries due in the period: met, missed (late or still missing) and not yet due. */
export interface ConsultationSummaryCounts {
  readonly met: number;
  readonly missed: number;
  readonly pending: number;
}

/**
 * What the deducting event is: a red light (PetitionDeadlineMissed), the late act itself, the
 * deadline passing with no event yet (eventId is then the event that set the deadline), an
 * automatic escalation or an unsatisfied rating.
 */
export type DeductionEvidence = 'red_light' | 'late_act' | 'no_act' | 'escalation' | 'rating';

export interface Deduction {
  readonly rule: DeductionRule;
  readonly departmentId: string;
  /** The case; null for a consultation's deduction. */
  readonly petitionId: string | null;
  /** The consultation (意见征集) of an overdue_consultation_summary; null for a case's. */
  readonly consultationId: string | null;
  readonly trackingCode: string | null;
  /** The deadline the deduction is about (automatic escalations: the response deadline). */
  readonly deadline: DeadlineKind | null;
  readonly dueAt: Date | null;
  /** The event that set the deadline (PetitionDispatched, approved ExtensionDecided, PetitionReopened; ConsultationPublished). */
  readonly deadlineEventId: string | null;
  readonly evidence: DeductionEvidence;
  /** The event an auditor opens to see why. */
  readonly eventId: string;
  /** When it happened (no_act: when the deadline passed). */
  readonly at: Date;
  readonly points: number;
}

export interface DepartmentAssessment {
  readonly departmentId: string;
  readonly name: string | null;
  /** 1 = best; departments equal in score, respondedOnTimeRate and satisfactionRate share a rank. */
  readonly rank: number;
  readonly score: number;
  readonly deductedPoints: number;
  readonly received: number;
  readonly acknowledgement: DeadlineCounts;
  readonly response: DeadlineCounts;
  /** 协办: the contributions this department owed other departments' cases as an assisting department. */
  readonly assistance: DeadlineCounts;
  /** 按期回应率: null when no acknowledgement deadline passed in the period. */
  readonly acknowledgedOnTimeRate: number | null;
  /** 按期办复率 */
  readonly respondedOnTimeRate: number | null;
  readonly ratings: { readonly satisfied: number; readonly basicallySatisfied: number; readonly unsatisfied: number };
  /** 满意率: (satisfied + basically satisfied) / ratings; null without ratings. */
  readonly satisfactionRate: number | null;
  /** 亮红灯; review: the hotline office's own (审核超时), in its row only. */
  readonly redLights: { readonly acknowledgement: number; readonly response: number; readonly review: number };
  /** 督办 */
  readonly escalations: { readonly automatic: number; readonly manual: number };
  readonly extensionsRequested: number;
  readonly extensionsApproved: number;
  /** 退单 */
  readonly returns: number;
  readonly responses: number;
  readonly averageResponseWorkingDays: number | null;
  /** Pending deadlines of both kinds. */
  readonly pending: number;
  /** 意见征集反馈: feedback summaries due in the period (a missed one is a red light and a deduction). */
  readonly consultationSummaries: ConsultationSummaryCounts;
  readonly deductions: readonly Deduction[];
}

export interface Assessment extends Period {
  readonly now: Date;
  readonly weights: ScoringWeights;
  readonly includeConfidential: boolean;
  /** Ranked: score desc, then respondedOnTimeRate, satisfactionRate (null last), then name, then id. */
  readonly departments: readonly DepartmentAssessment[];
}

const ms = (d: Date) => d.getTime();
const knownBy = (at: Date | null, now: Date): at is Date => at !== null && ms(at) <= ms(now);

/** The state of one deadline as known at `now`. */
export function deadlineOutcome(d: DeadlineFact, now: Date): DeadlineOutcome {
  if (ms(d.setAt) > ms(now)) return 'not_set';
  if (knownBy(d.supersededAt, now)) return 'superseded';
  const acted = knownBy(d.actAt, now) ? d.actAt : null;
  if (knownBy(d.withdrawnAt, now) && ms(d.withdrawnAt) <= ms(d.dueAt) && !(acted && ms(acted) <= ms(d.withdrawnAt))) return 'withdrawn';
  if (ms(now) <= ms(d.dueAt)) return 'pending';
  return acted && ms(acted) <= ms(d.dueAt) ? 'met' : 'missed';
}

/** A department's counts and its list of deductions. */
interface Accumulator extends DepartmentTotals {
  list: Deduction[];
}

export const MISSED_DEADLINE_RULES = {
  acknowledgement: 'missed_acknowledgement',
  response: 'missed_response',
  assistance: 'overdue_assistance',
} as const satisfies Record<DeadlineKind, DeductionRule>;

const MISSED_DEADLINE_WEIGHTS: Record<DeadlineKind, (w: ScoringWeights) => number> = {
  acknowledgement: (w) => w.missedAcknowledgement,
  response: (w) => w.missedResponse,
  assistance: (w) => w.overdueAssistance,
};

function missedDeadlineDeduction(d: DeadlineFact, now: Date, weights: ScoringWeights): Deduction {
  const base = {
    rule: MISSED_DEADLINE_RULES[d.kind],
    departmentId: d.departmentId,
    petitionId: d.petitionId,
    consultationId: null,
    trackingCode: d.trackingCode,
    deadline: d.kind,
    dueAt: d.dueAt,
    deadlineEventId: d.sourceEventId,
    points: MISSED_DEADLINE_WEIGHTS[d.kind](weights),
  };
  if (d.missedEventId !== null && knownBy(d.missedAt, now))
    return { ...base, evidence: 'red_light', eventId: d.missedEventId, at: d.missedAt };
  if (d.actEventId !== null && knownBy(d.actAt, now)) return { ...base, evidence: 'late_act', eventId: d.actEventId, at: d.actAt };
  return { ...base, evidence: 'no_act', eventId: d.sourceEventId, at: d.dueAt };
}

/** The same outcomes as a deadline's: pending until the due instant has passed, then met or missed. */
export function consultationSummaryOutcome(c: ConsultationSummaryFact, now: Date): 'met' | 'missed' | 'pending' | 'not_set' {
  if (ms(c.setAt) > ms(now)) return 'not_set';
  if (ms(now) <= ms(c.dueAt)) return 'pending';
  return knownBy(c.summaryAt, now) && ms(c.summaryAt) <= ms(c.dueAt) ? 'met' : 'missed';
}

function overdueSummaryDeduction(c: ConsultationSummaryFact, now: Date, weights: ScoringWeights): Deduction {
  const base = {
    rule: 'overdue_consultation_summary' as const,
    departmentId: c.departmentId,
    petitionId: null,
    consultationId: c.consultationId,
    trackingCode: null,
    deadline: null,
    dueAt: c.dueAt,
    deadlineEventId: c.sourceEventId,
    points: weights.overdueConsultationSummary,
  };
  if (c.overdueEventId !== null && knownBy(c.overdueAt, now))
    return { ...base, evidence: 'red_light', eventId: c.overdueEventId, at: c.overdueAt };
  if (c.summaryEventId !== null && knownBy(c.summaryAt, now))
    return { ...base, evidence: 'late_act', eventId: c.summaryEventId, at: c.summaryAt };
  return { ...base, evidence: 'no_act', eventId: c.sourceEventId, at: c.dueAt };
}

function compareDeductions(a: Deduction, b: Deduction): number {
  return ms(a.at) - ms(b.at) || cmp(a.eventId, b.eventId) || cmp(a.rule, b.rule);
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Higher first; null (nothing to measure) after every number. */
const compareRateDesc = (a: number | null, b: number | null): number => {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return b - a;
};

/** Code-point order (deterministic on every host, unlike a locale's collation); unnamed last. */
const compareNames = (a: string | null, b: string | null): number => (a === b ? 0 : a === null ? 1 : b === null ? -1 : cmp(a, b));

const sameStanding = (a: DepartmentAssessment, b: DepartmentAssessment) =>
  a.score === b.score && a.respondedOnTimeRate === b.respondedOnTimeRate && a.satisfactionRate === b.satisfactionRate;

/** Ranking order of docs/scoring.md: score, then respondedOnTimeRate, then satisfactionRate; name and id keep it deterministic. */
export function compareStanding(a: DepartmentAssessment, b: DepartmentAssessment): number {
  return (
    b.score - a.score ||
    compareRateDesc(a.respondedOnTimeRate, b.respondedOnTimeRate) ||
    compareRateDesc(a.satisfactionRate, b.satisfactionRate) ||
    compareNames(a.name, b.name) ||
    cmp(a.departmentId, b.departmentId)
  );
}

/** The deduction an event of the period makes, if any: a review red light, an automatic escalation, an unsatisfied rating. */
function eventDeduction(e: DepartmentEventFact, weights: ScoringWeights): Deduction | null {
  const base = {
    departmentId: e.departmentId,
    petitionId: e.petitionId,
    consultationId: null,
    trackingCode: e.trackingCode,
    eventId: e.eventId,
    at: e.at,
  };
  switch (e.type) {
    case 'red_light_review':
      return {
        ...base,
        rule: 'missed_review',
        deadline: null,
        dueAt: e.dueAt,
        deadlineEventId: null,
        evidence: 'red_light',
        points: weights.missedReview,
      };
    case 'escalation_automatic':
      return {
        ...base,
        rule: 'automatic_escalation',
        deadline: e.dueAt ? 'response' : null,
        dueAt: e.dueAt,
        deadlineEventId: null,
        evidence: 'escalation',
        points: weights.automaticEscalation,
      };
    case 'rating':
      return e.satisfaction === 'unsatisfied'
        ? {
            ...base,
            rule: 'unsatisfied_rating',
            deadline: null,
            dueAt: null,
            deadlineEventId: null,
            evidence: 'rating',
            points: weights.unsatisfiedRating,
          }
        : null;
    default:
      return null;
  }
}

/** Figures, deductions, score and rank per department for one period. */
export function assess(input: AssessmentInput): Assessment {
  const { now, includeConfidential } = input;
  const weights = input.weights ?? DEFAULT_WEIGHTS;
  const period: Period = { from: input.from, to: input.to };
  if (!(ms(period.from) < ms(period.to))) throw new RangeError('assessment period: from must be before to');
  const byDepartment = new Map<string, Accumulator>();
  const of = (departmentId: string): Accumulator => {
    let acc = byDepartment.get(departmentId);
    if (!acc) byDepartment.set(departmentId, (acc = { ...emptyTotals(departmentId), list: [] }));
    return acc;
  };

  for (const d of input.deadlines) {
    if (!includeConfidential && d.confidential) continue;
    if (!inPeriod(d.dueAt, period)) continue;
    const outcome = deadlineOutcome(d, now);
    if (outcome === 'not_set') continue;
    const acc = of(d.departmentId);
    acc[d.kind][outcome]++;
    if (outcome === 'missed') {
      acc.deductions[MISSED_DEADLINE_RULES[d.kind]]++;
      acc.list.push(missedDeadlineDeduction(d, now, weights));
    }
  }

  for (const c of input.consultationSummaries ?? []) {
    if (!inPeriod(c.dueAt, period)) continue;
    const outcome = consultationSummaryOutcome(c, now);
    if (outcome === 'not_set') continue;
    const acc = of(c.departmentId);
    acc.consultationSummaries[outcome]++;
    if (outcome === 'missed') {
      acc.deductions.overdue_consultation_summary++;
      acc.list.push(overdueSummaryDeduction(c, now, weights));
    }
  }

  for (const e of input.events) {
    if (!includeConfidential && e.confidential) continue;
    if (!inPeriod(e.at, period) || ms(e.at) > ms(now)) continue;
    const acc = of(e.departmentId);
    countEvents(acc, e.type, e.satisfaction, 1);
    if (e.type === 'response' && e.startedAt) {
      acc.responses++;
      acc.responseWorkingDays += input.workingDaysBetween(e.startedAt, e.at);
    }
    const deduction = eventDeduction(e, weights);
    if (deduction) acc.list.push(deduction);
  }

  const unranked = [...byDepartment.values()].map((acc): DepartmentAssessment => {
    const deductions = [...acc.list].sort(compareDeductions);
    const { deductionCount: _listed, ...figures } = departmentFigures(
      acc,
      input.departmentName?.(acc.departmentId) ?? null,
      round6(deductions.reduce((sum, d) => sum + d.points, 0)),
    );
    return { ...figures, deductions };
  });

  return { ...period, now, weights, includeConfidential, departments: rank(unranked) };
}

/** A department as reference data holds it, for unassessedDepartments. */
export interface ListedDepartment {
  readonly id: string;
  readonly name: string;
  readonly active: boolean;
  /** A unit under another (下派): answers up to it, not ranked apart unless a case was dispatched to it. */
  readonly parentId?: string | null;
}

/** A department a ranking lists apart, without rank or score: nothing of it counted in the period. */
export interface UnassessedDepartment {
  readonly departmentId: string;
  readonly name: string;
}

/**
 * Which departments a ranking lists (docs/scoring.md, "Who is ranked"): a department with any case
 * counted in the period (a fact above: dispatched to it, a deadline due, an act, a rating …) is
 * ranked from 100, as assess() and assessTotals() do; the other active departments the hotline
 * dispatches to (no parent unit) are listed apart, in name order, without rank or score: nothing
 * was assessed, and 100 for no case would rank them first for having had none.
 */
export function unassessedDepartments(
  departments: readonly ListedDepartment[],
  ranked: readonly { readonly departmentId: string }[],
): UnassessedDepartment[] {
  const assessed = new Set(ranked.map((d) => d.departmentId));
  return departments
    .filter((d) => d.active && !d.parentId && !assessed.has(d.id))
    .map((d) => ({ departmentId: d.id, name: d.name }))
    .sort((a, b) => compareNames(a.name, b.name) || cmp(a.departmentId, b.departmentId));
}

/** Sorts by standing and numbers the ranks 1, 2, 2, 4 … (equal standing shares a rank). */
export function rank(departments: readonly DepartmentAssessment[]): DepartmentAssessment[] {
  const sorted = [...departments].sort(compareStanding);
  const out: DepartmentAssessment[] = [];
  sorted.forEach((d, i) => {
    const previous = out[i - 1];
    out.push({ ...d, rank: previous && sameStanding(previous, d) ? previous.rank : i + 1 });
  });
  return out;
}

/**
 * Ranked figures per department from totals a database counted (deductions counted, not listed):
 * the same as assess() gives for the same rows, the points count × weight per rule.
 */
export function assessTotals(
  totals: readonly DepartmentTotals[],
  weights: ScoringWeights,
  departmentName: (departmentId: string) => string | undefined,
): DepartmentFigures[] {
  const unranked = totals.map((t) => ({
    ...departmentFigures(t, departmentName(t.departmentId) ?? null, pointsOf(t, weights)),
    deductions: [],
  }));
  return rank(unranked).map(({ deductions: _listedApart, ...d }) => d as DepartmentFigures);
}
