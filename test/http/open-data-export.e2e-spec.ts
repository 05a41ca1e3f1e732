import type { Response } from 'superagent';
import {
  EXPORT_COLUMNS,
  OPEN_DATA_LICENCE,
} from '../../apps/api/src/public-listing/export-public-petitions/export-public-petitions.service';
import { petitionViewTables } from '@wenzheng/read-models';
import { createTestApp, TestApp } from '../setup/app';
import { shanghai, useFakeClock } from '../setup/clock';
import { CITIZEN_SECRETS, DEPT_A, Tokens, submit, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

let t: TestApp;
let tk: Tokens;

const post = (path: string, token: string, body: object = {}) => t.http().post(path).set(bearer(token)).send(body).expect(200);

/** The body as bytes, so the byte order mark and line ends are seen as sent. */
const raw = (query: Record<string, string>) =>
  t
    .http()
    .get('/api/public/export')
    .query(query)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
const text = (res: Response) => (res.body as Buffer).toString('utf8');

/** RFC 4180 records (quoted cells with "" and line breaks); lines end in CRLF. */
function parseCsv(csv: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    record.push(cell);
    cell = '';
  };
  for (let i = 0; i < csv.length; i++) {
    const ch = csv[i];
    if (quoted && ch === '"' && csv[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === ',') {
      endCell();
    } else if (!quoted && ch === '\r' && csv[i + 1] === '\n') {
      endCell();
      records.push(record);
      record = [];
      i++;
    } else {
      cell += ch;
    }
  }
  expect(cell).toBe(''); // the file ends with a complete line
  return records;
}

const TITLE = '=HYPERLINK("x") 停水, 三天';
const CONTENT = '第一行：小区停水三天。\n第二行：联系我 13911112222。';
let published: { id: string; trackingCode: string };
let confidential: { id: string; trackingCode: string };
let unconsented: { id: string; trackingCode: string };

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
  useFakeClock(t.app, shanghai('2026-10-12T10:00:00'));
  published = await submit(t, { title: TITLE, content: CONTENT });
  await post(`/api/petitions/${published.id}/review`, tk.reviewer, { outcome: 'accepted' });
  await post(`/api/petitions/${published.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A });
  confidential = await submit(t);
  await post(`/api/petitions/${confidential.id}/review`, tk.reviewer, { outcome: 'accepted', confidential: true });
  unconsented = await submit(t, { publicConsent: false });
  await post(`/api/petitions/${unconsented.id}/review`, tk.reviewer, { outcome: 'accepted' });
  await t.waitForProjections();

  // 2 500 older listed cases, three to a minute (ties on submitted_at): three pages of 1 000.
  await t.runtime.pool.query(
    `insert into ${petitionViewTables().public_petitions} (petition_id, tracking_code, status, kind, channel, title, content, submitted_at, comment_count, last_revision)
     select gen_random_uuid()::text, 'WZ20200101-' || lpad(i::text, 10, '0'), 'closed', 'suggestion', 'web', '标题' || i, '内容' || i,
            timestamptz '2020-01-01T00:00:00Z' + (i / 3) * interval '1 minute', 0, 1
       from generate_series(1, 2500) i`,
  );
});
afterAll(async () => t.close());

describe('GET /api/public/export', () => {
  it('CSV: BOM, licence line, the exact header, every public case once in order, escaped and defused', async () => {
    const res = await raw({ format: 'csv' }).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="wenzheng-open-data_start_now.csv"');
    const body = text(res);
    expect(body.startsWith(`\uFEFF# licence: ${OPEN_DATA_LICENCE}\r\n`)).toBe(true);
    const [licence, header, ...rows] = parseCsv(body.slice(1));
    expect(licence).toEqual([`# licence: ${OPEN_DATA_LICENCE}`]);
    expect(header.join(',')).toBe(
      'trackingCode,submittedAt,status,kind,channel,departmentId,departmentName,categoryId,categoryName,citizen,title,content,location,answer,respondedAt,closedAt,satisfaction,ratingComment,commentCount',
    );
    expect(rows).toHaveLength(2501);
    const codes = rows.map((r) => r[0]);
    expect(new Set(codes).size).toBe(2501);
    // Oldest first; cases submitted in the same instant come in petition-id order.
    expect(codes.slice(0, 2).sort()).toEqual(['WZ20200101-0000000001', 'WZ20200101-0000000002']);
    expect(codes.slice(2, 5).sort()).toEqual(['WZ20200101-0000000003', 'WZ20200101-0000000004', 'WZ20200101-0000000005']);
    const times = rows.map((r) => r[1]);
    expect(times).toEqual([...times].sort());
    expect(codes.at(-1)).toBe(published.trackingCode);
    expect(codes).not.toContain(confidential.trackingCode);
    expect(codes).not.toContain(unconsented.trackingCode);

    const row = Object.fromEntries(header.map((h, i) => [h, rows[2500][i]]));
    expect(row).toMatchObject({
      status: 'dispatched',
      departmentId: DEPT_A,
      departmentName: '鹿城区人民政府',
      citizen: '张*',
      commentCount: '0',
    });
    expect(row.title).toBe(`'${TITLE}`); // a formula cell is defused
    expect(body).toContain(`"'=HYPERLINK(""x"") 停水, 三天"`); // quotes doubled, the comma inside quotes
    expect(row.content).toMatch(/^第一行：小区停水三天。\n第二行：联系我 /); // the line break kept inside a quoted cell
    for (const secret of [...CITIZEN_SECRETS, '13911112222']) expect(body).not.toContain(secret);
  });

  it('JSON: one parseable document with the licence, the columns and the same items as the CSV', async () => {
    const res = await raw({ format: 'json', from: '2026-10-01', to: '2026-11-01' }).expect(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="wenzheng-open-data_2026-10-01_2026-11-01.json"');
    const body = text(res);
    const doc = JSON.parse(body);
    expect(doc.licence).toBe(OPEN_DATA_LICENCE);
    expect(doc.columns).toEqual([...EXPORT_COLUMNS]);
    expect(doc.items).toHaveLength(1); // the 2020 cases are outside the period
    const [item] = doc.items;
    expect(Object.keys(item)).toEqual([...EXPORT_COLUMNS]);
    expect(item).toMatchObject({
      trackingCode: published.trackingCode,
      title: TITLE,
      citizen: '张*',
      answer: null,
      satisfaction: null,
      commentCount: 0,
    });
    expect(item.content).toMatch(/^第一行：小区停水三天。\n第二行：联系我 /);
    for (const secret of [...CITIZEN_SECRETS, '13911112222', confidential.trackingCode, unconsented.trackingCode])
      expect(body).not.toContain(secret);

    const all = JSON.parse(text(await raw({ format: 'json' }).expect(200)));
    expect(all.items).toHaveLength(2501);
    expect(all.items.at(-1)).toEqual(item);
  });

  it('an empty period is a valid, empty file', async () => {
    expect(JSON.parse(text(await raw({ format: 'json', from: '2030-01-01' }).expect(200)))).toEqual({
      licence: OPEN_DATA_LICENCE,
      columns: [...EXPORT_COLUMNS],
      items: [],
    });
    expect(parseCsv(text(await raw({ from: '2030-01-01' }).expect(200)).slice(1))).toHaveLength(2); // CSV by default: licence and header
  });

  it.each([
    [{ format: 'xml' }, 'format'],
    [{ format: 'csv', from: '2026-13-01' }, 'from'],
    [{ format: 'csv', from: '2026-10-01', to: '2026-10-01' }, 'to'],
  ])('400 naming the field for %j', async (query, field) => {
    const res = await t.http().get('/api/public/export').query(query).expect(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
  });
});

it('both public routes are in the OpenAPI document, with examples', async () => {
  const doc = (await t.http().get('/api/docs-json').expect(200)).body;
  const ok = (path: string) => doc.paths[path].get.responses['200'].content;
  expect(ok('/api/public/export')['application/json'].example).toMatchObject({ licence: OPEN_DATA_LICENCE, columns: [...EXPORT_COLUMNS] });
  expect(ok('/api/public/statistics')['application/json'].example).toMatchObject({
    from: '2026-10-01',
    months: [expect.objectContaining({ month: '2026-10' })],
  });
  expect(doc.paths['/api/public/statistics'].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual([
    'departmentId',
    'from',
    'to',
  ]);
});
