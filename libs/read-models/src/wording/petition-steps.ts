import type { PetitionEvent } from '@wenzheng/petition';
import { stepOf } from './event-wording';

/**
 * Who reads the steps. The submitter gets every step with the reason meant for them and nothing
 * said between offices: no dispatch note, no 退单 reason (a department hands a case back to the
 * hotline office, not to the citizen), no extension request's or decision's reasoning, no red
 * lights (the department's scoring). Staff get every reason and note.
 */
export type StepAudience = 'submitter' | 'staff';

export type StepName =
  | 'received'
  | 'accepted'
  | 'rejected'
  | 'duplicate'
  | 'dispatched'
  | 'acknowledged'
  | 'returned'
  | 'extension_requested'
  | 'extension_granted'
  | 'extension_refused'
  | 'answered'
  | 'rated'
  | 'reopened'
  | 'deadline_missed'
  | 'escalated'
  | 'closed'
  | 'withdrawn'
  | 'interim_reply'
  | 'information_requested'
  | 'information_supplied'
  | 'information_request_lapsed'
  | 'review_deadline_missed'
  | 'moderated'
  | 'assistance_provided'
  | 'passed_down'
  | 'answered_up'
  | 'handler_assigned';

/** One step of the handling as its reader may see it; never a person's id. */
export interface PetitionStep {
  readonly at: string;
  readonly step: StepName;
  readonly departmentId?: string;
  readonly departmentName?: string;
  /** Rejection, return, extension, reopen, escalation reason; for `closed`, the close reason. */
  readonly reason?: string;
  /** The response deadline this step set (dispatched, extension granted, reopened) or left standing (extension refused). */
  readonly respondBy?: string;
  readonly duplicateOf?: DuplicateOriginal;
  readonly answer?: string;
  /** answered: unreachable (联系不上) when the department could not reach the citizen. */
  readonly outcome?: string;
  /** information_requested: what the department asks (补充材料) and by when the citizen may supply it. */
  readonly question?: string;
  readonly supplyBy?: string;
  /** information_supplied / lapsed: the working days the response clock stood still. */
  readonly pausedWorkingDays?: number;
  /** interim_reply: the department's 阶段性答复 (the answer is still owed by the deadline). */
  readonly text?: string;
  readonly satisfaction?: string;
  readonly comment?: string;
  readonly via?: string;
  /** closed by 回访 unreachable: the call-back attempts made. */
  readonly callbackAttempts?: number;
  // Staff only (but a supervisor's note on closing, which is the submitter's too):
  readonly note?: string;
  /** dispatched: the signing-for deadline (the submitter's too, as on the public page). */
  readonly acknowledgeBy?: string;
  readonly requestedRespondBy?: string;
  /** acknowledged, answered: met its deadline or not (the submitter's too, as on the public page); assistance_provided (staff). */
  readonly onTime?: boolean;
  readonly automatic?: boolean;
  readonly deadline?: string;
  readonly dueAt?: string;
  readonly level?: number;
  /** moderated: what was hidden or restored on the public routes. */
  readonly target?: string;
  readonly commentId?: string;
  readonly action?: string;
  /** dispatched (staff): the assisting departments (协办) and when each contribution is due. */
  readonly assisting?: readonly { readonly departmentId: string; readonly departmentName?: string; readonly contributeBy: string }[];
  /** handler_assigned (staff): the staff member's display name (承办人). */
  readonly handlerName?: string;
}

/** The case a duplicate repeats: its tracking code, and its public page when it has one. */
export interface DuplicateOriginal {
  readonly trackingCode: string;
  readonly url?: string;
}

export interface StepLookups {
  departmentName(departmentId: string): string | undefined;
  /** The original of a case closed as a duplicate, resolved by the caller (it needs a read of its stream). */
  readonly duplicateOf?: DuplicateOriginal;
}

export const publicCaseUrl = (trackingCode: string) => `/api/public/petitions/${trackingCode}`;

const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** The handling of a case, step by step, for its reader; events that are no step of theirs are left out. */
export function petitionSteps(events: readonly PetitionEvent[], audience: StepAudience, lookups: StepLookups): PetitionStep[] {
  const staff = audience === 'staff';
  const department = (departmentId: string | undefined) =>
    departmentId ? { departmentId, departmentName: lookups.departmentName(departmentId) } : {};
  const steps: PetitionStep[] = [];
  for (const e of events) {
    const step = stepOf(e, staff, department, lookups);
    if (step) steps.push(defined(step));
  }
  return steps;
}
