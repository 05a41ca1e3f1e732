import { Column, insertNew, upsertNewer } from '@wenzheng/projector';
import type { Pool } from 'pg';
import { createTestDatabase } from '../setup/database';

// Emitted rows (outbox messages, published steps) go into a live table as `insert ... from
// json_to_recordset ... on conflict do nothing` and into a rebuild's fresh table with COPY: both
// paths must store exactly the same values, whatever the text holds.

interface Probe {
  id: string;
  seq: number;
  label: string | null;
  tags: string[] | null;
  ref: string | null;
  flag: boolean | null;
  big: number | string | null;
  ratio: number | null;
  at: string | Date | null;
  ats: string[] | null;
  params: unknown;
  search: string | null;
}

const COLUMNS: readonly Column<Probe>[] = [
  ['id', 'text', 'id'],
  ['seq', 'int', 'seq'],
  ['label', 'text', 'label'],
  ['tags', 'text[]', 'tags'],
  ['ref', 'uuid', 'ref'],
  ['flag', 'boolean', 'flag'],
  ['big', 'bigint', 'big'],
  ['ratio', 'float8', 'ratio'],
  ['at', 'timestamptz', 'at'],
  ['ats', 'timestamptz[]', 'ats'],
  ['params', 'jsonb', 'params'],
  ['search', 'tsvector', 'search'],
];

const AWKWARD = [
  'tab\there',
  'line\nbreak\r\nand carriage\rreturn',
  'back\\slash \\N \\. \\t',
  '\\.',
  '',
  '"{quoted,comma}" NULL',
  '问政 鹿城区 不动产权证 😀 \u2028 é',
];

const NULLS = { label: null, tags: null, ref: null, flag: null, big: null, ratio: null, at: null, ats: null, params: null, search: null };

const rows: Probe[] = [
  ...AWKWARD.map((text, i) => ({
    id: `r${i}`,
    seq: i,
    label: text,
    tags: [text, 'plain', i % 2 ? '' : 'NULL'],
    ref: '6f1d0b1e-3c1a-4d5e-9f00-0123456789ab',
    flag: i % 2 === 0,
    big: 9007199254740991 - i,
    ratio: i ? 1.5e-7 * i : -0.25,
    at: i % 2 ? new Date(Date.UTC(2025, 0, 1, 8, 30, 0, 123)) : '2025-06-30T16:00:00.000Z',
    ats: ['2025-01-01T00:00:00.000Z', '2025-12-31T23:59:59.999Z'],
    params: { trackingCode: text, nested: { list: [text, null, 1, true], back: '\\' }, n: i },
    search: `'问政':1 'tab':2`,
  })),
  { id: 'nulls', seq: 99, ...NULLS },
  // What JSON.stringify writes as null (a number that is not finite) is SQL NULL on both paths.
  {
    id: 'not finite',
    seq: 98,
    ...NULLS,
    ratio: Number.POSITIVE_INFINITY,
    big: Number.NaN,
    params: Number.NaN,
    tags: ['x', Number.NaN as unknown as string],
  },
  {
    id: 'null elements',
    seq: 100,
    label: 'x',
    tags: [null as unknown as string, 'a\tb', 'c\\d', 'e"f'],
    ref: null,
    flag: false,
    big: '42',
    ratio: 0,
    at: null,
    ats: [null as unknown as string],
    params: 'a string\twith a tab',
    search: null,
  },
  // A second row with a key already in the batch: the first one stays, on both paths.
  { id: 'r0', seq: 1000, ...NULLS, label: 'a later duplicate', params: {} },
];

let db: { pool: Pool; drop(): Promise<void> };
beforeAll(async () => {
  db = await createTestDatabase();
  await db.pool.query('create schema if not exists wz_rm');
  for (const table of ['wz_rm.probe', 'wz_rm.probe__rebuild'])
    await db.pool.query(`create table ${table} (
      id text primary key, seq int not null, label text, tags text[], ref uuid, flag boolean, big bigint, ratio float8,
      at timestamptz, ats timestamptz[], params jsonb, search tsvector)`);
});
afterAll(async () => db?.drop());

// to_jsonb shows a SQL NULL and a JSON null alike: `is null` tells them apart.
const stored = async (table: string) =>
  (await db.pool.query<{ r: string }>(`select to_jsonb(t)::text || (t.params is null)::text as r from ${table} t order by id`)).rows.map(
    (r) => r.r,
  );

async function insert(table: string, batch: readonly Probe[]) {
  const client = await db.pool.connect();
  try {
    await insertNew(client, table, COLUMNS, batch);
  } finally {
    client.release();
  }
}

describe('inserting emitted rows', () => {
  it('stores the same values with COPY into a fresh table as from json_to_recordset into a live one', async () => {
    await insert('wz_rm.probe', rows);
    await insert('wz_rm.probe__rebuild', rows);
    const live = await stored('wz_rm.probe');
    expect(live).toHaveLength(rows.length - 1);
    expect(await stored('wz_rm.probe__rebuild')).toEqual(live);

    const { rows: back } = await db.pool.query(`select * from wz_rm.probe__rebuild order by seq`);
    expect(back.slice(0, AWKWARD.length).map((r) => r.label)).toEqual(AWKWARD);
    expect(back[0].tags).toEqual([AWKWARD[0], 'plain', 'NULL']);
    expect(back[0].params.nested).toEqual({ list: [AWKWARD[0], null, 1, true], back: '\\' });
    const byId = new Map(back.map((r) => [r.id, r]));
    expect(byId.get('null elements').tags).toEqual([null, 'a\tb', 'c\\d', 'e"f']);
    expect(byId.get('nulls').params).toBeNull();
    expect(byId.get('not finite')).toMatchObject({ ratio: null, big: null, params: null, tags: ['x', null] });
  });

  it('leaves a row already in a live table alone, and fails on one already in a fresh table (COPY: nothing may be there)', async () => {
    const again = [{ ...rows[1], label: 'changed' }];
    await insert('wz_rm.probe', again);
    expect((await db.pool.query(`select label from wz_rm.probe where id = 'r1'`)).rows[0].label).toBe(AWKWARD[1]);
    await expect(insert('wz_rm.probe__rebuild', again)).rejects.toThrow(/duplicate key/);
  });

  it('upserts into a fresh table: rows said to be new with COPY, the others as an upsert by revision', async () => {
    const client = await db.pool.connect();
    try {
      const changed = { ...rows[2], seq: 2000, label: 'updated' };
      const added = { ...rows[3], id: 'added', seq: 3000 };
      const upsert = (isNew: (r: Probe) => boolean) =>
        upsertNewer(client, 'wz_rm.probe__rebuild', COLUMNS, [changed, added], { revisionColumn: 'seq', isNew });
      await expect(upsert(() => true)).rejects.toThrow(/duplicate key/); // the COPY path, which nothing stored may meet
      await upsert((r) => r.id === 'added');
    } finally {
      client.release();
    }
    const { rows: back } = await db.pool.query(`select id, seq, label from wz_rm.probe__rebuild where id in ('r2', 'added') order by id`);
    expect(back).toEqual([
      { id: 'added', seq: 3000, label: AWKWARD[3] },
      { id: 'r2', seq: 2000, label: 'updated' },
    ]);
  });
});
