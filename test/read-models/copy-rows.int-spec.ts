import { Column, copyRows } from '@wenzheng/projector';
import { createTestDatabase } from '../setup/database';

// copyRows writes a batch's COPY text in one go (not a chunk a turn of the event loop): on the
// real server, every row lands, the promise settles only once PostgreSQL has taken them, and a
// failing row fails the statement without leaving the connection waiting.

interface Row {
  id: number;
  text: string;
  tags: string[] | null;
}
const COLUMNS: readonly Column<Row>[] = [
  ['id', 'int', 'id'],
  ['text', 'text', 'text'],
  ['tags', 'text[]', 'tags'],
];

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase('wz_copy_rows');
});
afterAll(async () => db.drop());

/** Rows whose COPY text spans many 64 kB buffers, with every character COPY escapes. */
const rows = (n: number, from = 0): Row[] =>
  Array.from({ length: n }, (_, i) => ({
    id: from + i,
    text: `第${from + i}行\t制表符\n换行\\反斜杠\r回车 ${'长'.repeat(200)}`,
    tags: i % 3 ? ['甲', 'b"c', 'd\\e'] : null,
  }));

it('writes every row of a batch many buffers long, and is done only once the rows are there', async () => {
  const client = await db.pool.connect();
  try {
    await client.query('create table copied (id int primary key, text text not null, tags text[])');
    const batch = rows(3000);
    await client.query('begin');
    await copyRows(client, 'copied', COLUMNS, batch);
    // on the same connection, right after: the statement is over and its rows are visible
    const { rows: back } = await client.query<Row>('select id, text, tags from copied order by id');
    await client.query('commit');
    expect(back).toEqual(batch);
  } finally {
    client.release();
  }
});

it('fails the statement on a bad row, with the server error, and leaves the connection usable', async () => {
  const client = await db.pool.connect();
  try {
    await client.query('create table copied_once (id int primary key, text text not null, tags text[])');
    await client.query('begin');
    // a duplicate key past the first buffers: the server refuses it while the rest is still being sent
    const batch = [...rows(2000), ...rows(1, 1500)];
    await expect(copyRows(client, 'copied_once', COLUMNS, batch)).rejects.toThrow(/duplicate key value/);
    await client.query('rollback');
    expect((await client.query('select count(*)::int as n from copied_once')).rows[0].n).toBe(0);
    await copyRows(client, 'copied_once', COLUMNS, rows(10));
    expect((await client.query('select count(*)::int as n from copied_once')).rows[0].n).toBe(10);
  } finally {
    client.release();
  }
});

it('a batch the server refuses early, with megabytes still to send, rejects with its error and nothing is thrown after', async () => {
  // The refused stream let go of its connection while its chunks waited for the socket's drain, and
  // then wrote them to a connection it no longer had: a TypeError thrown from the drain killed the process.
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown) => void uncaught.push(e);
  process.on('uncaughtException', onUncaught);
  const client = await db.pool.connect();
  try {
    await client.query('create table refused (id int primary key, text text not null, tags text[])');
    await client.query('begin');
    const pad = 'x'.repeat(500);
    // about 30 MB of COPY text, its rows sharing one string (the crash needed some 8 MB still unsent)
    const batch: Row[] = Array.from({ length: 60_000 }, (_, i) => ({ id: i, text: pad, tags: null }));
    batch[10] = { ...batch[10], id: 'not a number' as unknown as number };
    await expect(copyRows(client, 'refused', COLUMNS, batch)).rejects.toThrow(/invalid input syntax for type integer/);
    // the rollback goes out behind whatever was still queued on the socket: once it answers, the drain has come
    await client.query('rollback');
    expect((await client.query('select count(*)::int as n from refused')).rows[0].n).toBe(0);
    expect(uncaught).toEqual([]);
  } finally {
    process.off('uncaughtException', onUncaught);
    client.release();
  }
});
