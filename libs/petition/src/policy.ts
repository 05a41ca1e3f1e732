import { PETITION_KINDS, PetitionKind } from './vocabulary';

/** Time limits (时限). Data, per petition kind; the defaults are Wenzhou's rules. */
export interface TimeLimitPolicy {
  /** 回应: sign for the case within N working days of dispatch. */
  readonly acknowledgeWithinWorkingDays: number;
  /** 办复: answer within N working days of dispatch (or of a reopen). */
  readonly respondWithinWorkingDays: number;
  /** 督办: escalate automatically once the answer is overdue by more than N working days. */
  readonly escalateAfterOverdueWorkingDays: number;
  /** 延期: an approved respondBy may be at most N working days after the current one. */
  readonly maxExtensionWorkingDays: number;
  /** The citizen may rate within N working days of the answer; then the case closes unrated. */
  readonly rateWithinWorkingDays: number;
  /** 重办: how many times a case may be reopened after an unsatisfied rating. */
  readonly maxReopens: number;
  /** 延期: a request not decided within N working days of being made is approved by the system. */
  readonly decideExtensionWithinWorkingDays: number;
  /** 回访: call-back attempts before a caller may be recorded as unreachable. */
  readonly callbackAttempts: number;
  /** 补充材料: the citizen supplies requested information within N working days; then the clock resumes without it. */
  readonly supplyInformationWithinWorkingDays: number;
  /** 跟帖: comments stay open N calendar days after the case closes (to the end of the N-th day, Asia/Shanghai). */
  readonly commentWithinDaysAfterClose: number;
  /** 审核: the hotline office reviews within N working hours (hours of working days, see rules.reviewDueBy). */
  readonly reviewWithinWorkingHours: number;
  /** 协办: an assisting department contributes to the lead within N working days of the dispatch. */
  readonly assistWithinWorkingDays: number;
}

export const DEFAULT_POLICY: TimeLimitPolicy = Object.freeze({
  acknowledgeWithinWorkingDays: 1,
  respondWithinWorkingDays: 8,
  escalateAfterOverdueWorkingDays: 3,
  maxExtensionWorkingDays: 15,
  rateWithinWorkingDays: 5,
  maxReopens: 1,
  decideExtensionWithinWorkingDays: 1,
  callbackAttempts: 3,
  supplyInformationWithinWorkingDays: 5,
  commentWithinDaysAfterClose: 30,
  reviewWithinWorkingHours: 24,
  assistWithinWorkingDays: 5,
});

export type PolicySet = Readonly<Record<PetitionKind, TimeLimitPolicy>>;

export const defaultPolicies = (overrides: Partial<Record<PetitionKind, Partial<TimeLimitPolicy>>> = {}): PolicySet =>
  Object.freeze(
    Object.fromEntries(PETITION_KINDS.map((kind) => [kind, Object.freeze({ ...DEFAULT_POLICY, ...overrides[kind] })])) as Record<
      PetitionKind,
      TimeLimitPolicy
    >,
  );

/** The policy for a kind named by untrusted data (a read-model row); undefined for no known kind. */
export const policyOfKind = (policies: Partial<PolicySet> | undefined, kind: string | null | undefined): TimeLimitPolicy | undefined =>
  kind !== null && kind !== undefined && (PETITION_KINDS as readonly string[]).includes(kind)
    ? policies?.[kind as PetitionKind]
    : undefined;
