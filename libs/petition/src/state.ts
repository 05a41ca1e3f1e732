import { Channel, CloseReason, DeadlineKind, PetitionKind, PetitionSource, Satisfaction, Submitter } from './vocabulary';

// The case as the rules see it: a union keyed by status, so that e.g. a responded case without
// a department, or a dispatched case with a rating, cannot be written. Personal data is not
// folded into the state: no rule needs it, and it may be an encrypted envelope.

/** What every existing case carries whatever its status. */
export interface PetitionFacts {
  readonly petitionId: string;
  readonly trackingCode: string;
  readonly kind: PetitionKind;
  /** How it came in (absent only in a state folded before the field was kept). */
  readonly channel?: Channel;
  readonly submitter: Submitter;
  readonly publicConsent: boolean;
  readonly submittedAt: string;
  /** What the system submitted it from (absent: a person submitted it). */
  readonly source?: PetitionSource;
  /** 涉密: set at review; a confidential case is never public. */
  readonly confidential: boolean;
  readonly categoryId?: string;
  readonly reopenCount: number;
  readonly escalationLevel: number;
  /** respondBy values for which an automatic escalation has been recorded. */
  readonly autoEscalatedFor: readonly string[];
  /** Recorded misses, as `${deadline}@${dueAt}`; a deadline value is missed at most once. */
  readonly missedDeadlines: readonly string[];
  /** Departments that returned the case (退单); it is not re-dispatched to them. */
  readonly returnedBy: readonly string[];
  readonly commentCount: number;
  /** 内容管理: what a moderator has taken off the public routes (absent: nothing). */
  readonly hidden?: HiddenParts;
}

export interface HiddenParts {
  readonly case: boolean;
  readonly answer: boolean;
  /** commentIds of hidden comments. */
  readonly comments: readonly string[];
}

/** The department the case is with and its running deadlines. */
export interface Assignment {
  readonly departmentId: string;
  readonly dispatchedAt: string;
  readonly acknowledgeBy: string;
  readonly respondBy: string;
}

/** 协办: a department assisting the lead, and when it contributed (absent: still owed). */
export interface Assisting {
  readonly departmentId: string;
  readonly contributeBy: string;
  readonly providedAt?: string;
}

/** Who works the case beside the lead while it is handled (every field absent on a plain case). */
export interface CoHandling {
  readonly assisting?: readonly Assisting[];
  /** 下派: the units the case was passed down to, the first under the lead; the last one holds it now. */
  readonly passedDownTo?: readonly string[];
  /** 承办人: the lead department's staff member handling the case. */
  readonly handlerId?: string;
}

export interface PendingExtension {
  readonly requestedAt: string;
  readonly requestedRespondBy: string;
  readonly reason: string;
}

export interface InitialState {
  readonly status: 'initial';
}

export interface SubmittedState extends PetitionFacts {
  readonly status: 'submitted';
  /** The review deadline (policy.reviewWithinWorkingHours) missed and recorded (亮红灯 for the office). */
  readonly reviewDeadlineMissed?: string;
}

/** 补充材料: information asked of the citizen; the response clock stands still meanwhile. */
export interface AwaitedInformation {
  readonly requestedAt: string;
  readonly supplyBy: string;
}

export interface AcceptedState extends PetitionFacts {
  readonly status: 'accepted';
}

export interface DispatchedState extends PetitionFacts, Assignment, CoHandling {
  readonly status: 'dispatched';
  readonly acknowledged: false;
  readonly pendingExtension?: PendingExtension;
}

export interface InProgressState extends PetitionFacts, Assignment, CoHandling {
  readonly status: 'in_progress';
  readonly acknowledged: true;
  readonly acknowledgedAt: string;
  readonly pendingExtension?: PendingExtension;
  readonly awaitingInformation?: AwaitedInformation;
}

export interface ReturnedState extends PetitionFacts {
  readonly status: 'returned';
  readonly returnedAt: string;
  readonly lastDepartmentId: string;
}

export interface RespondedState extends PetitionFacts, Assignment {
  readonly status: 'responded';
  readonly acknowledged: true;
  readonly acknowledgedAt: string;
  readonly respondedAt: string;
  readonly respondedOnTime: boolean;
}

export interface RatedState extends PetitionFacts, Assignment {
  readonly status: 'rated';
  readonly acknowledged: true;
  readonly acknowledgedAt: string;
  readonly respondedAt: string;
  readonly respondedOnTime: boolean;
  readonly lastRating: Satisfaction;
  readonly ratedAt: string;
}

export interface ClosedState extends PetitionFacts {
  readonly status: 'closed';
  readonly closeReason: CloseReason;
  readonly closedAt: string;
  /** The last department the case was with, if it ever was dispatched. */
  readonly departmentId?: string;
  readonly respondedAt?: string;
  readonly lastRating?: Satisfaction;
  readonly ratedAt?: string;
}

export type PetitionState =
  | InitialState
  | SubmittedState
  | AcceptedState
  | DispatchedState
  | InProgressState
  | ReturnedState
  | RespondedState
  | RatedState
  | ClosedState;

export type ExistingPetitionState = Exclude<PetitionState, InitialState>;

/** States in which a department holds the case and its deadlines run. */
export type AssignedState = DispatchedState | InProgressState;

export const initialState = (): PetitionState => ({ status: 'initial' });

export const deadlineKey = (deadline: DeadlineKind, dueAt: string): string => `${deadline}@${dueAt}`;

/** The department currently (or, once closed or returned, last) holding the case. */
export const departmentOf = (state: PetitionState): string | undefined => {
  switch (state.status) {
    case 'dispatched':
    case 'in_progress':
    case 'responded':
    case 'rated':
    case 'closed':
      return state.departmentId;
    case 'returned':
      return state.lastDepartmentId;
    case 'initial':
    case 'submitted':
    case 'accepted':
      return undefined;
    default: {
      const _exhaustive: never = state;
      return undefined;
    }
  }
};

/**
 * The department the case is dispatched to now, the one that may see its personal data: none
 * once it returned the case (退单) and until the next dispatch; after closing, the one that had it.
 */
export const currentDepartmentOf = (state: PetitionState): string | undefined =>
  state.status === 'returned' ? undefined : departmentOf(state);

/** 下派: the department working the case now: the last unit it was passed down to, or the lead. */
export const holderOf = (state: AssignedState): string => state.passedDownTo?.at(-1) ?? state.departmentId;

/**
 * Least privilege, the one rule of which departments may read a case's personal data: the
 * department it is dispatched to (the lead); and while it is being handled, the assisting
 * departments (协办) that have not contributed yet and the units it was passed down to (下派).
 */
export const departmentsWorkingOn = (state: PetitionState): readonly string[] => {
  const current = currentDepartmentOf(state);
  if (current === undefined) return [];
  if (state.status !== 'dispatched' && state.status !== 'in_progress') return [current];
  const assisting = (state.assisting ?? []).filter((a) => a.providedAt === undefined).map((a) => a.departmentId);
  return [current, ...assisting, ...(state.passedDownTo ?? [])];
};

/**
 * Whether a handler of `departmentId` may act on the case at all: a department working on it
 * (departmentsWorkingOn), or an assisting one that has contributed (to be told it has). Every
 * handler command checks this before the case's state, so another department learns nothing of
 * how the case stands (403, not 409), and a replayed Idempotency-Key answers it the same way.
 */
export const handlerMayActOn = (state: PetitionState, departmentId: string | undefined): boolean => {
  if (departmentId === undefined) return false;
  if (departmentsWorkingOn(state).includes(departmentId)) return true;
  return (
    (state.status === 'dispatched' || state.status === 'in_progress') &&
    (state.assisting ?? []).some((a) => a.departmentId === departmentId)
  );
};

/** What makes a case public (晾晒), as a read model that folds events can tell it. */
export interface PublicityFacts {
  /** Reviewed as accepted (a rejected or duplicate case is never published). */
  readonly accepted: boolean;
  readonly confidential: boolean;
  readonly publicConsent: boolean;
}

export const isPublicCase = (f: PublicityFacts): boolean => f.accepted && !f.confidential && f.publicConsent;

/** An answer is on record: given and not yet replaced (a reopened case keeps its answer until the next). */
export const hasAnswer = (state: PetitionState): boolean =>
  state.status === 'responded' ||
  state.status === 'rated' ||
  (state.status !== 'initial' && state.reopenCount > 0) ||
  (state.status === 'closed' && state.respondedAt !== undefined);

export const isPublic = (state: PetitionState): boolean =>
  isPublicCase({
    accepted:
      state.status !== 'initial' &&
      state.status !== 'submitted' &&
      !(state.status === 'closed' && (state.closeReason === 'rejected' || state.closeReason === 'duplicate')),
    confidential: state.status !== 'initial' && state.confidential,
    publicConsent: state.status !== 'initial' && state.publicConsent,
  });

/** On the public routes now: public, and not taken off by a moderator (跟帖 is taken only on such a case). */
export const isShownPublicly = (state: PetitionState): boolean =>
  isPublic(state) && (state.status === 'initial' || state.hidden?.case !== true);
