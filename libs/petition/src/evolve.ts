import { PetitionEvent } from './events';
import { Assignment, ExistingPetitionState, PetitionFacts, PetitionState, deadlineKey } from './state';

// Folds one event into the state. No rules live here and nothing throws: an event that does not
// fit the state (which decide never produces) leaves the state as it is, and an unknown event
// type (from a newer version of the contract) is ignored.
export const evolve = (state: PetitionState, event: PetitionEvent): PetitionState => {
  const { type, data } = event;
  switch (type) {
    case 'PetitionSubmitted':
      if (state.status !== 'initial') return state;
      return {
        status: 'submitted',
        petitionId: data.petitionId,
        trackingCode: data.trackingCode,
        kind: data.kind,
        submitter: data.submitter,
        publicConsent: data.publicConsent,
        submittedAt: data.at,
        confidential: false,
        reopenCount: 0,
        escalationLevel: 0,
        autoEscalatedFor: [],
        missedDeadlines: [],
        returnedBy: [],
        commentCount: 0,
      };

    case 'PetitionReviewed': {
      if (state.status !== 'submitted') return state;
      const reviewed = {
        ...factsOf(state),
        confidential: data.confidential,
        ...(data.categoryId !== undefined && { categoryId: data.categoryId }),
      };
      // A rejected or duplicate case stays 'submitted' until the PetitionClosed that follows it.
      return data.outcome === 'accepted' ? { ...reviewed, status: 'accepted' } : { ...reviewed, status: 'submitted' };
    }

    case 'PetitionDispatched':
      if (state.status !== 'accepted' && state.status !== 'returned') return state;
      return {
        ...factsOf(state),
        status: 'dispatched',
        acknowledged: false,
        departmentId: data.departmentId,
        dispatchedAt: data.at,
        acknowledgeBy: data.acknowledgeBy,
        respondBy: data.respondBy,
      };

    case 'PetitionAcknowledged':
      if (state.status !== 'dispatched') return state;
      return {
        ...factsOf(state),
        ...assignmentOf(state),
        ...(state.pendingExtension && { pendingExtension: state.pendingExtension }),
        status: 'in_progress',
        acknowledged: true,
        acknowledgedAt: data.at,
      };

    case 'PetitionReturned':
      if (state.status !== 'dispatched' && state.status !== 'in_progress') return state;
      return {
        ...factsOf(state),
        status: 'returned',
        returnedAt: data.at,
        lastDepartmentId: data.departmentId,
        returnedBy: state.returnedBy.includes(data.departmentId) ? state.returnedBy : [...state.returnedBy, data.departmentId],
      };

    case 'ExtensionRequested':
      if (state.status !== 'dispatched' && state.status !== 'in_progress') return state;
      return {
        ...state,
        pendingExtension: { requestedAt: data.at, requestedRespondBy: data.requestedRespondBy, reason: data.reason },
      };

    case 'ExtensionDecided': {
      if (state.status !== 'dispatched' && state.status !== 'in_progress') return state;
      const { pendingExtension: _decided, ...rest } = state;
      return data.approved && data.respondBy !== undefined ? { ...rest, respondBy: data.respondBy } : rest;
    }

    case 'PetitionResponded':
      if (state.status !== 'in_progress') return state;
      return {
        ...factsOf(state),
        ...assignmentOf(state),
        status: 'responded',
        acknowledged: true,
        acknowledgedAt: state.acknowledgedAt,
        respondedAt: data.at,
        respondedOnTime: data.onTime,
      };

    case 'PetitionRated':
      if (state.status !== 'responded') return state;
      return { ...state, status: 'rated', lastRating: data.satisfaction, ratedAt: data.at };

    case 'PetitionReopened':
      if (state.status !== 'rated') return state;
      return {
        ...factsOf(state),
        ...assignmentOf(state),
        status: 'in_progress',
        acknowledged: true,
        acknowledgedAt: state.acknowledgedAt,
        respondBy: data.respondBy,
        reopenCount: data.reopenCount,
      };

    case 'PetitionDeadlineMissed': {
      if (state.status === 'initial') return state;
      const key = deadlineKey(data.deadline, data.dueAt);
      return state.missedDeadlines.includes(key) ? state : { ...state, missedDeadlines: [...state.missedDeadlines, key] };
    }

    case 'PetitionEscalated': {
      if (state.status === 'initial') return state;
      const concerns = data.automatic ? data.respondBy : undefined;
      return {
        ...state,
        escalationLevel: Math.max(state.escalationLevel, data.level),
        ...(concerns !== undefined &&
          !state.autoEscalatedFor.includes(concerns) && { autoEscalatedFor: [...state.autoEscalatedFor, concerns] }),
      };
    }

    case 'PetitionClosed': {
      if (state.status === 'initial' || state.status === 'closed') return state;
      const departmentId = state.status === 'returned' ? state.lastDepartmentId : 'departmentId' in state ? state.departmentId : undefined;
      return {
        ...factsOf(state),
        status: 'closed',
        closeReason: data.reason,
        closedAt: data.at,
        ...(departmentId !== undefined && { departmentId }),
        ...((state.status === 'responded' || state.status === 'rated') && { respondedAt: state.respondedAt }),
        ...(state.status === 'rated' && { lastRating: state.lastRating, ratedAt: state.ratedAt }),
      };
    }

    case 'PetitionCommented':
      if (state.status === 'initial') return state;
      return { ...state, commentCount: state.commentCount + 1 };

    // The PetitionClosed (withdrawn) that follows closes the case.
    case 'PetitionWithdrawn':
      return state;

    case 'PetitionInterimReplied':
      return state;

    case 'PublicationModerated': {
      if (state.status === 'initial') return state;
      const before = state.hidden ?? { case: false, answer: false, comments: [] };
      const hide = data.action === 'hide';
      const id = data.commentId;
      const hidden =
        data.target === 'comment'
          ? {
              ...before,
              comments:
                id === undefined
                  ? before.comments
                  : hide
                    ? [...before.comments.filter((c) => c !== id), id]
                    : before.comments.filter((c) => c !== id),
            }
          : { ...before, [data.target]: hide };
      return { ...state, hidden };
    }

    default: {
      const _exhaustive: never = type;
      return state;
    }
  }
};

// Transitions rebuild the state from these, so no field of the previous status leaks into the next.
const factsOf = (state: ExistingPetitionState): PetitionFacts => ({
  petitionId: state.petitionId,
  trackingCode: state.trackingCode,
  kind: state.kind,
  submitter: state.submitter,
  publicConsent: state.publicConsent,
  submittedAt: state.submittedAt,
  confidential: state.confidential,
  ...(state.categoryId !== undefined && { categoryId: state.categoryId }),
  reopenCount: state.reopenCount,
  escalationLevel: state.escalationLevel,
  autoEscalatedFor: state.autoEscalatedFor,
  missedDeadlines: state.missedDeadlines,
  returnedBy: state.returnedBy,
  commentCount: state.commentCount,
  ...(state.hidden !== undefined && { hidden: state.hidden }),
});

const assignmentOf = (state: Assignment): Assignment => ({
  departmentId: state.departmentId,
  dispatchedAt: state.dispatchedAt,
  acknowledgeBy: state.acknowledgeBy,
  respondBy: state.respondBy,
});
