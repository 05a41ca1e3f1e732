import type { PoolClient } from 'pg';
import {
  KeysetPosition,
  PublicListingDistrict1795697500000,
  PublicHiddenIndex1795697800000,
  PublicListingFilter,
  PublicListingStreet1795697600000,
  newestFirstRows,
  petitionViews,
  publicListingStatement,
} from '@wenzheng/read-models';
import { createTestDatabase } from '../setup/database';
import { expectIndexMigrationRoundTrip, indexBodies } from '../setup/migrations';

// Issue 15 item 4: the public listing by district (?district=330302, its streets included) or by
// street (9 digits). As a prefix match on the newest-first index, a code with few cases or none
// read every public row. Now a district's index (DISTRICT_LISTING_INDEX) and a street's
// (STREET_LISTING_INDEX) answer them: every page must hold exactly the rows of the prefix match, in
// its order, and a code with no case must read a few index pages whatever the table's size. A fresh
// install and an upgraded one hold the same indexes.

const SCHEMA = 'wz_listing_district';
const TABLES = {
  cases: `${SCHEMA}.cases`,
  public_petitions: `${SCHEMA}.public_petitions`,
  public_comments: `${SCHEMA}.public_comments`,
  pending_texts: `${SCHEMA}.pending_texts`,
  case_terms: `${SCHEMA}.case_terms`,
  public_terms: `${SCHEMA}.public_terms`,
};
const PUBLIC = { table: TABLES.public_petitions, terms: TABLES.public_terms };
const PAGE = 7;
const DISTRICT_INDEX =
  'USING btree ("left"(district_code, 6), submitted_at DESC, petition_id DESC, district_code) WHERE (district_code IS NOT NULL)';
const STREET_INDEX = 'USING btree (district_code, submitted_at DESC, petition_id DESC) WHERE (district_code IS NOT NULL)';

let db: Awaited<ReturnType<typeof createTestDatabase>>;

/** Row i's code: districts 330302 and 330303, their streets 001–003, the district alone, or none. */
function codeOf(i: number): string | null {
  if (i % 7 === 0) return null;
  const district = i % 3 === 0 ? '330303' : '330302';
  return i % 4 === 0 ? district : `${district}00${(Math.floor(i / 3) % 3) + 1}`;
}

/** `rows` public rows from row `from` on; instants repeat in runs of 3 so the id breaks ties. */
async function fill(from: number, rows: number): Promise<void> {
  const base = Date.parse('2026-06-01T00:00:00Z');
  const ids: string[] = [];
  const tracking: string[] = [];
  const codes: (string | null)[] = [];
  const ats: string[] = [];
  const hidden: boolean[] = [];
  for (let i = from; i < from + rows; i++) {
    ids.push(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    tracking.push(`WZ20260601-${String(i).padStart(10, '0')}`);
    codes.push(codeOf(i));
    ats.push(new Date(base + Math.floor(i / 3) * 60_000).toISOString());
    hidden.push(i % 29 === 5);
  }
  await db.pool.query(
    `insert into ${TABLES.public_petitions} (petition_id, tracking_code, status, kind, channel, department_id, title, content, submitted_at,
       comment_count, last_revision, hidden, district_code)
     select u.id, u.code, case when u.n % 2 = 0 then 'closed' else 'in_progress' end, 'complaint', 'web', 'd' || (u.n / 7 % 3 + 1),
            '来信', '内容', u.at, 0, 1, u.hidden, u.district
       from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::boolean[], $6::int[]) as u(id, code, district, at, hidden, n)`,
    [ids, tracking, codes, ats, hidden, ids.map((_, k) => from + k)],
  );
}

beforeAll(async () => {
  db = await createTestDatabase('wz_listing_district');
  await db.pool.query(`create schema ${SCHEMA}`);
  const client: PoolClient = await db.pool.connect();
  try {
    await petitionViews.createTables(client, TABLES);
  } finally {
    client.release();
  }
  await fill(0, 400);
  await db.pool.query(`analyze ${TABLES.public_petitions}`);
});

afterAll(async () => {
  await db?.drop();
});

type Row = { petition_id: string; sort_at: string };

/** Every page of the listing's own statement, cursor after cursor, as the API turns them. */
async function allPages(district: string, more: Omit<PublicListingFilter, 'district'> = {}): Promise<string[]> {
  const ids: string[] = [];
  let after: KeysetPosition | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const rows =
      (await newestFirstRows<Row>(
        db.pool,
        TABLES.public_terms,
        undefined,
        (match, position) => publicListingStatement(PUBLIC, { district, ...more }, PAGE + 1, position, match),
        after,
        PAGE + 1,
      )) ?? [];
    const page = rows.slice(0, PAGE);
    ids.push(...page.map((r) => r.petition_id));
    if (rows.length <= PAGE) return ids;
    after = { at: page[PAGE - 1].sort_at, id: page[PAGE - 1].petition_id };
  }
  throw new Error('no last page');
}

/** What the listing gave before: a prefix match of the code, hidden rows left out, newest first. */
async function prefixMatch(district: string, more: { status?: string; departmentId?: string; from?: string } = {}): Promise<string[]> {
  const { rows } = await db.pool.query<{ petition_id: string }>(
    `select petition_id from ${TABLES.public_petitions}
      where not hidden and district_code like $1 || '%' and ($2::text is null or status = $2) and ($3::text is null or department_id = $3)
        and ($4::timestamptz is null or submitted_at >= $4)
      order by submitted_at desc, petition_id desc`,
    [district, more.status ?? null, more.departmentId ?? null, more.from ? `${more.from}T00:00:00+08:00` : null],
  );
  return rows.map((r) => r.petition_id);
}

/** The plan of the first page's statement, with the index pages it read. */
async function firstPagePlan(district: string): Promise<{ text: string; blocks: number }> {
  const statement = publicListingStatement(PUBLIC, { district }, PAGE + 1);
  if (!statement) throw new Error('no statement');
  const { rows } = await db.pool.query<{ 'QUERY PLAN': [{ Plan: Record<string, unknown> }] }>(
    `explain (analyze, buffers, format json) ${statement.text}`,
    statement.values,
  );
  const plan = rows[0]['QUERY PLAN'][0].Plan;
  return { text: JSON.stringify(plan), blocks: Number(plan['Shared Hit Blocks']) + Number(plan['Shared Read Blocks']) };
}

describe('the public listing by district or street', () => {
  for (const district of ['330302', '330303', '330302001', '330303002', '330302009', '330304', '999999']) {
    it(`gives the prefix match's rows in its order on every page: district=${district}`, async () => {
      const want = await prefixMatch(district);
      if (['330302', '330303', '330302001', '330303002'].includes(district)) expect(want.length).toBeGreaterThan(PAGE * 3);
      expect(await allPages(district)).toEqual(want);
    });
  }

  for (const more of [{ status: 'in_progress' }, { departmentId: 'd2' }, { from: '2026-06-01' }, { status: 'closed', departmentId: 'd3' }])
    for (const district of ['330302', '330303002', '999999'])
      it(`with the other filters too: district=${district}, ${JSON.stringify(more)}`, async () => {
        const want = await prefixMatch(district, more);
        if (district !== '999999') expect(want.length).toBeGreaterThan(Object.keys(more).length > 1 ? 0 : PAGE);
        expect(await allPages(district, more)).toEqual(want);
      });

  it("a code that is not a district's or a street's is refused by the statement, not read as another prefix", () => {
    for (const district of ['3303020', '33030200', '3303', '33030200012', '３３０３０２'])
      expect(() => publicListingStatement(PUBLIC, { district }, PAGE)).toThrow(/district/);
  });

  it("a district's page holds its streets' cases and its own; a street's only that street's", async () => {
    const { rows } = await db.pool.query<{ district_code: string }>(
      `select district_code from ${TABLES.public_petitions} where petition_id = any($1::text[])`,
      [await allPages('330302')],
    );
    const codes = new Set(rows.map((r) => r.district_code));
    expect([...codes].sort()).toEqual(['330302', '330302001', '330302002', '330302003']);
    const street = await db.pool.query<{ district_code: string }>(
      `select distinct district_code from ${TABLES.public_petitions} where petition_id = any($1::text[])`,
      [await allPages('330302002')],
    );
    expect(street.rows.map((r) => r.district_code)).toEqual(['330302002']);
  });

  it("reads the district's and the street's indexes, and a code with no case reads as few pages at 8,400 rows as at 400", async () => {
    const bodies = await indexBodies(db.pool, TABLES.public_petitions);
    expect(bodies.filter((b) => b === DISTRICT_INDEX)).toHaveLength(1);
    expect(bodies.filter((b) => b === STREET_INDEX)).toHaveLength(1);
    const before = { district: await firstPagePlan('330304'), street: await firstPagePlan('330302009') };
    expect(before.district.text).toMatch(/public_petitions_left_submitted_at/);
    expect(before.street.text).toMatch(/public_petitions_district_code_submitted_at/);
    expect(before.district.text).not.toMatch(/Seq Scan/);

    await fill(400, 8000);
    await db.pool.query(`analyze ${TABLES.public_petitions}`);
    const after = { district: await firstPagePlan('330304'), street: await firstPagePlan('330302009') };
    // An absent district or street (of a district with 4,000 rows here): the index's first pages only,
    // never its district's entries one by one (about 20 pages here, as on DISTRICT_LISTING_INDEX).
    for (const code of ['district', 'street'] as const) {
      expect(after[code].blocks).toBeLessThanOrEqual(before[code].blocks + 1);
      expect(after[code].blocks).toBeLessThan(5);
      expect(after[code].text).not.toMatch(/Seq Scan/);
    }
    // A street with cases: its own index, one page of rows read.
    const present = await firstPagePlan('330302002');
    expect(present.text).toMatch(/public_petitions_district_code_submitted_at/);
  });
});

for (const { Migration, index, renamed } of [
  {
    Migration: PublicListingDistrict1795697500000,
    index: DISTRICT_INDEX,
    renamed: 'public_petitions__rebuild_left_submitted_at_petition_id_idx1',
  },
  {
    Migration: PublicListingStreet1795697600000,
    index: STREET_INDEX,
    renamed: 'public_petitions__rebuild_district_code_submitted_at_petit_idx1',
  },
  // Not the district's, but an index of public_petitions added the same way (the search's hidden cases).
  {
    Migration: PublicHiddenIndex1795697800000,
    index: 'USING btree (petition_id) WHERE hidden',
    renamed: 'public_petitions__rebuild_petition_id_idx1',
  },
])
  describe(`migration ${new Migration().name}`, () => {
    it('brings a table of the release before to the index set of a fresh install, once; down takes the index away again', async () => {
      const fresh = await indexBodies(db.pool, TABLES.public_petitions);
      expect(fresh).toContain(index);
      // The migration works on the live schema: the live tables of a test database made as the release before.
      await db.pool.query(`create schema if not exists wz_rm`);
      await db.pool.query(`drop table if exists wz_rm.public_petitions`);
      await db.pool.query(`create table wz_rm.public_petitions (like ${TABLES.public_petitions} including all)`);
      const live = 'wz_rm.public_petitions';
      const { rows } = await db.pool.query<{ indexname: string }>(
        `select indexname from pg_indexes where schemaname = 'wz_rm' and tablename = 'public_petitions' and indexdef like '%' || $1`,
        [index],
      );
      for (const r of rows) await db.pool.query(`drop index wz_rm.${r.indexname}`);
      const before = await indexBodies(db.pool, live);
      expect(before).not.toContain(index);
      expect(before.length).toBe(fresh.length - 1);

      const migration = new Migration();
      const runner = { query: (sql: string) => db.pool.query(sql) } as unknown as Parameters<typeof migration.up>[0];
      await expectIndexMigrationRoundTrip(
        (step) => migration[step](runner),
        () => indexBodies(db.pool, live),
        { fresh, before },
      );
    });

    it("adds the index to a rebuild's fresh table, and not a second one to a rebuilt table whose index has the fresh table's name", async () => {
      const migration = new Migration();
      const runner = { query: (sql: string) => db.pool.query(sql) } as unknown as Parameters<typeof migration.up>[0];
      const live = 'wz_rm.public_petitions';
      const fresh = `${live}__rebuild`;
      await db.pool.query(`drop table if exists ${fresh}`);
      await db.pool.query(`create table ${fresh} (like ${TABLES.public_petitions} including all)`);
      const named = async (table: string) =>
        (
          await db.pool.query<{ indexname: string }>(
            `select indexname from pg_indexes where schemaname = 'wz_rm' and tablename = $1 and indexdef like '%' || $2`,
            [table, index],
          )
        ).rows.map((r) => r.indexname);
      for (const name of await named('public_petitions__rebuild')) await db.pool.query(`drop index wz_rm.${name}`);
      // A table a rebuild swapped in: its index carries the fresh table's name.
      const [liveIndex] = await named('public_petitions');
      await db.pool.query(`alter index wz_rm.${liveIndex} rename to ${renamed}`);

      await migration.up(runner);
      expect(await named('public_petitions__rebuild')).toHaveLength(1);
      expect(await named('public_petitions')).toEqual([renamed]);
      await migration.down(runner);
      expect(await named('public_petitions__rebuild')).toHaveLength(0);
      expect(await named('public_petitions')).toHaveLength(0);
    });
  });
