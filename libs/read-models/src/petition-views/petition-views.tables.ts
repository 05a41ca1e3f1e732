import type { PoolClient } from 'pg';
import { Column, TableNames, columnsDdl } from '@wenzheng/projector';
import type { CaseRow, CommentRow, PendingTextRow, PublicRow } from './petition-views.fold';
import { periodSql } from './text-search-plan';
import { DISTRICT_LISTING_INDEX, HIDDEN_INDEX, STREET_LISTING_INDEX } from './listing-statements';

// One column list per table (libs/projector's columns.ts) drives the DDL, the batch upserts and
// loading rows back, so the three cannot drift apart.

export const PETITION_VIEW_TABLES = [
  'cases',
  'public_petitions',
  'public_comments',
  'pending_texts',
  'case_terms',
  'public_terms',
] as const;
export type PetitionViewTable = (typeof PETITION_VIEW_TABLES)[number];

export const CASE_COLUMNS: readonly Column<CaseRow>[] = [
  ['petition_id', 'text', 'petitionId'],
  ['tracking_code', 'text', 'trackingCode'],
  ['status', 'text', 'status'],
  ['kind', 'text', 'kind'],
  ['channel', 'text', 'channel'],
  ['addressee_type', 'text', 'addresseeType'],
  ['addressee_department_id', 'text', 'addresseeDepartmentId'],
  ['addressee_mailbox_id', 'text', 'addresseeMailboxId'],
  ['department_id', 'text', 'departmentId'],
  ['category_id', 'text', 'categoryId'],
  ['review_outcome', 'text', 'reviewOutcome'],
  ['confidential', 'boolean', 'confidential'],
  ['public_consent', 'boolean', 'publicConsent'],
  ['submitted_at', 'timestamptz', 'submittedAt'],
  ['accepted_at', 'timestamptz', 'acceptedAt'],
  ['dispatched_at', 'timestamptz', 'dispatchedAt'],
  ['acknowledge_by', 'timestamptz', 'acknowledgeBy'],
  ['respond_by', 'timestamptz', 'respondBy'],
  ['acknowledged_at', 'timestamptz', 'acknowledgedAt'],
  ['responded_at', 'timestamptz', 'respondedAt'],
  ['closed_at', 'timestamptz', 'closedAt'],
  ['returned_at', 'timestamptz', 'returnedAt'],
  ['returned_from_department_id', 'text', 'returnedFromDepartmentId'],
  ['close_reason', 'text', 'closeReason'],
  ['pending_extension', 'boolean', 'pendingExtension'],
  ['escalation_level', 'int', 'escalationLevel'],
  ['reopen_count', 'int', 'reopenCount'],
  ['satisfaction', 'text', 'satisfaction'],
  ['comment_count', 'int', 'commentCount'],
  ['last_revision', 'bigint', 'lastRevision'],
  ['submitter_user_id', 'text', 'submitterUserId'],
  ['title', 'text', 'title'],
  ['phone_index', 'text', 'phoneIndex'],
  ['duplicate_of', 'text', 'duplicateOf'],
  ['dispatched_department_ids', 'text[]', 'dispatchedDepartmentIds'],
  ['acknowledge_missed_at', 'timestamptz', 'acknowledgeMissedAt'],
  ['respond_missed_at', 'timestamptz', 'respondMissedAt'],
  ['overdue', 'boolean', 'overdue'],
  ['return_reason', 'text', 'returnReason'],
  ['assisting_department_ids', 'text[]', 'assistingDepartmentIds'],
  ['assist_by', 'timestamptz', 'assistBy'],
  ['passed_down_to', 'text', 'passedDownTo'],
  ['handler_id', 'text', 'handlerId'],
  ['handler_name', 'text', 'handlerName'],
  ['handler_assigned_at', 'timestamptz', 'handlerAssignedAt'],
  ['rated_by_call_back', 'boolean', 'ratedByCallBack'],
  ['personal_data_erased', 'boolean', 'personalDataErased'],
];

export const PUBLIC_COLUMNS: readonly Column<PublicRow>[] = [
  ['petition_id', 'text', 'petitionId'],
  ['tracking_code', 'text', 'trackingCode'],
  ['status', 'text', 'status'],
  ['kind', 'text', 'kind'],
  ['channel', 'text', 'channel'],
  ['department_id', 'text', 'departmentId'],
  ['category_id', 'text', 'categoryId'],
  ['mailbox_id', 'text', 'mailboxId'],
  ['title', 'text', 'title'],
  ['content', 'text', 'content'],
  ['location', 'text', 'location'],
  ['district_code', 'text', 'districtCode'],
  ['public_lat', 'float8', 'publicLat'],
  ['public_lng', 'float8', 'publicLng'],
  ['answer', 'text', 'answer'],
  ['citizen_display', 'text', 'citizenDisplay'],
  ['submitted_at', 'timestamptz', 'submittedAt'],
  ['accepted_at', 'timestamptz', 'acceptedAt'],
  ['responded_at', 'timestamptz', 'respondedAt'],
  ['closed_at', 'timestamptz', 'closedAt'],
  ['rating', 'text', 'rating'],
  ['rating_comment', 'text', 'ratingComment'],
  ['rated_at', 'timestamptz', 'ratedAt'],
  ['comment_count', 'int', 'commentCount'],
  ['last_revision', 'bigint', 'lastRevision'],
  ['hidden', 'boolean', 'hidden'],
  ['answer_hidden', 'boolean', 'answerHidden'],
];

/**
 * A case's words (GET /api/cases?q) and what its GIN indexes intersect them with, in a table of
 * their own: a status change rewrites the `cases` row, and every index of a rewritten row takes a
 * new entry (the status is indexed, so the update is never HOT). With the GIN indexes on `cases`,
 * each status change wrote the case's every word into them again: at 1,000,000 cases 90-134 ms a
 * page of 250 status changes with fsync on against 41-43 ms without, p99 1.0-1.4 s against 70-78
 * ms (the pending list's merges), WAL 5.6-7.2 KB a row against 2.9-3.1 (docs/performance.md, the eleventh round).
 * Written on submission and when the case's departments change (dispatch, transfer, return), never
 * on a status change. `search` is jieba's words of the redacted title and content (search-terms.ts);
 * `cases.search` holds the same words, unindexed, for the newest-first window: read there with the
 * row it walks, not looked up here row by row (at 1M cases that lookup took the staff search's p95
 * from 14 to 90 ms).
 */
export interface CaseTermsRow {
  readonly petitionId: string;
  readonly departmentId: string | null;
  readonly dispatchedDepartmentIds: readonly string[];
  /** The case's, for the order of a search's matches read in this table alone. */
  readonly submittedAt: string;
  readonly lastRevision: number;
  /** null: unchanged (the stored vector stays). */
  readonly search: string | null;
}

export const CASE_TERMS_COLUMNS: readonly Column<CaseTermsRow>[] = [
  ['petition_id', 'text', 'petitionId'],
  ['department_id', 'text', 'departmentId'],
  ['dispatched_department_ids', 'text[]', 'dispatchedDepartmentIds'],
  ['submitted_at', 'timestamptz', 'submittedAt'],
  ['last_revision', 'bigint', 'lastRevision'],
  ['search', 'tsvector', 'search'],
];

/**
 * A public case's words (title, content, answer unless hidden) with its department and submission
 * instant, which the public search's GIN index holds with them: written on publication, an answer,
 * an answer hidden or restored and a transfer, never on a status change (see CaseTermsRow).
 */
export interface PublicTermsRow {
  readonly petitionId: string;
  readonly departmentId: string | null;
  readonly submittedAt: string;
  readonly lastRevision: number;
  readonly search: string | null;
}

export const PUBLIC_TERMS_COLUMNS: readonly Column<PublicTermsRow>[] = [
  ['petition_id', 'text', 'petitionId'],
  ['department_id', 'text', 'departmentId'],
  ['submitted_at', 'timestamptz', 'submittedAt'],
  ['last_revision', 'bigint', 'lastRevision'],
  ['search', 'tsvector', 'search'],
];

export const PENDING_COLUMNS: readonly Column<PendingTextRow>[] = [
  ['petition_id', 'text', 'petitionId'],
  ['title', 'text', 'title'],
  ['content', 'text', 'content'],
  ['location', 'text', 'location'],
  ['district_code', 'text', 'districtCode'],
  ['public_lat', 'float8', 'publicLat'],
  ['public_lng', 'float8', 'publicLng'],
  ['citizen_display', 'text', 'citizenDisplay'],
  ['submitted_at', 'timestamptz', 'submittedAt'],
  ['last_revision', 'bigint', 'lastRevision'],
];

export const COMMENT_COLUMNS: readonly Column<CommentRow>[] = [
  ['id', 'text', 'id'],
  ['petition_id', 'text', 'petitionId'],
  ['author', 'text', 'author'],
  ['text', 'text', 'text'],
  ['at', 'timestamptz', 'at'],
  ['revision', 'bigint', 'revision'],
  ['hidden', 'boolean', 'hidden'],
];

const NOT_NULL = new Set([
  'petition_id',
  'tracking_code',
  'status',
  'kind',
  'channel',
  'confidential',
  'public_consent',
  'submitted_at',
  'pending_extension',
  'escalation_level',
  'reopen_count',
  'comment_count',
  'last_revision',
  'title',
  'content',
  'dispatched_department_ids',
  'overdue',
  'hidden',
  'answer_hidden',
  'rated_by_call_back',
  'personal_data_erased',
  'id',
  'author',
  'text',
  'at',
  'revision',
]);

// Indexes and constraints are left unnamed: PostgreSQL picks free names, so a rebuild's tables
// (renamed into place later) never collide with the live ones' index names.
export async function createPetitionViewTables(client: PoolClient, names: TableNames): Promise<void> {
  const exists = async (table: string) => (await client.query(`select to_regclass($1) is not null as e`, [table])).rows[0].e as boolean;
  const {
    cases,
    public_petitions: pub,
    public_comments: comments,
    pending_texts: pending,
    case_terms: caseTerms,
    public_terms: pubTerms,
  } = names;

  if (!(await exists(cases))) {
    // search: the case's words as in case_terms, for the newest-first window's test of each row it
    // walks (listing-statements.ts), with no index: the GIN indexes are case_terms'.
    await client.query(
      `create table ${cases} (\n  ${columnsDdl(CASE_COLUMNS, NOT_NULL)},\n  search tsvector,\n  primary key (petition_id)\n)`,
    );
    await client.query(`create index on ${cases} (department_id, status, respond_by)`);
    await client.query(`create index on ${cases} (tracking_code)`); // a citizen's :ref
    await client.query(
      `create index on ${cases} (submitter_user_id, submitted_at desc, petition_id desc) where submitter_user_id is not null`,
    ); // GET /me/petitions
    await client.query(`create index on ${cases} (submitted_at)`); // public statistics: cases submitted in a period
    // GET /api/cases: newest first under each filter shape (search-cases.handler.ts), so each is an index scan.
    await client.query(`create index on ${cases} (submitted_at desc, petition_id desc)`);
    await client.query(`create index on ${cases} (status, submitted_at desc, petition_id desc)`);
    await client.query(`create index on ${cases} (department_id, status, submitted_at desc, petition_id desc)`);
    await client.query(
      `create index on ${cases} (addressee_mailbox_id, submitted_at desc, petition_id desc) where addressee_mailbox_id is not null`,
    );
    await client.query(`create index on ${cases} (phone_index, submitted_at desc, petition_id desc) where phone_index is not null`);
    await client.query(`create index on ${cases} (submitted_at desc, petition_id desc) where overdue`);
    await client.query(`create index on ${cases} (submitted_at desc, petition_id desc) where escalation_level > 0`);
    await client.query(`create index on ${cases} using gin (dispatched_department_ids)`);
    // A handler's q search (listing-statements.ts): the cases its department holds, newest first (the
    // words in case_terms' indexes below).
    await client.query(`create index on ${cases} (department_id, submitted_at desc, petition_id desc)`);
    // The queues of assisting departments (协办) and of the units a case was passed down to (下派).
    await client.query(`create index on ${cases} using gin (assisting_department_ids) where status in ('dispatched', 'in_progress')`);
    await client.query(`create index on ${cases} (passed_down_to) where passed_down_to is not null`);
    // Figures per person (承办人) in a department's own report.
    await client.query(`create index on ${cases} (department_id, handler_id) where handler_id is not null`);
    await client.query(`create index on ${cases} (duplicate_of) where duplicate_of is not null`); // an original's duplicates
    // The review queue: cases waiting for a reviewer, oldest first.
    await client.query(
      `create index on ${cases} ((case when status = 'returned' then returned_at else submitted_at end), petition_id) where status in ('submitted', 'returned')`,
    );
    // 待回访: answered cases the office calls back for the rating, the longest answered first (callback-queue.handler.ts);
    // not once the citizen's data is erased (no phone, and the call-back is refused).
    await client.query(
      `create index on ${cases} (responded_at, petition_id) where status = 'responded' and rated_by_call_back and not personal_data_erased`,
    );
    // Rows written by hand (tests, a bulk load) are rated by their citizen, and not erased, unless said otherwise.
    await client.query(
      `alter table ${cases} alter column rated_by_call_back set default false, alter column personal_data_erased set default false`,
    );
  }
  if (!(await exists(pub))) {
    // search: the words as in public_terms, for the window's test (no index; see cases').
    await client.query(
      `create table ${pub} (\n  ${columnsDdl(PUBLIC_COLUMNS, NOT_NULL)},\n  search tsvector,\n  primary key (petition_id),\n  unique (tracking_code)\n)`,
    );
    await client.query(`create index on ${pub} (submitted_at desc, petition_id desc)`);
    await client.query(`create index on ${pub} (department_id, submitted_at desc, petition_id desc)`);
    await client.query(`create index on ${pub} (mailbox_id, submitted_at desc, petition_id desc) where mailbox_id is not null`);
    // ?status=: the newest cases are open, closed ones older, so walking the newest-first index for a status reads far.
    await client.query(`create index on ${pub} (status, submitted_at desc, petition_id desc)`);
    // ?district=: DISTRICT_LISTING_INDEX, a street's STREET_LISTING_INDEX (listing-statements.ts).
    await client.query(`create index on ${pub} ${DISTRICT_LISTING_INDEX}`);
    await client.query(`create index on ${pub} ${STREET_LISTING_INDEX}`);
    // A search's page of matches leaves the hidden cases out by id (HIDDEN_INDEX, listing-statements.ts).
    await client.query(`create index on ${pub} ${HIDDEN_INDEX}`);
    // Rows written by hand (tests, a bulk load) are visible unless said otherwise.
    await client.query(`alter table ${pub} alter column hidden set default false, alter column answer_hidden set default false`);
  }
  if (!(await exists(caseTerms))) {
    // search: jieba's words of the redacted title and content, written once at submission.
    await client.query(`create table ${caseTerms} (\n  ${columnsDdl(CASE_TERMS_COLUMNS, NOT_NULL)},\n  primary key (petition_id)\n)`);
    // A handler's q search (listing-statements.ts): those it was dispatched and no longer holds (few),
    // and the rest of the matches, department and words intersected. The second serves the words
    // alone too (GET /api/cases?q): a multicolumn GIN index serves a condition on either column.
    await client.query(
      `create index on ${caseTerms} using gin (array_remove(dispatched_department_ids, department_id), search) where cardinality(array_remove(dispatched_department_ids, department_id)) > 0`,
    );
    await client.query(`create index on ${caseTerms} using gin (dispatched_department_ids, search)`);
  }
  if (!(await exists(pubTerms))) {
    // search: jieba's words of title, content and answer (search-terms.ts).
    await client.query(`create table ${pubTerms} (\n  ${columnsDdl(PUBLIC_TERMS_COLUMNS, NOT_NULL)},\n  primary key (petition_id)\n)`);
    // The words (search-terms.ts), alone, in a department or in a few weeks (listing-statements.ts and
    // text-search-plan.ts: department or weeks and words intersected in the index). One index for all:
    // with a second on the words alone, the planner took that one for a department's search and
    // filtered every match of the table.
    await client.query(`create index on ${pubTerms} using gin ((array[department_id]), (array[${periodSql('submitted_at')}]), search)`);
  }
  if (!(await exists(comments))) {
    await client.query(`create table ${comments} (\n  ${columnsDdl(COMMENT_COLUMNS, NOT_NULL)},\n  primary key (id)\n)`);
    await client.query(`create index on ${comments} (petition_id, revision)`);
    await client.query(`alter table ${comments} alter column hidden set default false`);
  }
  if (!(await exists(pending))) {
    await client.query(`create table ${pending} (\n  ${columnsDdl(PENDING_COLUMNS, NOT_NULL)},\n  primary key (petition_id)\n)`);
  }
}
