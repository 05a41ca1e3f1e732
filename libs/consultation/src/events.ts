// The permanent contract: these type strings are stored and never renamed; a changed shape gets
// a new optional field, a new name or an upcaster. Times are ISO-8601 strings. Every event carries
// consultationId and `at` (the instant of the act); those about the department's duties carry its
// departmentId so that read models score departments without joins.

type EventOf<Type extends string, Data> = Readonly<{ type: Type; data: Readonly<Data> }>;

interface Base {
  consultationId: string;
  /** ISO instant of the act (the command's context.now). */
  at: string;
}

export const OPINION_DECISIONS = ['published', 'rejected'] as const;
export type OpinionDecision = (typeof OPINION_DECISIONS)[number];

/** 采纳 部分采纳 未采纳 */
export const ADOPTION_OUTCOMES = ['adopted', 'partly_adopted', 'not_adopted'] as const;
export type AdoptionOutcome = (typeof ADOPTION_OUTCOMES)[number];

export interface FeedbackItem {
  /** The opinion this line answers; absent for a group of opinions on one topic. */
  readonly opinionId?: string;
  readonly topic: string;
  readonly outcome: AdoptionOutcome;
  readonly reason: string;
}

/** A document published with a draft (the full text as a file, an explanation, a map): a name and an https link. */
export interface DraftAttachment {
  readonly name: string;
  readonly url: string;
}

/** A draft put out for comment (意见征集) by a department, with its period. */
export type ConsultationPublished = EventOf<
  'ConsultationPublished',
  Base & {
    departmentId: string;
    title: string;
    draft: string;
    contact?: string;
    /** Added after the first release: absent on drafts published without any. */
    attachments?: readonly DraftAttachment[];
    opensAt: string;
    closesAt: string;
    /** End of the last working day on which the feedback summary is on time. */
    summaryDueBy: string;
  }
>;

/**
 * `text` may name people: the store seals it and keeps a redacted copy for the public. `author`
 * is the account that wrote it (never public), absent when anonymous.
 */
export type OpinionSubmitted = EventOf<
  'OpinionSubmitted',
  Base & { opinionId: string; text: string; anonymous: boolean; private: boolean; author?: string }
>;

export type OpinionModerated = EventOf<'OpinionModerated', Base & { opinionId: string; decision: OpinionDecision; reason?: string }>;

export type ConsultationClosed = EventOf<'ConsultationClosed', Base & { automatic: boolean }>;

/** 采纳情况反馈. `late` when published after summaryDueBy. */
export type FeedbackSummaryPublished = EventOf<
  'FeedbackSummaryPublished',
  Base & { departmentId: string; items: readonly FeedbackItem[]; text: string; late: boolean }
>;

/** 亮红灯: no feedback summary by summaryDueBy (dueAt). */
export type ConsultationSummaryOverdue = EventOf<'ConsultationSummaryOverdue', Base & { departmentId: string; dueAt: string }>;

export type ConsultationEvent =
  ConsultationPublished | OpinionSubmitted | OpinionModerated | ConsultationClosed | FeedbackSummaryPublished | ConsultationSummaryOverdue;

export type ConsultationEventType = ConsultationEvent['type'];
export type ConsultationEventData<T extends ConsultationEventType> = Extract<ConsultationEvent, { type: T }>['data'];

const TYPES = {
  ConsultationPublished: true,
  OpinionSubmitted: true,
  OpinionModerated: true,
  ConsultationClosed: true,
  FeedbackSummaryPublished: true,
  ConsultationSummaryOverdue: true,
} satisfies Record<ConsultationEventType, true>;

export const CONSULTATION_EVENT_TYPES = Object.keys(TYPES) as ConsultationEventType[];

export const isConsultationEvent = (e: { type: string }): e is ConsultationEvent => Object.hasOwn(TYPES, e.type);

export const CONSULTATION_STREAM_PREFIX = 'consultation-';
export const consultationStream = (consultationId: string): string => `${CONSULTATION_STREAM_PREFIX}${consultationId}`;
