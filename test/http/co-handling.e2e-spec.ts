import { randomUUID } from 'node:crypto';
import { departments } from '@wenzheng/reference-data';
import { DEADLINE_FACTS } from '@wenzheng/read-models';
import { FakeClock } from '@wenzheng/petition-store';
import { createTestApp, TestApp } from '../setup/app';
import { shanghai, useFakeClock, waitForEveryEvent } from '../setup/clock';
import { CITIZEN, DEPT_A, DEPT_B, Tokens, streamTypes, submit, tokens } from '../setup/petitions';
import { bearer, mintToken } from '../setup/tokens';

// 主办/协办, 下派 and 承办人 through HTTP on PostgreSQL: each route's happy path and its attacks —
// a wrong department, a department that is not assisting, a unit not under the department working
// the case, 20 concurrent identical calls (one event), a reused Idempotency-Key with another body
// (422) — plus what the assisting department reads, its queue, the assessment facts and the
// per-person figures.

let t: TestApp;
let tk: Tokens;
let clock: FakeClock;
let handlerC: string;
let handlerD: string;
const DEPT_C = departments[2].id;
const DEPT_D = departments[3].id;

const at = (local: string) => clock.set(shanghai(local));
const post = (path: string, token: string, body: object = {}) => t.http().post(path).set(bearer(token)).send(body);
const get = (path: string, token: string) => t.http().get(path).set(bearer(token));
const settled = () => waitForEveryEvent(t.app, t.runtime.pool);

async function accepted() {
  const p = await submit(t);
  await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
  return p;
}

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
  handlerC = await mintToken({ roles: ['handler'], departmentId: DEPT_C, sub: 'handler-c' });
  handlerD = await mintToken({ roles: ['handler'], departmentId: DEPT_D, sub: 'handler-d' });
  clock = useFakeClock(t.app, shanghai('2026-11-02T09:00:00'));
});
afterAll(() => t.close());

describe('主办/协办: dispatch with assisting departments, POST /api/petitions/:id/assistance', () => {
  let p: Awaited<ReturnType<typeof submit>>;

  it('dispatches to a lead with assisting departments, each owing its contribution by policy.assistWithinWorkingDays', async () => {
    at('2026-11-02T09:00:00'); // Monday
    p = await accepted();
    const res = await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, {
      departmentId: DEPT_A,
      assistingDepartmentIds: [DEPT_B],
    }).expect(200);
    // 5 working days after Mon 11-02: Mon 11-09, end of day.
    expect(res.body).toMatchObject({ departmentId: DEPT_A, contributeBy: shanghai('2026-11-09T23:59:59.999').toISOString() });
  });

  it('refuses the lead as an assisting department and an unknown one (400 naming the field), appending nothing', async () => {
    const q = await accepted();
    const before = await streamTypes(t, q.id);
    const same = await post(`/api/petitions/${q.id}/dispatch`, tk.reviewer, {
      departmentId: DEPT_A,
      assistingDepartmentIds: [DEPT_A],
    }).expect(400);
    expect(same.body.message).toMatch(/assistingDepartmentIds\[0\]: an assisting department \(协办\) must not be the lead/);
    const unknown = await post(`/api/petitions/${q.id}/dispatch`, tk.reviewer, {
      departmentId: DEPT_A,
      assistingDepartmentIds: [randomUUID()],
    }).expect(400);
    expect(unknown.body.message).toMatch(/assistingDepartmentIds\[0\]: unknown or inactive department/);
    const notUuid = await post(`/api/petitions/${q.id}/dispatch`, tk.reviewer, {
      departmentId: DEPT_A,
      assistingDepartmentIds: ['x'],
    }).expect(400);
    expect(JSON.stringify(notUuid.body)).toMatch(/assistingDepartmentIds/);
    expect(await streamTypes(t, q.id)).toEqual(before);
  });

  it('the assisting department sees the case in its queue and reads it in clear while it owes its contribution', async () => {
    await settled();
    const queue = (await get('/api/queues/department', tk.handlerB).expect(200)).body;
    const item = queue.coHandling.find((i: { petitionId: string }) => i.petitionId === p.id);
    expect(item).toMatchObject({
      role: 'assisting',
      leadDepartmentId: DEPT_A,
      contributeBy: shanghai('2026-11-09T23:59:59.999').toISOString(),
    });
    expect(queue.awaitingAcknowledgement.map((i: { petitionId: string }) => i.petitionId)).not.toContain(p.id);
    const leadQueue = (await get('/api/queues/department', tk.handlerA).expect(200)).body;
    expect(leadQueue.awaitingAcknowledgement.find((i: { petitionId: string }) => i.petitionId === p.id)).toMatchObject({ role: 'lead' });

    const read = (await get(`/api/petitions/${p.id}`, tk.handlerB).expect(200)).body;
    expect(JSON.stringify(read)).toContain(CITIZEN.phone);
    // A department with no part in the case learns nothing, not even that it exists.
    await get(`/api/petitions/${p.id}`, handlerC).expect(404);
  });

  it('a non-assisting department (and the lead) may not contribute (403), nothing appended', async () => {
    const before = await streamTypes(t, p.id);
    await post(`/api/petitions/${p.id}/assistance`, handlerC, { text: '我局无相关职责' }).expect(403);
    await post(`/api/petitions/${p.id}/assistance`, tk.handlerA, { text: '主办自己协办' }).expect(403);
    await post(`/api/petitions/${p.id}/assistance`, tk.reviewer, { text: '值班员' }).expect(403);
    const blank = await post(`/api/petitions/${p.id}/assistance`, tk.handlerB, { text: '' }).expect(400);
    expect(JSON.stringify(blank.body)).toMatch(/text/);
    expect(await streamTypes(t, p.id)).toEqual(before);
  });

  it('20 concurrent identical contributions with one Idempotency-Key append once; the key with another body is 422', async () => {
    at('2026-11-04T10:00:00');
    const key = `assist-${randomUUID()}`;
    const send = (text: string) =>
      t.http().post(`/api/petitions/${p.id}/assistance`).set(bearer(tk.handlerB)).set('Idempotency-Key', key).send({ text });
    const answers = await Promise.all(Array.from({ length: 20 }, () => send(`已联系${CITIZEN.name}，道路开挖许可已核发。`)));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(answers.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(answers[0].body).toMatchObject({ onTime: true });
    expect((await streamTypes(t, p.id)).filter((type) => type === 'AssistanceProvided')).toHaveLength(1);
    expect((await send('另一份意见')).status).toBe(422);
    // The contribution is personal text (it may name the citizen): sealed in the store, its readable copy redacted.
    const stored = await t.runtime.pool.query(`select data from wz_es.events where stream_id = $1 and type = 'AssistanceProvided'`, [
      `petition-${p.id}`,
    ]);
    expect(stored.rows[0].data.personal).toMatchObject({ $enc: 'aes-256-gcm' });
    expect(JSON.stringify(stored.rows[0].data)).not.toContain(CITIZEN.name);
    // Given once: a second contribution under a new key is refused by the rule.
    const again = await post(`/api/petitions/${p.id}/assistance`, tk.handlerB, { text: '补充意见' }).expect(409);
    expect(again.body.message).toMatch(/contributed at/);
  });

  it('after contributing, the assisting department reads the case masked (least privilege) and it leaves its queue', async () => {
    await settled();
    const read = (await get(`/api/petitions/${p.id}`, tk.handlerB).expect(200)).body;
    expect(JSON.stringify(read)).not.toContain(CITIZEN.phone);
    const queue = (await get('/api/queues/department', tk.handlerB).expect(200)).body;
    expect(queue.coHandling.map((i: { petitionId: string }) => i.petitionId)).not.toContain(p.id);
  });

  it('only the lead answers the citizen; the lead sees the contribution among its steps', async () => {
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    await post(`/api/petitions/${p.id}/respond`, tk.handlerB, { answer: '协办单位答复' }).expect(403);
    const steps = (await get(`/api/petitions/${p.id}`, tk.handlerA).expect(200)).body.steps as { step: string }[];
    expect(steps.find((s) => s.step === 'assistance_provided')).toMatchObject({ departmentId: DEPT_B, onTime: true });
    const citizen = (await t.http().get(`/api/petitions/${p.trackingCode}`).set('X-Access-Key', p.accessKey).expect(200)).body;
    expect(citizen.steps.map((s: { step: string }) => s.step)).not.toContain('assistance_provided');
  });

  it('an overdue contribution is a missed 协办 deadline of the assisting department in the assessment facts', async () => {
    at('2026-11-02T10:00:00');
    const late = await accepted();
    await post(`/api/petitions/${late.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A, assistingDepartmentIds: [DEPT_C] }).expect(200);
    at('2026-11-10T09:00:00'); // after the due date of 11-09
    const res = await post(`/api/petitions/${late.id}/assistance`, handlerC, { text: '迟到的协办意见' }).expect(200);
    expect(res.body.onTime).toBe(false);
    await settled();
    const { rows } = await t.runtime.pool.query(
      `select department_id, met from wz_rm.${DEADLINE_FACTS} where petition_id = $1 and kind = 'assistance'`,
      [late.id],
    );
    expect(rows).toEqual([{ department_id: DEPT_C, met: false }]);
    const report = (await get('/api/reports/assessment?from=2026-11-01&to=2026-12-01', tk.supervisor).expect(200)).body;
    const c = report.departments.find((d: { departmentId: string }) => d.departmentId === DEPT_C);
    expect(c.assistance).toMatchObject({ missed: 1 });
    expect(c.deductions).toEqual(
      expect.arrayContaining([expect.objectContaining({ rule: 'overdue_assistance', deadline: 'assistance', evidence: 'late_act' })]),
    );
  });
});

describe('下派: POST /api/petitions/:id/pass-down and /answer-up, on the department tree', () => {
  let p: Awaited<ReturnType<typeof submit>>;

  beforeAll(async () => {
    // DEPT_A (a district) → DEPT_C (its street) → DEPT_D (its community), by the admin route.
    await t.http().patch(`/api/admin/departments/${DEPT_C}`).set(bearer(tk.admin)).send({ parentId: DEPT_A }).expect(200);
    await t.http().patch(`/api/admin/departments/${DEPT_D}`).set(bearer(tk.admin)).send({ parentId: DEPT_C }).expect(200);
  });

  it('the department tree refuses a cycle and a department as its own parent (400), and lists the parent', async () => {
    const cycle = await t.http().patch(`/api/admin/departments/${DEPT_A}`).set(bearer(tk.admin)).send({ parentId: DEPT_D }).expect(400);
    expect(cycle.body.message).toMatch(/parentId: .* no cycles/);
    await t.http().patch(`/api/admin/departments/${DEPT_A}`).set(bearer(tk.admin)).send({ parentId: DEPT_A }).expect(400);
    const list = (await t.http().get('/api/departments').set(bearer(tk.admin)).expect(200)).body.items as {
      id: string;
      parentId?: string;
    }[];
    expect(list.find((d) => d.id === DEPT_D)?.parentId).toBe(DEPT_C);
    expect(list.find((d) => d.id === DEPT_A)?.parentId).toBeUndefined();
  });

  it('the lead passes the case down to a unit under it; the unit works it, sees it in its queue, and answers up', async () => {
    at('2026-11-02T09:00:00');
    p = await accepted();
    await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A }).expect(200);
    await post(`/api/petitions/${p.id}/pass-down`, tk.handlerA, { departmentId: DEPT_C }).expect(409); // sign first
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);

    const res = await post(`/api/petitions/${p.id}/pass-down`, tk.handlerA, { departmentId: DEPT_D, note: '请社区现场核实' }).expect(200);
    expect(res.body).toMatchObject({ departmentId: DEPT_D, fromDepartmentId: DEPT_A });
    await settled();
    const queue = (await get('/api/queues/department', handlerD).expect(200)).body;
    expect(queue.coHandling.find((i: { petitionId: string }) => i.petitionId === p.id)).toMatchObject({
      role: 'passed_down',
      leadDepartmentId: DEPT_A,
    });
    expect(JSON.stringify((await get(`/api/petitions/${p.id}`, handlerD).expect(200)).body)).toContain(CITIZEN.phone);

    await post(`/api/petitions/${p.id}/respond`, handlerD, { answer: '社区答复' }).expect(403);
    const up = await post(`/api/petitions/${p.id}/answer-up`, handlerD, { text: '社区已现场处置，井盖已更换。' }).expect(200);
    expect(up.body).toMatchObject({ toDepartmentId: DEPT_A });
    await post(`/api/petitions/${p.id}/answer-up`, handlerD, { text: '再次反馈' }).expect(403);
    await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: '经社区现场处置，井盖已更换。' }).expect(200);
  });

  it('refuses a unit not under the department working the case (400), another department (403), nothing appended', async () => {
    at('2026-11-03T09:00:00');
    const q = await accepted();
    await post(`/api/petitions/${q.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A }).expect(200);
    await post(`/api/petitions/${q.id}/acknowledge`, tk.handlerA).expect(200);
    const before = await streamTypes(t, q.id);
    const notUnder = await post(`/api/petitions/${q.id}/pass-down`, tk.handlerA, { departmentId: DEPT_B }).expect(400);
    expect(notUnder.body.message).toMatch(/departmentId: is not a unit under/);
    await post(`/api/petitions/${q.id}/pass-down`, tk.handlerB, { departmentId: DEPT_C }).expect(403);
    await post(`/api/petitions/${q.id}/pass-down`, tk.handlerA, { departmentId: randomUUID() }).expect(400);
    await post(`/api/petitions/${q.id}/answer-up`, handlerC, { text: '未下派' }).expect(403);
    expect(await streamTypes(t, q.id)).toEqual(before);

    // 20 concurrent identical passes down under one key: one event; the key with another body: 422.
    const key = `pass-${randomUUID()}`;
    const send = (departmentId: string) =>
      t.http().post(`/api/petitions/${q.id}/pass-down`).set(bearer(tk.handlerA)).set('Idempotency-Key', key).send({ departmentId });
    const answers = await Promise.all(Array.from({ length: 20 }, () => send(DEPT_C)));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect((await streamTypes(t, q.id)).filter((type) => type === 'PetitionPassedDown')).toHaveLength(1);
    expect((await send(DEPT_D)).status).toBe(422);
  });
});

describe('承办人: POST /api/petitions/:id/handler and the per-person figures', () => {
  it("the lead names a handler; its queue shows the name; the figures per person are its own and supervisors' only", async () => {
    at('2026-11-05T09:00:00');
    const p = await accepted();
    await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: DEPT_B }).expect(200);
    await post(`/api/petitions/${p.id}/handler`, tk.handlerA, { handlerName: '张工' }).expect(403);
    const blank = await post(`/api/petitions/${p.id}/handler`, tk.handlerB, { handlerName: '' }).expect(400);
    expect(JSON.stringify(blank.body)).toMatch(/handlerName/);

    const key = `handler-${randomUUID()}`;
    const send = (handlerName: string) =>
      t
        .http()
        .post(`/api/petitions/${p.id}/handler`)
        .set(bearer(tk.handlerB))
        .set('Idempotency-Key', key)
        .send({ handlerId: 'staff-017', handlerName });
    const answers = await Promise.all(Array.from({ length: 20 }, () => send('李工')));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect((await streamTypes(t, p.id)).filter((type) => type === 'HandlerAssigned')).toHaveLength(1);
    expect((await send('王工')).status).toBe(422);
    await post(`/api/petitions/${p.id}/handler`, tk.handlerB, { handlerId: 'staff-017', handlerName: '李工' }).expect(409);

    at('2026-11-06T09:00:00');
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerB).expect(200);
    // Without a handlerId the caller takes the case (the token's sub).
    const self = await post(`/api/petitions/${p.id}/handler`, tk.handlerB, { handlerName: '赵工' }).expect(200);
    expect(self.body).toMatchObject({ handlerId: 'handler-b', handlerName: '赵工' });
    await settled();
    const queue = (await get('/api/queues/department', tk.handlerB).expect(200)).body;
    expect(queue.inProgress.find((i: { petitionId: string }) => i.petitionId === p.id)).toMatchObject({
      role: 'lead',
      handlerName: '赵工',
    });
    at('2026-11-09T09:00:00');
    await post(`/api/petitions/${p.id}/respond`, tk.handlerB, { answer: '已安排维修，现已恢复。' }).expect(200);
    await settled();

    const figures = (await get(`/api/reports/departments/${DEPT_B}/handlers?from=2026-11-01&to=2026-12-01`, tk.handlerB).expect(200)).body;
    expect(figures.handlers).toEqual([
      { handlerId: 'handler-b', handlerName: '赵工', assigned: 1, answered: 1, overdue: 0, averageWorkingDays: 1 },
    ]);
    await get(`/api/reports/departments/${DEPT_B}/handlers?from=2026-11-01&to=2026-12-01`, tk.supervisor).expect(200);
    await get(`/api/reports/departments/${DEPT_B}/handlers?from=2026-11-01&to=2026-12-01`, tk.handlerA).expect(403);
    await get(`/api/reports/departments/${DEPT_B}/handlers?from=2026-11-01&to=2026-12-01`, tk.reviewer).expect(403);
    await t.http().get(`/api/reports/departments/${DEPT_B}/handlers?from=2026-11-01&to=2026-12-01`).expect(401);
    const bad = await get(`/api/reports/departments/${DEPT_B}/handlers?from=2026-11-31&to=2026-12-01`, tk.handlerB).expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/from/);

    // The public page never names staff.
    const pub = await t.http().get(`/api/public/petitions/${p.trackingCode}`);
    expect(JSON.stringify(pub.body)).not.toMatch(/赵工|李工|handler-b/);
  });
});
