import { NOTIFICATION_OUTBOX } from '@wenzheng/read-models';
import { FakeClock } from '@wenzheng/petition-store';
import { DEADLINE_FACTS } from '@wenzheng/read-models';
import { createTestApp, TestApp } from '../setup/app';
import { shanghai, useFakeClock, waitForEveryEvent } from '../setup/clock';
import { DEPT_A, DEPT_B, Tokens, dispatched, streamTypes, submit, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

// 撤回, 阶段性答复 and 内容管理 through HTTP: each route's happy path, the wrong state (409), the
// wrong actor (403, or 404 for a made-up access key), a bad field (400 naming it); moderation as
// the listing, search and the public page show it before a hide, after it and after the restore.

let t: TestApp;
let tk: Tokens;
let clock: FakeClock;

const at = (local: string) => clock.set(shanghai(local));
const post = (path: string, token: string, body: object = {}) => t.http().post(path).set(bearer(token)).send(body);
const settled = () => waitForEveryEvent(t.app, t.runtime.pool);
const asCitizen = (ref: string, accessKey: string) => t.http().get(`/api/petitions/${ref}`).set('X-Access-Key', accessKey);

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
  clock = useFakeClock(t.app, shanghai('2026-11-02T09:00:00'));
});
afterAll(() => t.close());

describe('POST /api/petitions/:ref/withdraw (撤回)', () => {
  let p: Awaited<ReturnType<typeof submit>>;
  const withdraw = (ref: string, key?: string, body: object = {}) => {
    const req = t.http().post(`/api/petitions/${ref}/withdraw`);
    return (key ? req.set('X-Access-Key', key) : req).send(body);
  };

  it('closes the case as withdrawn for the submitter, tells the department and the citizen, and shows the step to the citizen', async () => {
    at('2026-11-02T09:00:00');
    p = await dispatched(t, tk, DEPT_B);
    at('2026-11-03T09:00:00');
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerB).expect(200);

    await withdraw(p.trackingCode, undefined, { reason: '问题已自行解决' }).expect(401);
    // Staff are authenticated, just not the submitter: 403 saying whose route it is, not 401.
    for (const staff of [tk.handlerB, tk.reviewer, tk.supervisor]) {
      const asStaff = await post(`/api/petitions/${p.id}/withdraw`, staff, { reason: '问题已自行解决' }).expect(403);
      expect(asStaff.body.message).toMatch(/submitter's.*X-Access-Key/);
    }
    await t.http().post(`/api/petitions/${p.id}/withdraw`).set('Authorization', 'Bearer forged.token.value').send({}).expect(401);
    await withdraw(p.trackingCode, 'made-up-access-key-0000', { reason: '问题已自行解决' }).expect(404);
    const bad = await withdraw(p.trackingCode, p.accessKey, { reason: 'x' }).expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/reason/);
    expect(await streamTypes(t, p.id)).not.toContain('PetitionWithdrawn');

    at('2026-11-04T10:00:00');
    const res = await withdraw(p.trackingCode, p.accessKey, { reason: '问题已自行解决' }).expect(200);
    expect(res.body).toMatchObject({ id: p.id, status: 'closed', closeReason: 'withdrawn' });
    expect((await streamTypes(t, p.id)).slice(-2)).toEqual(['PetitionWithdrawn', 'PetitionClosed']);

    await settled();
    const view = (await asCitizen(p.trackingCode, p.accessKey).expect(200)).body;
    expect(view.steps.map((s: { step: string }) => s.step).slice(-2)).toEqual(['withdrawn', 'closed']);
    expect(view.steps.find((s: { step: string }) => s.step === 'withdrawn')).toMatchObject({ reason: '问题已自行解决' });
    const { rows } = await t.runtime.pool.query(`select template from wz_rm.${NOTIFICATION_OUTBOX} where petition_id = $1`, [p.id]);
    expect(rows.map((r: { template: string }) => r.template)).toEqual(expect.arrayContaining(['case_withdrawn', 'petition_withdrawn']));
  });

  it('409 once closed, and once answered', async () => {
    await withdraw(p.trackingCode, p.accessKey).expect(409);
    const answered = await dispatched(t, tk);
    await post(`/api/petitions/${answered.id}/acknowledge`, tk.handlerA).expect(200);
    await post(`/api/petitions/${answered.id}/respond`, tk.handlerA, { answer: '已协调处理完毕。' }).expect(200);
    const r = await withdraw(answered.trackingCode, answered.accessKey).expect(409);
    expect(r.body.message).toMatch(/rate the answer instead/);
  });

  it('costs the department nothing: the deadlines still running are withdrawn, not missed, in the assessment', async () => {
    await settled();
    const { rows } = await t.runtime.pool.query(
      `select kind, withdrawn_by_event_id from wz_rm.${DEADLINE_FACTS} where petition_id = $1 order by kind`,
      [p.id],
    );
    // Signed for on time; the answer's deadline lapsed with the withdrawal.
    expect(rows).toEqual([
      { kind: 'acknowledgement', withdrawn_by_event_id: null },
      { kind: 'response', withdrawn_by_event_id: expect.any(String) },
    ]);
    at('2026-11-25T10:00:00'); // long after the response deadline of 11-12
    const report = (await t.http().get('/api/reports/assessment?from=2026-11-01&to=2026-12-01').set(bearer(tk.supervisor)).expect(200))
      .body;
    const b = report.departments.find((d: { departmentId: string }) => d.departmentId === DEPT_B);
    expect(b.response).toMatchObject({ withdrawn: 1, missed: 0 });
    expect(b.deductions).toEqual([]);
  });
});

describe('POST /api/petitions/:id/interim-reply (阶段性答复)', () => {
  it('409 before the signing-for, 403 for another department or role, 400 without text; then the citizen reads it and the public sees the step only', async () => {
    at('2026-11-02T09:00:00');
    const p = await dispatched(t, tk);
    const text = '已联系施工单位现场核查，预计下周完成整改。';
    await post(`/api/petitions/${p.id}/interim-reply`, tk.handlerA, { text }).expect(409);
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    await post(`/api/petitions/${p.id}/interim-reply`, tk.handlerB, { text }).expect(403);
    await post(`/api/petitions/${p.id}/interim-reply`, tk.supervisor, { text }).expect(403);
    const bad = await post(`/api/petitions/${p.id}/interim-reply`, tk.handlerA, {}).expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/text/);

    at('2026-11-05T10:00:00');
    await post(`/api/petitions/${p.id}/interim-reply`, tk.handlerA, { text }).expect(200);
    await settled();
    const view = (await asCitizen(p.trackingCode, p.accessKey).expect(200)).body;
    expect(view.status).toBe('in_progress'); // the answer is still owed
    expect(view.steps.at(-1)).toMatchObject({ step: 'interim_reply', departmentId: DEPT_A, text });
    const page = (await t.http().get(`/api/public/petitions/${p.trackingCode}`).expect(200)).body;
    expect(page.steps.at(-1)).toEqual({
      step: 'interim_reply',
      at: shanghai('2026-11-05T10:00:00').toISOString(),
      department: expect.objectContaining({ id: DEPT_A }),
    });
    expect(JSON.stringify(page)).not.toContain('施工单位');
    const { rows } = await t.runtime.pool.query(`select template from wz_rm.${NOTIFICATION_OUTBOX} where petition_id = $1`, [p.id]);
    expect(rows.map((r: { template: string }) => r.template)).toContain('petition_interim_reply');
  });
});

describe('POST /api/petitions/:id/moderation (内容管理)', () => {
  const TITLE_WORD = '琥珀巷';
  const ANSWER_WORD = '翡翠泵站';
  let p: Awaited<ReturnType<typeof submit>>;
  let commentId: string;
  let answeredComment: { commentId?: string; attachmentIds?: string[] };

  const listed = async (q?: string) => {
    await settled();
    const r = await t
      .http()
      .get('/api/public/petitions')
      .query({ limit: 100, ...(q && { q }) })
      .expect(200);
    return r.body.items.map((i: { trackingCode: string }) => i.trackingCode) as string[];
  };
  const publicPage = async (status = 200) => {
    await settled();
    return (await t.http().get(`/api/public/petitions/${p.trackingCode}`).expect(status)).body;
  };
  const moderate = (body: object, token = tk.supervisor) =>
    post(`/api/petitions/${p.id}/moderation`, token, { reason: '内部核查需要', ...body });

  beforeAll(async () => {
    at('2026-11-02T09:00:00');
    p = await submit(t, { title: `${TITLE_WORD}路灯不亮`, content: `${TITLE_WORD}一带路灯连续一周不亮，夜间出行不便。` });
    await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
    await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A }).expect(200);
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: `已由${ANSWER_WORD}检修线路，路灯恢复。` }).expect(200);
    const comment = () =>
      t
        .http()
        .post(`/api/petitions/${p.trackingCode}/comments`)
        .set('Idempotency-Key', `comment-${p.id}`)
        .send({ text: '同问，我家楼下也是' });
    answeredComment = (await comment().expect(200)).body;
    // A retry under the same key answers the same comment, not a second one.
    expect((await comment().expect(200)).body).toEqual(answeredComment);
  });

  it('before: listed, found by its title and by its answer, with its answer and comment on its page', async () => {
    expect(await listed()).toContain(p.trackingCode);
    expect(await listed(TITLE_WORD)).toContain(p.trackingCode);
    expect(await listed(ANSWER_WORD)).toContain(p.trackingCode);
    const page = await publicPage();
    expect(page.answer).toContain(ANSWER_WORD);
    expect(page.comments).toHaveLength(1);
    commentId = page.comments[0].id;
    expect(commentId).toMatch(/^[0-9a-f-]{36}$/);
    // The comment command answered the id the page and moderation use.
    expect(answeredComment).toMatchObject({ commentId, attachmentIds: [] });
  });

  it('403 for a handler or an admin, 400 naming the field, 409 for what is not hidden or not published', async () => {
    await moderate({ target: 'case', action: 'hide' }, tk.handlerA).expect(403);
    await moderate({ target: 'case', action: 'hide' }, tk.admin).expect(403);
    expect(JSON.stringify((await moderate({ target: 'title', action: 'hide' }).expect(400)).body)).toMatch(/target/);
    expect(JSON.stringify((await moderate({ target: 'comment', action: 'hide' }).expect(400)).body)).toMatch(/commentId/);
    expect(JSON.stringify((await moderate({ target: 'case', action: 'hide', reason: '' }).expect(400)).body)).toMatch(/reason/);
    const other = '00000000-0000-4000-8000-000000000000';
    expect(JSON.stringify((await moderate({ target: 'comment', action: 'hide', commentId: other }).expect(400)).body)).toMatch(/commentId/);
    await moderate({ target: 'case', action: 'restore' }).expect(409);
    const unreviewed = await submit(t);
    await post(`/api/petitions/${unreviewed.id}/moderation`, tk.supervisor, {
      target: 'case',
      action: 'hide',
      reason: '内部核查需要',
    }).expect(409);
  });

  it('a hidden case leaves the listing, search and its page (404); restored, it is back', async () => {
    await moderate({ target: 'case', action: 'hide' }).expect(200);
    expect(await listed()).not.toContain(p.trackingCode);
    expect(await listed(TITLE_WORD)).not.toContain(p.trackingCode);
    await publicPage(404);
    await moderate({ target: 'case', action: 'hide' }).expect(409);
    // The citizen still reads their own case; the reason stays internal.
    expect(JSON.stringify((await asCitizen(p.trackingCode, p.accessKey).expect(200)).body)).not.toContain('内部核查需要');

    await moderate({ target: 'case', action: 'restore' }, tk.reviewer).expect(200);
    expect(await listed()).toContain(p.trackingCode);
    expect(await listed(TITLE_WORD)).toContain(p.trackingCode);
    expect((await publicPage()).steps.length).toBeGreaterThan(0);
  });

  it('a hidden answer leaves the page and search (the case stays); restored, it is back', async () => {
    await moderate({ target: 'answer', action: 'hide' }, tk.reviewer).expect(200);
    const page = await publicPage();
    expect(page.answer).toBeUndefined();
    expect(JSON.stringify(page)).not.toContain(ANSWER_WORD);
    expect(await listed(ANSWER_WORD)).not.toContain(p.trackingCode);
    expect(await listed(TITLE_WORD)).toContain(p.trackingCode);

    await moderate({ target: 'answer', action: 'restore' }).expect(200);
    expect((await publicPage()).answer).toContain(ANSWER_WORD);
    expect(await listed(ANSWER_WORD)).toContain(p.trackingCode);
  });

  it('a hidden comment leaves the page; restored, it is back', async () => {
    await moderate({ target: 'comment', action: 'hide', commentId }).expect(200);
    const page = await publicPage();
    expect(page.comments).toEqual([]);
    expect(page.commentCount).toBe(0);
    await moderate({ target: 'comment', action: 'restore', commentId }).expect(200);
    const back = await publicPage();
    expect(back.comments.map((c: { id: string }) => c.id)).toEqual([commentId]);
    expect(back.commentCount).toBe(1);
  });
});
