import { createTestApp, TestApp } from '../setup/app';
import { DEPT_A, Tokens, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

// The reads the screens need around an interview: the public list, the department's list and the
// moderators' view with the questions still awaiting moderation (the public page shows approved ones only).

let t: TestApp;
let tk: Tokens;
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
});
afterAll(async () => t?.close());

it('lists interviews publicly and per department; the moderators see pending and rejected questions, other departments 403', async () => {
  const scheduled = await t
    .http()
    .post('/api/interviews')
    .set(bearer(tk.handlerA))
    .send({ topic: '老旧小区加装电梯', guests: [{ name: '李华', title: '市住建局副局长' }], startsAt: inHours(1), endsAt: inHours(2) })
    .expect(201);
  const id = scheduled.body.id as string;
  const ask = async (text: string) =>
    (await t.http().post(`/api/interviews/${id}/questions`).send({ text }).expect(201)).body.questionId as string;
  const pending = await ask('加装电梯的补贴标准是多少？我的电话13912345678');
  const rejected = await ask('与主题无关的问题');
  await t
    .http()
    .post(`/api/interviews/${id}/questions/${rejected}/moderation`)
    .set(bearer(tk.handlerA))
    .send({ decision: 'rejected', reason: '与本期主题无关' })
    .expect(200);
  await t.waitForProjections();

  const pub = (await t.http().get('/api/public/interviews').expect(200)).body;
  expect(pub.items).toEqual(
    expect.arrayContaining([expect.objectContaining({ id, topic: '老旧小区加装电梯', status: 'scheduled', departmentId: DEPT_A })]),
  );
  expect(JSON.stringify(pub)).not.toContain('补贴标准');

  const mine = (await t.http().get('/api/interviews').set(bearer(tk.handlerA)).expect(200)).body;
  expect(mine.items.map((i: { id: string }) => i.id)).toContain(id);
  const theirs = (await t.http().get('/api/interviews').set(bearer(tk.handlerB)).expect(200)).body;
  expect(theirs.items.map((i: { id: string }) => i.id)).not.toContain(id);

  const view = (await t.http().get(`/api/interviews/${id}`).set(bearer(tk.handlerA)).expect(200)).body;
  const byId = Object.fromEntries(view.questions.map((q: { questionId: string }) => [q.questionId, q]));
  expect(byId[pending]).toMatchObject({ status: 'pending', answers: [] });
  expect(byId[pending].text).not.toContain('13912345678');
  expect(byId[rejected]).toMatchObject({ status: 'rejected' });
  expect(JSON.stringify(view)).not.toMatch(/author/);

  await t.http().get(`/api/interviews/${id}`).set(bearer(tk.handlerB)).expect(403);
  await t.http().get(`/api/interviews/${id}`).expect(401);
  await t.http().get('/api/interviews/1e0a1b2c-3d4e-4f50-8a6b-00000000ffff').set(bearer(tk.handlerA)).expect(404);
  await t.http().get('/api/public/interviews?limit=0').expect(400);
});
