import { PetitionSubmitted, isPublicCase, ratedByCallBack } from '@wenzheng/petition';
import { EventContext, Evolve, Revisioned, unchanged } from '@wenzheng/projector';
import { maskName } from '@wenzheng/redaction';
import { publicPoint } from '@wenzheng/reference-data';
import { submitterKey } from './submitter-key';
import { PetitionStreamEvent, byPetitionEvent, iso, occurredAt, str } from '../petition-stream';

// The rows of one petition before and after a batch, folded in memory so the batch is written
// with a handful of multi-row statements. The events arrive as published (the codec's
// decodePublished): every free text is the copy redacted when it was written, so nothing here
// redacts or needs a decrypted value to, and a rebuild after an erasure makes the same rows.
// A submission's citizen arrives as the codec shows it to projections: the name as shown (surname
// plus *) and the phone's blind index, never either in clear.

/** Back office: status, department and deadlines; no personal data and no free text. */
export interface CaseRow {
  petitionId: string;
  trackingCode: string;
  status: string;
  kind: string;
  channel: string;
  addresseeType: string | null;
  addresseeDepartmentId: string | null;
  /** The leader's mailbox (领导信箱) the letter was written to; null before mailboxes were recorded. */
  addresseeMailboxId: string | null;
  /** The department the case is (or was last) dispatched to. */
  departmentId: string | null;
  categoryId: string | null;
  reviewOutcome: string | null;
  confidential: boolean;
  publicConsent: boolean;
  submittedAt: string;
  acceptedAt: string | null;
  dispatchedAt: string | null;
  acknowledgeBy: string | null;
  respondBy: string | null;
  acknowledgedAt: string | null;
  respondedAt: string | null;
  closedAt: string | null;
  returnedAt: string | null;
  returnedFromDepartmentId: string | null;
  closeReason: string | null;
  pendingExtension: boolean;
  escalationLevel: number;
  reopenCount: number;
  satisfaction: string | null;
  commentCount: number;
  lastRevision: number;
  /** submitterKey() of the citizen account that submitted the case, if any (GET /me/petitions). */
  submitterUserId: string | null;
  /** The title as published (redacted at write time): staff lists are read by many roles. */
  title: string;
  /** PhoneBlindIndex of the citizen's phone (GET /api/cases?phone); null once erased. */
  phoneIndex: string | null;
  /** The original this case repeats (reviewed as duplicate). */
  duplicateOf: string | null;
  /** Every department the case was ever dispatched to: a handler searches these. */
  dispatchedDepartmentIds: string[];
  /** 亮红灯: when the current dispatch's acknowledgement / response deadline was recorded as missed. */
  acknowledgeMissedAt: string | null;
  respondMissedAt: string | null;
  /** A missed deadline not yet met: acknowledgement still owed, or the answer still owed. */
  overdue: boolean;
  /** The last 退单's reason, redacted at write time. */
  returnReason: string | null;
  /** 协办: the assisting departments whose contribution is still owed (their queues show the case). */
  assistingDepartmentIds: string[];
  /** 协办: when the assisting departments' contributions are due. */
  assistBy: string | null;
  /** 下派: the unit the case was passed down to that holds it now (its queue shows the case). */
  passedDownTo: string | null;
  /** 承办人 of the lead department: a staff id and display name (staff routes only). */
  handlerId: string | null;
  handlerName: string | null;
  handlerAssignedAt: string | null;
  /** 回访: no citizen holds the case's key, so the office calls back for the rating (the decider's ratedByCallBack, fixed at submission). */
  ratedByCallBack: boolean;
  /** The citizen's personal data is erased (PIPL): no phone to call back, and a call-back is refused. */
  personalDataErased: boolean;
}

/** Sunshine listing: redacted text of an accepted, consented, non-confidential case. */
export interface PublicRow {
  petitionId: string;
  trackingCode: string;
  status: string;
  kind: string;
  channel: string;
  departmentId: string | null;
  categoryId: string | null;
  /** The leader's mailbox the letter was written to (the public page names it). */
  mailboxId: string | null;
  title: string;
  content: string;
  location: string | null;
  /** The case's district (行政区划代码); the point only rounded to ~100 m (the exact one is never public). */
  districtCode: string | null;
  publicLat: number | null;
  publicLng: number | null;
  answer: string | null;
  citizenDisplay: string | null;
  submittedAt: string;
  acceptedAt: string | null;
  respondedAt: string | null;
  closedAt: string | null;
  rating: string | null;
  ratingComment: string | null;
  ratedAt: string | null;
  commentCount: number;
  lastRevision: number;
  /** 内容管理: hidden by a moderator, gone from every public route (kept to be restored). */
  hidden: boolean;
  /** 内容管理: the answer is hidden from the public routes and from search. */
  answerHidden: boolean;
}

/** Redacted submitted text of a consented case awaiting review (never served). */
export interface PendingTextRow {
  petitionId: string;
  title: string;
  content: string;
  location: string | null;
  districtCode: string | null;
  publicLat: number | null;
  publicLng: number | null;
  citizenDisplay: string | null;
  submittedAt: string;
  lastRevision: number;
}

export interface CommentRow {
  /** The event id, so a redelivered comment is one row. */
  id: string;
  petitionId: string;
  author: string;
  text: string;
  at: string;
  revision: number;
  hidden: boolean;
}

/** A petition's rows: the case, and its public or staged copy while it has one. */
export interface PetitionViewRow extends Revisioned {
  readonly case: CaseRow;
  readonly public: PublicRow | null;
  readonly pending: PendingTextRow | null;
}

/** What an event adds beside the rows, written with them by the projection. */
export type PetitionViewOutput =
  | { readonly kind: 'comment'; readonly comment: CommentRow }
  /** 内容管理: a comment hidden or restored on the public page. */
  | { readonly kind: 'commentHidden'; readonly id: string; readonly hidden: boolean }
  /** The public row's searchable text (title, content, answer) is new or changed: its search vector is rebuilt. */
  | { readonly kind: 'publicText'; readonly revision: number }
  /** The case's redacted title and content when it is created, for its search vector. */
  | { readonly kind: 'caseText'; readonly text: readonly string[]; readonly revision: number }
  /**
   * The departments the case's words are searched in (its department, those it was dispatched to)
   * or the public row's department changed: their terms row is written (petition-views.tables.ts).
   */
  | { readonly kind: 'caseDepartments' | 'publicDepartment'; readonly revision: number };

type Context = EventContext<PetitionViewOutput>;

/** The rows an event changes, copied from the stored ones before the first change. */
interface Draft {
  readonly c: CaseRow;
  pub: PublicRow | null;
  pending: PendingTextRow | null;
}

/** What a read model shows where the citizen was, once their personal data is erased. */
export const ERASED_DISPLAY = '[已删除]';

/** A PetitionSubmitted whose personal data was erased (its key destroyed): the codec says so. */
function isErased(data: unknown): boolean {
  return (data as { citizen?: { erased?: unknown } } | null)?.citizen?.erased === true;
}

/**
 * The citizen as shown (surname plus *) in a PetitionSubmitted: the codec's `display` (kept beside
 * the case's key, or masked by the codec from the sealed name), or masked here from a name given in
 * clear (which wins over any display beside it); null when erased (crypto-shredding) or absent.
 */
function citizenDisplayOf(data: unknown): string | null {
  const citizen = (data as { citizen?: { name?: unknown; display?: unknown } } | null)?.citizen;
  const name = citizen?.name;
  if (typeof name === 'string' && name.trim()) return maskName(name);
  if (typeof citizen?.display === 'string' && citizen.display) return citizen.display;
  return isErased(data) ? ERASED_DISPLAY : null;
}

/** 亮红灯 still lit: a deadline recorded as missed and not met since (acknowledged late, or answered). */
const isRedLightLit = (c: CaseRow) =>
  (c.acknowledgeMissedAt !== null && c.status === 'dispatched') ||
  (c.respondMissedAt !== null && (c.status === 'dispatched' || c.status === 'in_progress'));

const isPublic = (c: CaseRow) =>
  isPublicCase({ accepted: c.reviewOutcome === 'accepted', confidential: c.confidential, publicConsent: c.publicConsent });

/** The district and the point rounded here, before any row holds it: the exact point stays in the event. */
function publicPlace(d: PetitionSubmitted['data']): Pick<PublicRow, 'districtCode' | 'publicLat' | 'publicLng'> {
  const p = d.point && Number.isFinite(d.point.lat) && Number.isFinite(d.point.lng) ? publicPoint(d.point) : undefined;
  return { districtCode: d.districtCode ?? null, publicLat: p?.lat ?? null, publicLng: p?.lng ?? null };
}

/** A stream is born with its PetitionSubmitted: the case's first rows. */
function submitted(event: PetitionSubmitted, context: Context): Draft {
  const petitionId = context.key;
  const d = event.data;
  const at = occurredAt({ data: d, recorded: context.recorded });
  const c: CaseRow = {
    petitionId,
    trackingCode: d.trackingCode,
    status: 'submitted',
    kind: d.kind,
    channel: d.channel,
    addresseeType: str(d.addressee?.type),
    addresseeDepartmentId: str(d.addressee?.departmentId),
    addresseeMailboxId: str(d.addressee?.mailboxId),
    departmentId: null,
    categoryId: str(d.requestedCategoryId), // until the reviewer sets one
    reviewOutcome: null,
    confidential: false,
    publicConsent: d.publicConsent === true,
    submittedAt: at,
    acceptedAt: null,
    dispatchedAt: null,
    acknowledgeBy: null,
    respondBy: null,
    acknowledgedAt: null,
    respondedAt: null,
    closedAt: null,
    returnedAt: null,
    returnedFromDepartmentId: null,
    closeReason: null,
    pendingExtension: false,
    escalationLevel: 0,
    reopenCount: 0,
    satisfaction: null,
    commentCount: 0,
    lastRevision: context.revision,
    submitterUserId: submitterKey(d.submitter?.userId),
    title: String(d.title ?? ''),
    phoneIndex: str((d.citizen as { phoneIndex?: unknown } | undefined)?.phoneIndex),
    duplicateOf: null,
    dispatchedDepartmentIds: [],
    acknowledgeMissedAt: null,
    respondMissedAt: null,
    overdue: false,
    returnReason: null,
    assistingDepartmentIds: [],
    assistBy: null,
    passedDownTo: null,
    handlerId: null,
    handlerName: null,
    handlerAssignedAt: null,
    ratedByCallBack: ratedByCallBack(d),
    personalDataErased: isErased(d),
  };
  context.emit({ kind: 'caseText', text: [String(d.title ?? ''), String(d.content ?? '')], revision: context.revision });
  const pending: PendingTextRow | null = c.publicConsent
    ? {
        petitionId,
        title: String(d.title ?? ''),
        content: String(d.content ?? ''),
        location: typeof d.location === 'string' && d.location ? d.location : null,
        ...publicPlace(d),
        citizenDisplay: citizenDisplayOf(d),
        submittedAt: at,
        lastRevision: context.revision,
      }
    : null;
  return { c, pub: null, pending };
}

const at = (e: { data: unknown }, context: Context) => occurredAt({ data: e.data, recorded: context.recorded });

/** What each event does to the case's rows (a draft of them, copied for this event). */
const apply = byPetitionEvent<Draft, Context>({
  PetitionSubmitted: unchanged, // a stream has one; a second would change nothing
  PetitionReviewed: (draft, { data: d }, context) => {
    const { c } = draft;
    c.reviewOutcome = d.outcome;
    c.confidential = c.confidential || d.confidential === true;
    if (d.categoryId) c.categoryId = d.categoryId;
    if (d.outcome === 'duplicate') c.duplicateOf = str(d.duplicateOf);
    if (d.outcome === 'accepted') {
      c.status = 'accepted';
      c.acceptedAt = at({ data: d }, context);
    }
    return draft;
  },
  PetitionDispatched: (draft, { data: d }, context) => {
    const { c } = draft;
    c.status = 'dispatched';
    c.departmentId = d.departmentId;
    c.dispatchedAt = at({ data: d }, context);
    c.acknowledgeBy = iso(d.acknowledgeBy);
    c.respondBy = iso(d.respondBy);
    c.acknowledgedAt = null;
    c.pendingExtension = false;
    const ever = c.dispatchedDepartmentIds ?? [];
    c.dispatchedDepartmentIds = ever.includes(d.departmentId) ? ever : [...ever, d.departmentId];
    c.acknowledgeMissedAt = null;
    c.respondMissedAt = null;
    const assisting = (d.assisting ?? []).map((a) => str(a?.departmentId)).filter((id): id is string => id !== null);
    c.assistingDepartmentIds = assisting;
    c.assistBy = assisting.length ? iso(d.assisting?.[0]?.contributeBy) : null;
    c.passedDownTo = null;
    c.handlerId = c.handlerName = c.handlerAssignedAt = null;
    return draft;
  },
  PetitionAcknowledged: (draft, e, context) => {
    draft.c.status = 'in_progress';
    draft.c.acknowledgedAt = at(e, context);
    return draft;
  },
  PetitionReturned: (draft, e, context) => {
    const { c } = draft;
    c.status = 'returned';
    c.returnedAt = at(e, context);
    c.returnedFromDepartmentId = e.data.departmentId;
    c.returnReason = str(e.data.reason);
    c.pendingExtension = false;
    endCoHandling(c);
    return draft;
  },
  ExtensionRequested: (draft) => {
    draft.c.pendingExtension = true;
    return draft;
  },
  ExtensionDecided: (draft, { data: d }) => {
    const { c } = draft;
    c.pendingExtension = false;
    if (d.approved && d.respondBy) {
      c.respondBy = iso(d.respondBy);
      c.respondMissedAt = null; // a new deadline, not yet missed
    }
    return draft;
  },
  PetitionResponded: (draft, e, context) => {
    const { c, pub } = draft;
    c.status = 'responded';
    endCoHandling(c);
    c.respondedAt = at(e, context);
    c.pendingExtension = false;
    if (pub) {
      pub.answer = String(e.data.answer ?? '');
      pub.respondedAt = c.respondedAt;
      context.emit({ kind: 'publicText', revision: context.revision });
    }
    return draft;
  },
  PetitionRated: (draft, e, context) => {
    const { c, pub } = draft;
    const d = e.data;
    c.status = 'rated';
    c.satisfaction = d.satisfaction;
    if (pub) {
      pub.rating = d.satisfaction;
      pub.ratingComment = typeof d.comment === 'string' && d.comment ? d.comment : null;
      pub.ratedAt = at(e, context);
    }
    return draft;
  },
  PetitionReopened: (draft, { data: d }) => {
    const { c, pub } = draft;
    c.status = 'in_progress';
    c.respondBy = iso(d.respondBy);
    c.reopenCount = Number(d.reopenCount) || c.reopenCount + 1;
    c.respondMissedAt = null; // answered again against a new deadline
    c.respondedAt = null;
    c.satisfaction = null;
    if (pub) {
      // The rating judged the answer being reworked; the answer stays on record until the next one.
      pub.rating = null;
      pub.ratingComment = null;
      pub.ratedAt = null;
    }
    return draft;
  },
  PetitionDeadlineMissed: (draft, e, context) => {
    if (e.data.deadline === 'acknowledgement') draft.c.acknowledgeMissedAt = at(e, context);
    else draft.c.respondMissedAt = at(e, context);
    return draft;
  },
  PetitionEscalated: (draft, { data: d }) => {
    draft.c.escalationLevel = Math.max(draft.c.escalationLevel, Number(d.level) || 0);
    return draft;
  },
  PetitionClosed: (draft, e, context) => {
    const { c } = draft;
    c.status = 'closed';
    c.closedAt = at(e, context);
    c.closeReason = e.data.reason;
    c.pendingExtension = false;
    return draft;
  },
  PetitionCommented: (draft, e, context) => {
    const { c, pub } = draft;
    c.commentCount += 1;
    if (pub) {
      context.emit({
        kind: 'comment',
        comment: {
          id: context.recorded.id,
          petitionId: context.key,
          author: String(e.data.author ?? ''),
          text: String(e.data.text ?? ''),
          at: at(e, context),
          revision: context.revision,
          hidden: false,
        },
      });
      pub.commentCount += 1;
    }
    return draft;
  },
  // The PetitionClosed (withdrawn) that follows closes the case; its reason is the citizen's.
  PetitionWithdrawn: unchanged,
  // Shown to the citizen (their own route) and as a public step, never on the listing's row.
  PetitionInterimReplied: unchanged,
  // 补充材料: the question is the citizen's (their route); the queues read the pause from the steps.
  InformationRequested: unchanged,
  // The clock resumed: the response deadline moved by the paused working days.
  InformationSupplied: (draft, { data: d }) => {
    draft.c.respondBy = iso(d.respondBy) ?? draft.c.respondBy;
    return draft;
  },
  InformationRequestLapsed: (draft, { data: d }) => {
    draft.c.respondBy = iso(d.respondBy) ?? draft.c.respondBy;
    return draft;
  },
  // The hotline office's red light: counted in its assessment (department_performance).
  ReviewDeadlineMissed: unchanged,
  AssistanceProvided: (draft, { data: d }) => {
    draft.c.assistingDepartmentIds = (draft.c.assistingDepartmentIds ?? []).filter((id) => id !== d.departmentId);
    return draft;
  },
  PetitionPassedDown: (draft, { data: d }) => {
    draft.c.passedDownTo = str(d.departmentId);
    return draft;
  },
  // The unit answered up: the case is back with the department that passed it down.
  PetitionAnsweredUp: (draft, { data: d }) => {
    draft.c.passedDownTo = d.toDepartmentId === draft.c.departmentId ? null : str(d.toDepartmentId);
    return draft;
  },
  HandlerAssigned: (draft, e, context) => {
    const { c } = draft;
    c.handlerId = str(e.data.handlerId);
    c.handlerName = str(e.data.handlerName);
    c.handlerAssignedAt = at(e, context);
    return draft;
  },
  PublicationModerated: (draft, { data: d }, context) => {
    const { pub } = draft;
    // Only a published case is moderated (the decider's rule): nothing public, nothing to hide.
    if (!pub) return draft;
    const hide = d.action === 'hide';
    if (d.target === 'case') pub.hidden = hide;
    else if (d.target === 'answer') {
      pub.answerHidden = hide;
      context.emit({ kind: 'publicText', revision: context.revision }); // the answer leaves (or re-enters) the search vector
    } else if (typeof d.commentId === 'string') {
      context.emit({ kind: 'commentHidden', id: d.commentId, hidden: hide });
      pub.commentCount = Math.max(0, pub.commentCount + (hide ? -1 : 1));
    }
    return draft;
  },
  PersonalDataErased: (draft) => {
    // PIPL erasure: the key is gone; what showed the person now says it was erased.
    if (draft.pub) draft.pub.citizenDisplay = ERASED_DISPLAY;
    if (draft.pending) draft.pending.citizenDisplay = ERASED_DISPLAY;
    draft.c.phoneIndex = null;
    draft.c.personalDataErased = true;
    return draft;
  },
  ReporterIdentityReleased: unchanged,
});

/** 协办 and 下派 end with the answer or a 退单; the lead's handler stays on record for the figures per person. */
function endCoHandling(c: CaseRow): void {
  c.assistingDepartmentIds = [];
  c.assistBy = null;
  c.passedDownTo = null;
}

/** Publishes, withdraws or unstages the case's text as its case row now says. */
function settle(draft: Draft, context: Context): void {
  const { c } = draft;
  c.overdue = isRedLightLit(c);
  if (draft.pub && !isPublic(c)) {
    draft.pub = null;
  } else if (!draft.pub && draft.pending && isPublic(c)) {
    const { pending } = draft;
    draft.pub = {
      petitionId: c.petitionId,
      trackingCode: c.trackingCode,
      status: c.status,
      kind: c.kind,
      channel: c.channel,
      departmentId: c.departmentId,
      categoryId: c.categoryId,
      mailboxId: c.addresseeMailboxId,
      title: pending.title,
      content: pending.content,
      location: pending.location,
      districtCode: pending.districtCode,
      publicLat: pending.publicLat,
      publicLng: pending.publicLng,
      answer: null,
      citizenDisplay: pending.citizenDisplay,
      submittedAt: pending.submittedAt,
      acceptedAt: c.acceptedAt,
      respondedAt: null,
      closedAt: null,
      rating: null,
      ratingComment: null,
      ratedAt: null,
      commentCount: 0,
      lastRevision: c.lastRevision,
      hidden: false,
      answerHidden: false,
    };
    context.emit({ kind: 'publicText', revision: context.revision });
  }
  // Staged text is kept only while the case may still be published: until its review or close.
  if (draft.pending && (draft.pub || c.reviewOutcome !== null || c.status === 'closed')) draft.pending = null;
  if (draft.pub) {
    Object.assign(draft.pub, {
      status: c.status,
      departmentId: c.departmentId,
      categoryId: c.categoryId,
      acceptedAt: c.acceptedAt,
      closedAt: c.closedAt,
      lastRevision: c.lastRevision,
    });
  }
  if (draft.pending) draft.pending.lastRevision = c.lastRevision;
}

/**
 * What one event does to a petition's rows. The events arrive as published (the codec's
 * decodePublished), so nothing here redacts; an event before the stream's PetitionSubmitted has
 * nothing to update.
 */
export const evolvePetitionViews: Evolve<PetitionViewRow, PetitionStreamEvent, PetitionViewOutput> = (row, event, context) => {
  let draft: Draft;
  // The departments the terms rows hold, before the event (the draft may be the row, changed in place).
  const was = row && { case: caseDepartments(row.case), public: row.public?.departmentId };
  if (row === null) {
    if (event.type !== 'PetitionSubmitted') return null;
    draft = submitted(event, context);
  } else {
    // The previous event's result in the same batch is no one else's: changed in place. The stored
    // (loaded) row is copied, as the skeleton compares with it.
    draft = apply(
      context.ownsRow
        ? { c: row.case, pub: row.public, pending: row.pending }
        : { c: { ...row.case }, pub: row.public && { ...row.public }, pending: row.pending && { ...row.pending } },
      event,
      context,
    );
    // Any event that says the case is confidential (涉密) takes it off the public site for good.
    if ((event.data as { confidential?: unknown } | null)?.confidential === true) draft.c.confidential = true;
    draft.c.lastRevision = context.revision;
  }
  settle(draft, context);
  if (was && was.case !== caseDepartments(draft.c)) context.emit({ kind: 'caseDepartments', revision: context.revision });
  if (was?.public !== undefined && draft.pub && was.public !== draft.pub.departmentId)
    context.emit({ kind: 'publicDepartment', revision: context.revision });
  return { lastRevision: context.revision, case: draft.c, public: draft.pub, pending: draft.pending };
};

/** A case's department and those it was dispatched to, as one value to compare. */
const caseDepartments = (c: CaseRow) => `${c.departmentId ?? ''} ${c.dispatchedDepartmentIds.join(' ')}`;
