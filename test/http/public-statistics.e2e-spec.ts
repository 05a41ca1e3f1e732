import { FakeClock } from '@wenzheng/petition-store';
import { createTestApp, TestApp } from '../setup/app';
import { shanghai, useFakeClock } from '../setup/clock';
import { CITIZEN_SECRETS, DEPT_A, DEPT_B, Tokens, submit, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

// A small October–November 2026 driven through the API on a fake clock, then the public
// statistics checked against figures worked out by hand. 国庆 2026: Oct 1–7 off, Saturday Oct 10
// a working day (调休), so the working-day figures depend on the official calendar.

let t: TestApp;
let tk: Tokens;
let clock: FakeClock;

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
  clock = useFakeClock(t.app, shanghai('2026-10-12T10:00:00'));
});
afterAll(async () => t.close());

const at = (local: string) => clock.set(shanghai(local));
const post = (path: string, token: string, body: object = {}) => t.http().post(path).set(bearer(token)).send(body).expect(200);
const handler = (departmentId: string) => (departmentId === DEPT_A ? tk.handlerA : tk.handlerB);
const statistics = (query: Record<string, string>) => t.http().get('/api/public/statistics').query(query);

async function dispatch(departmentId: string, confidential = false) {
  const p = await submit(t);
  await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'accepted', confidential });
  await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId });
  return { ...p, departmentId };
}
type Case = Awaited<ReturnType<typeof dispatch>>;
const acknowledge = async (c: Case) => (await post(`/api/petitions/${c.id}/acknowledge`, handler(c.departmentId))).body.onTime as boolean;
const respond = async (c: Case) =>
  (await post(`/api/petitions/${c.id}/respond`, handler(c.departmentId), { answer: '已处理，情况已向来信人说明。' })).body
    .onTime as boolean;
const rate = (c: Case, satisfaction: string) =>
  t.http().post(`/api/petitions/${c.id}/rate`).set('X-Access-Key', c.accessKey).send({ satisfaction }).expect(200);

const NOTHING = {
  received: 0,
  accepted: 0,
  answered: 0,
  answeredOnTime: 0,
  respondedOnTimeRate: null,
  acknowledgedOnTime: 0,
  ratings: { satisfied: 0, basicallySatisfied: 0, unsatisfied: 0 },
  satisfactionRate: null,
  averageWorkingDaysToAnswer: null,
};

describe('GET /api/public/statistics', () => {
  let secret: Case;

  beforeAll(async () => {
    at('2026-09-30T23:30:00'); // September: outside the period asked for
    await submit(t);

    // Friday 10-09: a2 to A; acknowledge by the end of Saturday 10-10 (调休 working day).
    at('2026-10-09T10:00:00');
    const a2 = await dispatch(DEPT_A);

    // Monday 10-12: acknowledge by 10-13, answer by 10-22.
    at('2026-10-12T10:00:00');
    const a1 = await dispatch(DEPT_A);
    const a3 = await dispatch(DEPT_A);
    secret = await dispatch(DEPT_B, true);
    const rejected = await submit(t);
    await post(`/api/petitions/${rejected.id}/review`, tk.reviewer, { outcome: 'rejected', reason: '不属于受理范围' });

    expect(await acknowledge(a1)).toBe(true);
    expect(await respond(a1)).toBe(true); // 0 working days
    await rate(a1, 'satisfied');
    expect(await acknowledge(a3)).toBe(true);
    expect(await acknowledge(a2)).toBe(false); // after 10-10
    expect(await respond(a2)).toBe(true); // 10-09 → 10-12: Sat 10-10 and Mon 10-12 = 2 working days
    await rate(a2, 'unsatisfied');

    at('2026-10-14T10:00:00');
    expect(await acknowledge(secret)).toBe(false);

    // Friday 10-23: past the 10-22 deadline. 10-12 → 10-23: 13, 14, 15, 16, 19, 20, 21, 22, 23 = 9 working days.
    at('2026-10-23T10:00:00');
    expect(await respond(a3)).toBe(false);
    await rate(a3, 'basically_satisfied');
    expect(await respond(secret)).toBe(false);
    await rate(secret, 'unsatisfied');

    // November: one case dispatched to B, nothing more.
    at('2026-11-02T10:00:00');
    await dispatch(DEPT_B);

    await t.waitForProjections();
    at('2026-11-20T10:00:00');
  });

  it('shows the hand-computed figures per month and department, the confidential case counted', async () => {
    const res = await statistics({ from: '2026-10-01', to: '2026-12-01' }).expect(200);
    // October, A: a1 (on time, 0 days, satisfied), a2 (acknowledged late, 2 days, unsatisfied), a3 (answered late, 9 days, basically satisfied).
    const octoberA = {
      departmentId: DEPT_A,
      departmentName: '鹿城区人民政府',
      received: 3,
      accepted: 3,
      answered: 3,
      answeredOnTime: 2,
      respondedOnTimeRate: 0.6667, // every deadline passed by 11-20: a1 and a2 met, a3 missed
      acknowledgedOnTime: 2,
      ratings: { satisfied: 1, basicallySatisfied: 1, unsatisfied: 1 },
      satisfactionRate: 0.6667,
      averageWorkingDaysToAnswer: 3.67, // 11 / 3
    };
    // October, B: the confidential case only: acknowledged late, answered late (9 days), unsatisfied.
    const octoberB = {
      departmentId: DEPT_B,
      departmentName: '龙湾区人民政府',
      received: 1,
      accepted: 1,
      answered: 1,
      answeredOnTime: 0,
      respondedOnTimeRate: 0,
      acknowledgedOnTime: 0,
      ratings: { satisfied: 0, basicallySatisfied: 0, unsatisfied: 1 },
      satisfactionRate: 0,
      averageWorkingDaysToAnswer: 9,
    };
    // October in all: A, B and the rejected case (received, not accepted, no department). (0 + 2 + 9 + 9) / 4 = 5 days.
    const october = {
      received: 5,
      accepted: 4,
      answered: 4,
      answeredOnTime: 2,
      respondedOnTimeRate: 0.5,
      acknowledgedOnTime: 2,
      ratings: { satisfied: 1, basicallySatisfied: 1, unsatisfied: 2 },
      satisfactionRate: 0.5,
      averageWorkingDaysToAnswer: 5,
    };
    // November's case, unanswered, is past its 11-12 deadline on 11-20: missed.
    const november = { ...NOTHING, received: 1, accepted: 1, respondedOnTimeRate: 0 };
    const novemberB = { departmentId: DEPT_B, departmentName: '龙湾区人民政府', ...november };
    expect(res.body).toEqual({
      from: '2026-10-01',
      to: '2026-12-01',
      total: { ...october, received: 6, accepted: 5, respondedOnTimeRate: 0.4 },
      departments: [{ ...octoberB, received: 2, accepted: 2 }, octoberA], // by name: 龙湾 (long) before 鹿城 (lu)
      months: [
        { month: '2026-10', total: october, departments: [octoberB, octoberA] },
        { month: '2026-11', total: november, departments: [novemberB] },
      ],
    });
    const text = JSON.stringify(res.body);
    for (const hidden of [...CITIZEN_SECRETS, secret.id, secret.trackingCode]) expect(text).not.toContain(hidden);
  });

  it('narrows to one department and lists empty months', async () => {
    const res = await statistics({ from: '2026-09-15', to: '2027-01-01', departmentId: DEPT_B }).expect(200);
    expect(res.body.departmentId).toBe(DEPT_B);
    expect(res.body.total).toMatchObject({ received: 2, answered: 1, answeredOnTime: 0, averageWorkingDaysToAnswer: 9 });
    expect(res.body.departments.map((d: { departmentId: string }) => d.departmentId)).toEqual([DEPT_B]);
    expect(res.body.months.map((m: { month: string; total: { received: number } }) => [m.month, m.total.received])).toEqual([
      ['2026-09', 0],
      ['2026-10', 1],
      ['2026-11', 1],
      ['2026-12', 0],
    ]);
    expect(res.body.months[0]).toEqual({ month: '2026-09', total: NOTHING, departments: [] });
  });

  it('takes `to` as exclusive: the September case is in a period ending 2026-10-01, not in one starting then', async () => {
    const september = await statistics({ from: '2026-09-30', to: '2026-10-01' }).expect(200);
    expect(september.body.total.received).toBe(1);
    expect(september.body.months.map((m: { month: string }) => m.month)).toEqual(['2026-09']);
  });

  it.each([
    [{ to: '2026-11-01' }, 'from'],
    [{ from: '2026-10-01' }, 'to'],
    [{ from: '2026-10-1', to: '2026-11-01' }, 'from'],
    [{ from: '2026-10-01', to: '2026-02-30' }, 'to'],
    [{ from: '2026-10-01', to: '2026-10-01' }, 'to'], // exclusive: an empty period
    [{ from: '2026-10-01', to: '2026-09-01' }, 'to'],
    [{ from: '2023-10-01', to: '2026-10-02' }, 'to'], // 1097 days
    [{ from: '2026-10-01', to: '2026-11-01', departmentId: 'zfj' }, 'departmentId'],
    [{ from: '2026-10-01', to: '2026-11-01', departmentId: '00000000-0000-4000-8000-000000000000' }, 'departmentId'],
  ])('400 naming the field for %j', async (query, field) => {
    const res = await statistics(query).expect(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
  });

  it('accepts three years, and needs no token', async () => {
    await statistics({ from: '2023-10-01', to: '2026-10-01' }).expect(200);
    // The working-day array then runs from 1900 to today: long, but still an answer.
    expect((await statistics({ from: '1900-01-01', to: '1900-02-01' }).expect(200)).body.total).toEqual(NOTHING);
  });

  it('counts an early answer in 按期办复率 once its deadline has passed, as the rankings do (one definition)', async () => {
    at('2026-12-01T10:00:00');
    const early = await dispatch(DEPT_A);
    expect(await acknowledge(early)).toBe(true);
    expect(await respond(early)).toBe(true);
    await t.waitForProjections();
    const rankedA = async () =>
      ((await t.http().get('/api/public/rankings').query({ period: '2026-12' }).expect(200)).body.items as { departmentId: string }[]).find(
        (i) => i.departmentId === DEPT_A,
      );
    const december = { from: '2026-12-01', to: '2026-12-02' };
    // Answered on time, the deadline still ahead: no rate yet, on either screen.
    expect((await statistics(december).expect(200)).body.total).toMatchObject({ answeredOnTime: 1, respondedOnTimeRate: null });
    expect(await rankedA()).toMatchObject({ respondedOnTimeRate: null });
    at('2027-01-05T10:00:00');
    expect((await statistics(december).expect(200)).body.total).toMatchObject({ answeredOnTime: 1, respondedOnTimeRate: 1 });
    expect(await rankedA()).toMatchObject({ respondedOnTimeRate: 1 });
  });
});
