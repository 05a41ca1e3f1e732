import {
  ACTIONS,
  AcknowledgePetition,
  CommandContext,
  ClosePetition,
  CommentOnPetition,
  DecideExtension,
  DispatchPetition,
  EscalatePetition,
  MarkDeadlineMissed,
  ModeratePublication,
  AnswerUp,
  AssignHandler,
  PassDownPetition,
  PetitionCommand,
  ProvideAssistance,
  RatePetition,
  ReopenPetition,
  ReplyInterim,
  LapseInformationRequest,
  MarkReviewDeadlineMissed,
  RequestInformation,
  SupplyInformation,
  RequestExtension,
  RespondToPetition,
  ReturnPetition,
  ReviewPetition,
  SubmitPetition,
  WithdrawPetition,
} from './commands';
import {
  ForbiddenError,
  IllegalStateError,
  InvalidCommandError,
  NotFoundError,
  PersonalDataErasedError,
  RuleViolationError,
} from './errors';
import { PetitionEvent } from './events';
import { TimeLimitPolicy, policyOfKind } from './policy';
import {
  commentWindowEnds,
  informationRequestLapsed,
  responseClockPaused,
  resumedRespondBy,
  reviewDueBy,
  reviewOverdue,
  supplyInformationDueBy,
  escalationDue,
  extensionAutoApprovalDue,
  extensionDecisionDueBy,
  overdueWorkingDays,
  ratingWindowClosed,
  ratingWindowEnds,
  responseDeadlineProtected,
  systemHandles,
} from './rules';
import {
  AssignedState,
  Assignment,
  CoHandling,
  AwaitedInformation,
  ExistingPetitionState,
  PetitionFacts,
  PetitionState,
  currentDepartmentOf,
  departmentOf,
  deadlineKey,
  hasAnswer,
  handlerMayActOn,
  holderOf,
  initialState,
  isPublic,
  isShownPublicly,
} from './state';
import {
  ADDRESSEE_TYPES,
  ANSWER_OUTCOMES,
  Actor,
  AttachmentRef,
  CALLBACK_OUTCOMES,
  CHANNELS,
  DEADLINE_KINDS,
  DISTRICT_CODE,
  GeoPoint,
  MAILBOX_ID,
  MODERATION_ACTIONS,
  MODERATION_TARGETS,
  PETITION_KINDS,
  PetitionKind,
  PetitionSource,
  PetitionStatus,
  RATING_VIAS,
  REVIEW_OUTCOMES,
  Role,
  SOURCE_KINDS,
  SATISFACTIONS,
} from './vocabulary';

// The petition's decider (the Decider pattern): `decide` (command × state → events, where every
// rule lives), `evolve` (state × event → state) and the initial state, as one plain value at the
// end of this file. The compiler names this file for a new event type (evolve's `never` check)
// and for a new command type (decide's).

// ---------------------------------------------------------------------------------------------
// evolve
// ---------------------------------------------------------------------------------------------

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
        channel: data.channel,
        submitter: data.submitter,
        publicConsent: data.publicConsent,
        submittedAt: data.at,
        ...(data.source !== undefined && { source: data.source }),
        confidential: false,
        ...(data.requestedCategoryId !== undefined && { categoryId: data.requestedCategoryId }),
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
        ...(data.assisting !== undefined &&
          data.assisting.length > 0 && {
            assisting: data.assisting.map((a) => ({ departmentId: a.departmentId, contributeBy: a.contributeBy })),
          }),
      };

    case 'PetitionAcknowledged':
      if (state.status !== 'dispatched') return state;
      return {
        ...factsOf(state),
        ...assignmentOf(state),
        ...coHandlingOf(state),
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

    case 'InformationRequested':
      if (state.status !== 'in_progress') return state;
      return { ...state, awaitingInformation: { requestedAt: data.at, supplyBy: data.supplyBy } };

    case 'InformationSupplied':
    case 'InformationRequestLapsed': {
      if (state.status !== 'in_progress') return state;
      const { awaitingInformation: _resumed, ...rest } = state;
      return { ...rest, respondBy: data.respondBy };
    }

    case 'ReviewDeadlineMissed':
      if (state.status !== 'submitted') return state;
      return { ...state, reviewDeadlineMissed: data.dueAt };

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

    case 'AssistanceProvided':
      if ((state.status !== 'dispatched' && state.status !== 'in_progress') || state.assisting === undefined) return state;
      return {
        ...state,
        assisting: state.assisting.map((a) =>
          a.departmentId === data.departmentId && a.providedAt === undefined ? { ...a, providedAt: data.at } : a,
        ),
      };

    case 'PetitionPassedDown':
      if (state.status !== 'in_progress') return state;
      return { ...state, passedDownTo: [...(state.passedDownTo ?? []), data.departmentId] };

    case 'PetitionAnsweredUp': {
      if (state.status !== 'in_progress' || state.passedDownTo === undefined) return state;
      const { passedDownTo, ...rest } = state;
      const remaining = passedDownTo.slice(0, -1);
      return remaining.length > 0 ? { ...rest, passedDownTo: remaining } : rest;
    }

    case 'HandlerAssigned':
      if (state.status !== 'dispatched' && state.status !== 'in_progress') return state;
      return { ...state, handlerId: data.handlerId };

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
  ...(state.channel !== undefined && { channel: state.channel }),
  submitter: state.submitter,
  publicConsent: state.publicConsent,
  submittedAt: state.submittedAt,
  ...(state.source !== undefined && { source: state.source }),
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

/** Kept from dispatch to acknowledgement; an answer, a return or a reopen ends it. */
const coHandlingOf = (state: CoHandling): CoHandling => ({
  ...(state.assisting !== undefined && { assisting: state.assisting }),
  ...(state.passedDownTo !== undefined && { passedDownTo: state.passedDownTo }),
  ...(state.handlerId !== undefined && { handlerId: state.handlerId }),
});

const assignmentOf = (state: Assignment): Assignment => ({
  departmentId: state.departmentId,
  dispatchedAt: state.dispatchedAt,
  acknowledgeBy: state.acknowledgeBy,
  respondBy: state.respondBy,
});

// ---------------------------------------------------------------------------------------------
// decide
// ---------------------------------------------------------------------------------------------

type Existing<S extends ExistingPetitionState['status']> = Extract<ExistingPetitionState, { status: S }>;

const iso = (date: Date): string => date.toISOString();

const ATTACHMENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * The attachments a command records, as the event field (absent when none). The application checked
 * the bytes and stored them; here only what the event will promise about them: a UUID each, once,
 * a type, a size and a SHA-256.
 */
const attachmentsField = (list: readonly AttachmentRef[] | undefined): { attachments?: AttachmentRef[] } => {
  if (list === undefined || list.length === 0) return {};
  const seen = new Set<string>();
  const attachments = list.map((a, i) => {
    const field = `attachments[${i}]`;
    if (typeof a?.id !== 'string' || !ATTACHMENT_ID.test(a.id))
      throw new InvalidCommandError(`${field}.id`, 'isUuid', 'must be a lower-case UUID');
    if (seen.has(a.id)) throw new InvalidCommandError(`${field}.id`, 'unique', 'must not repeat an attachment');
    seen.add(a.id);
    requireText(`${field}.contentType`, a.contentType);
    if (!Number.isSafeInteger(a.size) || a.size < 0)
      throw new InvalidCommandError(`${field}.size`, 'isInt', 'must be a whole number of bytes');
    if (typeof a.sha256 !== 'string' || !SHA256_HEX.test(a.sha256))
      throw new InvalidCommandError(`${field}.sha256`, 'matches', 'must be 64 lower-case hex digits');
    return { id: a.id, contentType: a.contentType, size: a.size, sha256: a.sha256 };
  });
  return { attachments };
};

/** WGS-84 degrees: a latitude beyond ±90 or a longitude beyond ±180 is no place on Earth. */
const requirePoint = (point: GeoPoint): void => {
  const ranges = [
    ['lat', point?.lat, 90],
    ['lng', point?.lng, 180],
  ] as const;
  for (const [field, value, max] of ranges) {
    if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > max) {
      throw new InvalidCommandError(`location.${field}`, 'range', `must be a number from -${max} to ${max} (WGS-84 degrees)`);
    }
  }
};

const oneOf = <T extends string>(field: string, value: T, allowed: readonly T[]): T => {
  if (!allowed.includes(value)) throw new InvalidCommandError(field, 'isIn', `must be one of ${allowed.join(', ')}`);
  return value;
};

/**
 * Pure and total: returns the events a command produces on a case, or throws a
 * PetitionDomainError. Checks run in a fixed order so the same refusal always wins:
 * existence, role, status, department / submitter, case rules, then field values.
 */
/**
 * The commands a department's handler runs on a case, and who may (for the refusal's words). Each
 * checks its own rule after its state checks; before them all, once a department holds (or last
 * held) the case, a handler of any other department not working on it (handlerMayActOn) is refused,
 * so it learns nothing of how the case stands (403 before 409; lifecycle.md). The department that
 * holds or last held it is told the state (409: it has already been answered, it was returned…).
 */
const DISPATCHED_TO = 'the department the petition is currently dispatched to';
const HANDLER_COMMANDS: Partial<Record<PetitionCommand['type'], string>> = {
  AcknowledgePetition: DISPATCHED_TO,
  ReturnPetition: DISPATCHED_TO,
  RequestExtension: DISPATCHED_TO,
  RespondToPetition: DISPATCHED_TO,
  ReplyInterim: DISPATCHED_TO,
  RequestInformation: DISPATCHED_TO,
  AssignHandler: DISPATCHED_TO,
  PassDownPetition: 'a department working on the petition',
  AnswerUp: 'a department working on the petition',
  ProvideAssistance: 'a department working on the petition',
};

/** An automatic 督办's reason, as the case's steps show it to the citizen and staff. */
export const automaticEscalationReason = (overdue: number, threshold: number): string =>
  `答复超期${overdue}个工作日（超过${threshold}个工作日），系统自动督办`;

const ENGLISH_AUTOMATIC_REASON = /^response overdue by (\d+) working days \(more than (\d+)\)$/;

/** A stored 督办 reason for display: an automatic one recorded before 2026-12-07 was worded in English. */
export const escalationReasonShown = (reason: unknown): unknown => {
  const m = typeof reason === 'string' ? ENGLISH_AUTOMATIC_REASON.exec(reason) : null;
  return m ? automaticEscalationReason(Number(m[1]), Number(m[2])) : reason;
};

export const decide = (command: PetitionCommand, state: PetitionState): PetitionEvent[] => {
  requireInstant('context.now', command.context?.now);
  if (command.type === 'SubmitPetition') return submit(command, state);

  if (state.status === 'initial') throw new NotFoundError(command.data.petitionId, ACTIONS[command.type] ?? 'act');
  if (command.data.petitionId !== state.petitionId) {
    throw new InvalidCommandError('petitionId', 'matchesCase', `does not match the case (${state.petitionId})`);
  }
  const { actor } = command.context;
  const who = HANDLER_COMMANDS[command.type];
  const holder = departmentOf(state);
  if (
    who !== undefined &&
    actor.role === 'handler' &&
    holder !== undefined &&
    actor.departmentId !== holder &&
    !handlerMayActOn(state, actor.departmentId)
  ) {
    throw notHolder(ACTIONS[command.type] ?? 'act', who, actor);
  }

  switch (command.type) {
    case 'ReviewPetition':
      return review(command, state);
    case 'DispatchPetition':
      return dispatch(command, state);
    case 'AcknowledgePetition':
      return acknowledge(command, state);
    case 'ReturnPetition':
      return returnPetition(command, state);
    case 'RequestExtension':
      return requestExtension(command, state);
    case 'DecideExtension':
      return decideExtension(command, state);
    case 'RespondToPetition':
      return respond(command, state);
    case 'RatePetition':
      return rate(command, state);
    case 'ReopenPetition':
      return reopen(command, state);
    case 'EscalatePetition':
      return escalate(command, state);
    case 'CommentOnPetition':
      return comment(command, state);
    case 'MarkDeadlineMissed':
      return markDeadlineMissed(command, state);
    case 'ClosePetition':
      return close(command, state);
    case 'WithdrawPetition':
      return withdraw(command, state);
    case 'ReplyInterim':
      return replyInterim(command, state);
    case 'RequestInformation':
      return requestInformation(command, state);
    case 'SupplyInformation':
      return supplyInformation(command, state);
    case 'LapseInformationRequest':
      return lapseInformationRequest(command, state);
    case 'MarkReviewDeadlineMissed':
      return markReviewDeadlineMissed(command, state);
    case 'ModeratePublication':
      return moderate(command, state);
    case 'ProvideAssistance':
      return provideAssistance(command, state);
    case 'PassDownPetition':
      return passDown(command, state);
    case 'AnswerUp':
      return answerUp(command, state);
    case 'AssignHandler':
      return assignHandler(command, state);
    default: {
      const unknown: never = command;
      throw new InvalidCommandError('type', 'knownCommand', `unknown command ${(unknown as { type: string }).type}`);
    }
  }
};

const submit = ({ data, context }: SubmitPetition, state: PetitionState): PetitionEvent[] => {
  if (data.source !== undefined) requireRole('submit a petition from a source', context.actor, 'system');
  // A 12345 call is entered by the hotline office, which keeps its key (回访, ratedByCallBack): a
  // citizen claiming the channel would hand a reviewer the rating of a case whose key they hold.
  if (data.channel === 'hotline_12345')
    requireRole('submit a 12345 call (the hotline office enters it)', context.actor, 'reviewer', 'system');
  // Says nothing of the case that holds the id (its state, whether it is confidential): anyone may submit.
  if (state.status !== 'initial')
    throw new RuleViolationError('id_taken', 'id: already taken by another case (leave it out, or choose another)');
  requireText('petitionId', data.petitionId);
  requireText('trackingCode', data.trackingCode);
  oneOf('channel', data.channel, CHANNELS);
  oneOf('kind', data.kind, PETITION_KINDS);
  oneOf('addressee.type', data.addressee?.type, ADDRESSEE_TYPES);
  if (data.addressee.type === 'department') requireText('addressee.departmentId', data.addressee.departmentId);
  if (data.addressee.mailboxId !== undefined) {
    if (data.addressee.type === 'department') {
      throw new InvalidCommandError(
        'addressee.mailboxId',
        'mailboxType',
        "names a leader's mailbox: not with a department's (type department)",
      );
    }
    if (typeof data.addressee.mailboxId !== 'string' || !MAILBOX_ID.test(data.addressee.mailboxId)) {
      throw new InvalidCommandError('addressee.mailboxId', 'matches', 'must be a mailbox id (lower-case letters, digits and hyphens)');
    }
  }
  requireText('title', data.title);
  requireText('content', data.content);
  const source = data.source !== undefined ? sourceOf(data.source) : undefined;
  // Only what the system forwards from a source may come without a person to contact.
  if (source === undefined || data.citizen !== undefined) {
    requireText('citizen.name', data.citizen?.name);
    requireText('citizen.phone', data.citizen?.phone);
  }
  requireText('submitter.accessKeyHash', data.submitter?.accessKeyHash);
  if (data.point !== undefined) requirePoint(data.point);
  if (data.districtCode !== undefined && !DISTRICT_CODE.test(data.districtCode)) {
    throw new InvalidCommandError('location.districtCode', 'matches', 'must be a 6-digit district or 9-digit street code');
  }
  if (data.requestedCategoryId !== undefined) requireText('requestedCategoryId', data.requestedCategoryId);
  policyFor(context, data.kind);

  return [
    {
      type: 'PetitionSubmitted',
      data: {
        petitionId: data.petitionId,
        trackingCode: data.trackingCode,
        channel: data.channel,
        kind: data.kind,
        addressee: data.addressee,
        title: data.title,
        content: data.content,
        ...(data.location !== undefined && { location: data.location }),
        ...(data.point !== undefined && { point: { lat: data.point.lat, lng: data.point.lng } }),
        ...(data.districtCode !== undefined && { districtCode: data.districtCode }),
        ...(source !== undefined && { source }),
        ...(data.citizen !== undefined && { citizen: data.citizen }),
        publicConsent: data.publicConsent === true,
        submitter: data.submitter,
        ...attachmentsField(data.attachments),
        ...(data.requestedCategoryId !== undefined && { requestedCategoryId: data.requestedCategoryId }),
        at: iso(context.now),
      },
    },
  ];
};

const review = ({ data, context }: ReviewPetition, state: ExistingPetitionState): PetitionEvent[] => {
  const action = ACTIONS.ReviewPetition;
  requireRole(action, context.actor, ...officeOf(state));
  if (state.status !== 'submitted') throw new IllegalStateError(action, state.status, 'it has already been reviewed');
  const outcome = oneOf('outcome', data.outcome, REVIEW_OUTCOMES);
  if (context.actor.role === 'system' && outcome !== 'accepted') {
    throw new InvalidCommandError('outcome', 'isIn', 'the system only accepts what it forwarded (the interview moderated the question)');
  }
  if (outcome !== 'accepted') requireText('reason', data.reason);
  if (outcome === 'duplicate') {
    requireText('duplicateOf', data.duplicateOf);
    if (data.duplicateOf === state.petitionId)
      throw new InvalidCommandError('duplicateOf', 'notSelf', 'a petition cannot duplicate itself');
  } else if (data.duplicateOf !== undefined) {
    throw new InvalidCommandError('duplicateOf', 'onlyWithDuplicate', 'is only allowed when the outcome is duplicate');
  }
  const at = iso(context.now);
  const late = lateReview(state, context);
  const reviewed: PetitionEvent = {
    type: 'PetitionReviewed',
    data: {
      petitionId: state.petitionId,
      outcome,
      ...(data.reason !== undefined && { reason: data.reason }),
      ...(data.categoryId !== undefined && { categoryId: data.categoryId }),
      confidential: data.confidential === true,
      ...(data.duplicateOf !== undefined && { duplicateOf: data.duplicateOf }),
      at,
    },
  };
  if (outcome === 'accepted') return [...late, reviewed];
  return [...late, reviewed, { type: 'PetitionClosed', data: { petitionId: state.petitionId, reason: outcome, at } }];
};

/**
 * A review after policy.reviewWithinWorkingHours lights the office's red light with it, unless the
 * watcher recorded it already; the system's own reviews (what it forwarded) are never late.
 */
const lateReview = (state: Existing<'submitted'>, context: CommandContext): PetitionEvent[] => {
  if (context.actor.role === 'system' || state.reviewDeadlineMissed !== undefined) return [];
  const policy = policyFor(context, state.kind);
  const submittedAt = new Date(state.submittedAt);
  if (!reviewOverdue(submittedAt, context.now, context.calendar, policy)) return [];
  const dueAt = iso(reviewDueBy(submittedAt, context.calendar, policy));
  return [{ type: 'ReviewDeadlineMissed', data: { petitionId: state.petitionId, dueAt, at: iso(context.now) } }];
};

const dispatch = ({ data, context }: DispatchPetition, state: ExistingPetitionState): PetitionEvent[] => {
  const action = ACTIONS.DispatchPetition;
  requireRole(action, context.actor, ...officeOf(state));
  if (state.status !== 'accepted' && state.status !== 'returned') {
    const hint =
      state.status === 'submitted'
        ? 'review it first'
        : state.status === 'dispatched' || state.status === 'in_progress'
          ? 'it is with a department; the department may return it'
          : undefined;
    throw new IllegalStateError(action, state.status, hint);
  }
  const departmentId = requireText('departmentId', data.departmentId);
  if (state.returnedBy.includes(departmentId)) {
    throw new RuleViolationError(
      'redispatch_to_returning_department',
      `cannot dispatch to ${departmentId}: that department has returned this petition; dispatch it to another department`,
    );
  }
  const assistingIds = assistingDepartments(data.assistingDepartmentIds, departmentId);
  const policy = policyFor(context, state.kind);
  const { calendar, now } = context;
  const contributeBy = iso(calendar.addWorkingDays(now, policy.assistWithinWorkingDays));
  return [
    {
      type: 'PetitionDispatched',
      data: {
        petitionId: state.petitionId,
        departmentId,
        ...(data.note !== undefined && { note: data.note }),
        acknowledgeBy: iso(calendar.addWorkingDays(now, policy.acknowledgeWithinWorkingDays)),
        respondBy: iso(calendar.addWorkingDays(now, policy.respondWithinWorkingDays)),
        ...(assistingIds.length > 0 && { assisting: assistingIds.map((id) => ({ departmentId: id, contributeBy })) }),
        at: iso(now),
      },
    },
  ];
};

/** 协办: at most this many assisting departments on one dispatch. */
export const MAX_ASSISTING_DEPARTMENTS = 10;

/** The assisting departments (协办) of a dispatch: each named once, none the lead itself. */
const assistingDepartments = (ids: readonly string[] | undefined, lead: string): string[] => {
  if (ids === undefined) return [];
  if (!Array.isArray(ids) || ids.length > MAX_ASSISTING_DEPARTMENTS) {
    throw new InvalidCommandError(
      'assistingDepartmentIds',
      'arrayMaxSize',
      `must be a list of at most ${MAX_ASSISTING_DEPARTMENTS} departments`,
    );
  }
  const seen = new Set<string>();
  return ids.map((id, i) => {
    const field = `assistingDepartmentIds[${i}]`;
    requireText(field, id);
    if (id === lead)
      throw new InvalidCommandError(field, 'notLead', 'an assisting department (协办) must not be the lead department (主办)');
    if (seen.has(id)) throw new InvalidCommandError(field, 'unique', 'must not repeat a department');
    seen.add(id);
    return id;
  });
};

const acknowledge = ({ context }: AcknowledgePetition, state: ExistingPetitionState): PetitionEvent[] => {
  const action = ACTIONS.AcknowledgePetition;
  requireRole(action, context.actor, 'handler');
  if (state.status !== 'dispatched') {
    const hint = state.status === 'in_progress' ? 'it has already been acknowledged' : undefined;
    throw new IllegalStateError(action, state.status, hint);
  }
  requireHandlerOf(action, context.actor, state.departmentId);
  return [
    {
      type: 'PetitionAcknowledged',
      data: {
        petitionId: state.petitionId,
        departmentId: state.departmentId,
        // Late acknowledgement is allowed and recorded as such.
        onTime: context.now.getTime() <= Date.parse(state.acknowledgeBy),
        acknowledgeBy: state.acknowledgeBy,
        at: iso(context.now),
      },
    },
  ];
};

const assigned = (action: string, state: ExistingPetitionState): Existing<'dispatched' | 'in_progress'> => {
  if (state.status !== 'dispatched' && state.status !== 'in_progress') {
    throw new IllegalStateError(action, state.status, 'only while a department holds it');
  }
  return state;
};

/** The case a department holds, acted on only by a handler of that department. */
const heldByHandler = (action: string, actor: Actor, state: ExistingPetitionState): Existing<'dispatched' | 'in_progress'> => {
  requireRole(action, actor, 'handler');
  const current = assigned(action, state);
  requireHandlerOf(action, actor, current.departmentId);
  return current;
};

const returnPetition = ({ data, context }: ReturnPetition, state: ExistingPetitionState): PetitionEvent[] => {
  const action = ACTIONS.ReturnPetition;
  const current = heldByHandler(action, context.actor, state);
  const reason = requireText('reason', data.reason);
  return [
    {
      type: 'PetitionReturned',
      data: { petitionId: current.petitionId, departmentId: current.departmentId, reason, at: iso(context.now) },
    },
  ];
};

const requestExtension = ({ data, context }: RequestExtension, state: ExistingPetitionState): PetitionEvent[] => {
  const action = ACTIONS.RequestExtension;
  const current = heldByHandler(action, context.actor, state);
  if (current.pendingExtension) {
    throw new RuleViolationError(
      'extension_pending',
      `cannot request an extension: the request of ${current.pendingExtension.requestedAt} is still pending`,
    );
  }
  if (responseClockPaused(current)) throw informationAwaited(action, current);
  const { calendar, now } = context;
  const respondBy = new Date(current.respondBy);
  // 届满前1个工作日: no later than the working day before the current deadline.
  const lastDay = calendar.previousWorkingDay(calendar.localDate(respondBy));
  if (calendar.localDate(now) > lastDay) {
    throw new RuleViolationError(
      'extension_too_late',
      `cannot request an extension: it must be requested by ${lastDay}, the working day before respondBy ${calendar.localDate(respondBy)}`,
    );
  }
  const reason = requireText('reason', data.reason);
  const requested = requireInstant('requestedRespondBy', data.requestedRespondBy);
  checkExtendedRespondBy('requestedRespondBy', requested, respondBy, context, current.kind);
  return [
    {
      type: 'ExtensionRequested',
      data: {
        petitionId: current.petitionId,
        departmentId: current.departmentId,
        reason,
        requestedRespondBy: iso(requested),
        currentRespondBy: current.respondBy,
        at: iso(now),
      },
    },
  ];
};

const checkExtendedRespondBy = (
  field: string,
  proposed: Date,
  currentRespondBy: Date,
  context: CommandContext,
  kind: ExistingPetitionState['kind'],
): void => {
  if (proposed.getTime() <= currentRespondBy.getTime()) {
    throw new InvalidCommandError(field, 'afterCurrent', `must be after the current respondBy ${iso(currentRespondBy)}`);
  }
  const max = context.calendar.addWorkingDays(currentRespondBy, policyFor(context, kind).maxExtensionWorkingDays);
  if (proposed.getTime() > max.getTime()) {
    throw new InvalidCommandError(
      field,
      'maxExtension',
      `must be at most ${policyFor(context, kind).maxExtensionWorkingDays} working days after the current respondBy (${iso(max)})`,
    );
  }
};

const decideExtension = ({ data, context }: DecideExtension, state: ExistingPetitionState): PetitionEvent[] => {
  const action = ACTIONS.DecideExtension;
  requireRole(action, context.actor, 'supervisor', 'system');
  const current = assigned(action, state);
  const pending = current.pendingExtension;
  if (!pending) throw new RuleViolationError('no_pending_extension', 'cannot decide an extension: no extension request is pending');
  const previousRespondBy = new Date(current.respondBy);
  const base = {
    petitionId: current.petitionId,
    departmentId: current.departmentId,
    requestedRespondBy: pending.requestedRespondBy,
    previousRespondBy: current.respondBy,
    at: iso(context.now),
  };
  if (context.actor.role === 'system') return approveAutomatically(data, context, current, base);
  if (data.approved !== true) {
    const reason = requireText('reason', data.reason);
    const refused: PetitionEvent = { type: 'ExtensionDecided', data: { ...base, approved: false, reason } };
    // The original deadline applies again; if it has passed, its red light comes with the refusal.
    const missedKey = deadlineKey('response', current.respondBy);
    if (context.now.getTime() <= previousRespondBy.getTime() || current.missedDeadlines.includes(missedKey)) return [refused];
    return [
      refused,
      {
        type: 'PetitionDeadlineMissed',
        data: {
          petitionId: current.petitionId,
          deadline: 'response',
          dueAt: current.respondBy,
          departmentId: current.departmentId,
          at: base.at,
        },
      },
    ];
  }
  const respondBy = data.respondBy === undefined ? new Date(pending.requestedRespondBy) : requireInstant('respondBy', data.respondBy);
  checkExtendedRespondBy('respondBy', respondBy, previousRespondBy, context, current.kind);
  if (respondBy.getTime() <= context.now.getTime()) {
    throw new InvalidCommandError('respondBy', 'future', 'must be in the future');
  }
  return [
    {
      type: 'ExtensionDecided',
      data: {
        ...base,
        approved: true,
        respondBy: iso(respondBy),
        ...(data.reason !== undefined && { reason: data.reason }),
      },
    },
  ];
};

/**
 * A request nobody decided within policy.decideExtensionWithinWorkingDays is approved with the
 * requested date, whatever the date now: the department asked in good order and waited.
 */
const approveAutomatically = (
  data: DecideExtension['data'],
  context: CommandContext,
  current: Existing<'dispatched' | 'in_progress'>,
  base: Omit<Extract<PetitionEvent, { type: 'ExtensionDecided' }>['data'], 'approved'>,
): PetitionEvent[] => {
  const pending = current.pendingExtension as NonNullable<typeof current.pendingExtension>;
  if (data.approved !== true || data.respondBy !== undefined) {
    throw new InvalidCommandError('approved', 'isIn', 'the system only approves an undecided request, with the requested date');
  }
  const policy = policyFor(context, current.kind);
  if (!extensionAutoApprovalDue(new Date(pending.requestedAt), context.now, context.calendar, policy)) {
    const dueBy = extensionDecisionDueBy(new Date(pending.requestedAt), context.calendar, policy);
    throw new RuleViolationError(
      'extension_decision_not_due',
      `cannot approve the extension automatically: a supervisor may decide it until ${iso(dueBy)}`,
    );
  }
  return [{ type: 'ExtensionDecided', data: { ...base, approved: true, respondBy: pending.requestedRespondBy, automatic: true } }];
};

const respond = ({ data, context }: RespondToPetition, state: ExistingPetitionState): PetitionEvent[] => {
  const action = ACTIONS.RespondToPetition;
  const current = workedByHandler(action, context.actor, state, (status) =>
    status === 'dispatched' ? 'acknowledge first' : status === 'responded' ? 'it has already been answered' : undefined,
  );
  if (responseClockPaused(current)) throw informationAwaited(action, current);
  const answer = requireText('answer', data.answer);
  const outcome = data.outcome === undefined ? undefined : oneOf('outcome', data.outcome, ANSWER_OUTCOMES);
  return [
    {
      type: 'PetitionResponded',
      data: {
        petitionId: current.petitionId,
        departmentId: current.departmentId,
        answer,
        onTime: context.now.getTime() <= Date.parse(current.respondBy),
        respondBy: current.respondBy,
        ...attachmentsField(data.attachments),
        ...(outcome !== undefined && { outcome }),
        at: iso(context.now),
      },
    },
  ];
};

const rate = ({ data, context }: RatePetition, state: ExistingPetitionState): PetitionEvent[] => {
  const action = data.via === undefined ? ACTIONS.RatePetition : 'rate by call-back';
  if (data.via !== undefined) {
    oneOf('via', data.via, RATING_VIAS);
    requireRole(action, context.actor, 'reviewer');
  } else {
    requireSubmitter(action, data.proof, state);
  }
  if (state.status === 'rated') {
    throw new RuleViolationError(
      'already_rated',
      `cannot ${action}: this answer has already been rated (a rating is given once per answer)`,
    );
  }
  if (state.status !== 'responded') {
    throw new IllegalStateError(action, state.status, state.status === 'closed' ? undefined : 'there is no answer to rate yet');
  }
  refuseAfterErasure(context);
  if (data.via !== undefined) requireCalledBack(action, state, 'rates it');
  if (data.via === undefined) {
    if (data.outcome !== undefined) throw new InvalidCommandError('outcome', 'onlyForCallback', 'is only for a call-back (via: callback)');
    if (data.attempts !== undefined)
      throw new InvalidCommandError('attempts', 'onlyForCallback', 'is only for a call-back (via: callback)');
  }

  const policy = policyFor(context, state.kind);
  const rateBy = ratingWindowEnds(new Date(state.respondedAt), context.calendar, policy);
  if (ratingWindowClosed(new Date(state.respondedAt), context.now, context.calendar, policy)) {
    throw new RuleViolationError('rating_window_closed', `cannot ${action}: the rating window ended ${iso(rateBy)}`);
  }
  const at = iso(context.now);
  const callback = data.via === undefined ? {} : callbackFields(data, policy.callbackAttempts);
  if (data.outcome === 'unreachable') {
    return [{ type: 'PetitionClosed', data: { petitionId: state.petitionId, reason: 'no_rating_in_time', ...callback, at } }];
  }
  const satisfaction = oneOf('satisfaction', data.satisfaction as NonNullable<typeof data.satisfaction>, SATISFACTIONS);
  const rated: PetitionEvent = {
    type: 'PetitionRated',
    data: {
      petitionId: state.petitionId,
      departmentId: state.departmentId,
      satisfaction,
      ...(data.comment !== undefined && { comment: data.comment }),
      ...callback,
      at,
    },
  };
  // An unsatisfied rating keeps the case open only while a supervisor could still reopen it.
  const mayBeReopened = satisfaction === 'unsatisfied' && state.reopenCount < policy.maxReopens;
  if (mayBeReopened) return [rated];
  return [rated, { type: 'PetitionClosed', data: { petitionId: state.petitionId, reason: 'rated', at } }];
};

/**
 * The submitter's proof (account id or access-key hash) comes before the status: a made-up access
 * key must learn no more than on an unknown case, not even the case's status.
 */
/** The office acts for the caller (回访) only on a case no citizen holds the key of (ratedByCallBack). */
const requireCalledBack = (action: string, state: ExistingPetitionState, submitterDoes: string): void => {
  if (!ratedByCallBack(state)) {
    throw new RuleViolationError(
      'callback_not_for_channel',
      `cannot ${action}: the case came in by ${state.channel ?? 'an unknown channel'}, and its submitter ${submitterDoes} with the access key or account; a call-back (回访) is for cases no citizen holds the key of (12345 calls, Open311 reports, forwarded questions)`,
    );
  }
};

const requireSubmitter = (action: string, proof: RatePetition['data']['proof'], state: ExistingPetitionState): void => {
  const byAccount = proof?.userId !== undefined && state.submitter.userId !== undefined && proof.userId === state.submitter.userId;
  const byAccessKey = proof?.accessKeyHash !== undefined && proof.accessKeyHash === state.submitter.accessKeyHash;
  if (!byAccount && !byAccessKey) throw new NotFoundError(state.petitionId, action);
};

/** The submitter account of a report an Open311 client sent (`open311:<client>`): its reporter holds no key. */
export const OPEN311_SUBMITTER_PREFIX = 'open311:';

/**
 * 回访 is for a caller without an access key (lifecycle.md), a case no citizen holds the key of: a
 * 12345 call (the hotline office enters it and takes the key), a report an Open311 client sent (the
 * client holds the case, the reporter nothing), a case the system forwarded (an interview's question).
 * Every other case is rated by its submitter alone: a reviewer's call-back there would shut the citizen
 * out of their own rating.
 */
export const ratedByCallBack = (state: Pick<PetitionFacts, 'channel' | 'source' | 'submitter'>): boolean =>
  state.channel === 'hotline_12345' || state.source !== undefined || state.submitter.userId?.startsWith(OPEN311_SUBMITTER_PREFIX) === true;

/** 回访: the fields a call-back adds to its event; an unreachable caller only after the policy's attempts. */
const callbackFields = (data: RatePetition['data'], required: number): { via: 'callback'; callbackAttempts?: number } => {
  const outcome = data.outcome === undefined ? 'reached' : oneOf('outcome', data.outcome, CALLBACK_OUTCOMES);
  const { attempts } = data;
  if (attempts !== undefined && (!Number.isInteger(attempts) || attempts < 1)) {
    throw new InvalidCommandError('attempts', 'isIntegerBetween', 'must be a whole number of call-back attempts, at least 1');
  }
  if (outcome === 'unreachable') {
    if (data.satisfaction !== undefined)
      throw new InvalidCommandError('satisfaction', 'notWhenUnreachable', 'must not be given when the caller was unreachable');
    if (attempts === undefined || attempts < required) {
      throw new InvalidCommandError(
        'attempts',
        'minAttempts',
        `a caller is recorded unreachable only after ${required} call-back attempts (policy.callbackAttempts), ${attempts ?? 0} given`,
      );
    }
  }
  return { via: 'callback', ...(attempts !== undefined && { callbackAttempts: attempts }) };
};

const reopen = ({ data, context }: ReopenPetition, state: ExistingPetitionState): PetitionEvent[] => {
  const action = ACTIONS.ReopenPetition;
  requireRole(action, context.actor, 'supervisor');
  if (state.status !== 'rated') {
    throw new IllegalStateError(action, state.status, state.status === 'closed' ? undefined : 'only after an unsatisfied rating');
  }
  if (state.lastRating !== 'unsatisfied') {
    throw new RuleViolationError('reopen_requires_unsatisfied', `cannot reopen: the answer was rated ${state.lastRating}`);
  }
  const policy = policyFor(context, state.kind);
  if (state.reopenCount >= policy.maxReopens) {
    throw new RuleViolationError(
      'max_reopens',
      `cannot reopen: the petition has been reopened ${state.reopenCount} time(s), the maximum is ${policy.maxReopens}`,
    );
  }
  const reason = requireText('reason', data.reason);
  return [
    {
      type: 'PetitionReopened',
      data: {
        petitionId: state.petitionId,
        departmentId: state.departmentId,
        reason,
        respondBy: iso(context.calendar.addWorkingDays(context.now, policy.respondWithinWorkingDays)),
        reopenCount: state.reopenCount + 1,
        at: iso(context.now),
      },
    },
  ];
};

const escalate = ({ data, context }: EscalatePetition, state: ExistingPetitionState): PetitionEvent[] => {
  const action = ACTIONS.EscalatePetition;
  requireRole(action, context.actor, 'supervisor', 'system');
  if (state.status === 'submitted' || state.status === 'closed') {
    throw new IllegalStateError(action, state.status, state.status === 'submitted' ? 'it has not been accepted yet' : undefined);
  }
  const level = state.escalationLevel + 1;
  const at = iso(context.now);

  if (context.actor.role === 'supervisor') {
    const reason = requireText('reason', data.reason);
    // A returned case awaits the reviewer, so the escalation is not held against the department.
    const departmentId = 'departmentId' in state ? state.departmentId : undefined;
    const respondBy = state.status === 'dispatched' || state.status === 'in_progress' ? state.respondBy : undefined;
    return [
      {
        type: 'PetitionEscalated',
        data: {
          petitionId: state.petitionId,
          reason,
          automatic: false,
          level,
          ...(departmentId !== undefined && { departmentId }),
          ...(respondBy !== undefined && { respondBy }),
          at,
        },
      },
    ];
  }

  if (state.status !== 'dispatched' && state.status !== 'in_progress') {
    throw new IllegalStateError(`${action} automatically`, state.status, 'no response is due');
  }
  if (state.autoEscalatedFor.includes(state.respondBy)) return [];
  if (responseDeadlineProtected(state)) throw extensionPending(`${action} automatically`, state);
  if (responseClockPaused(state)) throw informationAwaited(`${action} automatically`, state);
  const policy = policyFor(context, state.kind);
  const threshold = policy.escalateAfterOverdueWorkingDays;
  const overdue = overdueWorkingDays(new Date(state.respondBy), context.now, context.calendar);
  if (!escalationDue(new Date(state.respondBy), context.now, context.calendar, policy)) {
    throw new RuleViolationError(
      'not_overdue_enough',
      `cannot escalate automatically: the response is overdue by ${overdue} working day(s), escalation needs more than ${threshold}`,
    );
  }
  const reason = data.reason !== undefined && data.reason.trim() !== '' ? data.reason : automaticEscalationReason(overdue, threshold);
  return [
    {
      type: 'PetitionEscalated',
      data: {
        petitionId: state.petitionId,
        reason,
        automatic: true,
        level,
        departmentId: state.departmentId,
        respondBy: state.respondBy,
        at,
      },
    },
  ];
};

const comment = ({ data, context }: CommentOnPetition, state: ExistingPetitionState): PetitionEvent[] => {
  const action = ACTIONS.CommentOnPetition;
  // "Public cases only" (api.md): to the public, a case that is not public (not yet reviewed,
  // rejected, confidential, without consent, or taken off by a moderator) does not exist, so a
  // comment on it answers as an unknown case does (404), telling nothing of why or of its state.
  if (!isShownPublicly(state)) throw new NotFoundError(state.petitionId, action);
  if (state.status === 'closed') commentWindowOpen(state, context);
  refuseAfterErasure(context);
  const text = requireText('text', data.text);
  const author = requireText('author', data.author);
  return [
    {
      type: 'PetitionCommented',
      data: { petitionId: state.petitionId, text, author, ...attachmentsField(data.attachments), at: iso(context.now) },
    },
  ];
};

/**
 * 跟帖 after closing: only on a case closed with its answer (rated or not rated in time), until the end
 * of the policy.commentWithinDaysAfterClose-th day after the close.
 */
const commentWindowOpen = (state: Existing<'closed'>, context: CommandContext): void => {
  const action = ACTIONS.CommentOnPetition;
  if (state.respondedAt === undefined) {
    throw new IllegalStateError(action, state.status, `closed as ${state.closeReason} without an answer to discuss`);
  }
  const policy = policyFor(context, state.kind);
  const ends = commentWindowEnds(new Date(state.closedAt), context.calendar, policy);
  if (context.now.getTime() > ends.getTime()) {
    throw new RuleViolationError(
      'comment_window_closed',
      `cannot comment: comments closed ${iso(ends)}, ${policy.commentWithinDaysAfterClose} days after the petition closed`,
    );
  }
};

/**
 * After an erasure the citizen's name is no longer known, so new text naming them could not be
 * redacted: the citizen and the public write nothing more (a department's answer stays allowed,
 * its staff no longer see the name either).
 */
const refuseAfterErasure = (context: CommandContext): void => {
  if (context.personalDataErased === true) throw new PersonalDataErasedError();
};

const markDeadlineMissed = ({ data, context }: MarkDeadlineMissed, state: ExistingPetitionState): PetitionEvent[] => {
  const action = ACTIONS.MarkDeadlineMissed;
  requireRole(action, context.actor, 'system');
  if (state.status === 'closed') throw new IllegalStateError(action, state.status);
  const deadline = oneOf('deadline', data.deadline, DEADLINE_KINDS);
  const specific = `mark the ${deadline} deadline missed`;
  if (state.status !== 'dispatched' && state.status !== 'in_progress' && state.status !== 'responded' && state.status !== 'rated') {
    throw new IllegalStateError(specific, state.status, `no ${deadline} deadline is running`);
  }
  const dueAt = deadline === 'acknowledgement' ? state.acknowledgeBy : state.respondBy;
  // Idempotent: a scheduler retrying after the act (or after a previous run) appends nothing.
  if (state.missedDeadlines.includes(deadlineKey(deadline, dueAt))) return [];

  const owed = deadline === 'acknowledgement' ? state.status === 'dispatched' : state.status !== 'responded' && state.status !== 'rated';
  if (!owed) {
    throw new IllegalStateError(
      specific,
      state.status,
      deadline === 'acknowledgement' ? 'it has been acknowledged' : 'it has been answered',
    );
  }
  if (deadline === 'response' && responseDeadlineProtected(state)) throw extensionPending(specific, state);
  if (deadline === 'response' && responseClockPaused(state)) throw informationAwaited(specific, state);
  if (context.now.getTime() <= Date.parse(dueAt)) {
    throw new RuleViolationError('deadline_not_passed', `cannot ${specific}: it is due ${dueAt}`);
  }
  return [
    {
      type: 'PetitionDeadlineMissed',
      data: { petitionId: state.petitionId, deadline, dueAt, departmentId: state.departmentId, at: iso(context.now) },
    },
  ];
};

const extensionPending = (action: string, state: ExistingPetitionState): RuleViolationError => {
  const requestedAt = 'pendingExtension' in state ? state.pendingExtension?.requestedAt : undefined;
  return new RuleViolationError(
    'extension_pending',
    `cannot ${action}: the extension request of ${requestedAt} is pending, which protects the response deadline until it is decided`,
  );
};

const informationAwaited = (action: string, state: ExistingPetitionState): RuleViolationError => {
  const supplyBy = 'awaitingInformation' in state ? state.awaitingInformation?.supplyBy : undefined;
  return new RuleViolationError(
    'information_awaited',
    `cannot ${action}: information requested from the citizen is awaited until ${supplyBy}; the response clock is paused`,
  );
};

const close = ({ data, context }: ClosePetition, state: ExistingPetitionState): PetitionEvent[] => {
  const action = ACTIONS.ClosePetition;
  requireRole(action, context.actor, 'system', 'supervisor');
  const at = iso(context.now);
  if (context.actor.role === 'supervisor') return closeInsteadOfReopen(data, at, state);
  if (state.status === 'rated') return [{ type: 'PetitionClosed', data: { petitionId: state.petitionId, reason: 'rated', at } }];
  if (state.status !== 'responded') {
    throw new IllegalStateError(action, state.status, state.status === 'closed' ? undefined : 'only answered cases close');
  }
  const policy = policyFor(context, state.kind);
  const rateBy = ratingWindowEnds(new Date(state.respondedAt), context.calendar, policy);
  if (!ratingWindowClosed(new Date(state.respondedAt), context.now, context.calendar, policy)) {
    throw new RuleViolationError('rating_window_open', `cannot close: the citizen may rate until ${iso(rateBy)}`);
  }
  return [{ type: 'PetitionClosed', data: { petitionId: state.petitionId, reason: 'no_rating_in_time', at } }];
};

/**
 * The other half of the supervisor's decision on an unsatisfied rating: the answer stands and the
 * case closes as rated, with the reason the citizen and the audit see.
 */
const closeInsteadOfReopen = (data: ClosePetition['data'], at: string, state: ExistingPetitionState): PetitionEvent[] => {
  const action = ACTIONS.ClosePetition;
  if (state.status !== 'rated') {
    throw new IllegalStateError(
      action,
      state.status,
      state.status === 'closed' ? undefined : 'a supervisor closes only a case rated unsatisfied',
    );
  }
  if (state.lastRating !== 'unsatisfied') {
    throw new RuleViolationError('close_requires_unsatisfied', `cannot close: the answer was rated ${state.lastRating}`);
  }
  const note = requireText('reason', data.reason);
  return [{ type: 'PetitionClosed', data: { petitionId: state.petitionId, reason: 'rated', note, at } }];
};

/** 撤回 is possible until the answer: after it, the citizen rates instead. */
const WITHDRAWABLE: readonly PetitionStatus[] = ['submitted', 'accepted', 'dispatched', 'in_progress', 'returned'];

/**
 * The submitter withdraws the case before it is answered; it closes as withdrawn. The deadlines
 * still running lapse with it (not counted for the department); one already missed stays missed,
 * or a department could have a late case withdrawn to clear its red light.
 */
const withdraw = ({ data, context }: WithdrawPetition, state: ExistingPetitionState): PetitionEvent[] => {
  const action = ACTIONS.WithdrawPetition;
  requireSubmitter(action, data.proof, state);
  if (!WITHDRAWABLE.includes(state.status)) {
    throw new IllegalStateError(
      action,
      state.status,
      state.status === 'closed' ? undefined : 'it has been answered; rate the answer instead',
    );
  }
  if (data.reason !== undefined) {
    requireText('reason', data.reason);
    refuseAfterErasure(context);
  }
  const at = iso(context.now);
  const departmentId = currentDepartmentOf(state);
  return [
    {
      type: 'PetitionWithdrawn',
      data: {
        petitionId: state.petitionId,
        ...(data.reason !== undefined && { reason: data.reason }),
        ...(departmentId !== undefined && { departmentId }),
        at,
      },
    },
    { type: 'PetitionClosed', data: { petitionId: state.petitionId, reason: 'withdrawn', at } },
  ];
};

/** 阶段性答复: the department tells the citizen where the case stands; the answer is still owed by respondBy. */
const replyInterim = ({ data, context }: ReplyInterim, state: ExistingPetitionState): PetitionEvent[] => {
  const action = ACTIONS.ReplyInterim;
  const current = workedByHandler(action, context.actor, state);
  const text = requireText('text', data.text);
  return [
    {
      type: 'PetitionInterimReplied',
      data: { petitionId: current.petitionId, departmentId: current.departmentId, text, at: iso(context.now) },
    },
  ];
};

/**
 * 补充材料: the department working on the case asks the citizen for more information. The response
 * clock pauses until the citizen supplies it or policy.supplyInformationWithinWorkingDays pass; one
 * request at a time, not while an extension request is pending, and only before respondBy.
 */
const requestInformation = ({ data, context }: RequestInformation, state: ExistingPetitionState): PetitionEvent[] => {
  const action = ACTIONS.RequestInformation;
  const current = workedByHandler(action, context.actor, state);
  if (responseClockPaused(current)) throw informationAwaited(action, current);
  if (responseDeadlineProtected(current)) throw extensionPending(action, current);
  if (context.now.getTime() > Date.parse(current.respondBy)) {
    throw new RuleViolationError(
      'response_overdue',
      `cannot ${action}: the response was due ${current.respondBy}; a pause cannot cover a deadline already passed`,
    );
  }
  const question = requireText('question', data.question);
  const supplyBy = supplyInformationDueBy(context.now, context.calendar, policyFor(context, current.kind));
  return [
    {
      type: 'InformationRequested',
      data: {
        petitionId: current.petitionId,
        departmentId: current.departmentId,
        question,
        supplyBy: iso(supplyBy),
        respondBy: current.respondBy,
        at: iso(context.now),
      },
    },
  ];
};

/** The request awaited now, or the refusal naming why there is none. */
const awaited = (action: string, state: ExistingPetitionState): Existing<'in_progress'> & { awaitingInformation: AwaitedInformation } => {
  if (state.status !== 'in_progress') throw new IllegalStateError(action, state.status, 'no information is requested');
  if (state.awaitingInformation === undefined) {
    throw new RuleViolationError('no_information_requested', `cannot ${action}: no information is requested from the citizen now`);
  }
  return state as Existing<'in_progress'> & { awaitingInformation: AwaitedInformation };
};

/** The submitter answers the request by supplyBy; the response deadline moves by the paused working days. */
const supplyInformation = ({ data, context }: SupplyInformation, state: ExistingPetitionState): PetitionEvent[] => {
  const action = data.via === undefined ? ACTIONS.SupplyInformation : 'supply information by call-back';
  if (data.via !== undefined) {
    // A caller without a key is told to phone 12345 with the code: the office enters what they say.
    oneOf('via', data.via, RATING_VIAS);
    requireRole(action, context.actor, 'reviewer');
    requireCalledBack(action, state, 'supplies it');
  } else {
    requireSubmitter(action, data.proof, state);
  }
  const current = awaited(action, state);
  const { requestedAt, supplyBy } = current.awaitingInformation;
  if (informationRequestLapsed(new Date(supplyBy), context.now)) {
    throw new RuleViolationError('information_request_lapsed', `cannot ${action}: it was due by ${supplyBy}`);
  }
  refuseAfterErasure(context);
  const text = requireText('text', data.text);
  return [
    {
      type: 'InformationSupplied',
      data: { ...resumed(current, new Date(requestedAt), context), text, ...(data.via !== undefined && { via: data.via }) },
    },
  ];
};

/** system: supplyBy passed without the information; the clock resumes, moved by the whole window. */
const lapseInformationRequest = ({ context }: LapseInformationRequest, state: ExistingPetitionState): PetitionEvent[] => {
  const action = ACTIONS.LapseInformationRequest;
  requireRole(action, context.actor, 'system');
  const current = awaited(action, state);
  const { requestedAt, supplyBy } = current.awaitingInformation;
  if (!informationRequestLapsed(new Date(supplyBy), context.now)) {
    throw new RuleViolationError('supply_window_open', `cannot ${action}: the citizen may supply it until ${supplyBy}`);
  }
  // Resumed as of supplyBy, not of the watcher's run: a late run gives the department no extra time.
  const at = resumed(current, new Date(requestedAt), context, new Date(supplyBy));
  return [{ type: 'InformationRequestLapsed', data: { ...at, supplyBy } }];
};

const resumed = (
  current: Existing<'in_progress'>,
  pausedAt: Date,
  context: CommandContext,
  resumedAt: Date = context.now,
): { petitionId: string; departmentId: string; pausedWorkingDays: number; previousRespondBy: string; respondBy: string; at: string } => {
  const moved = resumedRespondBy(new Date(current.respondBy), pausedAt, resumedAt, context.calendar);
  return {
    petitionId: current.petitionId,
    departmentId: current.departmentId,
    pausedWorkingDays: moved.pausedWorkingDays,
    previousRespondBy: current.respondBy,
    respondBy: iso(moved.respondBy),
    at: iso(context.now),
  };
};

/** system (亮红灯 for the hotline office): the case is still unreviewed after its review deadline. */
const markReviewDeadlineMissed = ({ context }: MarkReviewDeadlineMissed, state: ExistingPetitionState): PetitionEvent[] => {
  const action = ACTIONS.MarkReviewDeadlineMissed;
  requireRole(action, context.actor, 'system');
  if (state.status !== 'submitted') throw new IllegalStateError(action, state.status, 'it has been reviewed');
  if (state.reviewDeadlineMissed !== undefined) return [];
  if (systemHandles(state)) throw new RuleViolationError('system_reviews', `cannot ${action}: the system reviews what it forwarded`);
  const policy = policyFor(context, state.kind);
  const dueAt = reviewDueBy(new Date(state.submittedAt), context.calendar, policy);
  if (context.now.getTime() <= dueAt.getTime()) {
    throw new RuleViolationError('deadline_not_passed', `cannot ${action}: the review is due ${iso(dueAt)}`);
  }
  return [{ type: 'ReviewDeadlineMissed', data: { petitionId: state.petitionId, dueAt: iso(dueAt), at: iso(context.now) } }];
};

/**
 * 内容管理: the hotline office (reviewer) or the supervision office takes a published case, its
 * answer or a comment off the public routes, or puts it back. Only what is published can be
 * hidden, and only what is hidden restored, so every event changes what the public sees.
 */
const moderate = ({ data, context }: ModeratePublication, state: ExistingPetitionState): PetitionEvent[] => {
  const action = ACTIONS.ModeratePublication;
  requireRole(action, context.actor, 'reviewer', 'supervisor');
  if (!isPublic(state)) {
    throw new RuleViolationError(
      'not_public',
      'cannot moderate: the petition is not published (not accepted, confidential or without consent)',
    );
  }
  const target = oneOf('target', data.target, MODERATION_TARGETS);
  const act = oneOf('action', data.action, MODERATION_ACTIONS);
  if (target !== 'comment' && data.commentId !== undefined)
    throw new InvalidCommandError('commentId', 'onlyForComment', 'is only for target comment');
  const commentId = target === 'comment' ? requireText('commentId', data.commentId) : undefined;
  if (target === 'answer' && !hasAnswer(state))
    throw new RuleViolationError('no_answer', 'cannot moderate the answer: the petition has not been answered');
  if (target === 'comment' && state.commentCount === 0)
    throw new RuleViolationError('no_comment', 'cannot moderate a comment: the petition has none');
  const hidden = state.hidden;
  const isHidden = target === 'comment' ? (hidden?.comments ?? []).includes(commentId as string) : hidden?.[target] === true;
  const what = target === 'comment' ? `comment ${commentId}` : `the ${target}`;
  if (act === 'hide' && isHidden) throw new RuleViolationError('already_hidden', `cannot hide ${what}: it is hidden already`);
  if (act === 'restore' && !isHidden) throw new RuleViolationError('not_hidden', `cannot restore ${what}: it is not hidden`);
  const reason = requireText('reason', data.reason);
  return [
    {
      type: 'PublicationModerated',
      data: {
        petitionId: state.petitionId,
        target,
        ...(commentId !== undefined && { commentId }),
        action: act,
        reason,
        at: iso(context.now),
      },
    },
  ];
};

/**
 * 协办: an assisting department sends its contribution to the lead while the lead handles the
 * case, once; late is allowed and recorded as such (it counts against that department).
 */
const provideAssistance = ({ data, context }: ProvideAssistance, state: ExistingPetitionState): PetitionEvent[] => {
  const action = ACTIONS.ProvideAssistance;
  requireRole(action, context.actor, 'handler');
  const current = assigned(action, state);
  const mine = current.assisting?.find((a) => a.departmentId === context.actor.departmentId);
  if (mine === undefined) {
    throw notHolder(action, 'a department assisting on this petition (协办)', context.actor);
  }
  if (mine.providedAt !== undefined) {
    throw new RuleViolationError('assistance_already_provided', `cannot ${action}: this department contributed at ${mine.providedAt}`);
  }
  const text = requireText('text', data.text);
  return [
    {
      type: 'AssistanceProvided',
      data: {
        petitionId: current.petitionId,
        departmentId: mine.departmentId,
        leadDepartmentId: current.departmentId,
        text,
        contributeBy: mine.contributeBy,
        onTime: context.now.getTime() <= Date.parse(mine.contributeBy),
        at: iso(context.now),
      },
    },
  ];
};

/** The case being worked (acknowledged, not answered), for 下派 and the answer up. */
const inProgress = (action: string, state: ExistingPetitionState): Existing<'in_progress'> => {
  if (state.status !== 'in_progress') {
    throw new IllegalStateError(action, state.status, state.status === 'dispatched' ? 'acknowledge first' : undefined);
  }
  return state;
};

/** Why a case not in progress refuses the work: not yet acknowledged, or already answered. */
const notYetOrAnswered = (status: PetitionStatus): string | undefined =>
  status === 'dispatched' ? 'acknowledge first' : status === 'responded' || status === 'rated' ? 'it has been answered' : undefined;

/** The case in progress, worked only by a handler of the department it is dispatched to. */
const workedByHandler = (
  action: string,
  actor: Actor,
  state: ExistingPetitionState,
  hint: (status: PetitionStatus) => string | undefined = notYetOrAnswered,
): Existing<'in_progress'> => {
  requireRole(action, actor, 'handler');
  if (state.status !== 'in_progress') throw new IllegalStateError(action, state.status, hint(state.status));
  requireHandlerOf(action, actor, state.departmentId);
  return state;
};

/**
 * 下派: the department working the case (the lead, or the unit it was passed down to) passes it to
 * a unit under it in the department tree; the lead stays responsible and the deadlines stay.
 */
const passDown = ({ data, context }: PassDownPetition, state: ExistingPetitionState): PetitionEvent[] => {
  const action = ACTIONS.PassDownPetition;
  requireRole(action, context.actor, 'handler');
  const current = inProgress(action, state);
  const holder = holderOf(current);
  if (context.actor.departmentId !== holder) {
    throw notHolder(action, 'the department working the petition', context.actor);
  }
  const departmentId = requireText('departmentId', data.departmentId);
  if (departmentId === holder)
    throw new InvalidCommandError('departmentId', 'notSelf', 'a department cannot pass a petition down to itself');
  if (!Array.isArray(data.ancestry) || !data.ancestry.includes(holder)) {
    throw new InvalidCommandError(
      'departmentId',
      'unitUnder',
      `is not a unit under ${holder} in the department tree (下派 goes down only)`,
    );
  }
  if (data.note !== undefined) requireText('note', data.note);
  return [
    {
      type: 'PetitionPassedDown',
      data: {
        petitionId: current.petitionId,
        departmentId,
        fromDepartmentId: holder,
        leadDepartmentId: current.departmentId,
        ...(data.note !== undefined && { note: data.note }),
        at: iso(context.now),
      },
    },
  ];
};

/** 下派: the unit holding the case reports its handling to the department that passed it down. */
const answerUp = ({ data, context }: AnswerUp, state: ExistingPetitionState): PetitionEvent[] => {
  const action = ACTIONS.AnswerUp;
  requireRole(action, context.actor, 'handler');
  const current = inProgress(action, state);
  const holder = holderOf(current);
  if (context.actor.departmentId !== holder) {
    throw notHolder(action, 'the unit the petition was passed down to', context.actor);
  }
  const chain = current.passedDownTo ?? [];
  if (chain.length === 0) throw new RuleViolationError('not_passed_down', `cannot ${action}: the petition has not been passed down`);
  const text = requireText('text', data.text);
  const toDepartmentId = chain.length > 1 ? chain[chain.length - 2] : current.departmentId;
  return [
    {
      type: 'PetitionAnsweredUp',
      data: { petitionId: current.petitionId, departmentId: holder, toDepartmentId, text, at: iso(context.now) },
    },
  ];
};

/** 承办人: the lead department names (or changes) the staff member handling the case. */
const assignHandler = ({ data, context }: AssignHandler, state: ExistingPetitionState): PetitionEvent[] => {
  const action = ACTIONS.AssignHandler;
  const current: AssignedState = heldByHandler(action, context.actor, state);
  const handlerId = requireText('handlerId', data.handlerId);
  const handlerName = requireText('handlerName', data.handlerName);
  if (current.handlerId === handlerId) {
    throw new RuleViolationError('handler_already_assigned', `cannot ${action}: ${handlerId} already handles this petition`);
  }
  return [
    {
      type: 'HandlerAssigned',
      data: { petitionId: current.petitionId, departmentId: current.departmentId, handlerId, handlerName, at: iso(context.now) },
    },
  ];
};

// ---------------------------------------------------------------------------------------------
// guards decide applies
// ---------------------------------------------------------------------------------------------

const requireRole = (action: string, actor: Actor, ...roles: Role[]): void => {
  if (!roles.includes(actor.role)) {
    throw new ForbiddenError(`cannot ${action}: role ${actor.role} may not (requires ${roles.join(' or ')})`);
  }
};

/** Who reviews and dispatches the case: the hotline office, and the system for what it forwarded (systemHandles). */
const officeOf = (state: ExistingPetitionState): Role[] => (systemHandles(state) ? ['reviewer', 'system'] : ['reviewer']);

const sourceOf = (source: PetitionSource): PetitionSource => ({
  kind: oneOf('source.kind', source?.kind, SOURCE_KINDS),
  id: requireText('source.id', source.id),
  questionId: requireText('source.questionId', source.questionId),
});

/** A handler of another department than the one that may act; `who` names the one that may. */
const notHolder = (action: string, who: string, actor: Actor): ForbiddenError =>
  new ForbiddenError(`cannot ${action}: only ${who} may (handler of ${actor.departmentId ?? 'no department'})`);

/** Only a handler of the department the case is currently dispatched to. */
const requireHandlerOf = (action: string, actor: Actor, departmentId: string): void => {
  requireRole(action, actor, 'handler');
  if (actor.departmentId !== departmentId) {
    throw notHolder(action, 'the department the petition is currently dispatched to', actor);
  }
};

const requireText = (field: string, value: string | undefined): string => {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidCommandError(field, 'required', 'is required and must not be blank');
  }
  return value;
};

const requireInstant = (field: string, value: Date | undefined): Date => {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new InvalidCommandError(field, 'isInstant', 'must be a valid date-time');
  }
  return value;
};

const policyFor = (context: CommandContext, kind: PetitionKind): TimeLimitPolicy => {
  const policy = policyOfKind(context.policies, kind);
  if (!policy) throw new InvalidCommandError(`policies.${kind}`, 'policyConfigured', 'no time-limit policy is configured for this kind');
  return policy;
};

// ---------------------------------------------------------------------------------------------
// the decider as a value
// ---------------------------------------------------------------------------------------------

export interface PetitionDecider {
  readonly initialState: () => PetitionState;
  readonly decide: (command: PetitionCommand, state: PetitionState) => PetitionEvent[];
  readonly evolve: (state: PetitionState, event: PetitionEvent) => PetitionState;
  readonly isTerminal: (state: PetitionState) => boolean;
}

/** The same plain value runs in memory, on PostgreSQL and on EventStoreDB. */
export const decider: PetitionDecider = Object.freeze({
  initialState,
  decide,
  evolve,
  isTerminal: (state: PetitionState) => state.status === 'closed',
});

/** The case as it stands after the given events (time travel: pass a prefix of the stream). */
export const fold = (events: readonly PetitionEvent[], from: PetitionState = initialState()): PetitionState => events.reduce(evolve, from);
