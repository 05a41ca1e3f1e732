import { createTestApp, TestApp } from '../setup/app';
import { DEPT_A, Tokens, streamTypes, submission, tokens } from '../setup/petitions';
import { bearer, mintToken } from '../setup/tokens';

// After an erasure the citizen's name is no longer known, so new text naming them could not be
// redacted: the case takes no more ratings or comments (docs/security.md, "Crypto-shredding and
// erasure"). The department may still answer.

const CITIZEN = { name: '司马相如', phone: '13911112222', idNumber: '33030219800101102X', email: 'sima@example.com' };
const ERASED = 'personal data of this case was erased: it takes no more ratings or comments';

let t: TestApp;
let tk: Tokens;
let citizenToken: string;
beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
  citizenToken = await mintToken({ roles: ['citizen'], sub: 'citizen-sima' });
});
afterAll(async () => t.close());

const post = (path: string, token: string, body: object = {}) => t.http().post(path).set(bearer(token)).send(body);

/** A public case submitted by a signed-in citizen, taken to in_progress (acknowledged by DEPT_A). */
async function inProgress() {
  const res = await t
    .http()
    .post('/api/petitions')
    .set(bearer(citizenToken))
    .send(submission({ citizen: CITIZEN }))
    .expect(201);
  const p = res.body as { id: string; trackingCode: string; accessKey: string };
  await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
  await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A }).expect(200);
  await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
  return p;
}

describe('after an erasure the case takes no more citizen or public writes', () => {
  it('comments, ratings (access key, citizen token, call-back) are 409 naming the rule; nothing appended; public routes unchanged; the department may answer', async () => {
    const p = await inProgress();
    await post(`/api/admin/petitions/${p.id}/erasure`, tk.admin, { reason: 'PIPL-2026-077 删除请求' }).expect(200);

    const comment = await t
      .http()
      .post(`/api/petitions/${p.trackingCode}/comments`)
      .send({ text: `${CITIZEN.name}说得对` });
    expect([comment.status, comment.body.message]).toEqual([409, ERASED]);

    const answered = await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: '路灯已修复。' });
    expect(answered.status).toBe(200);
    await t.waitForProjections();
    const types = await streamTypes(t, p.id);
    expect(types.slice(-2)).toEqual(['PersonalDataErased', 'PetitionResponded']);
    const publicBefore = {
      page: (await t.http().get(`/api/public/petitions/${p.trackingCode}`).expect(200)).body,
      search: (await t.http().get('/api/public/petitions').query({ q: '停水' }).expect(200)).body,
    };

    const rate = (body: object) =>
      t
        .http()
        .post(`/api/petitions/${p.trackingCode}/rate`)
        .send({ satisfaction: 'satisfied', comment: `我是${CITIZEN.name}，谢谢`, ...body });
    const refused = [
      [
        'anonymous comment',
        await t
          .http()
          .post(`/api/petitions/${p.id}/comments`)
          .send({ text: `支持${CITIZEN.name}` }),
      ],
      ['rating by access key', await rate({}).set('X-Access-Key', p.accessKey)],
      ['rating by citizen token', await rate({}).set(bearer(citizenToken))],
      ['rating by call-back', await rate({ via: 'callback', attempts: 1 }).set(bearer(tk.reviewer))],
      [
        'call-back, caller unreachable',
        await t
          .http()
          .post(`/api/petitions/${p.id}/rate`)
          .set(bearer(tk.reviewer))
          .send({ via: 'callback', outcome: 'unreachable', attempts: 3 }),
      ],
    ] as const;
    for (const [what, r] of refused)
      expect({ what, status: r.status, message: r.body.message }).toEqual({ what, status: 409, message: ERASED });
    expect(await streamTypes(t, p.id)).toEqual(types);

    await t.waitForProjections();
    expect((await t.http().get(`/api/public/petitions/${p.trackingCode}`).expect(200)).body).toEqual(publicBefore.page);
    expect((await t.http().get('/api/public/petitions').query({ q: '停水' }).expect(200)).body).toEqual(publicBefore.search);
    expect(JSON.stringify(publicBefore)).not.toContain(CITIZEN.name);
  });

  it('a case not erased still takes them', async () => {
    const p = await inProgress();
    await t.http().post(`/api/petitions/${p.id}/comments`).send({ text: '同问' }).expect(200);
    await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: '已处理。' }).expect(200);
    await t.http().post(`/api/petitions/${p.id}/rate`).set(bearer(citizenToken)).send({ satisfaction: 'satisfied' }).expect(200);
  });
});

describe('rating without the submitter’s proof tells nothing about the case', () => {
  it('a made-up access key answers exactly as an unknown case, in every status (404, the body of GET of an unknown ref)', async () => {
    const res = await t.http().post('/api/petitions').send(submission()).expect(201);
    const p = res.body as { id: string; trackingCode: string; accessKey: string };
    const unknownCode = `${p.trackingCode.slice(0, 11)}${p.trackingCode.charAt(11) === 'Z' ? 'Y' : 'Z'}${p.trackingCode.slice(12)}`;
    const unknownId = '7a2c9e41-5b3d-4f60-8e1a-2d4c6b8f0a13';
    const shape = (body: object, ref: string) => JSON.parse(JSON.stringify(body).split(ref).join('<ref>'));
    const expected = { status: 404, body: { statusCode: 404, error: 'Not Found', message: 'petition <ref> not found' } };
    const fakeKey = 'made-up-made-up-made-up';
    const rateAs = (ref: string) =>
      t.http().post(`/api/petitions/${ref}/rate`).set('X-Access-Key', fakeKey).send({ satisfaction: 'satisfied' });

    const getUnknown = await t.http().get(`/api/petitions/${unknownCode}`).set('X-Access-Key', fakeKey);
    expect({ status: getUnknown.status, body: shape(getUnknown.body, unknownCode) }).toEqual(expected);
    const before = await streamTypes(t, p.id);
    // submitted, then in_progress: the status is not what answers
    for (const step of [
      async () => undefined,
      async () => {
        await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
        await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A }).expect(200);
      },
    ]) {
      await step();
      for (const ref of [p.trackingCode, p.id, unknownCode, unknownId]) {
        const r = await rateAs(ref);
        expect({ ref, status: r.status, body: shape(r.body, ref) }).toEqual({ ref, ...expected });
        if (ref === p.trackingCode) expect(r.text).not.toContain(p.id);
      }
    }
    expect((await streamTypes(t, p.id)).slice(before.length)).toEqual(['PetitionReviewed', 'PetitionDispatched']);
  });
});

// An attacking helper's find (2026-12-07): an answer written after the erasure named the citizen in
// full on the public page, since the name that masks it was erased with the key.
describe('text written after an erasure', () => {
  it('masks whatever reads as a name (a surname before an honorific, after 我是 or 来电人), the phone as always', async () => {
    const res = await t
      .http()
      .post('/api/petitions')
      .set(bearer(citizenToken))
      .send(submission({ citizen: { name: '李娜', phone: '13912345678' } }))
      .expect(201);
    const p = res.body as { id: string; trackingCode: string };
    await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
    await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A }).expect(200);
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    await post(`/api/admin/petitions/${p.id}/erasure`, tk.admin, { reason: 'PIPL-2026-099 删除请求' }).expect(200);
    const answer = '李娜女士您好，已电话联系您（13912345678），来电人：李娜反映的路灯已修复。王先生所说情况属实。';
    await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer }).expect(200);
    await t.waitForProjections();
    const page = (await t.http().get(`/api/public/petitions/${p.trackingCode}`).expect(200)).body as { answer: string };
    expect(page.answer).toBe('李*女士您好，已电话联系您（139****5678），来电人：李*反映的路灯已修复。王先生所说情况属实。');
    expect(JSON.stringify(page)).not.toContain('李娜');
  });
});
