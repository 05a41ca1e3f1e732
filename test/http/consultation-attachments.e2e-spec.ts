import { createTestApp, TestApp } from '../setup/app';
import { shanghai, useFakeClock } from '../setup/clock';
import { Tokens, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

// 意见征集: a draft is published with its documents (the full text as a file, an explanation) as
// named https links, shown on the public page; a bad list is refused by name, nothing appended.

let t: TestApp;
let tk: Tokens;
const PDF = { name: '征求意见稿全文.pdf', url: 'https://www.example.gov.cn/zqyj/2026/draft.pdf' };
const NOTE = { name: '起草说明', url: 'https://www.example.gov.cn/zqyj/2026/note.html' };
const DRAFT = { title: '《城市供水管理条例（征求意见稿）》', draft: '第一条……', opensAt: '2026-10-12', closesAt: '2026-10-23' };

const publish = (body: object) => t.http().post('/api/consultations').set(bearer(tk.handlerA)).send(body);
const eventCount = async () => Number((await t.runtime.pool.query(`select count(*) from wz_es.events`)).rows[0].count);

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
  useFakeClock(t.app, shanghai('2026-10-12T09:00:00'));
});
afterAll(async () => t?.close());

it('the public page and the department list the documents published with the draft, in order', async () => {
  const id = (await publish({ ...DRAFT, attachments: [PDF, { ...NOTE, name: '  起草说明 ' }] }).expect(201)).body.id;
  await t.waitForProjections();
  const page = (await t.http().get(`/api/public/consultations/${id}`).expect(200)).body;
  expect(page.attachments).toEqual([PDF, NOTE]);
  expect((await t.http().get(`/api/consultations/${id}`).set(bearer(tk.handlerA)).expect(200)).body.attachments).toEqual([PDF, NOTE]);
  const stream = await t.runtime.eventStore.readStream(`consultation-${id}`);
  expect(stream[0].data).toMatchObject({ attachments: [PDF, NOTE] });
});

it('a draft without documents reads an empty list', async () => {
  const id = (await publish(DRAFT).expect(201)).body.id;
  await t.waitForProjections();
  expect((await t.http().get(`/api/public/consultations/${id}`).expect(200)).body.attachments).toEqual([]);
});

it.each([
  ['a link that is not https', [{ ...PDF, url: 'http://www.example.gov.cn/draft.pdf' }], /attachments.*url/],
  ['not a link', [{ ...PDF, url: '全文见附件' }], /attachments.*url/],
  ['no name', [{ url: PDF.url }], /attachments.*name/],
  ['one link twice', [PDF, { ...PDF, name: '全文' }], /attachments\[1\]\.url: is listed twice/],
  ['more than 20', Array.from({ length: 21 }, (_, i) => ({ name: `附件${i}`, url: `${PDF.url}?n=${i}` })), /attachments/],
])('%s: 400 naming the field, nothing appended', async (_, attachments, rule) => {
  const before = await eventCount();
  const r = await publish({ ...DRAFT, attachments }).expect(400);
  expect(JSON.stringify(r.body.message)).toMatch(rule);
  expect(await eventCount()).toBe(before);
});
