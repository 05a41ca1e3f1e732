// The closed value sets of the petition domain. Arrays are exported so that request DTOs
// (`@IsIn(PETITION_KINDS)`) and read models validate against the same words as decide.

export const CHANNELS = ['web', 'hotline_12345', 'wechat', 'weibo', 'app', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

/** 咨询 投诉 建议 求助 举报 表扬 */
export const PETITION_KINDS = ['consultation', 'complaint', 'suggestion', 'help', 'report', 'praise'] as const;
export type PetitionKind = (typeof PETITION_KINDS)[number];

/** 市长信箱 书记信箱 部门信箱 综合 */
export const ADDRESSEE_TYPES = ['mayor', 'secretary', 'department', 'general'] as const;
export type AddresseeType = (typeof ADDRESSEE_TYPES)[number];

export const REVIEW_OUTCOMES = ['accepted', 'rejected', 'duplicate'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/** 满意 基本满意 不满意 */
export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

/** How a rating reached the case when not from the submitter: 回访, the office's call-back. */
export const RATING_VIAS = ['callback'] as const;
export type RatingVia = (typeof RATING_VIAS)[number];

/** reached: the caller gave a satisfaction; unreachable: not after the policy's attempts. */
export const CALLBACK_OUTCOMES = ['reached', 'unreachable'] as const;
export type CallbackOutcome = (typeof CALLBACK_OUTCOMES)[number];

/** How an answer ended: unreachable (联系不上), the department could not reach the citizen. Absent: answered. */
export const ANSWER_OUTCOMES = ['unreachable'] as const;
export type AnswerOutcome = (typeof ANSWER_OUTCOMES)[number];

export const DEADLINE_KINDS = ['acknowledgement', 'response'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** withdrawn: the submitter withdrew it before an answer (撤回), no deduction for the department. */
export const CLOSE_REASONS = ['rated', 'no_rating_in_time', 'rejected', 'duplicate', 'withdrawn'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

/** 内容管理: what a moderator may take off (and put back on) the public routes. */
export const MODERATION_TARGETS = ['case', 'answer', 'comment'] as const;
export type ModerationTarget = (typeof MODERATION_TARGETS)[number];

export const MODERATION_ACTIONS = ['hide', 'restore'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

export const ROLES = ['citizen', 'reviewer', 'handler', 'supervisor', 'auditor', 'admin', 'system'] as const;
export type Role = (typeof ROLES)[number];

export const PETITION_STATUSES = [
  'initial',
  'submitted',
  'accepted',
  'dispatched',
  'in_progress',
  'returned',
  'responded',
  'rated',
  'closed',
] as const;
export type PetitionStatus = (typeof PETITION_STATUSES)[number];

export interface Addressee {
  readonly type: AddresseeType;
  /** Required when type is 'department'. */
  readonly departmentId?: string;
  /** A leader's mailbox (市长、副市长、书记 …, reference data) the letter is written to; not with type 'department' (added later). */
  readonly mailboxId?: string;
}

/** A mailbox id as reference data spells it. */
export const MAILBOX_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** The addressee types a leader's mailbox (reference data) is filed under: 市长 and 书记. */
export const LEADER_ADDRESSEE_TYPES = ['mayor', 'secretary'] as const satisfies readonly AddresseeType[];
export type LeaderAddresseeType = (typeof LEADER_ADDRESSEE_TYPES)[number];

/**
 * Personal data (PIPL). Kept in one sub-object so that the application can replace it with an
 * encrypted envelope at the store boundary; no rule and no state field reads it.
 */
export interface CitizenContact {
  readonly name: string;
  readonly phone: string;
  readonly idNumber?: string;
  readonly email?: string;
}

/** Where a petition came from when no person submitted it: a question of an online interview (在线访谈). */
export const SOURCE_KINDS = ['interview'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/**
 * The link back to what a petition the system submitted came from: the interview's id and the
 * question's. Ids only, no free text: the topic is read from the interview when shown.
 */
export interface PetitionSource {
  readonly kind: SourceKind;
  readonly id: string;
  readonly questionId: string;
}

/** Who may later act as the submitter: an account id and/or the hash of the access key. */
export interface Submitter {
  readonly userId?: string;
  readonly accessKeyHash: string;
}

export interface Actor {
  readonly id: string;
  readonly role: Role;
  /** Handlers only: the department the token was issued for. */
  readonly departmentId?: string;
}

/** A point on the map in WGS-84 degrees (what GPS gives; GCJ-02 input is converted before a command). */
export interface GeoPoint {
  readonly lat: number;
  readonly lng: number;
}

/**
 * A file attached to a submission, comment or answer, as events record it: never its bytes or its
 * name (a file name can name a person), only what identifies and checks the stored blob.
 */
export interface AttachmentRef {
  /** UUID; the blob-store key is derived from the case and this id. */
  readonly id: string;
  /** Detected from the bytes, not taken from the client. */
  readonly contentType: string;
  readonly size: number;
  /** Lower-case hex SHA-256 of the original bytes. */
  readonly sha256: string;
}

/** 行政区划代码: 6 digits for a district (330302), 9 for a street (330302001). */
export const DISTRICT_CODE = /^\d{6}(\d{3})?$/;
