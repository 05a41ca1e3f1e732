import type { PetitionEvent } from '@wenzheng/petition';

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
  | 'moderated';

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
  /** interim_reply: the department's 阶段性答复 (the answer is still owed by the deadline). */
  readonly text?: string;
  readonly satisfaction?: string;
  readonly comment?: string;
  readonly via?: string;
  // Staff only (but a supervisor's note on closing, which is the submitter's too):
  readonly note?: string;
  readonly acknowledgeBy?: string;
  readonly requestedRespondBy?: string;
  readonly onTime?: boolean;
  readonly automatic?: boolean;
  readonly deadline?: string;
  readonly dueAt?: string;
  readonly level?: number;
  /** moderated: what was hidden or restored on the public routes. */
  readonly target?: string;
  readonly commentId?: string;
  readonly action?: string;
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

function stepOf(
  e: PetitionEvent,
  staff: boolean,
  department: (id: string | undefined) => Partial<PetitionStep>,
  lookups: StepLookups,
): PetitionStep | undefined {
  const only = <T>(v: T) => (staff ? v : undefined);
  switch (e.type) {
    case 'PetitionSubmitted':
      return { at: e.data.at, step: 'received' };
    case 'PetitionReviewed': {
      const d = e.data;
      if (d.outcome === 'accepted') return { at: d.at, step: 'accepted', reason: only(d.reason) };
      if (d.outcome === 'rejected') return { at: d.at, step: 'rejected', reason: d.reason };
      return { at: d.at, step: 'duplicate', reason: d.reason, duplicateOf: lookups.duplicateOf };
    }
    case 'PetitionDispatched':
      return {
        at: e.data.at,
        step: 'dispatched',
        ...department(e.data.departmentId),
        respondBy: e.data.respondBy,
        acknowledgeBy: only(e.data.acknowledgeBy),
        note: only(e.data.note),
      };
    case 'PetitionAcknowledged':
      return { at: e.data.at, step: 'acknowledged', ...department(e.data.departmentId), onTime: only(e.data.onTime) };
    case 'PetitionReturned':
      return { at: e.data.at, step: 'returned', ...(staff ? { ...department(e.data.departmentId), reason: e.data.reason } : {}) };
    case 'ExtensionRequested':
      return {
        at: e.data.at,
        step: 'extension_requested',
        ...department(e.data.departmentId),
        requestedRespondBy: e.data.requestedRespondBy,
        reason: only(e.data.reason),
      };
    case 'ExtensionDecided': {
      const d = e.data;
      const common = { at: d.at, ...department(d.departmentId), reason: only(d.reason), automatic: only(d.automatic) };
      return d.approved && d.respondBy
        ? { ...common, step: 'extension_granted', respondBy: d.respondBy }
        : { ...common, step: 'extension_refused', respondBy: d.previousRespondBy, requestedRespondBy: only(d.requestedRespondBy) };
    }
    case 'PetitionResponded':
      return { at: e.data.at, step: 'answered', ...department(e.data.departmentId), answer: e.data.answer, onTime: only(e.data.onTime) };
    case 'PetitionRated':
      return { at: e.data.at, step: 'rated', satisfaction: e.data.satisfaction, comment: e.data.comment, via: e.data.via };
    case 'PetitionReopened':
      return { at: e.data.at, step: 'reopened', ...department(e.data.departmentId), reason: e.data.reason, respondBy: e.data.respondBy };
    case 'PetitionDeadlineMissed':
      return staff
        ? { at: e.data.at, step: 'deadline_missed', ...department(e.data.departmentId), deadline: e.data.deadline, dueAt: e.data.dueAt }
        : undefined;
    case 'PetitionEscalated':
      return {
        at: e.data.at,
        step: 'escalated',
        ...department(e.data.departmentId),
        reason: e.data.reason,
        automatic: only(e.data.automatic),
        level: only(e.data.level),
      };
    case 'PetitionClosed':
      // A supervisor's reason for closing instead of reopening answers the citizen's unsatisfied rating.
      return { at: e.data.at, step: 'closed', reason: e.data.reason, via: e.data.via, note: e.data.note };
    case 'PetitionWithdrawn':
      return { at: e.data.at, step: 'withdrawn', reason: e.data.reason, ...(staff ? department(e.data.departmentId) : {}) };
    case 'PetitionInterimReplied':
      return { at: e.data.at, step: 'interim_reply', ...department(e.data.departmentId), text: e.data.text };
    case 'PublicationModerated':
      // 内容管理 is the offices' business about the public site; its reason is internal.
      return staff
        ? {
            at: e.data.at,
            step: 'moderated',
            target: e.data.target,
            commentId: e.data.commentId,
            action: e.data.action,
            reason: e.data.reason,
          }
        : undefined;
    default:
      return undefined; // comments (public, on their own route) and platform events (erasure, release)
  }
}
