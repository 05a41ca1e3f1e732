/** Points deducted from 100 per counted item. Configuration: a city sets its own. */
export interface ScoringWeights {
  readonly missedAcknowledgement: number;
  readonly missedResponse: number;
  /** 督办后从重扣分 */
  readonly automaticEscalation: number;
  readonly unsatisfiedRating: number;
  /** 意见征集: a feedback summary not published by its due date (a red light of the department). */
  readonly overdueConsultationSummary: number;
  /** 审核超时: a case the hotline office reviewed after policy.reviewWithinWorkingHours (its own red light). */
  readonly missedReview: number;
  /** 协办: an assisting department's contribution to the lead not given by its due date. */
  readonly overdueAssistance: number;
}

export const DEFAULT_WEIGHTS: ScoringWeights = Object.freeze({
  missedAcknowledgement: 0.5,
  missedResponse: 1,
  automaticEscalation: 3,
  unsatisfiedRating: 0.5,
  overdueConsultationSummary: 2,
  missedReview: 0.5,
  overdueAssistance: 0.5,
});

export const MAX_SCORE = 100;

const WEIGHT_KEYS = [
  'missedAcknowledgement',
  'missedResponse',
  'automaticEscalation',
  'unsatisfiedRating',
  'overdueConsultationSummary',
  'missedReview',
  'overdueAssistance',
] as const;

/** Reads weights from configuration (e.g. JSON); missing keys take the defaults, bad values throw naming the key. */
export function parseWeights(input: unknown): ScoringWeights {
  if (input === undefined || input === null) return DEFAULT_WEIGHTS;
  if (typeof input !== 'object' || Array.isArray(input)) throw new RangeError('scoring weights must be an object');
  const given = input as Record<string, unknown>;
  const unknown = Object.keys(given).filter((k) => !(WEIGHT_KEYS as readonly string[]).includes(k));
  if (unknown.length) throw new RangeError(`scoring weights: unknown key(s) ${unknown.join(', ')}`);
  const out: Record<string, number> = { ...DEFAULT_WEIGHTS };
  for (const key of WEIGHT_KEYS) {
    const v = given[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new RangeError(`scoring weights: ${key} must be a number ≥ 0`);
    out[key] = v;
  }
  return Object.freeze(out) as unknown as ScoringWeights;
}
