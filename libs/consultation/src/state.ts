import type { OpinionDecision } from './events';

export type OpinionStatus = 'pending' | OpinionDecision;

export interface OpinionState {
  readonly private: boolean;
  readonly status: OpinionStatus;
}

interface Published {
  readonly consultationId: string;
  readonly departmentId: string;
  readonly opensAt: string;
  readonly closesAt: string;
  readonly summaryDueBy: string;
  readonly opinions: Readonly<Record<string, OpinionState>>;
  /** The red light was recorded (once per consultation: summaryDueBy never moves). */
  readonly summaryOverdue: boolean;
}

/** Keyed by status, so an impossible combination (a summary while open) cannot be written. */
export type ConsultationState =
  | { readonly status: 'initial' }
  | (Published & { readonly status: 'open' })
  | (Published & { readonly status: 'closed'; readonly closedAt: string })
  | (Published & { readonly status: 'summarised'; readonly closedAt: string; readonly summarisedAt: string });

export type ConsultationStatus = ConsultationState['status'];

export const initialConsultationState = (): ConsultationState => ({ status: 'initial' });
