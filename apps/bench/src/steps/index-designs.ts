import type { Pool, PoolClient } from 'pg';
import { newTrackingCode } from '@wenzheng/petition';
import { categories, departments } from '@wenzheng/reference-data';
import {
  CaseSearchFilter,
  DEPARTMENT_WINDOW,
  DISTRICT_LISTING_INDEX,
  STREET_LISTING_INDEX,
  PublicListingFilter,
  periodSql,
  caseSearchStatement,
  documentVector,
  newestFirstRows,
  petitionViews,
  publicListingStatement,
} from '@wenzheng/read-models';
import type { KeysetPosition, TextMatch } from '@wenzheng/read-models';
import { Random } from '../generator';
import { DISTRICTS, answerText, petitionText, placeFor } from '../generator/texts';
import { CATEGORY_WEIGHTS, CHANNELS, KINDS } from '../generator/lifecycle';
import { Latency, elapsedMs, latency } from '../harness/stats';
import { SEARCH_TERMS } from './reads';

// Index designs for the public listing, its Chinese search and the staff search at a size the
// full bench reaches only after an hour of seeding and rebuilding: throw-away copies of
// `public_petitions` and `cases` (created by the projection's own createPetitionViewTables) are
// filled with synthetic rows straight in SQL, then the API's own statements (listing-statements.ts
// of libs/read-models) are timed under each design. The texts are the bench generator's, the
// search vectors jieba's (documentVector), and a case's status follows its age as in the real
// data: the newest cases are open, old ones closed, which is what makes a status filter walk far
// down a newest-first index.

export interface IndexDesign {
  readonly name: string;
  readonly summary: string;
  /** Statements run on top of the projection's own indexes ({pub} and {cases} are the table names). */
  readonly apply: readonly string[];
  /** Statements undoing `apply`. */
  readonly undo: readonly string[];
  /**
   * How a search matches its words: always through the GIN index (as before), or newestFirstRows
   * (text-search-plan.ts); 'window, departments': as the API does since the department designs (a
   * handler's own department walked too, a shorter walk within a department); 'window, weeks': also the
   * matches after the window a few weeks at a time (the public search's GIN index holds the week).
   */
  readonly words: 'index' | 'window' | 'window, departments' | 'window, weeks';
}

export interface DesignResult {
  readonly design: string;
  readonly summary: string;
  /** Index build time and size of what `apply` added. */
  readonly buildSeconds: number;
  readonly addedIndexMb: number;
  readonly byShape: Record<string, Latency>;
  /** The plain search ('search') by word. */
  readonly byWord: Record<string, Latency>;
}

export interface IndexDesignsResult {
  readonly cases: number;
  readonly publicRows: number;
  readonly fillSeconds: number;
  /** The projection's own indexes: size of each and of the tables. */
  readonly baseIndexMb: Record<string, number>;
  readonly designs: DesignResult[];
  /** Queries whose rows (ids, in order) differed from the first design's: must be 0. */
  readonly mismatches: number;
}

const SCHEMA = 'wz_index_designs';
const TABLES = {
  cases: `${SCHEMA}.cases`,
  public_petitions: `${SCHEMA}.public_petitions`,
  public_comments: `${SCHEMA}.public_comments`,
  pending_texts: `${SCHEMA}.pending_texts`,
  case_terms: `${SCHEMA}.case_terms`,
  public_terms: `${SCHEMA}.public_terms`,
};
/** The tables whose indexes the designs change. */
const DESIGN_TABLES = ['cases', 'public_petitions', 'case_terms', 'public_terms'];
const DAY = 86_400_000;
/** 温州's urban districts with the boundaries the reference data has (the listing's district codes). */
const DISTRICT_CODES: Readonly<Record<string, string>> = Object.fromEntries(
  ['鹿城区', '龙湾区', '瓯海区', '洞头区'].map((name) => [name, DISTRICTS.find((d) => d.name === name)?.areaCode as string]),
);

/** A case's status by its age in days: new cases wait or are being handled, old ones are answered and closed. */
function statusAt(ageDays: number, r: Random): string {
  const by = (choices: ReadonlyArray<readonly [string, number]>) => r.weighted(choices);
  if (ageDays < 1)
    return by([
      ['submitted', 30],
      ['accepted', 35],
      ['dispatched', 35],
    ]);
  if (ageDays < 3)
    return by([
      ['accepted', 5],
      ['dispatched', 30],
      ['in_progress', 60],
      ['returned', 5],
    ]);
  if (ageDays < 15)
    return by([
      ['in_progress', 50],
      ['responded', 35],
      ['returned', 2],
      ['closed', 13],
    ]);
  if (ageDays < 30)
    return by([
      ['in_progress', 10],
      ['responded', 25],
      ['rated', 20],
      ['closed', 45],
    ]);
  return by([
    ['in_progress', 1],
    ['responded', 2],
    ['rated', 37],
    ['closed', 60],
  ]);
}

const PUBLIC_STATUSES = new Set(['accepted', 'dispatched', 'in_progress', 'returned', 'responded', 'rated', 'closed']);

interface Samples {
  readonly trackingCodes: string[];
  readonly phoneIndexes: string[];
}

/** Fills both tables with `cases` generated cases, newest at `newest`; batches of unnest()ed arrays. */
async function fill(pool: Pool, cases: number, newest: Date, log: (m: string) => void): Promise<Samples> {
  const r = new Random('index-designs', cases);
  const spanMs = 365 * DAY;
  const samples: Samples = { trackingCodes: [], phoneIndexes: [] };
  const BATCH = 5000;
  for (let from = 0; from < cases; from += BATCH) {
    const pubCols: unknown[][] = Array.from({ length: 16 }, () => []);
    const caseCols: unknown[][] = Array.from({ length: 17 }, () => []);
    for (let i = from; i < Math.min(cases, from + BATCH); i++) {
      // Spread evenly over a year, oldest first, a little jitter so no two share an instant by design.
      const at = new Date(newest.getTime() - spanMs + ((i + r.next()) / cases) * spanMs);
      const ageDays = (newest.getTime() - at.getTime()) / DAY;
      const kind = r.weighted(KINDS);
      const code = kind === 'praise' ? 'qt' : r.weighted(Object.entries(CATEGORY_WEIGHTS));
      const category = categories.find((c) => c.code === code)!;
      const departmentId = r.chance(0.75) ? category.defaultDepartmentId : r.pick(departments).id;
      const place = placeFor(r);
      const text = petitionText(category.code, place, r);
      const status = statusAt(ageDays, r);
      const answered = ['responded', 'rated', 'closed'].includes(status);
      const answer = answered ? answerText(category.code, r) : null;
      const petitionId = r.uuid();
      const trackingCode = newTrackingCode(at.toISOString().slice(0, 10), (n) => r.int(0, n - 1));
      const phoneIndex = r.chance(0.9) ? `${r.uint32().toString(16)}${r.uint32().toString(16)}` : null;
      const district = DISTRICT_CODES[place.district];
      const districtCode = district ? (r.chance(0.5) ? `${district}${String(r.int(1, 12)).padStart(3, '0')}` : district) : null;
      const overdue = status !== 'closed' && status !== 'rated' && ageDays > 15 && r.chance(0.3);
      const escalation = r.chance(0.01) ? 1 : 0;
      const channel = r.weighted(CHANNELS);
      if (i % 97 === 0) {
        samples.trackingCodes.push(trackingCode);
        if (phoneIndex) samples.phoneIndexes.push(phoneIndex);
      }
      // cases: every case, its search (case_terms) the title and content (redacted alike here: no personal data in generated texts).
      const c = [
        petitionId,
        trackingCode,
        status,
        kind,
        channel,
        status === 'submitted' ? null : departmentId,
        category.id,
        at.toISOString(),
        new Date(at.getTime() + 15 * DAY).toISOString(),
        phoneIndex,
        text.title,
        overdue,
        escalation,
        documentVector(text.title, text.content),
        i,
        status === 'closed' || status === 'rated' ? new Date(at.getTime() + 10 * DAY).toISOString() : null,
        r.chance(0.72),
      ];
      c.forEach((v, k) => caseCols[k].push(v));
      // public_petitions: accepted cases their citizen agreed to publish.
      if (PUBLIC_STATUSES.has(status) && c[16]) {
        const p = [
          petitionId,
          trackingCode,
          status,
          kind,
          channel,
          departmentId,
          category.id,
          text.title,
          text.content,
          districtCode,
          answer,
          at.toISOString(),
          r.chance(0.005),
          documentVector(text.title, text.content, answer),
          i,
          `${r.pick(['张', '王', '李', '陈', '林', '黄'])}*`,
        ];
        p.forEach((v, k) => pubCols[k].push(v));
      }
    }
    await pool.query(
      `with u as (
         select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[],
                     $10::text[], $11::text[], $12::boolean[], $13::int[], $14::text[], $15::bigint[], $16::timestamptz[], $17::boolean[])
           as u(id, code, status, kind, channel, dept, cat, at, respond_by, phone, title, overdue, esc, search, rev, closed_at, consent)),
       c as (
         insert into ${TABLES.cases} (petition_id, tracking_code, status, kind, channel, department_id, category_id, submitted_at, respond_by,
           phone_index, title, overdue, escalation_level, dispatched_department_ids, last_revision, closed_at,
           confidential, public_consent, pending_extension, reopen_count, comment_count, search)
         select u.id, u.code, u.status, u.kind, u.channel, u.dept, u.cat, u.at, u.respond_by, u.phone, u.title, u.overdue, u.esc,
                case when u.dept is null then '{}'::text[] else array[u.dept] end, u.rev, u.closed_at, false, u.consent, false, 0, 0,
                u.search::tsvector
           from u)
       insert into ${TABLES.case_terms} (petition_id, department_id, dispatched_department_ids, submitted_at, last_revision, search)
       select u.id, u.dept, case when u.dept is null then '{}'::text[] else array[u.dept] end, u.at, u.rev, u.search::tsvector from u`,
      caseCols,
    );
    if (pubCols[0].length)
      await pool.query(
        `with u as (
           select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                       $11::text[], $12::timestamptz[], $13::boolean[], $14::tsvector[], $15::bigint[], $16::text[])
             as u(id, code, status, kind, channel, dept, cat, title, content, district, answer, at, hidden, search, rev, display)),
         p as (
           insert into ${TABLES.public_petitions} (petition_id, tracking_code, status, kind, channel, department_id, category_id, title, content,
             district_code, answer, submitted_at, hidden, last_revision, citizen_display, comment_count, answer_hidden, search)
           select u.id, u.code, u.status, u.kind, u.channel, u.dept, u.cat, u.title, u.content, u.district, u.answer, u.at, u.hidden, u.rev, u.display, 0, false,
                  u.search
             from u)
         insert into ${TABLES.public_terms} (petition_id, department_id, submitted_at, last_revision, search)
         select u.id, u.dept, u.at, u.rev, u.search from u`,
        pubCols,
      );
    if ((from / BATCH) % 20 === 0) log(`filled ${from + BATCH} of ${cases} cases`);
  }
  return samples;
}

/** One query shape: a name and the filters of one request (drawn afresh each time). */
interface Shape {
  readonly name: string;
  readonly table: 'public' | 'cases';
  filter(r: Random): PublicListingFilter | CaseSearchFilter;
  /** Also measure the second page (keyset cursor from the first). */
  readonly nextPage?: boolean;
}

function shapes(samples: Samples, year: number): Shape[] {
  const month = (r: Random) => String(r.int(1, 12)).padStart(2, '0');
  const departmentIds = [...new Set(categories.map((c) => c.defaultDepartmentId))];
  return [
    // The bench's listing shapes (reads.ts), plus the district filter.
    { name: 'newest', table: 'public', filter: () => ({}), nextPage: true },
    { name: 'by department', table: 'public', filter: (r) => ({ departmentId: r.pick(departments).id }) },
    { name: 'by kind', table: 'public', filter: (r) => ({ kind: r.pick(['complaint', 'consultation', 'help', 'suggestion']) }) },
    { name: 'by status', table: 'public', filter: (r) => ({ status: r.pick(['closed', 'responded', 'in_progress']) }), nextPage: true },
    { name: 'by district', table: 'public', filter: (r) => ({ district: r.pick(Object.values(DISTRICT_CODES)) }) },
    // Streets 001 to 015, of which the rows name 001 to 012: a fifth name a street with no case.
    {
      name: 'by street',
      table: 'public',
      filter: (r) => ({ district: `${r.pick(Object.values(DISTRICT_CODES))}${String(r.int(1, 15)).padStart(3, '0')}` }),
    },
    {
      name: 'one month',
      table: 'public',
      filter: (r) => {
        const m = month(r);
        return { from: `${year}-${m}-01`, to: `${year}-${m}-28` };
      },
    },
    { name: 'search', table: 'public', filter: (r) => ({ q: r.pick(SEARCH_TERMS) }) },
    { name: 'search in department', table: 'public', filter: (r) => ({ q: r.pick(SEARCH_TERMS), departmentId: r.pick(departmentIds) }) },
    // The staff search's shapes (case-search.ts).
    { name: 'staff: by tracking code', table: 'cases', filter: (r) => ({ trackingCode: r.pick(samples.trackingCodes) }) },
    { name: 'staff: by phone', table: 'cases', filter: (r) => ({ phoneIndex: r.pick(samples.phoneIndexes) }) },
    {
      name: 'staff: by department+status',
      table: 'cases',
      filter: (r) => ({ departmentId: r.pick(departmentIds), status: r.pick(['in_progress', 'closed', 'dispatched']) }),
    },
    { name: 'staff: overdue', table: 'cases', filter: () => ({ overdue: true }) },
    { name: 'staff: q', table: 'cases', filter: (r) => ({ q: r.pick(SEARCH_TERMS) }) },
    {
      name: 'staff: q in own department',
      table: 'cases',
      filter: (r) => ({ q: r.pick(SEARCH_TERMS), ownDepartment: r.pick(departmentIds) }),
    },
  ];
}

type Row = { petition_id: string; sort_at: string };

/** A page's rows as the API reads them (newestFirstRows), or with the words always matched through the GIN index as before. */
async function rowsOf(
  pool: Pool,
  design: IndexDesign,
  shape: Shape,
  filter: PublicListingFilter | CaseSearchFilter,
  after?: KeysetPosition,
) {
  const tables =
    shape.table === 'public'
      ? { table: TABLES.public_petitions, terms: TABLES.public_terms }
      : { table: TABLES.cases, terms: TABLES.case_terms };
  // Before the weeks design no statement reads by week: the matches after the window come from the GIN path.
  const statement = (match: TextMatch, position: KeysetPosition | undefined) =>
    match.kind === 'periods' && design.words !== 'window, weeks'
      ? undefined
      : shape.table === 'public'
        ? publicListingStatement(tables, filter as PublicListingFilter, 20, position, match)
        : caseSearchStatement(tables, filter as CaseSearchFilter, 20, position, match);
  if (design.words !== 'index') {
    const own = 'ownDepartment' in filter && filter.ownDepartment;
    const departments = design.words !== 'window';
    const cap = departments && (own || filter.departmentId) ? DEPARTMENT_WINDOW : undefined;
    return newestFirstRows<Row>(pool, tables.terms, filter.q, statement, after, 21, departments || !own, undefined, cap);
  }
  const s = statement({ kind: 'index' }, after);
  return s && (await pool.query<Row>(s.text, s.values)).rows;
}

async function measure(
  pool: Pool,
  design: IndexDesign,
  all: readonly Shape[],
  requests: number,
  seed: string,
  answers: Map<string, string>,
): Promise<{ byShape: Record<string, Latency>; byWord: Record<string, Latency>; mismatches: number }> {
  const byShape = new Map<string, number[]>();
  const byWord = new Map<string, number[]>();
  let mismatches = 0;
  const run = async (key: string, read: () => Promise<Row[] | undefined>, into: string) => {
    const started = process.hrtime.bigint();
    const rows = await read();
    const ms = elapsedMs(started);
    if (!rows) return undefined;
    const list = byShape.get(into) ?? [];
    list.push(ms);
    byShape.set(into, list);
    const ids = rows.map((x) => x.petition_id).join(',');
    const before = answers.get(key);
    if (before === undefined) answers.set(key, ids);
    else if (before !== ids) mismatches++;
    return rows;
  };
  for (const shape of all) {
    // The same draws under every design: the answers are compared query by query.
    const r = new Random('index-designs-queries', seed, shape.name);
    for (let i = 0; i < 10; i++) {
      await rowsOf(pool, design, shape, shape.filter(r)); // warm-up
    }
    for (let i = 0; i < requests; i++) {
      const filter = shape.filter(r);
      const started = process.hrtime.bigint();
      const rows = await run(`${shape.name}/${i}`, () => rowsOf(pool, design, shape, filter), shape.name);
      if (shape.name === 'search' && filter.q !== undefined) byWord.set(filter.q, [...(byWord.get(filter.q) ?? []), elapsedMs(started)]);
      if (shape.nextPage && rows && rows.length > 20) {
        const last = rows[19];
        const position = { at: last.sort_at, id: last.petition_id };
        await run(`${shape.name}/${i}/next`, () => rowsOf(pool, design, shape, filter, position), `${shape.name}, next page`);
      }
    }
  }
  const byShapeLatency = Object.fromEntries([...byShape].map(([k, v]) => [k, latency(v)]));
  return { byShape: byShapeLatency, byWord: Object.fromEntries([...byWord].map(([k, v]) => [k, latency(v)])), mismatches };
}

const sizeMb = async (pool: Pool, relation: string) =>
  Math.round(Number((await pool.query<{ b: string }>(`select pg_relation_size($1::regclass) as b`, [relation])).rows[0].b) / 1e5) / 10;

export async function indexDesignsStep(o: {
  pool: Pool;
  cases: number;
  requests: number;
  designs: readonly IndexDesign[];
  /** Measure on the tables a run with --keep filled, if they are there. */
  reuse?: boolean;
  log: (m: string) => void;
}): Promise<IndexDesignsResult> {
  const year = 2025;
  const newest = new Date(`${year}-12-31T12:00:00+08:00`);
  const filled =
    o.reuse && (await o.pool.query<{ t: string | null }>(`select to_regclass($1) as t`, [TABLES.cases])).rows[0].t
      ? Number((await o.pool.query<{ n: string }>(`select count(*) as n from ${TABLES.cases}`)).rows[0].n)
      : 0;
  let samples: Samples;
  let fillSeconds = 0;
  if (filled) {
    o.log(`reusing the ${filled} cases filled before`);
    const sample = async (column: string) =>
      (
        await o.pool.query<{ v: string }>(
          `select ${column} as v from ${TABLES.cases} tablesample system (1) where ${column} is not null limit 2000`,
        )
      ).rows.map((x) => x.v);
    samples = { trackingCodes: await sample('tracking_code'), phoneIndexes: await sample('phone_index') };
  } else {
    await o.pool.query(`drop schema if exists ${SCHEMA} cascade`);
    await o.pool.query(`create schema ${SCHEMA}`);
    const client: PoolClient = await o.pool.connect();
    try {
      await petitionViews.createTables(client, TABLES);
    } finally {
      client.release();
    }
    // Loading goes faster with the secondary indexes built afterwards, as the rebuild does.
    const { rows: built } = await o.pool.query<{ name: string; def: string }>(
      `select indexname as name, indexdef as def from pg_indexes
        where schemaname = $1 and tablename = any($2) and indexdef not like '%UNIQUE%'`,
      [SCHEMA, DESIGN_TABLES],
    );
    for (const d of built) await o.pool.query(`drop index ${SCHEMA}."${d.name}"`);
    const started = process.hrtime.bigint();
    samples = await fill(o.pool, o.cases, newest, o.log);
    // The department design's indexes are its own to add: the designs before it measure without them,
    // with the GIN index on the words alone that they replaced.
    for (const d of built.filter((x) => !DEPARTMENT_DESIGN_INDEXES.includes(x.name))) await o.pool.query(d.def);
    for (const s of WORDS_ALONE) await o.pool.query(sql(s));
    for (const table of DESIGN_TABLES) await o.pool.query(`vacuum analyze ${SCHEMA}.${table}`);
    fillSeconds = elapsedMs(started) / 1000;
  }
  const { rows: defs } = await o.pool.query<{ name: string; def: string }>(
    `select indexname as name, indexdef as def from pg_indexes
      where schemaname = $1 and tablename = any($2) and indexdef not like '%UNIQUE%' and indexname not like 'ix_design%'`,
    [SCHEMA, DESIGN_TABLES],
  );
  const publicRows = Number((await o.pool.query<{ n: string }>(`select count(*) as n from ${TABLES.public_petitions}`)).rows[0].n);
  const baseIndexMb: Record<string, number> = {};
  for (const d of defs)
    baseIndexMb[d.def.replace(/^CREATE INDEX \S+ ON /, '').replace(`${SCHEMA}.`, '')] = await sizeMb(o.pool, `${SCHEMA}."${d.name}"`);
  o.log(`${filled || o.cases} cases, ${publicRows} public rows (filled in ${fillSeconds.toFixed(0)} s)`);

  const all = shapes(samples, year);
  const answers = new Map<string, string>();
  const designs: DesignResult[] = [];
  let mismatches = 0;
  for (const design of o.designs) {
    const before = new Set(
      (await o.pool.query<{ n: string }>(`select indexname as n from pg_indexes where schemaname = $1`, [SCHEMA])).rows.map((x) => x.n),
    );
    const started = process.hrtime.bigint();
    for (const s of design.apply) await o.pool.query(sql(s));
    const buildSeconds = elapsedMs(started) / 1000;
    const added = (await o.pool.query<{ n: string }>(`select indexname as n from pg_indexes where schemaname = $1`, [SCHEMA])).rows
      .map((x) => x.n)
      .filter((n) => !before.has(n));
    let addedIndexMb = 0;
    for (const n of added) addedIndexMb += await sizeMb(o.pool, `${SCHEMA}."${n}"`);
    o.log(`design ${design.name}: built in ${buildSeconds.toFixed(1)} s, ${addedIndexMb.toFixed(1)} MB added; measuring`);
    const m = await measure(o.pool, design, all, o.requests, 'wenzheng', answers);
    mismatches += m.mismatches;
    designs.push({
      design: design.name,
      summary: design.summary,
      buildSeconds,
      addedIndexMb: Math.round(addedIndexMb * 10) / 10,
      byShape: m.byShape,
      byWord: m.byWord,
    });
    for (const [shape, l] of Object.entries(m.byShape)) o.log(`  ${design.name} | ${shape}: p50 ${l.p50Ms} ms, p95 ${l.p95Ms} ms`);
    for (const [word, l] of Object.entries(m.byWord))
      o.log(`  ${design.name} | search ${word}: ${l.count} draws, p50 ${l.p50Ms} ms, p95 ${l.p95Ms} ms, max ${l.maxMs} ms`);
    for (const s of design.undo) await o.pool.query(sql(s));
  }
  return { cases: filled || o.cases, publicRows, fillSeconds, baseIndexMb, designs, mismatches };
}

/** Indexes the projection makes (petition-views.tables.ts) that the 'departments' design adds, by PostgreSQL's names. */
const DEPARTMENT_DESIGN_INDEXES = [
  'public_terms_array_search_idx',
  'public_terms_array_array1_search_idx', // the weeks design's
  'cases_department_id_submitted_at_petition_id_idx',
  'case_terms_dispatched_department_ids_search_idx',
  'case_terms_array_remove_search_idx',
];

/** A design's statement with the tables' names: {pub} and {cases}, and their words' tables {pubTerms} and {caseTerms}. */
const sql = (s: string) =>
  s
    .replaceAll('{pubTerms}', TABLES.public_terms)
    .replaceAll('{caseTerms}', TABLES.case_terms)
    .replaceAll('{pub}', TABLES.public_petitions)
    .replaceAll('{cases}', TABLES.cases);

/** The GIN indexes on the words alone that the projection made before the 'departments' design. */
const WORDS_ALONE = [
  'create index ix_design_pub_search on {pubTerms} using gin (search)',
  'create index ix_design_cases_search on {caseTerms} using gin (search)',
];

/** The department design's indexes but the one on public_petitions (the weeks design replaces it); as they are on a --reuse'd table, nothing. */
const DEPARTMENT_INDEXES = [
  'drop index if exists wz_index_designs.ix_design_pub_search',
  'drop index if exists wz_index_designs.ix_design_cases_search',
  'create index if not exists ix_design_cases_disp_gin on {caseTerms} using gin (dispatched_department_ids, search)',
  'create index if not exists ix_design_cases_dept on {cases} (department_id, submitted_at desc, petition_id desc)',
  'create index if not exists ix_design_cases_moved on {caseTerms} using gin (array_remove(dispatched_department_ids, department_id), search) ' +
    'where cardinality(array_remove(dispatched_department_ids, department_id)) > 0',
];

/** The designs compared (docs/performance.md, where each run of them is; the README summarises the layout built); the first is what the projection created before issue 15. */
export const INDEX_DESIGNS: readonly IndexDesign[] = [
  {
    name: 'before',
    summary: 'GIN on search, newest-first btrees; the words always matched through the GIN index (the planner picks the plan)',
    apply: ['drop index if exists wz_index_designs.ix_design_pub_status'],
    undo: [],
    words: 'index',
  },
  {
    name: 'search-stats',
    summary: "as before, the search column's statistics target 1000 (10,000 most common words known to the planner)",
    apply: [
      'alter table {pubTerms} alter column search set statistics 1000',
      'alter table {caseTerms} alter column search set statistics 1000',
      'analyze {pubTerms}',
      'analyze {caseTerms}',
    ],
    undo: [
      'alter table {pubTerms} alter column search set statistics -1',
      'alter table {caseTerms} alter column search set statistics -1',
      'analyze {pubTerms}',
      'analyze {caseTerms}',
    ],
    words: 'index',
  },
  {
    name: 'window',
    summary:
      'newest-first window for common words (newestFirstRows), GIN for rare ones; (status, submitted_at desc, petition_id desc) on public_petitions',
    apply: ['create index if not exists ix_design_pub_status on {pub} (status, submitted_at desc, petition_id desc)', 'analyze {pub}'],
    undo: [],
    words: 'window',
  },
  {
    name: 'departments',
    summary:
      'window; GIN ((array[department_id]), search) on public_petitions; on cases (department_id, submitted_at desc, petition_id desc), ' +
      'GIN (dispatched_department_ids, search) (both instead of GIN (search)) and GIN (array_remove(dispatched_department_ids, department_id), search) where not empty; ' +
      'a handler walks the cases its department holds; within a department a window of at most DEPARTMENT_WINDOW rows',
    apply: [
      ...DEPARTMENT_INDEXES,
      'create index if not exists ix_design_pub_dept_gin on {pubTerms} using gin ((array[department_id]), search)',
      'analyze {pubTerms}',
      'analyze {caseTerms}',
    ],
    undo: [],
    words: 'window, departments',
  },
  {
    name: 'weeks',
    summary:
      "departments, the week in public_petitions' GIN index: ((array[department_id]), (array[week]), search) instead of ((array[department_id]), search); " +
      'the matches after the window read 1, 2, 4 … 32 weeks at a time, newest first, then the GIN path',
    apply: [
      ...DEPARTMENT_INDEXES,
      'drop index if exists wz_index_designs.ix_design_pub_dept_gin',
      `create index if not exists ix_design_pub_weeks_gin on {pubTerms} using gin ((array[department_id]), (array[${periodSql('submitted_at')}]), search)`,
      'analyze {pubTerms}',
    ],
    undo: [],
    words: 'window, weeks',
  },
  {
    // Run after weeks (its indexes stay): the district filter as it was before migration 1795697500000.
    name: 'without-district',
    summary:
      'as weeks, without the district and street indexes (DISTRICT_LISTING_INDEX, STREET_LISTING_INDEX): ?district= a filter on the newest-first walk, as before migration 1795697500000',
    apply: [
      `drop index ${SCHEMA}.public_petitions_left_submitted_at_petition_id_district_cod_idx`,
      `drop index ${SCHEMA}.public_petitions_district_code_submitted_at_petition_id_idx`,
    ],
    undo: [
      `create index if not exists public_petitions_left_submitted_at_petition_id_district_cod_idx on {pub} ${DISTRICT_LISTING_INDEX}`,
      `create index if not exists public_petitions_district_code_submitted_at_petition_id_idx on {pub} ${STREET_LISTING_INDEX}`,
      'analyze {pub}',
    ],
    words: 'window, weeks',
  },
];
