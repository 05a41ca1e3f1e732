import { createTestApp, TestApp } from '../setup/app';
import { Tokens, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

// An answer's `guest` is free text like every other: no control characters, something visible.

let t: TestApp;
let tk: Tokens;
let id: string;
let question: string;

const post = (path: string, token: string | undefined, body: object = {}) =>
  t
    .http()
    .post(path)
    .set(token ? bearer(token) : {})
    .send(body);
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const eventCount = async () => Number((await t.runtime.pool.query(`select count(*) from wz_es.events`)).rows[0].count);

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
  const body = { topic: '城市供水保障', guests: [{ name: '王建国', title: '市水务局局长' }], startsAt: inHours(1), endsAt: inHours(2) };
  id = (await post('/api/interviews', tk.handlerA, body).expect(201)).body.id;
  question = (await post(`/api/interviews/${id}/questions`, undefined, { text: '老城区管网何时改造？' }).expect(201)).body.questionId;
  await post(`/api/interviews/${id}/questions/${question}/moderation`, tk.handlerA, { decision: 'approved' }).expect(200);
  await post(`/api/interviews/${id}/start`, tk.handlerA).expect(200);
});
afterAll(async () => t?.close());

describe('an answer’s guest', () => {
  it.each([
    ['a control character', '王建国\u0007', /^guest: must not contain control characters or line breaks$/],
    ['a line break', '王建国\n市长', /^guest: must not contain control characters or line breaks$/],
    ['a bidi override', '\u202e王建国', /^guest: must not contain control characters or line breaks$/],
    ['only invisible characters', '\u200b\u3000', /^guest: must contain visible text/],
  ])('with %s is 400 naming the field and the rule, nothing appended', async (_, guest, message) => {
    const before = await eventCount();
    const r = await post(`/api/interviews/${id}/questions/${question}/answers`, tk.handlerA, { guest, text: '今年10月底前完成。' }).expect(
      400,
    );
    expect(r.body.message).toMatch(message);
    expect(await eventCount()).toBe(before);
  });

  it('a guest of the interview, by name, answers (200)', async () => {
    await post(`/api/interviews/${id}/questions/${question}/answers`, tk.handlerA, { guest: '王建国', text: '今年10月底前完成。' }).expect(
      200,
    );
  });
});
