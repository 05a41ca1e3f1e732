import { WorkingDayCalendar } from '@wenzheng/calendar';
import { defaultPolicies, policyOfKind, ratingWindowEnds, reviewDueBy } from '@wenzheng/petition';
import { departments } from '@wenzheng/reference-data';
import { ProjectorService } from '@wenzheng/read-models';
import { createTestApp, TestApp } from '../setup/app';
import { whileOlderTransactionOpen } from '../setup/held-transaction';
import { CITIZEN_SECRETS, DEPT_A, DEPT_B, Tokens, dispatched, streamTypes, submission, submit, tokens } from '../setup/petitions';
import { bearer, mintToken } from '../setup/tokens';

// docs/api.md, "Citizens name a case by its tracking code".
const REF_RULE = 'ref: must be a petition id (UUID) or a tracking code WZyyyymmdd-XXXXXXXXXX';
const DEPT_A_NAME = departments[0].name;

let t: TestApp;
let tk: Tokens;
beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
});
afterAll(async () => t.close());

const post = (path: string, token: string, body: object = {}) => t.http().post(path).set(bearer(token)).send(body);
const asCitizen = (ref: string, accessKey: string) => t.http().get(`/api/petitions/${ref}`).set('X-Access-Key', accessKey);
type Step = { step: string; reason?: string; respondBy?: string; [k: string]: unknown };
const stepsOf = (body: { steps: Step[] }) => body.steps;
const step = (body: { steps: Step[] }, name: string) => stepsOf(body).find((s) => s.step === name);

/** Every word staff say to each other on this case; none may reach the citizen. */
const INTERNAL = {
  note: '内部：该小区物业有投诉前科，请重点核查',
  returnReason: '不属本单位职责，应由市水务集团办理',
  extensionReason: '需多部门联合现场核查',
  decisionReason: '同意延期，注意按时办结',
};

describe('following a case by its tracking code', () => {
  it('finds a case submitted while an older transaction was open (the log hides it until that one ends) at once', async () => {
    const { p, view } = await whileOlderTransactionOpen(t.runtime.pool, async (end) => {
      const p = await submit(t);
      const ending = new Promise((resolve) => setTimeout(resolve, 30)).then(end);
      const view = await asCitizen(p.trackingCode, p.accessKey);
      await ending;
      return { p, view };
    });
    expect(view.status).toBe(200);
    expect(view.body.trackingCode).toBe(p.trackingCode);
  });

  it('finds a case submitted while an older transaction is still open, before that one ends', async () => {
    const { p, view } = await whileOlderTransactionOpen(t.runtime.pool, async () => {
      const p = await submit(t);
      return { p, view: await asCitizen(p.trackingCode, p.accessKey) }; // before the older transaction ends
    });
    expect(view.status).toBe(200);
    expect(view.body.trackingCode).toBe(p.trackingCode);
  });

  it('GET, rate and comment take the tracking code (any case) with the access key', async () => {
    const p = await dispatched(t, tk);
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: '已协调恢复供水。' }).expect(200);

    const view = await asCitizen(p.trackingCode.toLowerCase(), p.accessKey).expect(200);
    expect(view.body).toMatchObject({
      id: p.id,
      trackingCode: p.trackingCode,
      status: 'responded',
      answer: '已协调恢复供水。',
      personalData: 'shown',
    });
    expect(stepsOf(view.body).map((s) => s.step)).toEqual(['received', 'accepted', 'dispatched', 'acknowledged', 'answered']);
    expect(step(view.body, 'dispatched')).toEqual({
      at: expect.any(String),
      step: 'dispatched',
      departmentId: DEPT_A,
      departmentName: DEPT_A_NAME,
      // both deadlines, as the public page shows them
      acknowledgeBy: expect.any(String),
      respondBy: view.body.respondBy,
    });
    expect(view.body.history).toHaveLength(5); // kept for compatibility
    // 评价期限: what the SMS promised, counted as the decider counts it
    const policy = policyOfKind(defaultPolicies(), view.body.kind);
    const answeredAt = new Date(step(view.body, 'answered')?.at as string);
    expect(view.body.rateBy).toBe(ratingWindowEnds(answeredAt, WorkingDayCalendar.official(), policy!).toISOString());

    const commented = await t
      .http()
      .post(`/api/petitions/${p.trackingCode.toLowerCase()}/comments`)
      .send({ text: '点赞，处理得很快' })
      .expect(200);
    expect(commented.body.id).toBe(p.id);
    const rated = await t
      .http()
      .post(`/api/petitions/${p.trackingCode}/rate`)
      .set('X-Access-Key', p.accessKey)
      .send({ satisfaction: 'satisfied' })
      .expect(200);
    expect(rated.body).toMatchObject({ id: p.id, status: 'closed' });
    expect((await streamTypes(t, p.id)).slice(-3)).toEqual(['PetitionCommented', 'PetitionRated', 'PetitionClosed']);
    expect((await asCitizen(p.trackingCode, p.accessKey).expect(200)).body.rateBy).toBeUndefined();
  });

  it('awaiting review: 审核期限 as the review queue counts it; whether the case is on the public site (跟帖 only then)', async () => {
    const p = await submit(t);
    const waiting = (await asCitizen(p.trackingCode, p.accessKey).expect(200)).body;
    const policy = policyOfKind(defaultPolicies(), waiting.kind);
    expect(waiting.reviewBy).toBe(reviewDueBy(new Date(waiting.submittedAt), WorkingDayCalendar.official(), policy!).toISOString());
    expect(waiting.shownPublicly).toBe(false);
    await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
    const accepted = (await asCitizen(p.trackingCode, p.accessKey).expect(200)).body;
    expect(accepted.reviewBy).toBeUndefined();
    expect(accepted.shownPublicly).toBe(true);

    // Publication refused: accepted, never public, and a comment on it is the 404 of an unknown case.
    const unpublished = await submit(t, { publicConsent: false });
    await post(`/api/petitions/${unpublished.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
    expect((await asCitizen(unpublished.trackingCode, unpublished.accessKey).expect(200)).body.shownPublicly).toBe(false);
    await t.http().post(`/api/petitions/${unpublished.trackingCode}/comments`).send({ text: '跟帖' }).expect(404);
  });

  it('the steps say 按期 or not of 签收 and 答复 to the submitter, as the public page does', async () => {
    const p = await dispatched(t, tk);
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: '已协调恢复供水。' }).expect(200);
    const view = (await asCitizen(p.trackingCode, p.accessKey).expect(200)).body;
    expect(step(view, 'acknowledged')?.onTime).toBe(true);
    expect(step(view, 'answered')?.onTime).toBe(true);
  });

  it.each([
    ['not-a-ref'],
    ['WZ2026-7K3M9Q2XHD'],
    ['WZ20261201-7K3M9Q2XH'],
    ['WZ20261201-UUUUUUUUUU'],
    ['XX20261201-7K3M9Q2XHD'],
    ['WZ20261201-7K3M9Q2XHD-1'],
  ])('a malformed ref %p is 400 naming ref, on every citizen route', async (ref) => {
    const p = await submit(t);
    for (const req of [
      asCitizen(encodeURIComponent(ref), p.accessKey),
      t
        .http()
        .post(`/api/petitions/${encodeURIComponent(ref)}/rate`)
        .set('X-Access-Key', p.accessKey)
        .send({ satisfaction: 'satisfied' }),
      t
        .http()
        .post(`/api/petitions/${encodeURIComponent(ref)}/comments`)
        .send({ text: '跟帖' }),
    ]) {
      const r = await req;
      expect({ status: r.status, message: r.body.message }).toEqual({ status: 400, message: REF_RULE });
    }
  });

  it('an unknown tracking code is 404 exactly as a case the caller may not see, and as an unknown id', async () => {
    const p = await dispatched(t, tk);
    const unknownCode = `${p.trackingCode.slice(0, 11)}${p.trackingCode.charAt(11) === 'Z' ? 'Y' : 'Z'}${p.trackingCode.slice(12)}`;
    const unknownId = '7a2c9e41-5b3d-4f60-8e1a-2d4c6b8f0a13';
    const otherCitizen = await mintToken({ roles: ['citizen'], sub: 'citizen-other' });
    const shape = (body: object, ref: string) => JSON.parse(JSON.stringify(body).split(ref).join('<ref>'));
    const expected = { statusCode: 404, error: 'Not Found', message: 'petition <ref> not found' };
    const answers = [
      [unknownCode, await asCitizen(unknownCode, p.accessKey)],
      [unknownId, await asCitizen(unknownId, p.accessKey)],
      [p.trackingCode, await asCitizen(p.trackingCode, 'wrong-key-wrong-key')],
      [p.trackingCode, await t.http().get(`/api/petitions/${p.trackingCode}`).set(bearer(otherCitizen))],
      [p.trackingCode, await t.http().get(`/api/petitions/${p.trackingCode}`).set(bearer(tk.handlerB))],
    ] as const;
    for (const [ref, r] of answers) {
      expect({ status: r.status, body: shape(r.body, ref) }).toEqual({ status: 404, body: expected });
      expect(r.text).not.toContain(p.id); // the id behind a tracking code is never given away
    }
    const rateUnknown = await t
      .http()
      .post(`/api/petitions/${unknownCode}/rate`)
      .set('X-Access-Key', p.accessKey)
      .send({ satisfaction: 'satisfied' });
    const rateUnknownId = await t
      .http()
      .post(`/api/petitions/${unknownId}/rate`)
      .set('X-Access-Key', p.accessKey)
      .send({ satisfaction: 'satisfied' });
    expect({ status: rateUnknown.status, body: shape(rateUnknown.body, unknownCode) }).toEqual({
      status: 404,
      body: shape(rateUnknownId.body, unknownId),
    });
    // Without any credential it is 401 whether the code exists or not: the route tells nothing.
    for (const ref of [unknownCode, p.trackingCode]) expect((await t.http().get(`/api/petitions/${ref}`)).status).toBe(401);
  });
});

describe("the citizen's view: every step with its reason, never an internal note", () => {
  it('a rejected case shows the rejection reason', async () => {
    const p = await submit(t);
    await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'rejected', reason: '属于诉讼程序，请依法向人民法院起诉' }).expect(
      200,
    );
    const view = await asCitizen(p.trackingCode, p.accessKey).expect(200);
    expect(stepsOf(view.body)).toEqual([
      { at: expect.any(String), step: 'received' },
      { at: expect.any(String), step: 'rejected', reason: '属于诉讼程序，请依法向人民法院起诉' },
      { at: expect.any(String), step: 'closed', reason: 'rejected' },
    ]);
  });

  it("a duplicate shows its original's tracking code, with a link only when the original is public", async () => {
    const publicOriginal = await dispatched(t, tk);
    const privateOriginal = await submit(t, { publicConsent: false });
    await post(`/api/petitions/${privateOriginal.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
    for (const [original, url] of [
      [publicOriginal, `/api/public/petitions/${publicOriginal.trackingCode}`],
      [privateOriginal, undefined],
    ] as const) {
      const dup = await submit(t);
      await post(`/api/petitions/${dup.id}/review`, tk.reviewer, {
        outcome: 'duplicate',
        reason: '与已受理件重复',
        duplicateOf: original.id,
      }).expect(200);
      const view = await asCitizen(dup.trackingCode, dup.accessKey).expect(200);
      expect(step(view.body, 'duplicate')).toEqual({
        at: expect.any(String),
        step: 'duplicate',
        reason: '与已受理件重复',
        duplicateOf: { trackingCode: original.trackingCode, ...(url && { url }) },
      });
      expect(view.text).not.toContain(original.id);
    }
  });

  it('an extension granted shows the new date; a refused one that the deadline stands; neither says why', async () => {
    const p = await dispatched(t, tk);
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    const first = (await asCitizen(p.trackingCode, p.accessKey)).body.respondBy as string;
    const day = (plus: number) => new Date(new Date(first).getTime() + plus * 86_400_000).toISOString().slice(0, 10);
    await post(`/api/petitions/${p.id}/extension-request`, tk.handlerA, {
      reason: INTERNAL.extensionReason,
      requestedRespondBy: day(3),
    }).expect(200);
    const pending = await asCitizen(p.trackingCode, p.accessKey).expect(200);
    expect(pending.body.pendingExtension).toEqual({ requestedAt: expect.any(String), requestedRespondBy: expect.any(String) });
    const granted = await post(`/api/petitions/${p.id}/extension-decision`, tk.supervisor, {
      approved: true,
      reason: INTERNAL.decisionReason,
    }).expect(200);
    await post(`/api/petitions/${p.id}/extension-request`, tk.handlerA, {
      reason: INTERNAL.extensionReason,
      requestedRespondBy: day(20),
    }).expect(200);
    await post(`/api/petitions/${p.id}/extension-decision`, tk.supervisor, { approved: false, reason: INTERNAL.decisionReason }).expect(
      200,
    );

    const view = await asCitizen(p.trackingCode, p.accessKey).expect(200);
    expect(stepsOf(view.body).filter((s) => s.step.startsWith('extension'))).toEqual([
      {
        at: expect.any(String),
        step: 'extension_requested',
        departmentId: DEPT_A,
        departmentName: DEPT_A_NAME,
        requestedRespondBy: expect.any(String),
      },
      {
        at: expect.any(String),
        step: 'extension_granted',
        departmentId: DEPT_A,
        departmentName: DEPT_A_NAME,
        respondBy: granted.body.respondBy,
      },
      {
        at: expect.any(String),
        step: 'extension_requested',
        departmentId: DEPT_A,
        departmentName: DEPT_A_NAME,
        requestedRespondBy: expect.any(String),
      },
      {
        at: expect.any(String),
        step: 'extension_refused',
        departmentId: DEPT_A,
        departmentName: DEPT_A_NAME,
        respondBy: granted.body.respondBy,
      },
    ]);
    expect(view.body.respondBy).toBe(granted.body.respondBy);
    for (const text of [INTERNAL.extensionReason, INTERNAL.decisionReason]) expect(view.text).not.toContain(text);
  });

  it('reopen and 督办 show their reasons; internal notes, return reasons and people never reach the citizen, while staff see them', async () => {
    const p = await submit(t);
    await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
    await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: DEPT_B, note: INTERNAL.note }).expect(200);
    await post(`/api/petitions/${p.id}/return`, tk.handlerB, { reason: INTERNAL.returnReason }).expect(200);
    await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A, note: INTERNAL.note }).expect(200);
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    await post(`/api/petitions/${p.id}/escalate`, tk.supervisor, { reason: '群众反映强烈，市政府督办' }).expect(200);
    await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: '已处理。' }).expect(200);
    await t
      .http()
      .post(`/api/petitions/${p.trackingCode}/rate`)
      .set('X-Access-Key', p.accessKey)
      .send({ satisfaction: 'unsatisfied', comment: '水还是黄的' })
      .expect(200);
    await post(`/api/petitions/${p.id}/reopen`, tk.supervisor, { reason: '群众不满意，重新办理' }).expect(200);

    const citizen = await asCitizen(p.trackingCode, p.accessKey).expect(200);
    expect(stepsOf(citizen.body).map((s) => s.step)).toEqual([
      'received',
      'accepted',
      'dispatched',
      'returned',
      'dispatched',
      'acknowledged',
      'escalated',
      'answered',
      'rated',
      'reopened',
    ]);
    expect(step(citizen.body, 'returned')).toEqual({ at: expect.any(String), step: 'returned' });
    expect(step(citizen.body, 'escalated')).toMatchObject({ reason: '群众反映强烈，市政府督办' });
    expect(step(citizen.body, 'rated')).toEqual({
      at: expect.any(String),
      step: 'rated',
      satisfaction: 'unsatisfied',
      comment: '水还是黄的',
    });
    expect(step(citizen.body, 'reopened')).toMatchObject({
      reason: '群众不满意，重新办理',
      respondBy: citizen.body.respondBy,
      departmentName: DEPT_A_NAME,
    });
    for (const secret of [INTERNAL.note, INTERNAL.returnReason, 'handler-a', 'handler-b', 'reviewer-test', 'supervisor-test']) {
      expect({ secret, leaked: citizen.text.includes(secret) }).toEqual({ secret, leaked: false });
    }

    const staff = await t.http().get(`/api/petitions/${p.trackingCode}`).set(bearer(tk.reviewer)).expect(200);
    expect(step(staff.body, 'dispatched')).toMatchObject({ note: INTERNAL.note, departmentId: DEPT_B });
    expect(step(staff.body, 'returned')).toMatchObject({ reason: INTERNAL.returnReason, departmentId: DEPT_B });
    expect(step(staff.body, 'escalated')).toMatchObject({ reason: '群众反映强烈，市政府督办', automatic: false, level: 1 });
    expect(staff.text).not.toContain('handler-b');
  });

  it("staff who read masked get the steps' free text redacted as the rest", async () => {
    const [name, phone] = CITIZEN_SECRETS;
    const p = await submit(t);
    await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
    await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A, note: `请联系${name}，电话${phone}` }).expect(200);
    const masked = await t.http().get(`/api/petitions/${p.id}`).set(bearer(tk.supervisor)).expect(200);
    expect(masked.body.personalData).toBe('masked');
    expect(step(masked.body, 'dispatched')?.note).toBe('请联系张*，电话138****5678');
    for (const secret of CITIZEN_SECRETS) expect(masked.text).not.toContain(secret);
  });
});

describe('GET /api/me/petitions', () => {
  it("lists only the caller's own cases, newest first, page by page", async () => {
    const me = await mintToken({ roles: ['citizen'], sub: 'citizen-me' });
    const other = await mintToken({ roles: ['citizen'], sub: 'citizen-other-one' });
    const mine = [];
    for (const title of ['第一件：路灯不亮', '第二件：井盖缺失', '第三件：噪音扰民']) {
      mine.push((await t.http().post('/api/petitions').set(bearer(me)).send(submission({ title })).expect(201)).body);
    }
    const theirs = (
      await t
        .http()
        .post('/api/petitions')
        .set(bearer(other))
        .send(submission({ title: '别人的案件' }))
        .expect(201)
    ).body;
    await post(`/api/petitions/${mine[2].id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
    const d = await post(`/api/petitions/${mine[2].id}/dispatch`, tk.reviewer, { departmentId: DEPT_A }).expect(200);
    await t.waitForProjections();

    const first = await t.http().get('/api/me/petitions?limit=2').set(bearer(me)).expect(200);
    expect(first.body.items).toEqual([
      {
        id: mine[2].id,
        trackingCode: mine[2].trackingCode,
        title: '第三件：噪音扰民',
        status: 'dispatched',
        kind: 'complaint',
        submittedAt: expect.any(String),
        departmentId: DEPT_A,
        departmentName: DEPT_A_NAME,
        acknowledgeBy: d.body.acknowledgeBy,
        respondBy: d.body.respondBy,
      },
      {
        id: mine[1].id,
        trackingCode: mine[1].trackingCode,
        title: '第二件：井盖缺失',
        status: 'submitted',
        kind: 'complaint',
        submittedAt: expect.any(String),
      },
    ]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await t.http().get(`/api/me/petitions?limit=2&cursor=${first.body.nextCursor}`).set(bearer(me)).expect(200);
    expect(second.body.items.map((i: { id: string }) => i.id)).toEqual([mine[0].id]);
    expect(second.body.nextCursor).toBeUndefined();

    const theirList = await t.http().get('/api/me/petitions').set(bearer(other)).expect(200);
    expect(theirList.body.items.map((i: { id: string }) => i.id)).toEqual([theirs.id]);
    // A cursor belongs to the account it was given to.
    const stolen = await t.http().get(`/api/me/petitions?cursor=${first.body.nextCursor}`).set(bearer(other)).expect(400);
    expect(stolen.body.message).toMatch(/^cursor/);
  });

  it('401 without a token, 403 for a staff token, 400 naming a bad limit', async () => {
    await t.http().get('/api/me/petitions').expect(401);
    await t.http().get('/api/me/petitions').set(bearer(tk.reviewer)).expect(403);
    const me = await mintToken({ roles: ['citizen'], sub: 'citizen-me' });
    expect((await t.http().get('/api/me/petitions?limit=0').set(bearer(me)).expect(400)).body.message).toMatch(/limit/);
  });
});

describe('read-your-writes', () => {
  // Last: it stops the projector.
  it('a case just submitted is found by its tracking code before the read model has it', async () => {
    await t.waitForProjections();
    await t.app.get(ProjectorService).projector.stop();
    const p = await submit(t);
    const { rows } = await t.runtime.pool.query(`select 1 from wz_rm.cases where tracking_code = $1`, [p.trackingCode]);
    expect(rows).toEqual([]);
    expect((await asCitizen(p.trackingCode, p.accessKey).expect(200)).body).toMatchObject({ id: p.id, status: 'submitted' });
  });
});
