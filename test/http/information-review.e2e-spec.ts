import { randomUUID } from 'node:crypto';
import { FakeClock } from '@wenzheng/petition-store';
import { ReferenceDataService } from '@wenzheng/read-models';
import { reviewDueBy } from '@wenzheng/petition';
import { createTestApp, TestApp } from '../setup/app';
import { shanghai, useFakeClock, waitForEveryEvent } from '../setup/clock';
import { Tokens, dispatched, streamTypes, submit, tokens } from '../setup/petitions';
import { bearer, mintToken } from '../setup/tokens';

// 补充材料, 联系不上, the comment window after closing and the review deadline through HTTP: each
// route's use, then the attacks on it (wrong actor, wrong key, wrong state, bad text, a burst of
// retries), each refusal checked to have appended nothing.

let t: TestApp;
let tk: Tokens;
let citizen: string;
let clock: FakeClock;

const at = (local: string) => clock.set(shanghai(local));
const post = (path: string, token: string, body: object = {}) => t.http().post(path).set(bearer(token)).send(body);
const settled = () => waitForEveryEvent(t.app, t.runtime.pool);
const ask = (id: string, token: string, question = '请补充漏水位置的照片及具体楼栋单元号。') =>
  post(`/api/petitions/${id}/information-request`, token, { question });
const supply = (ref: string, key: string | undefined, text: unknown = '漏水位置在3号楼2单元楼道东侧。') => {
  const req = t.http().post(`/api/petitions/${ref}/information`);
  return (key ? req.set('X-Access-Key', key) : req).send({ text });
};
const count = async (id: string, type: string) => (await streamTypes(t, id)).filter((x) => x === type).length;

/** A case in progress at DEPT_A (acknowledged), at the clock's instant. */
async function inProgress() {
  const p = await dispatched(t, tk);
  await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
  return p;
}

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
  citizen = await mintToken({ roles: ['citizen'], sub: 'citizen-1' });
  clock = useFakeClock(t.app, shanghai('2026-04-03T20:00:00'));
});
afterAll(() => t.close());

describe('GET /api/queues/review: reviewBy and reviewOverdue', () => {
  it('a case submitted on the Friday evening before 清明 (Sat–Mon off) is due after the holiday, as reviewDueBy says', async () => {
    at('2026-04-03T20:00:00');
    const p = await submit(t);
    await settled();
    const item = async () => {
      const res = await t.http().get('/api/queues/review').set(bearer(tk.reviewer)).query({ limit: 200 }).expect(200);
      return (res.body.items as { petitionId: string; reviewBy?: string; reviewOverdue?: boolean }[]).find((i) => i.petitionId === p.id);
    };
    const reference = t.app.get(ReferenceDataService);
    const expected = reviewDueBy(shanghai('2026-04-03T20:00:00'), reference.calendar(), reference.policies().complaint);
    // 4 hours of Friday, then Saturday to Monday (清明) off, then 20 hours of Tuesday.
    expect(expected.toISOString()).toBe(shanghai('2026-04-07T20:00:00').toISOString());
    expect(await item()).toMatchObject({ reviewBy: expected.toISOString(), reviewOverdue: false });

    at('2026-04-07T19:59:00');
    expect((await item())?.reviewOverdue).toBe(false);
    at('2026-04-07T20:01:00');
    expect((await item())?.reviewOverdue).toBe(true);
  });

  it('a returned case awaiting re-dispatch carries no review deadline', async () => {
    at('2026-04-13T09:00:00');
    const p = await inProgress();
    await post(`/api/petitions/${p.id}/return`, tk.handlerA, { reason: '不属于本部门职责范围，请转交住建局。' }).expect(200);
    await settled();
    const res = await t.http().get('/api/queues/review').set(bearer(tk.reviewer)).query({ limit: 200 }).expect(200);
    const item = (res.body.items as { petitionId: string; status: string }[]).find((i) => i.petitionId === p.id);
    expect(item).toMatchObject({ status: 'returned' });
    expect(item).not.toHaveProperty('reviewBy');
  });
});

describe('补充材料: POST /api/petitions/:id/information-request and /:ref/information', () => {
  let p: Awaited<ReturnType<typeof submit>>;

  it('refuses the wrong department, a citizen, a bad question and a respond while awaited; appends nothing', async () => {
    at('2026-11-02T09:00:00');
    p = await inProgress();
    const wrongDept = await ask(p.id, tk.handlerB).expect(403);
    expect(wrongDept.body.message).not.toMatch(/张伟|13812345678/);
    await ask(p.id, citizen).expect(403);
    await t.http().post(`/api/petitions/${p.id}/information-request`).send({ question: '请补充照片和楼栋号。' }).expect(401);
    for (const question of ['\u200b\u200b\u200b\u200b\u200b\u200b', ' \u2800\u00a0\ufeff\u2060 ', 'ab\ud800cdefg']) {
      const bad = await ask(p.id, tk.handlerA, question).expect(400);
      expect(bad.body.message).toMatch(/^question: /);
    }
    expect(await count(p.id, 'InformationRequested')).toBe(0);
  });

  it('pauses the clock: staff and the citizen see the question and supplyBy; a second request and an answer are 409 with the rule', async () => {
    at('2026-11-03T10:00:00');
    const res = await ask(p.id, tk.handlerA).expect(200);
    expect(res.body.supplyBy).toEqual(expect.any(String));

    const again = await ask(p.id, tk.handlerA, '再请补充一次材料。').expect(409);
    expect(again.body).toMatchObject({ rule: 'information_awaited' });
    const answer = await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: '已处理完毕。' }).expect(409);
    expect(answer.body).toMatchObject({ rule: 'information_awaited' });
    expect(await count(p.id, 'InformationRequested')).toBe(1);
    expect(await count(p.id, 'PetitionResponded')).toBe(0);

    const awaiting = { question: '请补充漏水位置的照片及具体楼栋单元号。', supplyBy: res.body.supplyBy, requestedAt: expect.any(String) };
    const staff = await t.http().get(`/api/petitions/${p.id}`).set(bearer(tk.handlerA)).expect(200);
    expect(staff.body.awaitingInformation).toEqual(awaiting);
    const own = await t.http().get(`/api/petitions/${p.trackingCode}`).set('X-Access-Key', p.accessKey).expect(200);
    expect(own.body.awaitingInformation).toEqual(awaiting);
  });

  it('a wrong or missing key is refused as if the case did not exist; bad text is 400 naming text; nothing appended', async () => {
    const other = await submit(t);
    await supply(p.trackingCode, undefined).expect(401);
    // The department that asked is authenticated but is not the submitter: 403 saying whose route it is.
    for (const staff of [tk.handlerA, tk.reviewer, tk.supervisor]) {
      const asStaff = await t
        .http()
        .post(`/api/petitions/${p.id}/information`)
        .set(bearer(staff))
        .send({ text: '我来替他补充。' })
        .expect(403);
      expect(asStaff.body.message).toMatch(/submitter's.*X-Access-Key/);
    }
    const wrongKey = await supply(p.id, 'made-up-access-key-0000').expect(404);
    const othersKey = await supply(p.id, other.accessKey).expect(404);
    const unknown = randomUUID();
    const noCase = await supply(unknown, 'made-up-access-key-0000').expect(404);
    // Same answer as an unknown case, but for the reference the caller gave.
    expect(wrongKey.body.message.replace(p.id, 'REF')).toBe(noCase.body.message.replace(unknown, 'REF'));
    expect(othersKey.body).toEqual(wrongKey.body);
    // A citizen token of another account is no proof either.
    await t.http().post(`/api/petitions/${p.id}/information`).set(bearer(citizen)).send({ text: '我来替他补充。' }).expect(404);

    for (const text of ['\u200b\u200b\u200b', '补充\udc00材料', 42]) {
      const bad = await supply(p.trackingCode, p.accessKey, text).expect(400);
      expect(bad.body.message).toMatch(/^text: /);
    }
    expect(await count(p.id, 'InformationSupplied')).toBe(0);
  });

  it('20 concurrent supplies with one Idempotency-Key append one InformationSupplied; the clock resumes', async () => {
    at('2026-11-05T15:00:00');
    const burst = await Promise.all(
      Array.from({ length: 20 }, () =>
        t
          .http()
          .post(`/api/petitions/${p.trackingCode}/information`)
          .set('X-Access-Key', p.accessKey)
          .set('Idempotency-Key', 'supply-burst-1')
          .send({ text: '漏水位置在3号楼2单元楼道东侧。' }),
      ),
    );
    const ok = burst.filter((r) => r.status === 200);
    expect(ok.length).toBeGreaterThan(0);
    expect(burst.filter((r) => r.status !== 200).every((r) => r.status === 409 && r.body.error === 'idempotency_key_in_progress')).toBe(
      true,
    );
    expect(new Set(ok.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await count(p.id, 'InformationSupplied')).toBe(1);

    // Answered: another supply is 409 naming the rule; the staff view no longer shows a question awaited.
    const late = await supply(p.trackingCode, p.accessKey).expect(409);
    expect(late.body).toMatchObject({ rule: 'no_information_requested' });
    const staff = await t.http().get(`/api/petitions/${p.id}`).set(bearer(tk.handlerA)).expect(200);
    expect(staff.body.awaitingInformation).toBeUndefined();
  });

  it('a supply after supplyBy is 409 information_request_lapsed, and nothing is appended', async () => {
    at('2026-11-09T09:00:00');
    const q = await inProgress();
    const { supplyBy } = (await ask(q.id, tk.handlerA).expect(200)).body as { supplyBy: string };
    clock.set(new Date(Date.parse(supplyBy) + 1000));
    const res = await supply(q.trackingCode, q.accessKey).expect(409);
    expect(res.body).toMatchObject({ rule: 'information_request_lapsed' });
    expect(await count(q.id, 'InformationSupplied')).toBe(0);
  });
});

describe('联系不上 and the comment window after closing', () => {
  it('answers as unreachable, shown on the steps; comments close after policy.commentWithinDaysAfterClose days (409 comment_window_closed)', async () => {
    at('2026-11-16T09:00:00');
    const p = await inProgress();
    const bad = await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: '多次致电未接通。', outcome: 'gone' }).expect(400);
    expect(bad.body.message).toMatch(/^outcome: /);
    await post(`/api/petitions/${p.id}/respond`, tk.handlerA, {
      answer: '多次致电未接通，已上门查看并处理。',
      outcome: 'unreachable',
    }).expect(200);
    const own = (await t.http().get(`/api/petitions/${p.trackingCode}`).set('X-Access-Key', p.accessKey).expect(200)).body;
    expect(own.steps.find((s: { step: string }) => s.step === 'answered')).toMatchObject({ outcome: 'unreachable' });

    at('2026-11-17T10:00:00');
    const rated = await t
      .http()
      .post(`/api/petitions/${p.trackingCode}/rate`)
      .set('X-Access-Key', p.accessKey)
      .send({ satisfaction: 'satisfied' })
      .expect(200);
    expect(rated.body.status).toBe('closed');

    const days = t.app.get(ReferenceDataService).policies().complaint.commentWithinDaysAfterClose;
    // Closed on 2026-11-17 (local): comments run to the end of the N-th local day after it.
    const lastDay = new Date(Date.parse('2026-11-17T00:00:00Z') + days * 86_400_000).toISOString().slice(0, 10);
    const comment = () => t.http().post(`/api/petitions/${p.trackingCode}/comments`).send({ text: '同小区，我家也遇到过。' });
    at(`${lastDay}T23:59:00`);
    await comment().expect(200);
    clock.set(new Date(Date.parse(`${lastDay}T23:59:59.999+08:00`) + 1000));
    const refused = await comment().expect(409);
    expect(refused.body).toMatchObject({ rule: 'comment_window_closed' });
    expect(await count(p.id, 'PetitionCommented')).toBe(1);
  });
});
