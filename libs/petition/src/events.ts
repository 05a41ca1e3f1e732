import {
  Addressee,
  AttachmentRef,
  Channel,
  CitizenContact,
  CloseReason,
  DeadlineKind,
  GeoPoint,
  PetitionSource,
  ModerationAction,
  ModerationTarget,
  PetitionKind,
  ReviewOutcome,
  AnswerOutcome,
  RatingVia,
  Satisfaction,
  Submitter,
} from './vocabulary';

// The permanent contract: these type strings are stored and never renamed; a changed shape gets
// a new name or an upcaster. Times are ISO-8601 strings so events round-trip through JSON.
// Every event's data carries petitionId and `at` (the instant of the act); events about a
// department carry its departmentId so that read models score departments without joins.

type PetitionEventOf<Type extends string, Data> = Readonly<{ type: Type; data: Readonly<Data> }>;

interface Base {
  petitionId: string;
  /** ISO instant of the act (the command's context.now). */
  at: string;
}

export type PetitionSubmitted = PetitionEventOf<
  'PetitionSubmitted',
  Base & {
    trackingCode: string;
    channel: Channel;
    kind: PetitionKind;
    addressee: Addressee;
    title: string;
    content: string;
    /** The address as the citizen wrote it (free text, sealed). */
    location?: string;
    /** Where it happened (WGS-84), exact: staff only; public routes round it (added later: old events lack it). */
    point?: GeoPoint;
    /** The district (or street) the point or the citizen named (added later: old events lack it). */
    districtCode?: string;
    /** What the system submitted it from (an interview's question); absent when a person did (added later). */
    source?: PetitionSource;
    /** Absent only on a petition the system submitted from a source: no person to contact. */
    citizen?: CitizenContact;
    publicConsent: boolean;
    submitter: Submitter;
    /** Photos and documents sent with it (added later: old events lack it). */
    attachments?: readonly AttachmentRef[];
    /**
     * The category the submitter asked for (an Open311 client's service_code): the case's category
     * until the reviewer sets one (added later: old events lack it).
     */
    requestedCategoryId?: string;
  }
>;

export type PetitionReviewed = PetitionEventOf<
  'PetitionReviewed',
  Base & {
    outcome: ReviewOutcome;
    reason?: string;
    categoryId?: string;
    confidential: boolean;
    duplicateOf?: string;
  }
>;

export type PetitionDispatched = PetitionEventOf<
  'PetitionDispatched',
  Base & {
    /** The lead department (主办单位): it alone answers the citizen. */
    departmentId: string;
    note?: string;
    acknowledgeBy: string;
    respondBy: string;
    /** 协办单位: departments that contribute to the lead, each by its own date (added later: old events lack it). */
    assisting?: readonly AssistingDepartment[];
  }
>;

/** A department assisting the lead (协办) and the date its contribution is due (policy.assistWithinWorkingDays). */
export interface AssistingDepartment {
  readonly departmentId: string;
  readonly contributeBy: string;
}

export type PetitionAcknowledged = PetitionEventOf<
  'PetitionAcknowledged',
  Base & {
    departmentId: string;
    onTime: boolean;
    /** The deadline this acknowledgement is measured against. */
    acknowledgeBy: string;
  }
>;

export type PetitionReturned = PetitionEventOf<
  'PetitionReturned',
  Base & {
    departmentId: string;
    reason: string;
  }
>;

export type ExtensionRequested = PetitionEventOf<
  'ExtensionRequested',
  Base & {
    departmentId: string;
    reason: string;
    requestedRespondBy: string;
    currentRespondBy: string;
  }
>;

export type ExtensionDecided = PetitionEventOf<
  'ExtensionDecided',
  Base & {
    departmentId: string;
    approved: boolean;
    /** The new deadline, when approved. */
    respondBy?: string;
    reason?: string;
    requestedRespondBy: string;
    previousRespondBy: string;
    /** Approved by the system because no supervisor decided within the policy (absent: a supervisor decided). */
    automatic?: true;
  }
>;

export type PetitionResponded = PetitionEventOf<
  'PetitionResponded',
  Base & {
    departmentId: string;
    answer: string;
    onTime: boolean;
    /** The deadline (after approved extensions) this answer is measured against. */
    respondBy: string;
    /** Documents sent with the answer (added later: old events lack it). */
    attachments?: readonly AttachmentRef[];
    /** 联系不上: the department could not reach the citizen; absent: answered in the ordinary way (added later). */
    outcome?: AnswerOutcome;
  }
>;

export type PetitionRated = PetitionEventOf<
  'PetitionRated',
  Base & {
    departmentId: string;
    satisfaction: Satisfaction;
    comment?: string;
    /** 回访: recorded by a reviewer for the caller (the operator is the actor in the metadata). */
    via?: RatingVia;
    /** 回访: the call-back attempts it took, when the operator gave them. */
    callbackAttempts?: number;
  }
>;

export type PetitionReopened = PetitionEventOf<
  'PetitionReopened',
  Base & {
    departmentId: string;
    reason: string;
    respondBy: string;
    /** How many times the case has been reopened, this one included. */
    reopenCount: number;
  }
>;

export type PetitionDeadlineMissed = PetitionEventOf<
  'PetitionDeadlineMissed',
  Base & {
    deadline: DeadlineKind;
    dueAt: string;
    departmentId: string;
  }
>;

export type PetitionEscalated = PetitionEventOf<
  'PetitionEscalated',
  Base & {
    reason: string;
    automatic: boolean;
    level: number;
    departmentId?: string;
    /** The response deadline the escalation is about, when one is running. */
    respondBy?: string;
  }
>;

export type PetitionClosed = PetitionEventOf<
  'PetitionClosed',
  Base & {
    reason: CloseReason;
    /** 回访: no_rating_in_time because the caller was unreachable on call-back. */
    via?: RatingVia;
    callbackAttempts?: number;
    /** A supervisor's reason for closing a case rated unsatisfied instead of reopening it. */
    note?: string;
  }
>;

export type PetitionCommented = PetitionEventOf<
  'PetitionCommented',
  Base & {
    text: string;
    /** Pseudonymous display name chosen by the application, never a personal name. */
    author: string;
    /** Photos sent with the comment (added later: old events lack it). */
    attachments?: readonly AttachmentRef[];
  }
>;

/** 撤回: the submitter withdrew the case before an answer; a PetitionClosed (withdrawn) follows. */
export type PetitionWithdrawn = PetitionEventOf<
  'PetitionWithdrawn',
  Base & {
    reason?: string;
    /** The department holding the case when it was withdrawn, if any: its open deadlines lapse. */
    departmentId?: string;
  }
>;

/**
 * 补充材料: the department asks the citizen for more information; the response clock pauses until the
 * citizen supplies it or supplyBy (policy.supplyInformationWithinWorkingDays) passes.
 */
export type InformationRequested = PetitionEventOf<
  'InformationRequested',
  Base & {
    departmentId: string;
    /** What is asked (free text, sealed). */
    question: string;
    /** The last instant the citizen may supply it. */
    supplyBy: string;
    /** The response deadline the pause holds. */
    respondBy: string;
  }
>;

/** The response clock resumes: by the citizen's information, or by the lapse of the request. */
interface ClockResumed {
  departmentId: string;
  /** Working days the clock stood still (the calendar's count from the request to the resumption). */
  pausedWorkingDays: number;
  previousRespondBy: string;
  /** previousRespondBy moved by pausedWorkingDays. */
  respondBy: string;
}

/** 补充材料: the submitter supplies what was asked; the response deadline moves by the paused working days. */
export type InformationSupplied = PetitionEventOf<
  'InformationSupplied',
  /** via: the hotline office entered what a caller without a key said on the phone (回访). */
  Base & ClockResumed & { text: string; via?: RatingVia }
>;

/**
 * supplyBy passed without the information (recorded by the system): the clock resumes, moved by the
 * whole request window, and the department answers with what it has (it may answer "unreachable").
 */
export type InformationRequestLapsed = PetitionEventOf<'InformationRequestLapsed', Base & ClockResumed & { supplyBy: string }>;

/** 亮红灯 for the hotline office itself: a case not reviewed within policy.reviewWithinWorkingHours. */
export type ReviewDeadlineMissed = PetitionEventOf<'ReviewDeadlineMissed', Base & { dueAt: string }>;

/** 阶段性答复: the department's word to the citizen while it works on the case; the response clock runs on. */
export type PetitionInterimReplied = PetitionEventOf<
  'PetitionInterimReplied',
  Base & {
    departmentId: string;
    text: string;
  }
>;

/** 协办: an assisting department's contribution to the lead department (not to the citizen). */
export type AssistanceProvided = PetitionEventOf<
  'AssistanceProvided',
  Base & {
    /** The assisting department. */
    departmentId: string;
    leadDepartmentId: string;
    text: string;
    contributeBy: string;
    onTime: boolean;
  }
>;

/**
 * 下派: the department working the case passes it down to a unit under it in the department tree
 * (市 → 区县 → 街道 → 社区). The lead stays responsible and keeps the case's deadlines.
 */
export type PetitionPassedDown = PetitionEventOf<
  'PetitionPassedDown',
  Base & {
    /** The unit the case is passed down to. */
    departmentId: string;
    /** The department that passed it down (the lead, or a unit it was passed down to before). */
    fromDepartmentId: string;
    leadDepartmentId: string;
    note?: string;
  }
>;

/** 下派: the unit the case was passed down to reports its handling up to the department that passed it down. */
export type PetitionAnsweredUp = PetitionEventOf<
  'PetitionAnsweredUp',
  Base & {
    /** The unit answering up. */
    departmentId: string;
    toDepartmentId: string;
    text: string;
  }
>;

/**
 * 承办人: the lead department names the person who handles the case. A staff member's id (the
 * token's sub) and display name: not the citizen's data, never on a public route.
 */
export type HandlerAssigned = PetitionEventOf<
  'HandlerAssigned',
  Base & {
    departmentId: string;
    handlerId: string;
    handlerName: string;
  }
>;

/**
 * 内容管理: a published case, its answer or one comment taken off the public routes (hide) or put
 * back (restore). The reason is internal. commentId is the id the public page shows a comment by.
 */
export type PublicationModerated = PetitionEventOf<
  'PublicationModerated',
  Base & {
    target: ModerationTarget;
    commentId?: string;
    action: ModerationAction;
    reason: string;
  }
>;

export type PetitionEvent =
  | PetitionSubmitted
  | PetitionReviewed
  | PetitionDispatched
  | PetitionAcknowledged
  | PetitionReturned
  | ExtensionRequested
  | ExtensionDecided
  | PetitionResponded
  | PetitionRated
  | PetitionReopened
  | PetitionDeadlineMissed
  | PetitionEscalated
  | PetitionClosed
  | PetitionCommented
  | PetitionWithdrawn
  | PetitionInterimReplied
  | InformationRequested
  | InformationSupplied
  | InformationRequestLapsed
  | ReviewDeadlineMissed
  | PublicationModerated
  | AssistanceProvided
  | PetitionPassedDown
  | PetitionAnsweredUp
  | HandlerAssigned;

export type PetitionEventType = PetitionEvent['type'];

export type PetitionEventData<T extends PetitionEventType> = Extract<PetitionEvent, { type: T }>['data'];

export const PETITION_EVENT_TYPES = [
  'PetitionSubmitted',
  'PetitionReviewed',
  'PetitionDispatched',
  'PetitionAcknowledged',
  'PetitionReturned',
  'ExtensionRequested',
  'ExtensionDecided',
  'PetitionResponded',
  'PetitionRated',
  'PetitionReopened',
  'PetitionDeadlineMissed',
  'PetitionEscalated',
  'PetitionClosed',
  'PetitionCommented',
  'PetitionWithdrawn',
  'PetitionInterimReplied',
  'InformationRequested',
  'InformationSupplied',
  'InformationRequestLapsed',
  'ReviewDeadlineMissed',
  'PublicationModerated',
  'AssistanceProvided',
  'PetitionPassedDown',
  'PetitionAnsweredUp',
  'HandlerAssigned',
] as const satisfies readonly PetitionEventType[];

// Compile-time check that the list above names every member of the union.
type _AllEventTypesListed = PetitionEventType extends (typeof PETITION_EVENT_TYPES)[number] ? true : never;
const _allEventTypesListed: _AllEventTypesListed = true;

/**
 * The free text each event type carries: what the citizen wrote, what the public wrote about the
 * case, and what staff wrote (the answer, every reason and note). Any of it may name the citizen,
 * so the store seals it and a masked read redacts it. A new event type must say (even `[]`).
 */
export const PERSONAL_TEXT: Readonly<Record<PetitionEventType, readonly string[]>> = {
  PetitionSubmitted: ['title', 'content', 'location'],
  PetitionReviewed: ['reason'],
  PetitionDispatched: ['note'],
  PetitionAcknowledged: [],
  PetitionReturned: ['reason'],
  ExtensionRequested: ['reason'],
  ExtensionDecided: ['reason'],
  PetitionResponded: ['answer'],
  PetitionRated: ['comment'],
  PetitionReopened: ['reason'],
  PetitionDeadlineMissed: [],
  PetitionEscalated: ['reason'],
  PetitionClosed: [],
  PetitionCommented: ['text'],
  PetitionWithdrawn: ['reason'],
  PetitionInterimReplied: ['text'],
  InformationRequested: ['question'],
  InformationSupplied: ['text'],
  InformationRequestLapsed: [],
  ReviewDeadlineMissed: [],
  PublicationModerated: ['reason'],
  AssistanceProvided: ['text'],
  PetitionPassedDown: ['note'],
  PetitionAnsweredUp: ['text'],
  // A staff member's name, not the citizen's: it is not sealed with the citizen's key (erasure keeps it).
  HandlerAssigned: [],
};

/**
 * The exact points (GeoPoint) an event carries: where it happened is often the citizen's home, so
 * it is personal like the free text and sealed with it; what may be kept in clear and shown is the
 * point rounded for publication (publicPoint in @wenzheng/reference-data).
 */
export const PERSONAL_POINTS: Readonly<Partial<Record<PetitionEventType, readonly string[]>>> = {
  PetitionSubmitted: ['point'],
};

export const isPetitionEvent = (event: { type: string }): event is PetitionEvent =>
  (PETITION_EVENT_TYPES as readonly string[]).includes(event.type);

export const STREAM_PREFIX = 'petition-';
export const streamName = (petitionId: string): string => `${STREAM_PREFIX}${petitionId}`;
