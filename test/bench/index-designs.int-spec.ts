import { INDEX_DESIGNS, indexDesignsStep } from '../../apps/bench/src/steps/index-designs';
import { createTestDatabase } from '../setup/database';

// `npm run bench:index-designs` at a small size: the current design and the one without the
// district and street indexes (before migration 1795697500000) answer every shape, the district's
// and the street's included, with the same rows; those two indexes are what the second one takes away.

jest.setTimeout(180_000);

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase('wz_index_designs');
});
afterAll(async () => db?.drop());

it('times the district and street shapes with and without the district index, with the same answers', async () => {
  const designs = ['weeks', 'without-district'].map((name) => INDEX_DESIGNS.find((d) => d.name === name));
  expect(designs.every(Boolean)).toBe(true);
  const logged: string[] = [];
  const result = await indexDesignsStep({
    pool: db.pool,
    cases: 3000,
    requests: 8,
    designs: designs as NonNullable<(typeof designs)[number]>[],
    log: (m) => logged.push(m),
  });
  expect(result.mismatches).toBe(0);
  expect(result.designs.map((d) => d.design)).toEqual(['weeks', 'without-district']);
  for (const d of result.designs) expect(Object.keys(d.byShape)).toEqual(expect.arrayContaining(['by district', 'by street']));
  expect(Object.keys(result.baseIndexMb).some((def) => def.includes('"left"(district_code, 6)'))).toBe(true);
  // Taken away for its measurement (a drop by its name, which fails if it is not there), then made again.
  const { rows } = await db.pool.query<{ n: string }>(
    `select count(*) as n from pg_indexes where schemaname = 'wz_index_designs' and indexdef like '%"left"(district_code, 6)%'`,
  );
  expect(Number(rows[0].n)).toBe(1);
  const street = await db.pool.query<{ n: string }>(
    `select count(*) as n from pg_indexes where schemaname = 'wz_index_designs' and indexdef like '%(district_code, submitted_at DESC, petition_id DESC)%'`,
  );
  expect(Number(street.rows[0].n)).toBe(1);
});
