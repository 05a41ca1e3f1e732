import { createTestApp, TestApp } from '../setup/app';
import { Tokens, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

// 在线访谈: moderators order the approved questions. The page read after a reload shows the order
// the live feed gave: the named questions first, the others after them as they were.

let t: TestApp;
let tk: Tokens;
let id: string;
const q: Record<'a' | 'b' | 'c' | 'd', string> = { a: '', b: '', c: '', d: '' };

const post = (path: string, token: string | undefined, body: object = {}) =>
  t
    .http()
    .post(path)
    .set(token ? bearer(token) : {})
    .send(body);
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const order = (ids: string[]) => post(`/api/interviews/${id}/order`, tk.handlerA, { questionIds: ids });
const onPage = async () => {
  await t.waitForProjections();
  const page = (await t.http().get(`/api/public/interviews/${id}`).expect(200)).body;
  return page.questions.map((x: { questionId: string }) => x.questionId);
};

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
  id = (
    await post('/api/interviews', tk.handlerA, {
      topic: '城市供水保障',
      guests: [{ name: '王建国', title: '市水务局局长' }],
      startsAt: inHours(1),
      endsAt: inHours(2),
    }).expect(201)
  ).body.id;
  for (const k of ['a', 'b', 'c', 'd'] as const) {
    q[k] = (await post(`/api/interviews/${id}/questions`, undefined, { text: `问题${k}` }).expect(201)).body.questionId;
    await post(`/api/interviews/${id}/questions/${q[k]}/moderation`, tk.handlerA, { decision: 'approved' }).expect(200);
  }
});
afterAll(async () => t?.close());

it('without an order the approved questions read as they were asked', async () => {
  expect(await onPage()).toEqual([q.a, q.b, q.c, q.d]);
});

it("the moderator's order is the page's order", async () => {
  await order([q.c, q.a, q.b]).expect(200);
  expect(await onPage()).toEqual([q.c, q.a, q.b, q.d]);
});

it('a later order naming fewer puts those first and keeps the others as they were', async () => {
  await order([q.b]).expect(200);
  expect(await onPage()).toEqual([q.b, q.c, q.a, q.d]);
  await order([q.d, q.a]).expect(200);
  expect(await onPage()).toEqual([q.d, q.a, q.b, q.c]);
});

it('a question named twice, or not approved, is 400 naming it; without a token 401; the order stands', async () => {
  const pending = (await post(`/api/interviews/${id}/questions`, undefined, { text: '待审核的问题' }).expect(201)).body.questionId;
  expect((await order([q.a, q.a]).expect(400)).body.message).toMatch(/questionIds\[1\]: named twice/);
  expect((await order([pending]).expect(400)).body.message).toMatch(/questionIds\[0\]: question is pending/);
  await post(`/api/interviews/${id}/order`, undefined, { questionIds: [q.a] }).expect(401);
  expect(await onPage()).toEqual([q.d, q.a, q.b, q.c]);
});

it('a guest answers with media links (https only, at most 10); the page carries them with the answer', async () => {
  await post(`/api/interviews/${id}/start`, tk.handlerA).expect(200);
  const answer = (media: unknown) =>
    post(`/api/interviews/${id}/questions/${q.a}/answers`, tk.handlerA, { guest: '王建国', text: '正在推进。', media });
  expect(JSON.stringify((await answer(['http://www.example.gov.cn/clip.mp4']).expect(400)).body)).toMatch(/media/);
  expect(
    JSON.stringify((await answer(Array.from({ length: 11 }, (_, i) => `https://www.example.gov.cn/${i}.jpg`)).expect(400)).body),
  ).toMatch(/media/);
  const clip = 'https://www.example.gov.cn/interview/12/clip.mp4';
  await answer([clip]).expect(200);
  await t.waitForProjections();
  const page = (await t.http().get(`/api/public/interviews/${id}`).expect(200)).body;
  const answered = page.questions.find((x: { questionId: string }) => x.questionId === q.a);
  expect(answered.answers).toEqual([expect.objectContaining({ guest: '王建国', text: '正在推进。', media: [clip] })]);
});
