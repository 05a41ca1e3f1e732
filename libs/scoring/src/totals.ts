import type { ConsultationSummaryCounts, DeadlineCounts, DeductionRule, DepartmentAssessment } from './assess';
import { rank } from './assess';
import { MAX_SCORE, ScoringWeights } from './weights';

// The same figures as assess(), from totals a database counted (GROUP BY over the fact rows)
// instead of from the rows themselves: what a year's report at a million cases needs, since its
// rows do not fit in memory. The outcome of each row (met, missed, pending …) is decided where
// the rows are, by the rules of deadlineOutcome and consultationSummaryOutcome; the score, the
// rates and the rank are decided here, as assess() decides them.

export interface DepartmentTotals {
  readonly departmentId: string;
  readonly received: number;
  readonly acknowledgement: DeadlineCounts;
  readonly response: DeadlineCounts;
  /** 协办 contributions owed as an assisting department. */
  readonly assistance: DeadlineCounts;
  readonly ratings: { readonly satisfied: number; readonly basicallySatisfied: number; readonly unsatisfied: number };
  readonly redLights: { readonly acknowledgement: number; readonly response: number; readonly review: number };
  readonly escalations: { readonly automatic: number; readonly manual: number };
  readonly extensionsRequested: number;
  readonly extensionsApproved: number;
  readonly returns: number;
  /** Responses with a start of handling, and the sum of their working days. */
  readonly responses: number;
  readonly responseWorkingDays: number;
  readonly consultationSummaries: ConsultationSummaryCounts;
  /** Deductions by rule. */
  readonly deductions: Readonly<Record<DeductionRule, number>>;
}

/** A department's figures without its list of deductions (streamed apart), and how many there are. */
export type DepartmentFigures = Omit<DepartmentAssessment, 'deductions'> & { readonly deductionCount: number };

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const rate = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : numerator / denominator);

/** The weight of each rule (assess() gives each Deduction these points). */
export const RULE_WEIGHTS: Readonly<Record<DeductionRule, keyof ScoringWeights>> = {
  missed_acknowledgement: 'missedAcknowledgement',
  missed_response: 'missedResponse',
  automatic_escalation: 'automaticEscalation',
  unsatisfied_rating: 'unsatisfiedRating',
  overdue_consultation_summary: 'overdueConsultationSummary',
  missed_review: 'missedReview',
  overdue_assistance: 'overdueAssistance',
};
const RULES = Object.keys(RULE_WEIGHTS) as DeductionRule[];

/**
 * Ranked figures per department, as assess() gives them (deductions counted, not listed). The
 * points are count × weight per rule where assess() adds them one by one: equal after the
 * 6-decimal rounding of both, exactly so for weights that are binary fractions (the defaults).
 */
export function assessTotals(
  totals: readonly DepartmentTotals[],
  weights: ScoringWeights,
  departmentName: (departmentId: string) => string | undefined,
): DepartmentFigures[] {
  const unranked = totals.map((t): DepartmentAssessment & { deductionCount: number } => {
    const deductedPoints = round6(RULES.reduce((sum, r) => sum + t.deductions[r] * weights[RULE_WEIGHTS[r]], 0));
    const ratings = t.ratings.satisfied + t.ratings.basicallySatisfied + t.ratings.unsatisfied;
    return {
      departmentId: t.departmentId,
      name: departmentName(t.departmentId) ?? null,
      rank: 0,
      score: Math.max(0, round6(MAX_SCORE - deductedPoints)),
      deductedPoints,
      received: t.received,
      acknowledgement: { ...t.acknowledgement },
      response: { ...t.response },
      assistance: { ...t.assistance },
      acknowledgedOnTimeRate: rate(t.acknowledgement.met, t.acknowledgement.met + t.acknowledgement.missed),
      respondedOnTimeRate: rate(t.response.met, t.response.met + t.response.missed),
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
      deductions: [],
      deductionCount: RULES.reduce((n, r) => n + t.deductions[r], 0),
    };
  });
  return rank(unranked).map(({ deductions: _listedApart, ...d }) => d as DepartmentFigures);
}
