import type { components } from './schema';

export type Schemas = components['schemas'];

/**
 * GET /api/petitions/:ref declares no response schema in the OpenAPI document, so its shape is
 * written here from apps/api/src/petitions/get-petition/petition-view.ts (the fields the screens read).
 */
export interface PetitionStep {
  at: string;
  step: string;
  departmentId?: string;
  departmentName?: string;
  reason?: string;
  respondBy?: string;
  acknowledgeBy?: string;
  duplicateOf?: { trackingCode?: string; url?: string };
  answer?: string;
  satisfaction?: string;
  comment?: string;
  via?: string;
  note?: string;
  requestedRespondBy?: string;
  onTime?: boolean;
  automatic?: boolean;
  deadline?: string;
  /** deadline_missed: the deadline that passed (its kind is `deadline`). */
  dueAt?: string;
  level?: number;
  /** interim_reply: the 阶段性答复; information_supplied: what the citizen supplied. */
  text?: string;
  /** information_requested: the question (补充材料) and by when the citizen may supply it. */
  question?: string;
  supplyBy?: string;
  pausedWorkingDays?: number;
  /** answered: unreachable (联系不上). */
  outcome?: string;
  /** dispatched (staff only): the assisting departments (协办) and when each contribution is due. */
  assisting?: { departmentId: string; departmentName?: string; contributeBy: string }[];
  /** handler_assigned (staff only): the 承办人's display name. */
  handlerName?: string;
  /** moderated (staff only): what was hidden or restored. */
  target?: string;
  commentId?: string;
  action?: string;
}

export interface PetitionView {
  id: string;
  revision: number;
  status: string;
  trackingCode?: string;
  kind?: string;
  channel: string;
  /** 回访: no citizen holds the key (a 12345 call, an Open311 report, a forwarded question): the office records the rating. */
  ratedByCallBack?: boolean;
  categoryId?: string;
  confidential?: boolean;
  publicConsent?: boolean;
  addressee: { type: string; departmentId?: string; mailboxId?: string };
  /** 领导信箱: its title and, for staff, the department its letters usually go to. */
  mailbox?: { id: string; title?: string; departmentId?: string };
  title: string;
  content: string;
  location?: string;
  /** The district (or street) code the point or the citizen named. */
  districtCode?: string;
  citizen: { name?: string; phone?: string; erased?: boolean };
  submittedAt?: string;
  departmentId?: string;
  dispatchedAt?: string;
  acknowledged: boolean;
  acknowledgeBy?: string;
  respondBy?: string;
  respondedAt?: string;
  pendingExtension?: { requestedAt: string; requestedRespondBy: string; reason: string };
  answer?: string;
  /** 补充材料 awaited: the question and by when; the response clock is paused meanwhile. */
  awaitingInformation?: { question: string; requestedAt: string; supplyBy: string };
  /** 评价期限 while the answer awaits its rating. */
  rateBy?: string;
  /** 审核期限 while the case awaits review (submitted). */
  reviewBy?: string;
  /** On the public site now: 跟帖 is taken only then (the API answers a comment on any other case as on an unknown one). */
  shownPublicly?: boolean;
  rating?: { satisfaction: string; comment?: string; at: string };
  /** The latest rating's satisfaction: an unsatisfied one, not yet reopened or closed, awaits the supervisor. */
  lastRating?: string;
  closeReason?: string;
  closedAt?: string;
  steps?: PetitionStep[];
  /** Every attachment, with the link to its original (served to whoever reads the case in clear). */
  attachments?: {
    id: string;
    contentType: string;
    size: number;
    on: 'submission' | 'comment' | 'answer';
    commentId?: string;
    at: string;
    url: string;
  }[];
  history: { revision: number; type: string; at: string; actor: { role?: string; departmentId?: string } }[];
  /** masked: the citizen block and every free text redacted (oversight without a stated reason, security.md). */
  personalData?: 'masked' | 'shown';
}
