export type QuestionStatus = 'pending' | 'approved' | 'rejected' | 'merged';

export interface QuestionState {
  readonly status: QuestionStatus;
  readonly answered: boolean;
  /** The petition an unanswered question became. */
  readonly forwardedAs?: string;
}

interface Scheduled {
  readonly interviewId: string;
  readonly departmentId: string;
  /** Guest names: an answer names one of them. */
  readonly guests: readonly string[];
  readonly startsAt: string;
  readonly endsAt: string;
  readonly questions: Readonly<Record<string, QuestionState>>;
}

/** Keyed by status, so an impossible combination (an unanswered list before the transcript) cannot be written. */
export type InterviewState =
  | { readonly status: 'initial' }
  | (Scheduled & { readonly status: 'scheduled' })
  | (Scheduled & { readonly status: 'live' })
  | (Scheduled & { readonly status: 'ended' })
  | (Scheduled & { readonly status: 'published'; readonly unanswered: readonly string[] });

export type InterviewStatus = InterviewState['status'];

export const initialInterviewState = (): InterviewState => ({ status: 'initial' });
