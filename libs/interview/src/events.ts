// The permanent contract: these type strings are stored and never renamed; a changed shape gets
// a new optional field, a new name or an upcaster. Times are ISO-8601 strings. Every event carries
// interviewId and `at` (the instant of the act).

type EventOf<Type extends string, Data> = Readonly<{ type: Type; data: Readonly<Data> }>;

interface Base {
  interviewId: string;
  /** ISO instant of the act (the command's context.now). */
  at: string;
}

/** A guest of the session: an official announced by name and post (public by design). */
export interface InterviewGuest {
  readonly name: string;
  readonly title: string;
}

/** Announced in advance (在线访谈预告): topic, guests, the department, the session's times. */
export type InterviewScheduled = EventOf<
  'InterviewScheduled',
  Base & { departmentId: string; topic: string; description?: string; guests: readonly InterviewGuest[]; startsAt: string; endsAt: string }
>;

/**
 * `text` may name people: the store seals it and keeps a copy redacted when written for the
 * public. `author` is the account that asked (never public), absent when anonymous.
 */
export type InterviewQuestionSubmitted = EventOf<
  'InterviewQuestionSubmitted',
  Base & { questionId: string; text: string; anonymous: boolean; author?: string }
>;

export type InterviewQuestionApproved = EventOf<'InterviewQuestionApproved', Base & { questionId: string }>;

export type InterviewQuestionRejected = EventOf<'InterviewQuestionRejected', Base & { questionId: string; reason?: string }>;

/** Questions asking the same thing folded into one (`into`, approved): answering it answers them. */
export type InterviewQuestionsMerged = EventOf<'InterviewQuestionsMerged', Base & { into: string; questionIds: readonly string[] }>;

/** The order the moderator puts approved questions to the guests in (listed first, in this order). */
export type InterviewQuestionsOrdered = EventOf<'InterviewQuestionsOrdered', Base & { questionIds: readonly string[] }>;

export type InterviewStarted = EventOf<'InterviewStarted', Base>;

/** A guest's answer (text; optional media links), typed by the department's staff as it is given. */
export type InterviewQuestionAnswered = EventOf<
  'InterviewQuestionAnswered',
  Base & { questionId: string; answerId: string; guest: string; text: string; media?: readonly string[] }
>;

export type InterviewEnded = EventOf<'InterviewEnded', Base>;

/**
 * The transcript is the questions answered and their answers (already in the stream); this event
 * makes it public and fixes, once, which approved questions were left unanswered: each of those is
 * then forwarded as a petition to departmentId.
 */
export type InterviewTranscriptPublished = EventOf<
  'InterviewTranscriptPublished',
  Base & { departmentId: string; summary?: string; answered: readonly string[]; unanswered: readonly string[] }
>;

/** An unanswered question became petition `petitionId`, dispatched to departmentId. */
export type InterviewQuestionForwarded = EventOf<
  'InterviewQuestionForwarded',
  Base & { questionId: string; petitionId: string; departmentId: string }
>;

export type InterviewEvent =
  | InterviewScheduled
  | InterviewQuestionSubmitted
  | InterviewQuestionApproved
  | InterviewQuestionRejected
  | InterviewQuestionsMerged
  | InterviewQuestionsOrdered
  | InterviewStarted
  | InterviewQuestionAnswered
  | InterviewEnded
  | InterviewTranscriptPublished
  | InterviewQuestionForwarded;

export type InterviewEventType = InterviewEvent['type'];
export type InterviewEventData<T extends InterviewEventType> = Extract<InterviewEvent, { type: T }>['data'];

const TYPES = {
  InterviewScheduled: true,
  InterviewQuestionSubmitted: true,
  InterviewQuestionApproved: true,
  InterviewQuestionRejected: true,
  InterviewQuestionsMerged: true,
  InterviewQuestionsOrdered: true,
  InterviewStarted: true,
  InterviewQuestionAnswered: true,
  InterviewEnded: true,
  InterviewTranscriptPublished: true,
  InterviewQuestionForwarded: true,
} satisfies Record<InterviewEventType, true>;

export const INTERVIEW_EVENT_TYPES = Object.keys(TYPES) as InterviewEventType[];

export const isInterviewEvent = (e: { type: string }): e is InterviewEvent => Object.hasOwn(TYPES, e.type);

export const INTERVIEW_STREAM_PREFIX = 'interview-';
export const interviewStream = (interviewId: string): string => `${INTERVIEW_STREAM_PREFIX}${interviewId}`;
