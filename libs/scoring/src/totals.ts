import type { ConsultationSummaryCounts, DeadlineCounts, DeductionRule, DepartmentAssessment } from './assess';
import type { DepartmentEventType, Satisfaction } from './facts';
import { MAX_SCORE, ScoringWeights } from './weights';

// What a department's figures are made of, as counts: assess() counts them from fact rows one by
// one, a database can count them with GROUP BY (the assessment report of a year at a million
// cases, whose rows do not fit in memory). Either way the rates, the score and the average are
// derived from the counts here, once.

type Counts<K extends string> = Record<K, number>;

export interface DepartmentTotals {
  readonly departmentId: string;
  received: number;
  acknowledgement: Counts<keyof DeadlineCounts>;
  response: Counts<keyof DeadlineCounts>;
  /** 协办 contributions owed as an assisting department. */
  assistance: Counts<keyof DeadlineCounts>;
  ratings: Counts<'satisfied' | 'basicallySatisfied' | 'unsatisfied'>;
  redLights: Counts<'acknowledgement' | 'response' | 'review'>;
  escalations: Counts<'automatic' | 'manual'>;
  extensionsRequested: number;
  extensionsApproved: number;
  returns: number;
  /** Responses with a start of handling, and the sum of their working days. */
  responses: number;
  responseWorkingDays: number;
  consultationSummaries: Counts<keyof ConsultationSummaryCounts>;
  /** Deductions by rule. */
  deductions: Counts<DeductionRule>;
}

const emptyCounts = (): Counts<keyof DeadlineCounts> => ({ met: 0, missed: 0, pending: 0, superseded: 0, withdrawn: 0 });

export const emptyTotals = (departmentId: string): DepartmentTotals => ({
  departmentId,
  received: 0,
  acknowledgement: emptyCounts(),
  response: emptyCounts(),
  assistance: emptyCounts(),
  ratings: { satisfied: 0, basicallySatisfied: 0, unsatisfied: 0 },
  redLights: { acknowledgement: 0, response: 0, review: 0 },
  escalations: { automatic: 0, manual: 0 },
  extensionsRequested: 0,
  extensionsApproved: 0,
  returns: 0,
  responses: 0,
  responseWorkingDays: 0,
  consultationSummaries: { met: 0, missed: 0, pending: 0 },
  deductions: {
    missed_acknowledgement: 0,
    missed_response: 0,
    automatic_escalation: 0,
    unsatisfied_rating: 0,
    overdue_consultation_summary: 0,
    missed_review: 0,
    overdue_assistance: 0,
  },
});

/** The weight of each rule (every Deduction of the rule carries these points). */
export const RULE_WEIGHTS: Readonly<Record<DeductionRule, keyof ScoringWeights>> = {
  missed_acknowledgement: 'missedAcknowledgement',
  missed_response: 'missedResponse',
  automatic_escalation: 'automaticEscalation',
  unsatisfied_rating: 'unsatisfiedRating',
  overdue_consultation_summary: 'overdueConsultationSummary',
  missed_review: 'missedReview',
  overdue_assistance: 'overdueAssistance',
};
export const DEDUCTION_RULES = Object.keys(RULE_WEIGHTS) as readonly DeductionRule[];

/**
 * What `n` events of a type count for the department that had them in the period: every figure
 * but the response's working days (counted with the days) and the list of deductions.
 */
export function countEvents(t: DepartmentTotals, type: DepartmentEventType, satisfaction: Satisfaction | null, n: number): void {
  switch (type) {
    case 'received':
      t.received += n;
      break;
    case 'red_light_acknowledgement':
      t.redLights.acknowledgement += n;
      break;
    case 'red_light_response':
      t.redLights.response += n;
      break;
    case 'red_light_review':
      t.redLights.review += n;
      t.deductions.missed_review += n;
      break;
    case 'escalation_automatic':
      t.escalations.automatic += n;
      t.deductions.automatic_escalation += n;
      break;
    case 'escalation_manual':
      t.escalations.manual += n;
      break;
    case 'extension_requested':
      t.extensionsRequested += n;
      break;
    case 'extension_approved':
      t.extensionsApproved += n;
      break;
    case 'return':
      t.returns += n;
      break;
    case 'response':
      break;
    case 'rating':
      if (satisfaction === 'satisfied') t.ratings.satisfied += n;
      else if (satisfaction === 'basically_satisfied') t.ratings.basicallySatisfied += n;
      else if (satisfaction === 'unsatisfied') {
        t.ratings.unsatisfied += n;
        t.deductions.unsatisfied_rating += n;
      }
      break;
    default: {
      const _exhaustive: never = type;
      break;
    }
  }
}

/** Sums of configured weights such as 0.1 drift in binary; figures are shown to 6 decimals at most. */
export const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const rate = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : numerator / denominator);
/** An on-time rate (按期办复率, 按期回应率): met / (met + missed) deadlines; null while none has passed (pending ones count in neither). */
export const onTimeRate = (met: number, missed: number): number | null => rate(met, met + missed);

/** Points of the counted deductions: count × weight per rule (assess() adds its list, the same to 6 decimals). */
export const pointsOf = (t: DepartmentTotals, weights: ScoringWeights): number =>
  round6(DEDUCTION_RULES.reduce((sum, r) => sum + t.deductions[r] * weights[RULE_WEIGHTS[r]], 0));

/** A department's figures of docs/scoring.md from its counts and deducted points; not ranked yet (rank 0). */
export function departmentFigures(
  t: DepartmentTotals,
  name: string | null,
  deductedPoints: number,
): Omit<DepartmentAssessment, 'deductions'> & { readonly deductionCount: number } {
  const ratings = t.ratings.satisfied + t.ratings.basicallySatisfied + t.ratings.unsatisfied;
  return {
    departmentId: t.departmentId,
    name,
    rank: 0,
    score: Math.max(0, round6(MAX_SCORE - deductedPoints)),
    deductedPoints,
    received: t.received,
    acknowledgement: { ...t.acknowledgement },
    response: { ...t.response },
    assistance: { ...t.assistance },
    acknowledgedOnTimeRate: onTimeRate(t.acknowledgement.met, t.acknowledgement.missed),
    respondedOnTimeRate: onTimeRate(t.response.met, t.response.missed),
    ratings: { ...t.ratings },
    satisfactionRate: rate(t.ratings.satisfied + t.ratings.basicallySatisfied, ratings),
    redLights: { ...t.redLights },
    escalations: { ...t.escalations },
    extensionsRequested: t.extensionsRequested,
    extensionsApproved: t.extensionsApproved,
    returns: t.returns,
    responses: t.responses,
    averageResponseWorkingDays: t.responses ? round6(t.responseWorkingDays / t.responses) : null,
    pending: t.acknowledgement.pending + t.response.pending,
    consultationSummaries: { ...t.consultationSummaries },
    deductionCount: DEDUCTION_RULES.reduce((n, r) => n + t.deductions[r], 0),
  };
}

/** A department's figures without its list of deductions (streamed apart), and how many there are. */
export type DepartmentFigures = Omit<DepartmentAssessment, 'deductions'> & { readonly deductionCount: number };
