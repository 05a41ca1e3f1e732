import { Clock } from '@wenzheng/petition-store';
import { createTestApp, TestApp } from '../setup/app';
import { DEPT_A, DEPT_B, Tokens, submit, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

// Cases driven through the API on a controlled clock (the application's Clock, which command
// handlers and the ranking both read), then the public ranking checked against hand-computed figures.

let t: TestApp;
let tk: Tokens;
let current = new Date('2026-10-12T10:00:00+08:00');
const setClock = (local: string) => (current = new Date(`${local}+08:00`));

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
  jest.spyOn(t.app.get(Clock, { strict: false }), 'now').mockImplementation(() => new Date(current.getTime()));
});
afterAll(async () => t.close());

const post = (path: string, token: string, body: object = {}) => t.http().post(path).set(bearer(token)).send(body).expect(200);
const handler = (departmentId: string) => (departmentId === DEPT_A ? tk.handlerA : tk.handlerB);

async function dispatch(departmentId: string, confidential = false) {
  const p = await submit(t);
  await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'accepted', confidential });
  const d = await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId });
  return { ...p, departmentId, acknowledgeBy: d.body.acknowledgeBy as string, respondBy: d.body.respondBy as string };
}
type Case = Awaited<ReturnType<typeof dispatch>>;
const acknowledge = (c: Case) => post(`/api/petitions/${c.id}/acknowledge`, handler(c.departmentId));
const respond = (c: Case) => post(`/api/petitions/${c.id}/respond`, handler(c.departmentId), { answer: '已处理，情况已向来信人说明。' });
const rate = (c: Case, satisfaction: string) =>
  t.http().post(`/api/petitions/${c.id}/rate`).set('X-Access-Key', c.accessKey).send({ satisfaction }).expect(200);

describe('GET /api/public/rankings', () => {
  it('shows the figures computed by hand for October 2026, without confidential cases', async () => {
    // Monday 2026-10-12: every case dispatched; acknowledge within 1 working day (by 10-13), respond within 8 (by 10-22).
    setClock('2026-10-12T10:00:00');
    const a1 = await dispatch(DEPT_A);
    const a2 = await dispatch(DEPT_A);
    const a3 = await dispatch(DEPT_A);
    const b1 = await dispatch(DEPT_B);
    const b2 = await dispatch(DEPT_B);
    const bSecret = await dispatch(DEPT_B, true);
    expect(a1.acknowledgeBy).toBe('2026-10-13T15:59:59.999Z');
    expect(a1.respondBy).toBe('2026-10-22T15:59:59.999Z');

    // a1: acknowledged, answered on time, satisfied.
    await acknowledge(a1);
    await respond(a1);
    await rate(a1, 'satisfied');
    // a3: acknowledged on time (answered late, below).
    await acknowledge(a3);
    // b1: all on time, satisfied.
    await acknowledge(b1);
    await respond(b1);
    await rate(b1, 'satisfied');
    // b2: acknowledged, then an extension to 10-28 approved.
    await acknowledge(b2);
    await post(`/api/petitions/${b2.id}/extension-request`, tk.handlerB, {
      reason: '需多部门联合现场核查',
      requestedRespondBy: '2026-10-28',
    });
    await post(`/api/petitions/${b2.id}/extension-decision`, tk.supervisor, { approved: true });

    // Wednesday 10-14: a2 and the confidential case acknowledged late.
    setClock('2026-10-14T10:00:00');
    expect((await acknowledge(a2)).body.onTime).toBe(false);
    await respond(a2);
    await rate(a2, 'unsatisfied');
    expect((await acknowledge(bSecret)).body.onTime).toBe(false);

    // Friday 10-23: past the 10-22 deadline; b2 is within its extended one.
    setClock('2026-10-23T10:00:00');
    expect((await respond(a3)).body.onTime).toBe(false);
    await rate(a3, 'basically_satisfied');
    expect((await respond(b2)).body.onTime).toBe(true);
    await rate(b2, 'satisfied');
    expect((await respond(bSecret)).body.onTime).toBe(false);
    await rate(bSecret, 'unsatisfied');

    await t.waitForProjections();
    setClock('2026-11-20T10:00:00'); // every October deadline has passed
    const res = await t.http().get('/api/public/rankings?period=2026-10').expect(200);
    const { unassessed, ...ranking } = res.body;
    expect(unassessed).not.toContainEqual(expect.objectContaining({ departmentId: DEPT_A }));
    expect(ranking).toEqual({
      period: '2026-10',
      from: '2026-10-01T00:00:00.000+08:00',
      to: '2026-11-01T00:00:00.000+08:00',
      asOf: '2026-11-20T02:00:00.000Z',
      items: [
        // B: b1 and b2 (the confidential case left out); both answered in time (b2 within its extension); 2 satisfied. 100.
        { rank: 1, departmentId: DEPT_B, name: '龙湾区人民政府', received: 2, respondedOnTimeRate: 1, satisfactionRate: 1, score: 100 },
        // A: 3 received; responses met 2 of 3 (a3 late); satisfied + basically satisfied = 2 of 3 ratings;
        // 100 − 0.5 (a2 acknowledged late) − 1 (a3 answered late) − 0.5 (a2 unsatisfied) = 98.
        {
          rank: 2,
          departmentId: DEPT_A,
          name: '鹿城区人民政府',
          received: 3,
          respondedOnTimeRate: 0.6667,
          satisfactionRate: 0.6667,
          score: 98,
        },
      ],
    });
    const text = JSON.stringify(res.body);
    for (const secret of ['张伟', '13812345678', '33030219800101123X', 'zhangwei@example.com', bSecret.trackingCode, bSecret.id]) {
      expect(text).not.toContain(secret);
    }
  });

  it('counts a deadline once it has passed: seen before 10-22, the October response deadlines are pending', async () => {
    setClock('2026-10-21T10:00:00');
    const res = await t.http().get('/api/public/rankings?period=2026-10').expect(200);
    const a = res.body.items.find((i: { departmentId: string }) => i.departmentId === DEPT_A);
    // Responses given after 10-21 and the response deadlines of 10-22 are not known or not passed yet.
    expect(a).toMatchObject({ received: 3, respondedOnTimeRate: null });
  });

  it('a month with nothing in it is an empty ranking', async () => {
    setClock('2026-11-20T10:00:00');
    const res = await t.http().get('/api/public/rankings?period=2026-09').expect(200);
    expect(res.body).toMatchObject({ period: '2026-09', items: [] });
    expect(res.body.unassessed).toContainEqual({ departmentId: DEPT_A, name: '鹿城区人民政府' });
  });

  it('ranks a department without deductions first at 100; departments with no case in the month are listed apart, without rank', async () => {
    // Monday 2026-11-02: one case each; acknowledge by 11-03, respond by 11-12.
    setClock('2026-11-02T10:00:00');
    const a = await dispatch(DEPT_A);
    const b = await dispatch(DEPT_B);
    await acknowledge(a);
    await respond(a);
    setClock('2026-11-04T10:00:00');
    expect((await acknowledge(b)).body.onTime).toBe(false);
    await respond(b);
    await t.waitForProjections();

    setClock('2026-11-20T10:00:00');
    const res = await t.http().get('/api/public/rankings?period=2026-11').expect(200);
    expect(res.body.items).toEqual([
      // A: one case, every deadline met, no deduction: 100, first.
      { rank: 1, departmentId: DEPT_A, name: '鹿城区人民政府', received: 1, respondedOnTimeRate: 1, satisfactionRate: null, score: 100 },
      // B: acknowledged a day late: 100 − 0.5.
      { rank: 2, departmentId: DEPT_B, name: '龙湾区人民政府', received: 1, respondedOnTimeRate: 1, satisfactionRate: null, score: 99.5 },
    ]);
    // Every other active department had no case in November: listed, but neither ranked nor scored 100 for it.
    const unassessed = res.body.unassessed as { departmentId: string; name: string }[];
    expect(unassessed).toContainEqual({ departmentId: '065cc557-6fd5-4688-92b2-58ba96510908', name: '市教育局' });
    const ids = unassessed.map((d) => d.departmentId);
    expect(ids).not.toContain(DEPT_A);
    expect(ids).not.toContain(DEPT_B);
    const names = unassessed.map((d) => d.name);
    expect(names).toEqual([...names].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))); // code-point order
  });

  it('needs no token', async () => {
    await t.http().get('/api/public/rankings?period=2026-10').expect(200);
  });

  it.each([
    ['2026-13', '?period=2026-13'],
    ['26-01', '?period=26-01'],
    ['2026-1', '?period=2026-1'],
    ['missing', ''],
    ['repeated', '?period=2026-10&period=2026-11'],
  ])('a bad period (%s) is 400 naming period', async (_, query) => {
    const res = await t.http().get(`/api/public/rankings${query}`).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.body.message).toMatch(/^period: /);
  });

  it('an unknown query field is 400', async () => {
    const res = await t.http().get('/api/public/rankings?period=2026-10&departmentId=x').expect(400);
    expect(res.body.message).toContain('departmentId');
  });
});
