import { SHANGHAI_OFFSET, addLocalDays } from '@wenzheng/calendar';
import { DISTRICT_CODE } from '@wenzheng/petition';
import type { KeysetPosition } from './keyset-cursor';
import { cursorInstantSql } from './keyset-cursor';
import { searchQuery } from './search-terms';
import { periodSql } from './text-search-plan';
import type { Statement, TextMatch } from './text-search-plan';

// The statements GET /api/public/petitions and GET /api/cases send, here rather than in their
// handlers so that the bench's index-design step (apps/bench/src/steps/index-designs.ts) times
// exactly these texts.

/** Characters of the redacted content a listing shows. */
export const EXCERPT_LENGTH = 140;

/** 内容管理: a case a moderator hid is on no public route (listing, search, page, export). */
export const VISIBLE_PUBLIC = 'not p.hidden';

/** Columns the listing and the detail read; `excerpt_source` is one character longer than an excerpt. */
export const PUBLIC_ITEM_COLUMNS = `p.petition_id, p.tracking_code, p.status, p.kind, p.channel, p.department_id, p.category_id, p.mailbox_id, p.citizen_display,
  p.district_code, p.public_lat, p.public_lng,
  p.title, left(p.content, ${EXCERPT_LENGTH + 1}) as excerpt_source, case when p.answer_hidden then null else p.answer end as answer, p.submitted_at, p.responded_at, p.closed_at,
  p.rating, p.rating_comment, p.comment_count`;

/** Filters of the public listing, already validated (ids lower-cased and known, dates and codes well formed). */
export interface PublicListingFilter {
  readonly departmentId?: string;
  readonly categoryId?: string;
  readonly district?: string;
  readonly mailbox?: string;
  readonly status?: string;
  readonly kind?: string;
  readonly from?: string;
  readonly to?: string;
  readonly q?: string;
}

/**
 * The public listing's district filter walks this index (public_petitions; the projection creates it,
 * migration 1795697500000 adds it to existing tables): a district's rows, its streets' included,
 * newest first. As a filter on the newest-first index (the `like` prefix match before), a district
 * with few cases or none (any well-formed code is accepted) read every public row: 138 ms at
 * 100,000 cases for a code with no case, growing with the table.
 */
export const DISTRICT_LISTING_INDEX =
  '((left(district_code, 6)), submitted_at desc, petition_id desc, district_code) where district_code is not null';

/**
 * A street's filter (9 digits) walks this one (migration 1795697600000): that code's rows alone,
 * newest first. On DISTRICT_LISTING_INDEX a street's filter was checked on its district's entries
 * one by one, so a street with few cases or none read all of its district's entries: at 1,000,000
 * seeded cases the `by street` shape's p95 was 45 ms with fsync on (the district's pages read from
 * the OS's cache), where a page of a street with cases needs a few entries.
 */
export const STREET_LISTING_INDEX = '(district_code, submitted_at desc, petition_id desc) where district_code is not null';

/**
 * The cases a moderator hid (few): a public search whose only conditions are the terms' (the words,
 * a department, the keyset) leaves them out of its page of matches with this (migration
 * 1795697800000), before it reads the page's rows, instead of joining every match to its row.
 */
export const HIDDEN_INDEX = '(petition_id) where hidden';

/**
 * A case's code is a district's (6 digits) or a street's (9: its district's code and three more),
 * the decider's DISTRICT_CODE. A district's filter takes its streets' cases too, a street's only its
 * own: the prefix match of either, in terms DISTRICT_LISTING_INDEX (a district) and
 * STREET_LISTING_INDEX (a street: no code longer than 9 digits exists, so its prefix match is equality) answer.
 */
export function districtConditions(district: string, param: (v: unknown) => string): string[] {
  // A 7- or 8-digit value would mean another thing here than the prefix match: callers validate, this says so.
  if (!DISTRICT_CODE.test(district)) throw new Error('district: must be a 6-digit district or 9-digit street code');
  if (district.length > 6) return [`p.district_code = ${param(district)}`];
  return ['p.district_code is not null', `left(p.district_code, 6) = ${param(district)}`];
}

/** A local date's start is that date at 00:00 in the fixed offset. */
export const startOfDay = (date: string) => `${date}T00:00:00${SHANGHAI_OFFSET}`;

/** `where …` of the conditions, or nothing. */
export const whereSql = (conditions: readonly string[]) => (conditions.length ? ` where ${conditions.join(' and ')}` : '');

/**
 * The statement for a page of `limit` rows (one more is asked for, to know a next page exists);
 * undefined when q has no word. `match` says how q's words are matched (text-search-plan.ts).
 */
export function publicListingStatement(
  tables: SearchTables,
  filter: PublicListingFilter,
  limit: number,
  after?: KeysetPosition,
  match: TextMatch = { kind: 'index' },
): Statement | undefined {
  // The periods are in the index with the words, but a department's search reads its own matches.
  if (match.kind === 'periods' && filter.departmentId) return undefined;
  const where: string[] = [VISIBLE_PUBLIC];
  const values: unknown[] = [];
  const param = (v: unknown) => `$${values.push(v)}`;
  // The same conditions on the terms, for a page of matches sorted there (wordSearchStatement's
  // onTerms): a case a moderator hid is left out by its id (HIDDEN_INDEX: few rows). Not `not in`,
  // which PostgreSQL reads as a hashed list only while it fits in work_mem, and else scans for each match.
  const onTerms: string[] = [`not exists (select 1 from ${tables.table} h where h.petition_id = ${TERMS}.petition_id and h.hidden)`];
  // The GIN path reads a department's matches from one index with the words (public_terms':
  // department and words intersected there; an array, since a GIN index takes no plain text column
  // without btree_gin).
  if (filter.departmentId) {
    const department = param(filter.departmentId);
    const inDepartment = `array[${TERMS}.department_id] @> array[${department}]::text[]`;
    onTerms.push(inDepartment);
    where.push(match.kind === 'matches' && filter.q !== undefined ? inDepartment : `p.department_id = ${department}`);
  }
  if (filter.categoryId) where.push(`p.category_id = ${param(filter.categoryId)}`);
  if (filter.district) where.push(...districtConditions(filter.district, param));
  if (filter.mailbox) where.push(`p.mailbox_id = ${param(filter.mailbox)}`);
  if (filter.status) where.push(`p.status = ${param(filter.status)}`);
  if (filter.kind) where.push(`p.kind = ${param(filter.kind)}`);
  if (filter.from) where.push(`p.submitted_at >= ${param(startOfDay(filter.from))}::timestamptz`);
  if (filter.to) where.push(`p.submitted_at < ${param(startOfDay(addLocalDays(filter.to, 1)))}::timestamptz`);
  let words: string | undefined;
  if (filter.q !== undefined) {
    words = searchQuery(filter.q);
    // Nothing searchable in q (only punctuation): nothing can match it.
    if (!words) return undefined;
  }
  // No condition but the words, visibility, the department's and the keyset's: all of them are the
  // terms' (onTerms), and the GIN path sorts the matches there before reading a page of rows.
  const termsOnly = where.length === 1 + (filter.departmentId ? 1 : 0);
  if (after) {
    const at = param(after.at);
    const id = param(after.id);
    where.push(`(p.submitted_at, p.petition_id) < (${at}::timestamptz, ${id})`);
    onTerms.push(`(${TERMS}.submitted_at, ${TERMS}.petition_id) < (${at}::timestamptz, ${id})`);
  }
  return wordSearchStatement(
    tables,
    'p',
    `${PUBLIC_ITEM_COLUMNS}, ${cursorInstantSql('p.submitted_at')} as sort_at`,
    where,
    values,
    limit,
    words,
    match,
    undefined,
    termsOnly ? onTerms : undefined,
  );
}

/**
 * A read model's table and the table of its rows' words (case_terms, public_terms: one row per
 * row, same key, petition-views.tables.ts); a statement joins the two only to match words.
 */
export interface SearchTables {
  readonly table: string;
  readonly terms: string;
}

/** The terms table's alias in every statement; conditions on its columns (the GIN indexes') use it. */
export const TERMS = 't';

/**
 * A condition (`whole`, on the table's alias or TERMS: both have the columns) whose rows no
 * newest-first index walks, as two disjoint parts: `walk` (on the table), most of them, has one;
 * `others` (on TERMS, few) are read through an index of the terms and sorted.
 */
export interface WalkSplit {
  readonly whole: (alias: string) => string;
  readonly walk: string;
  readonly others: string;
}

/**
 * The newest-first statement over the table (as `alias`) for the conditions, with the words (a
 * tsquery) matched in the terms table (as TERMS) as `match` says; shared with the staff search.
 * `split`: the window walks only the `walk` part, and the matches among `others` from the window's
 * oldest row on are added to it.
 */
export function wordSearchStatement(
  { table, terms }: SearchTables,
  alias: string,
  columns: string,
  filters: readonly string[],
  values: unknown[],
  limit: number,
  words: string | undefined,
  match: TextMatch,
  split?: WalkSplit,
  /**
   * The same conditions as `filters`, written on TERMS (same parameters), when every one of them can
   * be: the GIN path then sorts the matches in the terms table and reads only a page of rows.
   */
  onTerms?: readonly string[],
): Statement {
  const param = (v: unknown) => `$${values.push(v)}`;
  const order = `order by ${alias}.submitted_at desc, ${alias}.petition_id desc`;
  const joined = `${table} ${alias} join ${terms} ${TERMS} on ${TERMS}.petition_id = ${alias}.petition_id`;
  if (words === undefined) {
    const where = split ? [...filters, split.whole(alias)] : filters;
    return { text: `select ${columns} from ${table} ${alias}${whereSql(where)} ${order} limit ${param(limit + 1)}`, values };
  }
  // The GIN paths read the whole condition from the terms' indexes, with the words.
  const where = split ? [...filters, split.whole(TERMS)] : filters;
  if (match.kind === 'index') {
    const conditions = [...where, `${TERMS}.search @@ ${param(words)}::tsquery`];
    return { text: `select ${columns} from ${joined}${whereSql(conditions)} ${order} limit ${param(limit + 1)}`, values };
  }
  if (match.kind === 'matches' || match.kind === 'periods') {
    // The same order through an expression no index provides: the planner cannot walk the newest-first
    // index hoping for an early page, and reads the matches the GIN index finds (within the periods).
    const conditions = [...where, `${TERMS}.search @@ ${param(words)}::tsquery`];
    if (match.kind === 'periods') conditions.push(`array[${periodSql(`${TERMS}.submitted_at`)}] && ${param(match.periods)}::int[]`);
    if (onTerms) {
      // Every condition is the terms': their page first (a staff search of the words alone: 12,089
      // matches of 不动产权证 at 1M cases read 600 ms joined to cases one by one, then sorted), then its rows.
      const termsWhere = [...onTerms, ...(split ? [split.whole(TERMS)] : []), ...conditions.slice(where.length)];
      const page = param(limit + 1);
      return {
        text: `select ${columns} from ${table} ${alias} where ${alias}.petition_id in (
          select ${TERMS}.petition_id from ${terms} ${TERMS}${whereSql(termsWhere)}
           order by ${TERMS}.submitted_at + interval '0 seconds' desc, ${TERMS}.petition_id desc limit ${page}) ${order} limit ${page}`,
        values,
      };
    }
    return {
      text: `select ${columns} from ${joined}${whereSql(conditions)} order by ${alias}.submitted_at + interval '0 seconds' desc, ${alias}.petition_id desc limit ${param(limit + 1)}`,
      values,
    };
  }
  // The newest rows of the other filters, each tested for the words (ts_match_vq is @@, which no index
  // serves here) in the row's own copy of them (unindexed; looked up in the terms table row by row,
  // the window cost 90 ms at the 95th percentile at 1M cases), and the window's oldest row when it
  // is full: where the GIN path takes over.
  const rows = param(match.rows);
  const q = param(words);
  const windowEnd = `(select count(*) from w) = ${rows}`;
  // Rows outside the walked part, from the window's oldest row on (all of them when the window is not full).
  const others =
    split &&
    `select ${alias}.* from ${joined}${whereSql([...filters, split.others, `${TERMS}.search @@ ${q}::tsquery`])}
        and (not ${windowEnd} or (${alias}.submitted_at, ${alias}.petition_id) >= (select e.submitted_at, e.petition_id from w e order by e.submitted_at, e.petition_id limit 1))`;
  const matched = `ts_match_vq(${alias}.search, ${q}::tsquery)`;
  const found = others
    ? `(select * from w ${alias} where ${matched} and ${split.whole(alias)} union all ${others}) ${alias}`
    : `w ${alias} where ${matched}`;
  return {
    text: `with w as materialized (select ${alias}.* from ${table} ${alias}${whereSql(split ? [...filters, split.walk] : filters)} ${order} limit ${rows})
      (select ${columns}, false as window_end from ${found} ${order} limit ${param(limit + 1)})
      union all
      (select ${columns}, true from (select * from w ${alias} where ${windowEnd} order by ${alias}.submitted_at, ${alias}.petition_id limit 1) ${alias})`,
    values,
  };
}

/** Filters of the staff search, already validated and resolved (the phone as its blind index, the tracking code parsed). */
export interface CaseSearchFilter {
  /** A handler's own department: only the cases ever dispatched to it. */
  readonly ownDepartment?: string;
  readonly trackingCode?: string;
  readonly phoneIndex?: string;
  readonly status?: string;
  readonly kind?: string;
  readonly channel?: string;
  readonly departmentId?: string;
  readonly categoryId?: string;
  readonly mailbox?: string;
  readonly from?: string;
  readonly to?: string;
  readonly overdue?: boolean;
  readonly escalated?: boolean;
  readonly q?: string;
}

/** What a search result shows (search-cases.handler.ts), and its keyset position. */
const RESULT_COLUMNS = `c.petition_id, c.tracking_code, c.title, c.status, c.kind, c.channel, c.department_id, c.category_id, c.submitted_at,
  c.closed_at, c.acknowledge_by, c.respond_by, c.acknowledge_missed_at, c.respond_missed_at, c.overdue, c.escalation_level,
  c.pending_extension, c.duplicate_of, ${cursorInstantSql('c.submitted_at')} as sort_at`;

/** The statement for a page of `limit` rows (one more is asked for, to know a next page exists); undefined when q has no word. */
export function caseSearchStatement(
  tables: SearchTables,
  filter: CaseSearchFilter,
  limit: number,
  after?: KeysetPosition,
  match: TextMatch = { kind: 'index' },
): Statement | undefined {
  if (match.kind === 'periods') return undefined; // no index on cases holds the periods
  const where: string[] = [];
  const values: unknown[] = [];
  const param = (v: unknown) => `$${values.push(v)}`;
  let split: WalkSplit | undefined;
  if (filter.ownDepartment) {
    const own = param(filter.ownDepartment);
    // The cases it holds now are walked newest first (those assigned to it and not yet dispatched are
    // walked too, and left out with the words); those it was dispatched and no longer holds (returned,
    // sent on) are few, found with the words in their own partial index.
    const moved = `array_remove(${TERMS}.dispatched_department_ids, ${TERMS}.department_id)`;
    split = {
      whole: (alias) => `${alias}.dispatched_department_ids @> array[${own}]::text[]`,
      walk: `c.department_id = ${own}`,
      others: `cardinality(${moved}) > 0 and ${moved} @> array[${own}]::text[]`,
    };
    // docs/security.md: a department has the citizen only while the case is theirs.
    if (filter.phoneIndex) where.push(`c.department_id = ${param(filter.ownDepartment)} and c.status <> 'returned'`);
  }
  if (filter.trackingCode) where.push(`c.tracking_code = ${param(filter.trackingCode)}`);
  if (filter.phoneIndex) where.push(`c.phone_index = ${param(filter.phoneIndex)}`);
  if (filter.status) where.push(`c.status = ${param(filter.status)}`);
  if (filter.kind) where.push(`c.kind = ${param(filter.kind)}`);
  if (filter.channel) where.push(`c.channel = ${param(filter.channel)}`);
  if (filter.departmentId) where.push(`c.department_id = ${param(filter.departmentId)}`);
  if (filter.categoryId) where.push(`c.category_id = ${param(filter.categoryId)}`);
  if (filter.mailbox) where.push(`c.addressee_mailbox_id = ${param(filter.mailbox)}`);
  if (filter.from) where.push(`c.submitted_at >= ${param(startOfDay(filter.from))}::timestamptz`);
  if (filter.to) where.push(`c.submitted_at < ${param(startOfDay(addLocalDays(filter.to, 1)))}::timestamptz`);
  // Written as the partial indexes' predicates, so the planner can use them.
  if (filter.overdue !== undefined) where.push(filter.overdue ? 'c.overdue' : 'not c.overdue');
  if (filter.escalated !== undefined) where.push(filter.escalated ? 'c.escalation_level > 0' : 'c.escalation_level = 0');
  let words: string | undefined;
  if (filter.q !== undefined) {
    words = searchQuery(filter.q);
    if (!words) return undefined; // only punctuation: nothing can match
  }
  // No condition but the words, the department's and the keyset's: all of them are the terms' (onTerms).
  const termsOnly = where.length === 0;
  let keyset: string[] = [];
  if (after) {
    const at = param(after.at);
    const id = param(after.id);
    where.push(`(c.submitted_at, c.petition_id) < (${at}::timestamptz, ${id})`);
    keyset = [`(${TERMS}.submitted_at, ${TERMS}.petition_id) < (${at}::timestamptz, ${id})`];
  }
  return wordSearchStatement(tables, 'c', RESULT_COLUMNS, where, values, limit, words, match, split, termsOnly ? keyset : undefined);
}
