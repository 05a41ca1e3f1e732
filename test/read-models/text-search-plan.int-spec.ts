import type { Pool, PoolClient } from 'pg';
import {
  CaseSearchFilter,
  KeysetPosition,
  PublicListingFilter,
  TextMatch,
  caseSearchStatement,
  commonWords,
  documentVector,
} from '@wenzheng/read-models';
import { newestFirstRows, petitionViews, publicListingStatement, searchQuery } from '@wenzheng/read-models';
import { createTestDatabase } from '../setup/database';

// Issue 15 item 4: a word search reads a page by walking the newest rows first when its words are
// common (a window, then the GIN path after the window's oldest row), and by the GIN path alone
// when they are rare (text-search-plan.ts). Whatever path it takes, every page must hold exactly
// the rows the plain statement (search @@ q, newest first) gives, in the same order: here over
// every page, tiny windows so each path and each hand-over between them is taken, many rows
// sharing one instant so the id breaks ties across a window's edge, and hidden rows left out.

const SCHEMA = 'wz_search_plan';
const TABLES = {
  cases: `${SCHEMA}.cases`,
  public_petitions: `${SCHEMA}.public_petitions`,
  public_comments: `${SCHEMA}.public_comments`,
  pending_texts: `${SCHEMA}.pending_texts`,
  case_terms: `${SCHEMA}.case_terms`,
  public_terms: `${SCHEMA}.public_terms`,
};
/** The tables a statement reads, with their words' tables. */
const PUBLIC = { table: TABLES.public_petitions, terms: TABLES.public_terms };
const CASES = { table: TABLES.cases, terms: TABLES.case_terms };
const DEPARTMENTS = ['d1', 'd2', 'd3'];
const ROWS = 600;
const PAGE = 7;

let db: Awaited<ReturnType<typeof createTestDatabase>>;

/** Row i: 物业 in 3 of 5 rows, 电梯 in 1 of 3, 停水 in 1 of 40 (rare), 鹿城区 mostly with 施工; instants repeat in runs of 4. */
function text(i: number): string {
  const parts = [`第${i}号来信`];
  if (i % 5 < 3) parts.push('小区物业管理混乱');
  if (i % 3 === 0) parts.push('电梯经常故障');
  if (i % 40 === 7) parts.push('突然停水没有通知');
  if (i % 6 === 1) parts.push('鹿城区道路施工噪声');
  if (i % 11 === 4) parts.push('施工单位夜间作业');
  return parts.join('，');
}

/**
 * Row i's departments in `cases`: most are held by the department they were dispatched to; some were
 * sent on to another (dispatched to both), some returned (none holds them now), some assigned and
 * not yet dispatched. A handler's search walks the cases its department holds and adds the others.
 */
function holding(i: number, department: string): { current: string | null; dispatched: string[] } {
  const next = DEPARTMENTS[(i + 1) % DEPARTMENTS.length];
  if (i % 13 === 5) return { current: next, dispatched: [department, next] };
  if (i % 17 === 3) return { current: null, dispatched: [department] };
  if (i % 19 === 2) return { current: department, dispatched: [] };
  return { current: department, dispatched: [department] };
}

/** The projection's tables in their own schema. */
async function createTables(schema: string, tables: typeof TABLES): Promise<void> {
  await db.pool.query(`create schema ${schema}`);
  const client: PoolClient = await db.pool.connect();
  try {
    await petitionViews.createTables(client, tables);
  } finally {
    client.release();
  }
}

beforeAll(async () => {
  db = await createTestDatabase('wz_search_plan');
  await createTables(SCHEMA, TABLES);
  const base = Date.parse('2026-06-01T00:00:00Z');
  for (let i = 0; i < ROWS; i++) {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const at = new Date(base + Math.floor(i / 4) * 60_000).toISOString();
    const department = DEPARTMENTS[i % DEPARTMENTS.length];
    const status = i % 2 ? 'closed' : 'in_progress';
    await db.pool.query(
      `insert into ${TABLES.public_petitions} (petition_id, tracking_code, status, kind, channel, department_id, title, content, submitted_at,
         comment_count, last_revision, hidden, search)
       values ($1, $2, $3, 'complaint', 'web', $4, '来信', $5, $6, 0, 1, $7, $8::tsvector)`,
      [id, `WZ20260601-${String(i).padStart(10, '0')}`, status, department, text(i), at, i % 50 === 9, documentVector('来信', text(i))],
    );
    await db.pool.query(
      `insert into ${TABLES.public_terms} (petition_id, department_id, submitted_at, last_revision, search) values ($1, $2, $3, 1, $4::tsvector)`,
      [id, department, at, documentVector('来信', text(i))],
    );
    await db.pool.query(
      `insert into ${TABLES.cases} (petition_id, tracking_code, status, kind, channel, department_id, confidential, public_consent, submitted_at,
         pending_extension, escalation_level, reopen_count, comment_count, last_revision, title, dispatched_department_ids, overdue, search)
       values ($1, $2, $3, 'complaint', 'web', $4, false, true, $5, false, 0, 0, 0, 1, '来信', $6::text[], false, $7::tsvector)`,
      [
        id,
        `WZ20260601-${String(i).padStart(10, '0')}`,
        status,
        holding(i, department).current,
        at,
        holding(i, department).dispatched,
        documentVector('来信', text(i)),
      ],
    );
    await db.pool.query(
      `insert into ${TABLES.case_terms} (petition_id, department_id, dispatched_department_ids, submitted_at, last_revision, search)
       values ($1, $2, $3::text[], $4, 1, $5::tsvector)`,
      [id, holding(i, department).current, holding(i, department).dispatched, at, documentVector('来信', text(i))],
    );
  }
  for (const table of Object.values(TABLES)) await db.pool.query(`analyze ${table}`);
});

afterAll(async () => {
  await db?.drop();
});

type Row = { petition_id: string; sort_at: string };
type Build = (match: TextMatch, after: KeysetPosition | undefined) => { text: string; values: unknown[] } | undefined;

/** Every page through newestFirstRows, cursor after cursor, as the API turns them. */
async function allPages(terms: string, q: string, build: Build, walkable: boolean, window: number): Promise<string[]> {
  const ids: string[] = [];
  let after: KeysetPosition | undefined;
  for (let pages = 0; pages < ROWS; pages++) {
    const rows = (await newestFirstRows<Row>(db.pool, terms, q, build, after, PAGE + 1, walkable, window)) ?? [];
    const page = rows.slice(0, PAGE);
    ids.push(...page.map((r) => r.petition_id));
    if (rows.length <= PAGE) return ids;
    after = { at: page[PAGE - 1].sort_at, id: page[PAGE - 1].petition_id };
  }
  throw new Error('no last page');
}

/** The plain statement's rows: `t` the words' table. */
async function expected({ table, terms }: { table: string; terms: string }, where: string, values: unknown[]): Promise<string[]> {
  const { rows } = await db.pool.query<{ petition_id: string }>(
    `select p.petition_id from ${table} p join ${terms} t on t.petition_id = p.petition_id where ${where} order by p.submitted_at desc, p.petition_id desc`,
    values,
  );
  return rows.map((r) => r.petition_id);
}

const QUERIES = ['物业', '电梯', '物业 电梯', '停水', '鹿城区 施工', '物业 停水', '量子计算机'];

describe('a word search gives the plain statement’s rows, in its order, on every path', () => {
  it('knows the common words from ANALYZE and takes the rare ones for rare', async () => {
    // Without this the window path is never taken and the comparisons below prove nothing about it.
    expect(await commonWords(db.pool, TABLES.public_terms, ['物业'])).toBe(true);
    expect(await commonWords(db.pool, TABLES.public_terms, ['物业', '电梯'])).toBe(true);
    expect(await commonWords(db.pool, TABLES.public_terms, ['量子'])).toBe(false);
  });

  for (const q of QUERIES) {
    for (const department of [undefined, 'd2']) {
      it(`public listing, q=${q}${department ? `, departmentId=${department}` : ''}`, async () => {
        const filter: PublicListingFilter = { q, ...(department && { departmentId: department }) };
        const want = await expected(
          PUBLIC,
          `not p.hidden and t.search @@ $1::tsquery${department ? ' and p.department_id = $2' : ''}`,
          department ? [searchQuery(q), department] : [searchQuery(q)],
        );
        const build: Build = (match, after) => publicListingStatement(PUBLIC, filter, PAGE, after, match);
        for (const window of [3, PAGE + 1, 50, 10_000]) {
          for (const walkable of [true, false]) expect(await allPages(TABLES.public_terms, q, build, walkable, window)).toEqual(want);
        }
      });
    }
  }

  for (const q of QUERIES) {
    it(`staff search, q=${q}, within a department's cases and over all`, async () => {
      const filters: CaseSearchFilter[] = [
        { q },
        { q, ownDepartment: 'd1' },
        { q, ownDepartment: 'd2', status: 'closed' },
        { q, status: 'closed' },
      ];
      for (const filter of filters) {
        const values: unknown[] = [searchQuery(q)];
        let where = 't.search @@ $1::tsquery';
        if (filter.ownDepartment) where += ` and p.dispatched_department_ids @> array[$${values.push(filter.ownDepartment)}]::text[]`;
        if (filter.status) where += ` and p.status = $${values.push(filter.status)}`;
        const want = await expected(CASES, where, values);
        const build: Build = (match, after) => caseSearchStatement(CASES, filter, PAGE, after, match);
        for (const window of [3, 50]) {
          for (const walkable of [true, false]) expect(await allPages(TABLES.case_terms, q, build, walkable, window)).toEqual(want);
        }
      }
    });
  }

  it('reads a page of public rows, not every match, for the words within a department or alone (the matches sorted in public_terms)', async () => {
    /** Rows each scan of public_petitions `p` returned (the hidden cases' subplan reads it as `h`). */
    const scanned = (plan: Record<string, unknown>, out: number[] = []): number[] => {
      if (plan['Relation Name'] === 'public_petitions' && plan.Alias === 'p')
        out.push(Number(plan['Actual Rows']) * Number(plan['Actual Loops']));
      for (const child of (plan.Plans as Record<string, unknown>[] | undefined) ?? []) scanned(child, out);
      return out;
    };
    // 鹿城区 施工 in d2: 100 matches, four of them hidden (rows 109, 259, 409, 559).
    for (const filter of [
      { q: '物业', departmentId: 'd2' },
      { q: '鹿城区 施工', departmentId: 'd2' },
      { q: '物业' },
    ] as PublicListingFilter[]) {
      const want = await expected(
        PUBLIC,
        `not p.hidden and t.search @@ $1::tsquery${filter.departmentId ? ' and p.department_id = $2' : ''}`,
        filter.departmentId ? [searchQuery(filter.q!), filter.departmentId] : [searchQuery(filter.q!)],
      );
      expect(want.length).toBeGreaterThan(PAGE * 10);
      let after: KeysetPosition | undefined;
      const ids: string[] = [];
      for (let pages = 0; ; pages++) {
        expect(pages).toBeLessThan(ROWS);
        const s = publicListingStatement(PUBLIC, filter, PAGE, after, { kind: 'matches' })!;
        // 600 rows: the planner would rather read the whole table than look 8 rows up by key, as it
        // would not at a million; without a sequential scan the statement's shape shows.
        const client = await db.pool.connect();
        let plan: Record<string, unknown>;
        try {
          await client.query('begin');
          await client.query('set local enable_seqscan = off');
          plan = (await client.query(`explain (analyze, format json) ${s.text}`, s.values)).rows[0]['QUERY PLAN'][0].Plan;
          await client.query('rollback');
        } finally {
          client.release();
        }
        const read = scanned(plan);
        expect(read.length).toBeGreaterThan(0);
        expect(read.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(PAGE + 1);
        const page = (await db.pool.query<Row>(s.text, s.values)).rows;
        ids.push(...page.slice(0, PAGE).map((r) => r.petition_id));
        if (page.length <= PAGE) break;
        after = { at: page[PAGE - 1].sort_at, id: page[PAGE - 1].petition_id };
      }
      expect(ids).toEqual(want);
    }
  });

  it('builds a statement that runs without words whatever the way of matching, within a department too', async () => {
    // The words' table is joined only with words: a department's condition on it must not be there without them.
    for (const match of [{ kind: 'index' }, { kind: 'matches' }, { kind: 'window', rows: 5 }] as TextMatch[]) {
      const s = publicListingStatement(PUBLIC, { departmentId: 'd2' }, PAGE, undefined, match);
      expect((await db.pool.query(s!.text, s!.values)).rows).toHaveLength(PAGE + 1);
    }
  });

  it('finds nothing for a q without words', async () => {
    expect(publicListingStatement(PUBLIC, { q: '，。！' }, PAGE)).toBeUndefined();
    expect(await newestFirstRows(db.pool, TABLES.public_terms, '，。！', () => undefined, undefined, PAGE + 1)).toBeUndefined();
  });
});

// A word common overall but absent from the newest rows (退费, only in old cases' answers) misses the
// window; the matches after it are then read a few weeks at a time (the public search's GIN index
// holds the week), newest first, and the GIN path alone takes what is older than 63 weeks. Rows two
// to an instant, every other instant on a week's first one (1970-01-01 was a Thursday, so is
// 2024-01-04), over 150 weeks, so pages end at and straddle week boundaries.
describe('a word search reads the matches after the window week by week, with the same rows and pages', () => {
  const PERIOD_TABLES = {
    cases: 'wz_search_periods.cases',
    public_petitions: 'wz_search_periods.public_petitions',
    public_comments: 'wz_search_periods.public_comments',
    pending_texts: 'wz_search_periods.pending_texts',
    case_terms: 'wz_search_periods.case_terms',
    public_terms: 'wz_search_periods.public_terms',
  };
  const PERIOD_PUBLIC = { table: PERIOD_TABLES.public_petitions, terms: PERIOD_TABLES.public_terms };
  const OLD_ROWS = 2400;
  const HALF_WEEK = 3.5 * 86_400_000;

  /** 物业 everywhere; 退费 in the older 60%; 噪声 in a band of weeks in the middle; 漏水 only older than 63 weeks; 停水 now and then; 宅基地 rare. */
  function oldText(i: number): string {
    const parts = [`第${i}号来信`];
    if (i % 3 < 2) parts.push('小区物业管理混乱');
    if (i < OLD_ROWS * 0.6 && i % 2 === 0) parts.push('答复：已协调商家办理退费');
    if (i >= 1000 && i < 1100) parts.push('夜间施工噪声扰民');
    if (i < 250 && i % 3 === 0) parts.push('楼上漏水');
    if (i % 61 === 7) parts.push('突然停水没有通知');
    if (i % 250 === 13) parts.push('宅基地审批');
    return parts.join('，');
  }

  beforeAll(async () => {
    await createTables('wz_search_periods', PERIOD_TABLES);
    const base = Date.parse('2024-01-04T00:00:00Z');
    for (let i = 0; i < OLD_ROWS; i++) {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      const department = DEPARTMENTS[i % DEPARTMENTS.length];
      const at = new Date(base + Math.floor(i / 2) * HALF_WEEK).toISOString();
      await db.pool.query(
        `insert into ${PERIOD_TABLES.public_petitions} (petition_id, tracking_code, status, kind, channel, department_id, title, content,
           submitted_at, comment_count, last_revision, hidden, search)
         values ($1, $2, 'closed', 'complaint', 'web', $3, '来信', $4, $5, 0, 1, $6, $7::tsvector)`,
        [id, `WZ20240104-${String(i).padStart(10, '0')}`, department, oldText(i), at, i % 50 === 9, documentVector('来信', oldText(i))],
      );
      await db.pool.query(
        `insert into ${PERIOD_TABLES.public_terms} (petition_id, department_id, submitted_at, last_revision, search) values ($1, $2, $3, 1, $4::tsvector)`,
        [id, department, at, documentVector('来信', oldText(i))],
      );
    }
    await db.pool.query(`analyze ${PERIOD_TABLES.public_petitions}`);
    await db.pool.query(`analyze ${PERIOD_TABLES.public_terms}`);
  });

  for (const q of ['退费', '退费 物业', '噪声', '漏水', '停水', '宅基地', '物业']) {
    it(`public listing, q=${q}`, async () => {
      const want = await expected(PERIOD_PUBLIC, `not p.hidden and t.search @@ $1::tsquery`, [searchQuery(q)]);
      expect(want.length).toBeGreaterThan(PAGE);
      // The statements sent, to know the weeks were read (the answers alone are the same on every path).
      const sent: string[] = [];
      const pool = {
        query: (text: string, values: unknown[]) => {
          sent.push(text);
          return db.pool.query(text, values);
        },
      } as unknown as Pool;
      // undefined: the window the words' share gives (one row for a rare word).
      for (const window of [undefined, 3, PAGE + 1, 50]) {
        const build: Build = (match, after) => publicListingStatement(PERIOD_PUBLIC, { q }, PAGE, after, match);
        const ids: string[] = [];
        let after: KeysetPosition | undefined;
        for (let pages = 0; ; pages++) {
          expect(pages).toBeLessThan(OLD_ROWS);
          const rows = (await newestFirstRows<Row>(pool, PERIOD_TABLES.public_terms, q, build, after, PAGE + 1, true, window)) ?? [];
          const page = rows.slice(0, PAGE);
          ids.push(...page.map((r) => r.petition_id));
          if (rows.length <= PAGE) break;
          after = { at: page[PAGE - 1].sort_at, id: page[PAGE - 1].petition_id };
        }
        expect(ids).toEqual(want);
      }
      expect(sent.some((s) => /&& \$\d+::int\[\]/.test(s))).toBe(true);
    });
  }

  it('takes 宅基地 for rare and 退费 for common', async () => {
    expect(await commonWords(db.pool, PERIOD_TABLES.public_terms, ['宅基地'])).toBe(false);
    expect(await commonWords(db.pool, PERIOD_TABLES.public_terms, ['退费'])).toBe(true);
  });

  it('reads no weeks within a department or for the staff search', async () => {
    const periods: TextMatch = { kind: 'periods', periods: [2800] };
    expect(publicListingStatement(PERIOD_PUBLIC, { q: '退费', departmentId: 'd1' }, PAGE, undefined, periods)).toBeUndefined();
    expect(
      caseSearchStatement({ table: PERIOD_TABLES.cases, terms: PERIOD_TABLES.case_terms }, { q: '退费' }, PAGE, undefined, periods),
    ).toBeUndefined();
  });
});
