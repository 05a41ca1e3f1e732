import { PetitionState, departmentOf } from './state';
import { CloseReason, PetitionKind, PetitionStatus, Satisfaction } from './vocabulary';

/** The folded case for GET /petitions/:id, without the submitter's credentials. */
export interface PetitionSummary {
  readonly status: PetitionStatus;
  readonly petitionId?: string;
  readonly trackingCode?: string;
  readonly kind?: PetitionKind;
  readonly confidential?: boolean;
  readonly publicConsent?: boolean;
  readonly categoryId?: string;
  readonly submittedAt?: string;
  readonly departmentId?: string;
  readonly dispatchedAt?: string;
  readonly acknowledged: boolean;
  readonly acknowledgeBy?: string;
  readonly respondBy?: string;
  readonly respondedAt?: string;
  readonly pendingExtension?: { readonly requestedAt: string; readonly requestedRespondBy: string; readonly reason: string };
  readonly lastRating?: Satisfaction;
  readonly closeReason?: CloseReason;
  readonly closedAt?: string;
  readonly counts: {
    readonly reopens: number;
    readonly escalations: number;
    readonly missedDeadlines: number;
    readonly returns: number;
    readonly comments: number;
  };
  readonly missedDeadlines: readonly string[];
}

export const summarize = (state: PetitionState): PetitionSummary => {
  if (state.status === 'initial') {
    return {
      status: 'initial',
      acknowledged: false,
      counts: { reopens: 0, escalations: 0, missedDeadlines: 0, returns: 0, comments: 0 },
      missedDeadlines: [],
    };
  }
  const departmentId = departmentOf(state);
  const assignment =
    state.status === 'dispatched' || state.status === 'in_progress' || state.status === 'responded' || state.status === 'rated'
      ? { dispatchedAt: state.dispatchedAt, acknowledgeBy: state.acknowledgeBy, respondBy: state.respondBy }
      : {};
  return {
    status: state.status,
    petitionId: state.petitionId,
    trackingCode: state.trackingCode,
    kind: state.kind,
    confidential: state.confidential,
    publicConsent: state.publicConsent,
    ...(state.categoryId !== undefined && { categoryId: state.categoryId }),
    submittedAt: state.submittedAt,
    ...(departmentId !== undefined && { departmentId }),
    ...assignment,
    acknowledged: 'acknowledged' in state ? state.acknowledged : state.status === 'closed' && state.respondedAt !== undefined,
    ...('respondedAt' in state && state.respondedAt !== undefined && { respondedAt: state.respondedAt }),
    ...('pendingExtension' in state && state.pendingExtension !== undefined && { pendingExtension: state.pendingExtension }),
    ...('lastRating' in state && state.lastRating !== undefined && { lastRating: state.lastRating }),
    ...(state.status === 'closed' && { closeReason: state.closeReason, closedAt: state.closedAt }),
    counts: {
      reopens: state.reopenCount,
      escalations: state.escalationLevel,
      missedDeadlines: state.missedDeadlines.length,
      returns: state.returnedBy.length,
      comments: state.commentCount,
    },
    missedDeadlines: state.missedDeadlines,
  };
};
