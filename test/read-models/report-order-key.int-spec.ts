import { ordAtKey } from '@wenzheng/read-models';
import { createTestDatabase } from '../setup/database';

// The report's deductions are sorted by ordAtKey(rank, time) first, then by rank and time and the
// rest: the key must never put two rows in another order than (rank, time) does, whatever the
// instant (before 1970, past 2286, infinities, microseconds within one millisecond).

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase('wz_report_order_key');
});
afterAll(async () => db.drop());

const INSTANTS = [
  '-infinity',
  '1900-01-01T00:00:00Z',
  '1969-12-31T23:59:59.999999Z',
  '1970-01-01T00:00:00Z',
  '1970-01-01T00:00:00.000001Z',
  '2025-06-01T12:00:00.0004+08:00',
  '2025-06-01T12:00:00.0006+08:00',
  '2025-06-01T12:00:00.001+08:00',
  '2025-12-31T15:59:59.999999Z',
  '2286-11-20T17:46:39.999Z',
  '2286-11-20T17:46:40Z',
  '3000-01-01T00:00:00Z',
  'infinity',
];

describe('ordAtKey: the deductions sort key', () => {
  it('orders every (rank, time) pair as (rank, time) does, across ranks, clamped years and ties within a millisecond', async () => {
    const { rows } = await db.pool.query<{ by_key: string[]; by_pair: string[]; distinct_keys: number; rows: number }>(
      `with v as (
         select o.ord, t.at from unnest(array[1, 2, 3, 26, 500]::int8[]) as o(ord), unnest($1::timestamptz[]) as t(at)
       )
       select array(select ord || ' ' || at from v order by ${ordAtKey('v.ord', 'v.at')}, v.ord, v.at) as by_key,
              array(select ord || ' ' || at from v order by v.ord, v.at) as by_pair,
              (select count(distinct ${ordAtKey('v.ord', 'v.at')})::int from v) as distinct_keys,
              (select count(*)::int from v) as rows`,
      [INSTANTS],
    );
    const [r] = rows;
    expect(r.rows).toBe(5 * INSTANTS.length);
    expect(r.by_key).toEqual(r.by_pair);
    // Each rank's own keys: everything up to 1970 ties at 0, everything from 2286 on at the top, the two instants in one
    // millisecond tie; the three other instants have a key each (the rank and time settle the ties).
    expect(r.distinct_keys).toBe(5 * 5);
  });
});
