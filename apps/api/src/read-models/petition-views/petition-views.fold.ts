import type { ProjectedEvent } from '@wenzheng/projector';
import type { PetitionEvent } from '@wenzheng/petition';
import { maskName } from '@wenzheng/redaction';
import { submitterKey } from './submitter-key';

// The rows of one petition before and after a batch, folded in memory so the batch is written
// with a handful of multi-row statements. The events arrive as published (the codec's
// decodePublished): every free text is the copy redacted when it was written, so nothing here
// redacts or needs a decrypted value to, and a rebuild after an erasure makes the same rows.
// The citizen's name is used only for the surname-plus-star display, then dropped.

/** Back office: status, department and deadlines; no personal data and no free text. */
export interface CaseRow {
  petitionId: string;
  trackingCode: string;
  status: string;
  kind: string;
  channel: string;
  addresseeType: string | null;
  addresseeDepartmentId: string | null;
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
  title: string;
  content: string;
  location: string | null;
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
}

/** Redacted submitted text of a consented case awaiting review (never served). */
export interface PendingTextRow {
  petitionId: string;
  title: string;
  content: string;
  location: string | null;
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
}

export interface LoadedPetition {
  readonly case?: CaseRow;
  readonly public?: PublicRow;
  readonly pending?: PendingTextRow;
}

export interface PetitionChanges {
  readonly petitionId: string;
  /** Undefined when no event applied (all were already projected). */
  readonly case?: CaseRow;
  readonly publicUpsert?: PublicRow;
  /** The searchable text (title, content, answer) is new or changed: the search vector must be rebuilt. */
  readonly publicTextChanged: boolean;
  readonly publicDelete: boolean;
  readonly comments: readonly CommentRow[];
  readonly pendingUpsert?: PendingTextRow;
  readonly pendingDelete: boolean;
  /** The case was created in this batch: its redacted title and content, for its search vector. */
  readonly caseText?: readonly string[];
}

/** The petition a stored event belongs to: its data's petitionId, else the stream name's suffix. */
export function petitionIdOf(event: ProjectedEvent): string {
  const id = (event.data as { petitionId?: unknown } | null)?.petitionId;
  return typeof id === 'string' && id ? id : event.recorded.streamId.replace(/^petition-/, '');
}

/** What a read model shows where the citizen was, once their personal data is erased. */
export const ERASED_DISPLAY = '[已删除]';

/** A PetitionSubmitted whose personal data was erased (its key destroyed): the codec says so. */
export function isErased(event: ProjectedEvent): boolean {
  return event.type === 'PetitionSubmitted' && (event.data as { citizen?: { erased?: unknown } } | null)?.citizen?.erased === true;
}

/** The citizen's name in a PetitionSubmitted, unless erased (crypto-shredding) or absent. */
export function citizenNameOf(event: ProjectedEvent): string | undefined {
  if (event.type !== 'PetitionSubmitted') return undefined;
  const name = (event.data as { citizen?: { name?: unknown } } | null)?.citizen?.name;
  return typeof name === 'string' && name.trim() ? name : undefined;
}

const CANONICAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function iso(value: unknown, fallback: string): string {
  // Events carry toISOString() output; parsing it again only costs time.
  if (typeof value === 'string' && CANONICAL_INSTANT.test(value)) return value;
  if (typeof value === 'string' || value instanceof Date) {
    const t = new Date(value).getTime();
    if (Number.isFinite(t)) return new Date(t).toISOString();
  }
  return fallback;
}

const isoOrNull = (value: unknown): string | null => (value === undefined || value === null ? null : iso(value, '') || null);
const str = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

/** 亮红灯 still lit: a deadline recorded as missed and not met since (acknowledged late, or answered). */
const isRedLightLit = (c: CaseRow) =>
  (c.acknowledgeMissedAt !== null && c.status === 'dispatched') ||
  (c.respondMissedAt !== null && (c.status === 'dispatched' || c.status === 'in_progress'));

const shouldBePublic = (c: CaseRow) => c.reviewOutcome === 'accepted' && !c.confidential && c.publicConsent;

/**
 * Applies one petition's events of a batch (in stream order) to its loaded rows. An event whose
 * revision is not above the case's last_revision was projected before and changes nothing.
 */
export function foldPetition(petitionId: string, loaded: LoadedPetition, events: readonly ProjectedEvent[]): PetitionChanges {
  let c: CaseRow | undefined = loaded.case ? { ...loaded.case } : undefined;
  let pub: PublicRow | undefined = loaded.public ? { ...loaded.public } : undefined;
  let pending: PendingTextRow | undefined = loaded.pending ? { ...loaded.pending } : undefined;
  let applied = false;
  let textChanged = false;
  let caseText: string[] | undefined;
  const comments: CommentRow[] = [];

  for (const stored of events) {
    const revision = Number(stored.recorded.revision);
    if (c && revision <= c.lastRevision) continue;
    const event = { type: stored.type, data: stored.data } as PetitionEvent;
    const at = iso((event.data as { at?: unknown }).at, stored.recorded.created.toISOString());

    if (!c) {
      // A stream is born with its PetitionSubmitted; anything else without it has nothing to update.
      if (event.type !== 'PetitionSubmitted') continue;
      const d = event.data;
      const name = citizenNameOf(stored);
      c = {
        petitionId,
        trackingCode: d.trackingCode,
        status: 'submitted',
        kind: d.kind,
        channel: d.channel,
        addresseeType: str(d.addressee?.type),
        addresseeDepartmentId: str(d.addressee?.departmentId),
        departmentId: null,
        categoryId: null,
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
        lastRevision: revision,
        submitterUserId: submitterKey(d.submitter?.userId),
        title: String(d.title ?? ''),
        phoneIndex: str((d.citizen as { phoneIndex?: unknown } | undefined)?.phoneIndex),
        duplicateOf: null,
        dispatchedDepartmentIds: [],
        acknowledgeMissedAt: null,
        respondMissedAt: null,
        overdue: false,
        returnReason: null,
      };
      caseText = [String(d.title ?? ''), String(d.content ?? '')];
      if (c.publicConsent) {
        pending = {
          petitionId,
          title: String(d.title ?? ''),
          content: String(d.content ?? ''),
          location: typeof d.location === 'string' && d.location ? d.location : null,
          citizenDisplay: name ? maskName(name) : isErased(stored) ? ERASED_DISPLAY : null,
          submittedAt: at,
          lastRevision: revision,
        };
      }
    } else if ((stored.type as string) === 'PersonalDataErased') {
      // PIPL erasure: the key is gone; what showed the person now says it was erased.
      if (pub) pub.citizenDisplay = ERASED_DISPLAY;
      if (pending) pending.citizenDisplay = ERASED_DISPLAY;
      c.phoneIndex = null;
      c.lastRevision = revision;
    } else {
      switch (event.type) {
        case 'PetitionSubmitted':
          break; // a stream has one; a second would change nothing
        case 'PetitionReviewed': {
          const d = event.data;
          c.reviewOutcome = d.outcome;
          c.confidential = c.confidential || d.confidential === true;
          if (d.categoryId) c.categoryId = d.categoryId;
          if (d.outcome === 'duplicate') c.duplicateOf = str(d.duplicateOf);
          if (d.outcome === 'accepted') {
            c.status = 'accepted';
            c.acceptedAt = at;
          }
          break;
        }
        case 'PetitionDispatched': {
          const d = event.data;
          c.status = 'dispatched';
          c.departmentId = d.departmentId;
          c.dispatchedAt = at;
          c.acknowledgeBy = isoOrNull(d.acknowledgeBy);
          c.respondBy = isoOrNull(d.respondBy);
          c.acknowledgedAt = null;
          c.pendingExtension = false;
          const ever = c.dispatchedDepartmentIds ?? [];
          c.dispatchedDepartmentIds = ever.includes(d.departmentId) ? ever : [...ever, d.departmentId];
          c.acknowledgeMissedAt = null;
          c.respondMissedAt = null;
          break;
        }
        case 'PetitionAcknowledged':
          c.status = 'in_progress';
          c.acknowledgedAt = at;
          break;
        case 'PetitionReturned':
          c.status = 'returned';
          c.returnedAt = at;
          c.returnedFromDepartmentId = event.data.departmentId;
          c.returnReason = str(event.data.reason);
          c.pendingExtension = false;
          break;
        case 'ExtensionRequested':
          c.pendingExtension = true;
          break;
        case 'ExtensionDecided':
          c.pendingExtension = false;
          if (event.data.approved && event.data.respondBy) {
            c.respondBy = isoOrNull(event.data.respondBy);
            c.respondMissedAt = null; // a new deadline, not yet missed
          }
          break;
        case 'PetitionResponded':
          c.status = 'responded';
          c.respondedAt = at;
          c.pendingExtension = false;
          if (pub) {
            pub.answer = String(event.data.answer ?? '');
            pub.respondedAt = at;
            textChanged = true;
          }
          break;
        case 'PetitionRated': {
          const d = event.data;
          c.status = 'rated';
          c.satisfaction = d.satisfaction;
          if (pub) {
            pub.rating = d.satisfaction;
            pub.ratingComment = typeof d.comment === 'string' && d.comment ? d.comment : null;
            pub.ratedAt = at;
          }
          break;
        }
        case 'PetitionReopened':
          c.status = 'in_progress';
          c.respondBy = isoOrNull(event.data.respondBy);
          c.reopenCount = Number(event.data.reopenCount) || c.reopenCount + 1;
          c.respondMissedAt = null; // answered again against a new deadline
          c.respondedAt = null;
          c.satisfaction = null;
          if (pub) {
            // The rating judged the answer being reworked; the answer stays on record until the next one.
            pub.rating = null;
            pub.ratingComment = null;
            pub.ratedAt = null;
          }
          break;
        case 'PetitionDeadlineMissed':
          if (event.data.deadline === 'acknowledgement') c.acknowledgeMissedAt = at;
          else c.respondMissedAt = at;
          break;
        case 'PetitionEscalated':
          c.escalationLevel = Math.max(c.escalationLevel, Number(event.data.level) || 0);
          break;
        case 'PetitionClosed':
          c.status = 'closed';
          c.closedAt = at;
          c.closeReason = event.data.reason;
          c.pendingExtension = false;
          break;
        case 'PetitionCommented':
          c.commentCount += 1;
          if (pub) {
            comments.push({
              id: stored.recorded.id,
              petitionId,
              author: String(event.data.author ?? ''),
              text: String(event.data.text ?? ''),
              at,
              revision,
            });
            pub.commentCount += 1;
          }
          break;
        default:
          break; // a newer event type: only its revision is recorded
      }
      // Any event that says the case is confidential (涉密) takes it off the public site for good.
      if ((event.data as { confidential?: unknown }).confidential === true) c.confidential = true;
      c.lastRevision = revision;
    }
    c.overdue = isRedLightLit(c);
    applied = true;

    if (pub && !shouldBePublic(c)) {
      pub = undefined;
      comments.length = 0;
    } else if (!pub && pending && shouldBePublic(c)) {
      pub = {
        petitionId,
        trackingCode: c.trackingCode,
        status: c.status,
        kind: c.kind,
        channel: c.channel,
        departmentId: c.departmentId,
        categoryId: c.categoryId,
        title: pending.title,
        content: pending.content,
        location: pending.location,
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
      };
      textChanged = true;
    }
    // Staged text is kept only while the case may still be published: until its review or close.
    if (pending && (pub || c.reviewOutcome !== null || c.status === 'closed')) {
      pending = undefined;
    }
  }

  if (!applied || !c) return { petitionId, publicDelete: false, publicTextChanged: false, comments: [], pendingDelete: false };
  if (pub) {
    pub.status = c.status;
    pub.departmentId = c.departmentId;
    pub.categoryId = c.categoryId;
    pub.acceptedAt = c.acceptedAt;
    pub.closedAt = c.closedAt;
    pub.lastRevision = c.lastRevision;
  }
  if (pending) pending.lastRevision = c.lastRevision;
  return {
    petitionId,
    case: c,
    publicUpsert: pub,
    publicTextChanged: pub !== undefined && textChanged,
    publicDelete: loaded.public !== undefined && pub === undefined,
    comments: pub ? comments : [],
    pendingUpsert: pending,
    pendingDelete: loaded.pending !== undefined && pending === undefined,
    caseText,
  };
}
