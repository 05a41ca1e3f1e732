// The rows the department_performance projection keeps, as the scoring rules read them. No
// personal data: a case is named by its petition id and public tracking code only.

/** assistance: an assisting department's contribution to the lead (协办), due policy.assistWithinWorkingDays after the dispatch. */
export type DeadlineKind = 'acknowledgement' | 'response' | 'assistance';

export type Satisfaction = 'satisfied' | 'basically_satisfied' | 'unsatisfied';

/**
 * One deadline value a department had to meet (回应 or 办复). A dispatch sets one of each kind;
 * an approved extension and a reopen each set a new response deadline.
 */
export interface DeadlineFact {
  /** The event that set the deadline: PetitionDispatched, ExtensionDecided (approved) or PetitionReopened. */
  readonly sourceEventId: string;
  readonly kind: DeadlineKind;
  readonly petitionId: string;
  readonly trackingCode: string | null;
  readonly departmentId: string;
  readonly confidential: boolean;
  readonly dueAt: Date;
  /** When the deadline was set (the source event's time). */
  readonly setAt: Date;
  /** The acknowledgement or response that answered this deadline, on time or late. */
  readonly actEventId: string | null;
  readonly actAt: Date | null;
  /** The PetitionDeadlineMissed (亮红灯) recorded for this deadline value. */
  readonly missedEventId: string | null;
  readonly missedAt: Date | null;
  /** The approved ExtensionDecided that replaced this deadline with a later one. */
  readonly supersededByEventId: string | null;
  readonly supersededAt: Date | null;
  /** The PetitionReturned (退单) or PetitionWithdrawn (撤回) that took the case away from the department before the act. */
  readonly withdrawnByEventId: string | null;
  readonly withdrawnAt: Date | null;
}

export const DEPARTMENT_EVENT_TYPES = [
  'received',
  'red_light_acknowledgement',
  'red_light_response',
  /** 审核超时: the hotline office's own red light (HOTLINE_OFFICE). */
  'red_light_review',
  'escalation_automatic',
  'escalation_manual',
  'extension_requested',
  'extension_approved',
  'return',
  'response',
  'rating',
] as const;
export type DepartmentEventType = (typeof DEPARTMENT_EVENT_TYPES)[number];

/**
 * The hotline office (市长专线办公室) as assessment names it: it reviews every case, so a review
 * after policy.reviewWithinWorkingHours is its red light and its deduction, in its own row.
 */
export const HOTLINE_OFFICE = 'hotline-office';

/** One event counted for a department in the period in which it happened. */
export interface DepartmentEventFact {
  readonly eventId: string;
  readonly type: DepartmentEventType;
  readonly petitionId: string;
  readonly trackingCode: string | null;
  readonly departmentId: string;
  readonly confidential: boolean;
  readonly at: Date;
  /** Ratings only. */
  readonly satisfaction: Satisfaction | null;
  /** Red lights: the missed deadline; responses and escalations: the respondBy they were measured against. */
  readonly dueAt: Date | null;
  /** Responses only: when the department's handling started (the dispatch, or the reopen for rework). */
  readonly startedAt: Date | null;
}

/**
 * One consultation (意见征集) whose feedback summary a department owed: due summaryDueBy working
 * days after closing. Named by its consultation id and the events behind it, like a deadline.
 */
export interface ConsultationSummaryFact {
  readonly consultationId: string;
  readonly departmentId: string;
  /** The ConsultationPublished that set the due date. */
  readonly sourceEventId: string;
  readonly setAt: Date;
  readonly dueAt: Date;
  /** The FeedbackSummaryPublished, on time or late. */
  readonly summaryEventId: string | null;
  readonly summaryAt: Date | null;
  /** The ConsultationSummaryOverdue (亮红灯) recorded for it. */
  readonly overdueEventId: string | null;
  readonly overdueAt: Date | null;
}
