import { responseDeadlineProtected } from '@wenzheng/petition';
import { EventContext, Evolve, unchanged } from '@wenzheng/projector';
import { PetitionStreamEvent, byPetitionEvent, iso, occurredAt, str } from '../petition-stream';

// The supervision office's inbox, folded per petition: what the case waits for from the office,
// as of its last event. The items are a function of this state alone, so a replayed event or a
// rebuild makes the same rows. Two kinds depend on the clock as well as on the events (a red
// light once a deadline has passed, a return once it has waited longer than a working day): the
// state keeps the instants and the reader compares them with the time of the query, so the inbox
// is right even before the deadline watcher has run. Only ids, instants, the tracking code and
// the title as published (the codec's redacted copy, never decrypted): no personal data.

export const INBOX_KINDS = ['extension_request', 'unsatisfied_rating', 'red_light', 'auto_escalation', 'returned'] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];

/** Kinds whose items show only once their `since` instant is reached (see the reader). */
export const TIMED_KINDS: readonly InboxKind[] = ['red_light', 'returned'];

export interface InboxCase {
  petitionId: string;
  trackingCode: string;
  /** The redacted title as published. */
  title: string;
  /** The petition's kind: its time limits. */
  kind: string;
  /** The department holding the case, or the one that returned it. */
  departmentId: string | null;
  lastRevision: number;
  closed: boolean;
  /** acknowledgeBy while the department has not signed for the case. */
  ackDueAt: string | null;
  /** respondBy while an answer is owed. */
  respondBy: string | null;
  extension: { requestedAt: string; requestedRespondBy: string | null; currentRespondBy: string | null } | null;
  unsatisfied: { ratedAt: string; reopenCount: number } | null;
  escalation: { at: string; level: number; respondBy: string | null } | null;
  returned: { at: string } | null;
  reopenCount: number;
}

export interface InboxItem {
  petitionId: string;
  kind: InboxKind;
  /** When the item began: the request, the rating, the missed deadline, the escalation, the return. */
  since: string;
  departmentId: string | null;
  trackingCode: string;
  title: string;
  petitionKind: string;
  detail: Record<string, string | number>;
}

export const emptyInboxCase = (petitionId: string): InboxCase => ({
  petitionId,
  trackingCode: '',
  title: '',
  kind: '',
  departmentId: null,
  lastRevision: -1,
  closed: false,
  ackDueAt: null,
  respondBy: null,
  extension: null,
  unsatisfied: null,
  escalation: null,
  returned: null,
  reopenCount: 0,
});

const at = (e: { data: unknown }, context: EventContext) => occurredAt({ data: e.data, recorded: context.recorded });

const apply = byPetitionEvent<InboxCase, EventContext>({
  PetitionSubmitted: (c, { data: d }) => ({
    ...c,
    trackingCode: str(d.trackingCode) ?? '',
    title: typeof d.title === 'string' ? d.title : '',
    kind: str(d.kind) ?? '',
  }),
  PetitionReviewed: unchanged,
  PetitionDispatched: (c, { data: d }) => ({
    ...c,
    departmentId: str(d.departmentId),
    ackDueAt: iso(d.acknowledgeBy),
    respondBy: iso(d.respondBy),
    extension: null,
    returned: null,
  }),
  PetitionAcknowledged: (c) => ({ ...c, ackDueAt: null }),
  // The department that returned it stays named: the item says who sent it back.
  PetitionReturned: (c, e, context) => ({
    ...c,
    departmentId: str(e.data.departmentId) ?? c.departmentId,
    ackDueAt: null,
    respondBy: null,
    extension: null,
    escalation: null,
    returned: { at: at(e, context) },
  }),
  ExtensionRequested: (c, e, context) => ({
    ...c,
    extension: {
      requestedAt: at(e, context),
      requestedRespondBy: iso(e.data.requestedRespondBy),
      currentRespondBy: iso(e.data.currentRespondBy),
    },
  }),
  ExtensionDecided: (c, { data: d }) => {
    const respondBy = iso(d.respondBy);
    return {
      ...c,
      extension: null,
      respondBy: d.approved === true && respondBy !== null && c.respondBy !== null ? respondBy : c.respondBy,
    };
  },
  PetitionResponded: (c) => ({ ...c, ackDueAt: null, respondBy: null, extension: null, escalation: null }),
  PetitionRated: (c, e, context) =>
    e.data.satisfaction === 'unsatisfied' ? { ...c, unsatisfied: { ratedAt: at(e, context), reopenCount: c.reopenCount } } : c,
  PetitionReopened: (c, { data: d }) => ({
    ...c,
    departmentId: str(d.departmentId) ?? c.departmentId,
    respondBy: iso(d.respondBy),
    unsatisfied: null,
    reopenCount: typeof d.reopenCount === 'number' ? d.reopenCount : c.reopenCount + 1,
  }),
  PetitionDeadlineMissed: unchanged, // red lights are read from the deadlines
  // A manual 督办 is the office's own act: only the automatic ones wait for it.
  PetitionEscalated: (c, e, context) =>
    e.data.automatic === true
      ? { ...c, escalation: { at: at(e, context), level: Number(e.data.level ?? 1), respondBy: iso(e.data.respondBy) } }
      : c,
  PetitionClosed: (c) => ({
    ...c,
    ackDueAt: null,
    respondBy: null,
    extension: null,
    unsatisfied: null,
    escalation: null,
    returned: null,
    closed: true,
  }),
  PetitionCommented: unchanged,
  PetitionWithdrawn: unchanged, // the PetitionClosed (withdrawn) that follows empties the case's items
  PetitionInterimReplied: unchanged, // the answer is still owed: its red light stays
  // 补充材料: the response clock stands still, so no response deadline runs until it resumes, moved.
  InformationRequested: (c) => ({ ...c, respondBy: null }),
  InformationSupplied: (c, { data: d }) => ({ ...c, respondBy: iso(d.respondBy) }),
  InformationRequestLapsed: (c, { data: d }) => ({ ...c, respondBy: iso(d.respondBy) }),
  ReviewDeadlineMissed: unchanged, // the hotline office's own red light, in its assessment
  // 协办, 下派 and 承办人 leave the lead owing the answer by the same deadline: nothing to follow up here.
  AssistanceProvided: unchanged,
  PetitionPassedDown: unchanged,
  PetitionAnsweredUp: unchanged,
  HandlerAssigned: unchanged,
  PublicationModerated: unchanged,
  PersonalDataErased: unchanged,
  ReporterIdentityReleased: unchanged,
});

/** What one event does to the case; a closed case waits for nothing any more. */
export const evolveInboxCase: Evolve<InboxCase, PetitionStreamEvent> = (row, event, context) => {
  const c = row ?? emptyInboxCase(context.key);
  return c.closed ? c : apply(c, event, context);
};

/** The items a case puts in the inbox now (timed ones are filtered by the reader). */
export function inboxItemsOf(c: InboxCase): InboxItem[] {
  if (c.closed || !c.trackingCode) return [];
  const item = (kind: InboxKind, since: string, detail: InboxItem['detail'] = {}): InboxItem => ({
    petitionId: c.petitionId,
    kind,
    since,
    departmentId: c.departmentId,
    trackingCode: c.trackingCode,
    title: c.title,
    petitionKind: c.kind,
    detail,
  });
  const items: InboxItem[] = [];
  if (c.extension) {
    items.push(
      item('extension_request', c.extension.requestedAt, {
        ...(c.extension.requestedRespondBy && { requestedRespondBy: c.extension.requestedRespondBy }),
        ...(c.extension.currentRespondBy && { currentRespondBy: c.extension.currentRespondBy }),
      }),
    );
  }
  if (c.unsatisfied) items.push(item('unsatisfied_rating', c.unsatisfied.ratedAt, { reopenCount: c.unsatisfied.reopenCount }));
  // The earliest deadline owed: signing for the case comes before the answer. A pending extension
  // request protects the response deadline, not the acknowledgement.
  const protectedResponse = responseDeadlineProtected(c.extension ? { pendingExtension: { requestedAt: c.extension.requestedAt } } : {});
  if (c.ackDueAt) items.push(item('red_light', c.ackDueAt, { deadline: 'acknowledgement' }));
  else if (c.respondBy && !protectedResponse) items.push(item('red_light', c.respondBy, { deadline: 'response' }));
  if (c.escalation) {
    items.push(
      item('auto_escalation', c.escalation.at, {
        level: c.escalation.level,
        ...(c.escalation.respondBy && { respondBy: c.escalation.respondBy }),
      }),
    );
  }
  if (c.returned) items.push(item('returned', c.returned.at));
  return items;
}
