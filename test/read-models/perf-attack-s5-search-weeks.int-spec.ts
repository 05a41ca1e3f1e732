import { Pool, PoolClient } from 'pg';
import { KeysetPosition, PERIOD_SECONDS, PublicListingFilter, TextMatch, documentVector, periodSql } from '@wenzheng/read-models';
import { newestFirstRows, petitionViews, publicListingStatement, searchQuery } from '@wenzheng/read-models';
import { createTestDatabase } from '../setup/database';

// Attacks on the plain search's week path (a2740f9, 8153c7a): the matches after the newest-first
// window are read week by week, the week computed in SQL (periodSql, in the GIN index) and in Node
// (from the window's last row's sort_at) and then handed on as a keyset position at the week's first
// instant with the id ''. Every page must still be the plain statement's rows in its order, on data
// built to make those two computations and that hand-over disagree if they can: rows 1 µs either
// side of a week's first instant and several rows on the instant itself (ids sorting both ways),
// rows on a Shanghai Monday 00:00 (Sunday 16:00 UTC), over 80 weeks (past the 63 read by weeks),
// with words in no row, in every row, only in the oldest weeks, and rare ones on the boundaries;
// with a status, a department and a date filter beside q; pages of 1, 3 and 7; and q values that
// are mostly punctuation or tsquery syntax, which must never make a statement fail.

const SCHEMA = 'wz_attack_weeks';
const TABLES = {
  cases: `${SCHEMA}.cases`,
  public_petitions: `${SCHEMA}.public_petitions`,
  public_comments: `${SCHEMA}.public_comments`,
  pending_texts: `${SCHEMA}.pending_texts`,
  case_terms: `${SCHEMA}.case_terms`,
  public_terms: `${SCHEMA}.public_terms`,
};
const PUBLIC = { table: TABLES.public_petitions, terms: TABLES.public_terms };
const WEEKS = 80;
/** 2024-01-04 (a Thursday, like 1970-01-01): a week's first instant in periodSql's reckoning. */
const FIRST = Date.parse('2024-01-04T00:00:00Z');
const WEEK_MS = PERIOD_SECONDS * 1000;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
/** The database's sessions in Asia/Shanghai: nothing may depend on the API's sessions being in UTC. */
let pool: Pool;
/** The statements that read by weeks (`&& $n::int[]`), counted. */
let weekStatements = 0;

interface Seed {
  readonly id: string;
  /** An instant PostgreSQL parses (microseconds kept). */
  readonly at: string;
  readonly text: string;
  readonly status: string;
  readonly department: string;
  readonly hidden: boolean;
}

/** Microseconds after an epoch millisecond, as PostgreSQL text. */
const instant = (ms: number, micros = 0) => `${new Date(ms).toISOString().slice(0, -1)}${String(micros).padStart(3, '0')}Z`;

function seeds(): Seed[] {
  const out: Seed[] = [];
  let n = 0;
  const add = (at: string, week: number, words: string[]) => {
    const i = n++;
    const parts = [`第${i}号来信`, '全部来信', ...words];
    if (week < 6) parts.push('旧时噪声');
    if (week < 48 && i % 2 === 0) parts.push('已协调商家办理退费');
    if (week % 9 === 4 || week % 9 === 5) parts.push('夜间施工');
    out.push({
      // Ids sort in another order than insertion: the id breaks ties at an instant.
      id: `00000000-0000-4000-8000-${String((i * 7919) % 100_000).padStart(12, '0')}`,
      at,
      text: parts.join('，'),
      status: i % 3 === 0 ? 'closed' : 'in_progress',
      department: ['d1', 'd2', 'd3'][i % 3],
      hidden: i % 37 === 11,
    });
  };
  for (let w = 0; w < WEEKS; w++) {
    const start = FIRST + w * WEEK_MS;
    const rare = w % 7 === 3 ? ['宅基地审批'] : [];
    add(instant(start - 1, 999), w - 1, rare); // 1 µs before the week: the week before's
    add(instant(start), w, []);
    add(instant(start), w, rare);
    add(instant(start), w, []);
    add(instant(start, 1), w, rare); // 1 µs into the week
    add(instant(start + 3 * 86_400_000 + 16 * 3_600_000), w, []); // Monday 00:00 in Shanghai
    add(instant(start + 3.5 * 86_400_000, 500), w, w % 5 === 0 ? ['宅基地审批'] : []);
  }
  return out;
}

const SEEDS = seeds();

beforeAll(async () => {
  db = await createTestDatabase('wz_attack_weeks');
  pool = new Pool({ connectionString: db.url, max: 4, options: '-c TimeZone=Asia/Shanghai' });
  await pool.query(`create schema ${SCHEMA}`);
  const client: PoolClient = await pool.connect();
  try {
    await petitionViews.createTables(client, TABLES);
  } finally {
    client.release();
  }
  for (const s of SEEDS) {
    await pool.query(
      `insert into ${TABLES.public_petitions} (petition_id, tracking_code, status, kind, channel, department_id, title, content, submitted_at,
         comment_count, last_revision, hidden, search)
       values ($1, $2, $3, 'complaint', 'web', $4, '来信', $5, $6::timestamptz, 0, 1, $7, $8::tsvector)`,
      [s.id, `WZ${s.id.slice(-12)}`, s.status, s.department, s.text, s.at, s.hidden, documentVector('来信', s.text)],
    );
    await pool.query(
      `insert into ${TABLES.public_terms} (petition_id, department_id, submitted_at, last_revision, search) values ($1, $2, $3::timestamptz, 1, $4::tsvector)`,
      [s.id, s.department, s.at, documentVector('来信', s.text)],
    );
  }
  await pool.query(`analyze ${TABLES.public_petitions}`);
  await pool.query(`analyze ${TABLES.public_terms}`);
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

type Row = { petition_id: string; sort_at: string };

const counting = {
  query: (text: string, values: unknown[]) => {
    if (/&& \$\d+::int\[\]/.test(text)) weekStatements++;
    return pool.query(text, values);
  },
} as unknown as Pool;

/** Every page through newestFirstRows, cursor after cursor, as the API turns them. */
async function allPages(filter: PublicListingFilter, page: number, window: number | undefined): Promise<string[]> {
  const build = (match: TextMatch, after: KeysetPosition | undefined) => publicListingStatement(PUBLIC, filter, page, after, match);
  const ids: string[] = [];
  let after: KeysetPosition | undefined;
  for (let pages = 0; pages <= SEEDS.length; pages++) {
    const rows = (await newestFirstRows<Row>(counting, TABLES.public_terms, filter.q, build, after, page + 1, true, window)) ?? [];
    const shown = rows.slice(0, page);
    ids.push(...shown.map((r) => r.petition_id));
    if (rows.length <= page) return ids;
    after = { at: shown[page - 1].sort_at, id: shown[page - 1].petition_id };
  }
  throw new Error('no last page');
}

/** The plain statement: every visible row with the words and the filters, newest first. */
async function expected(filter: PublicListingFilter): Promise<string[]> {
  const words = filter.q === undefined ? undefined : searchQuery(filter.q);
  if (filter.q !== undefined && !words) return [];
  const values: unknown[] = [];
  const where = ['not p.hidden'];
  if (words) where.push(`t.search @@ $${values.push(words)}::tsquery`);
  if (filter.status) where.push(`p.status = $${values.push(filter.status)}`);
  if (filter.departmentId) where.push(`p.department_id = $${values.push(filter.departmentId)}`);
  if (filter.from) where.push(`p.submitted_at >= $${values.push(`${filter.from}T00:00:00+08:00`)}::timestamptz`);
  if (filter.to) where.push(`p.submitted_at < ($${values.push(`${filter.to}T00:00:00+08:00`)}::timestamptz + interval '1 day')`);
  const { rows } = await pool.query<{ petition_id: string }>(
    `select p.petition_id from ${TABLES.public_petitions} p join ${TABLES.public_terms} t on t.petition_id = p.petition_id
      where ${where.join(' and ')} order by p.submitted_at desc, p.petition_id desc`,
    values,
  );
  return rows.map((r) => r.petition_id);
}

describe('the week path: the plain statement’s rows and pages, whatever the week boundaries', () => {
  it('places the boundary rows in the weeks meant (periodSql in any session time zone), so the cases below test the hand-over', async () => {
    expect((await pool.query<{ TimeZone: string }>('show time zone')).rows[0].TimeZone).toBe('Asia/Shanghai');
    const { rows } = await pool.query<{ at: string; week: number }>(
      `select to_char(submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as at, ${periodSql('submitted_at')} as week
         from ${TABLES.public_petitions} where submitted_at between $1::timestamptz - interval '1 second' and $1::timestamptz + interval '1 second'
        order by submitted_at`,
      [new Date(FIRST + 10 * WEEK_MS).toISOString()],
    );
    const week = Math.floor((FIRST + 10 * WEEK_MS) / WEEK_MS);
    expect(rows.map((r) => r.week)).toEqual([week - 1, week, week, week, week]);
    expect(rows[0].at.endsWith('59.999999')).toBe(true);
  });

  const FILTERS: PublicListingFilter[] = [
    { q: '退费' }, // common, absent from the newest 32 weeks
    { q: '旧时噪声' }, // only in the oldest weeks: past the 63 read week by week
    { q: '宅基地' }, // rare, on week boundaries
    { q: '夜间施工' }, // bands of weeks
    { q: '全部来信' }, // every row
    { q: '量子计算机' }, // no row
    { q: '退费', status: 'closed' },
    { q: '宅基地', status: 'in_progress' },
    { q: '退费', departmentId: 'd2' },
    { q: '旧时噪声 全部', from: '2024-01-05', to: '2024-02-05' },
  ];
  for (const filter of FILTERS) {
    it(`every page of ${JSON.stringify(filter)}`, async () => {
      const want = await expected(filter);
      const before = weekStatements;
      for (const page of [1, 3, 7]) {
        for (const window of [undefined, 1, 3, page + 1])
          expect({ page, window, ids: await allPages(filter, page, window) }).toEqual({ page, window, ids: want });
      }
      // Outside a department the weeks were read (else this compared the GIN path with itself).
      if (!filter.departmentId && want.length > 7) expect(weekStatements).toBeGreaterThan(before);
    });
  }

  it('the sample above reaches each path: words in the oldest weeks only, in every row and in none', async () => {
    expect((await expected({ q: '旧时噪声' })).length).toBeGreaterThan(7);
    expect((await expected({ q: '全部来信' })).length).toBe(SEEDS.filter((s) => !s.hidden).length);
    expect(await expected({ q: '量子计算机' })).toEqual([]);
  });

  const ODD = [
    '%',
    '_',
    '\\',
    "'",
    '"退费"',
    '退费 & 噪声',
    '退费 | 噪声',
    '!退费',
    '退费:*',
    '(退费)',
    '退费 <-> 噪声',
    '<2>',
    '   ',
    '，。！',
    '退'.repeat(300),
    'a'.repeat(2048),
    '😀退费',
    '\u2028退费\u2029',
    'select 1; --',
  ];
  it(`${ODD.length} odd q values: no statement fails, every page as the plain statement's`, async () => {
    for (const q of ODD) {
      const want = await expected({ q });
      expect({ q, ids: await allPages({ q }, 7, undefined) }).toEqual({ q, ids: want });
      expect({ q, ids: await allPages({ q, status: 'closed' }, 3, 1) }).toEqual({ q, ids: await expected({ q, status: 'closed' }) });
    }
  });
});
