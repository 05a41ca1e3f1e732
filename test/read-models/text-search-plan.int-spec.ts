import type { PoolClient } from 'pg';
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
};
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

beforeAll(async () => {
  db = await createTestDatabase('wz_search_plan');
  await db.pool.query(`create schema ${SCHEMA}`);
  const client: PoolClient = await db.pool.connect();
  try {
    await petitionViews.createTables(client, TABLES);
  } finally {
    client.release();
  }
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
  }
  await db.pool.query(`analyze ${TABLES.public_petitions}`);
  await db.pool.query(`analyze ${TABLES.cases}`);
});

afterAll(async () => {
  await db?.drop();
});

type Row = { petition_id: string; sort_at: string };
type Build = (match: TextMatch, after: KeysetPosition | undefined) => { text: string; values: unknown[] } | undefined;

/** Every page through newestFirstRows, cursor after cursor, as the API turns them. */
async function allPages(table: string, q: string, build: Build, walkable: boolean, window: number): Promise<string[]> {
  const ids: string[] = [];
  let after: KeysetPosition | undefined;
  for (let pages = 0; pages < ROWS; pages++) {
    const rows = (await newestFirstRows<Row>(db.pool, table, q, build, after, PAGE + 1, walkable, window)) ?? [];
    const page = rows.slice(0, PAGE);
    ids.push(...page.map((r) => r.petition_id));
    if (rows.length <= PAGE) return ids;
    after = { at: page[PAGE - 1].sort_at, id: page[PAGE - 1].petition_id };
  }
  throw new Error('no last page');
}

async function expected(table: string, where: string, values: unknown[]): Promise<string[]> {
  const { rows } = await db.pool.query<{ petition_id: string }>(
    `select petition_id from ${table} p where ${where} order by submitted_at desc, petition_id desc`,
    values,
  );
  return rows.map((r) => r.petition_id);
}

const QUERIES = ['物业', '电梯', '物业 电梯', '停水', '鹿城区 施工', '物业 停水', '量子计算机'];

describe('a word search gives the plain statement’s rows, in its order, on every path', () => {
  it('knows the common words from ANALYZE and takes the rare ones for rare', async () => {
    // Without this the window path is never taken and the comparisons below prove nothing about it.
    expect(await commonWords(db.pool, TABLES.public_petitions, ['物业'])).toBe(true);
    expect(await commonWords(db.pool, TABLES.public_petitions, ['物业', '电梯'])).toBe(true);
    expect(await commonWords(db.pool, TABLES.public_petitions, ['量子'])).toBe(false);
  });

  for (const q of QUERIES) {
    for (const department of [undefined, 'd2']) {
      it(`public listing, q=${q}${department ? `, departmentId=${department}` : ''}`, async () => {
        const filter: PublicListingFilter = { q, ...(department && { departmentId: department }) };
        const want = await expected(
          TABLES.public_petitions,
          `not p.hidden and p.search @@ $1::tsquery${department ? ' and p.department_id = $2' : ''}`,
          department ? [searchQuery(q), department] : [searchQuery(q)],
        );
        const build: Build = (match, after) => publicListingStatement(TABLES.public_petitions, filter, PAGE, after, match);
        for (const window of [3, PAGE + 1, 50, 10_000]) {
          for (const walkable of [true, false]) expect(await allPages(TABLES.public_petitions, q, build, walkable, window)).toEqual(want);
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
        let where = 'p.search @@ $1::tsquery';
        if (filter.ownDepartment) where += ` and p.dispatched_department_ids @> array[$${values.push(filter.ownDepartment)}]::text[]`;
        if (filter.status) where += ` and p.status = $${values.push(filter.status)}`;
        const want = await expected(TABLES.cases, where, values);
        const build: Build = (match, after) => caseSearchStatement(TABLES.cases, filter, PAGE, after, match);
        for (const window of [3, 50]) {
          for (const walkable of [true, false]) expect(await allPages(TABLES.cases, q, build, walkable, window)).toEqual(want);
        }
      }
    });
  }

  it('finds nothing for a q without words', async () => {
    expect(publicListingStatement(TABLES.public_petitions, { q: '，。！' }, PAGE)).toBeUndefined();
    expect(await newestFirstRows(db.pool, TABLES.public_petitions, '，。！', () => undefined, undefined, PAGE + 1)).toBeUndefined();
  });
});
