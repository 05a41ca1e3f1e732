import { createTestApp, TestApp } from '../setup/app';
import { DEPT_A, Tokens, streamTypes, submission, tokens } from '../setup/petitions';
import { bearer, mintToken } from '../setup/tokens';

// 回访 (docs/lifecycle.md, "Rules"): a reviewer records a hotline caller's rating after a call-back, or records the
// caller unreachable after the policy's attempts; the case then closes as no_rating_in_time.

let t: TestApp;
let tk: Tokens;

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
});
afterAll(async () => t.close());

/** A 12345 call the office entered (or a case of another channel), dispatched to DEPT_A and signed for. */
async function signedFor(channel: string, extra: Record<string, unknown> = {}) {
  const submit = t.http().post('/api/petitions');
  if (channel === 'hotline_12345') submit.set(bearer(tk.reviewer));
  const p = (await submit.send(submission({ channel, ...extra })).expect(201)).body as {
    id: string;
    trackingCode: string;
    accessKey: string;
  };
  await t.http().post(`/api/petitions/${p.id}/review`).set(bearer(tk.reviewer)).send({ outcome: 'accepted' }).expect(200);
  await t.http().post(`/api/petitions/${p.id}/dispatch`).set(bearer(tk.reviewer)).send({ departmentId: DEPT_A }).expect(200);
  await t.http().post(`/api/petitions/${p.id}/acknowledge`).set(bearer(tk.handlerA)).expect(200);
  return p;
}

/** A 12345 call the office entered, answered: the caller holds no key, so the office calls back (回访). */
async function answered(channel = 'hotline_12345') {
  const p = await signedFor(channel);
  await t.http().post(`/api/petitions/${p.id}/respond`).set(bearer(tk.handlerA)).send({ answer: '已安排维修，供水已恢复。' }).expect(200);
  return p;
}
const rate = (id: string) => t.http().post(`/api/petitions/${id}/rate`);

async function eventsOf(id: string, type: string) {
  const { rows } = await t.runtime.pool.query(`select data, metadata from wz_es.events where stream_id = $1 and type = $2`, [
    `petition-${id}`,
    type,
  ]);
  return rows as { data: Record<string, unknown>; metadata: { actor: Record<string, unknown> } }[];
}

describe('POST /api/petitions/:id/rate with "via": "callback"', () => {
  it('records the caller’s rating with via and the operator as the actor', async () => {
    const p = await answered();
    const res = await rate(p.id).set(bearer(tk.reviewer)).send({ via: 'callback', satisfaction: 'satisfied', attempts: 2 }).expect(200);
    expect(res.body).toMatchObject({ status: 'closed', closeReason: 'rated' });
    const [rated] = await eventsOf(p.id, 'PetitionRated');
    expect(rated.data).toMatchObject({ satisfaction: 'satisfied', via: 'callback', callbackAttempts: 2 });
    expect(rated.metadata.actor).toMatchObject({ role: 'reviewer' });
  });

  it('closes as no_rating_in_time when the caller was unreachable after the policy’s 3 attempts, not before', async () => {
    const p = await answered();
    const early = await rate(p.id).set(bearer(tk.reviewer)).send({ via: 'callback', outcome: 'unreachable', attempts: 2 }).expect(400);
    expect(early.body.message).toMatch(/^attempts: .*3 call-back attempts/);
    const withRating = await rate(p.id)
      .set(bearer(tk.reviewer))
      .send({ via: 'callback', outcome: 'unreachable', attempts: 3, satisfaction: 'satisfied' })
      .expect(400);
    expect(withRating.body.message).toMatch(/^satisfaction: /);
    expect(await streamTypes(t, p.id)).not.toContain('PetitionClosed');

    const res = await rate(p.id).set(bearer(tk.reviewer)).send({ via: 'callback', outcome: 'unreachable', attempts: 3 }).expect(200);
    expect(res.body).toMatchObject({ status: 'closed', closeReason: 'no_rating_in_time' });
    const [closed] = await eventsOf(p.id, 'PetitionClosed');
    expect(closed.data).toMatchObject({ reason: 'no_rating_in_time', via: 'callback', callbackAttempts: 3 });
    expect(await eventsOf(p.id, 'PetitionRated')).toHaveLength(0);
    // The steps tell the auditor it was the call-back, with its attempts, not the window lapsing.
    const view = await t.http().get(`/api/petitions/${p.id}`).set(bearer(tk.reviewer)).expect(200);
    expect((view.body.steps as { step: string }[]).at(-1)).toMatchObject({
      step: 'closed',
      reason: 'no_rating_in_time',
      via: 'callback',
      callbackAttempts: 3,
    });

    // Scoring: as for any no_rating_in_time, the department is counted nothing for the unrated answer.
    await t.waitForProjections();
    const { rows } = await t.runtime.pool.query(`select type from wz_rm.department_event_facts where petition_id = $1 order by at`, [p.id]);
    expect(rows.map((r: { type: string }) => r.type)).toEqual(['received', 'response']);
  });

  it('a 12345 call is entered by the hotline office: a citizen or nobody claiming the channel is 403, nothing appended', async () => {
    const citizen = await mintToken({ roles: ['citizen'], sub: 'citizen-claims-12345' });
    for (const as of [undefined, citizen, tk.handlerA]) {
      const post = t.http().post('/api/petitions');
      if (as) post.set(bearer(as));
      const r = await post.send(submission({ channel: 'hotline_12345' })).expect(403);
      expect(r.body.message).toMatch(/^cannot submit a 12345 call \(the hotline office enters it\)/);
    }
    const { rows } = await t.runtime.pool.query(`select count(*)::int as n from wz_es.events where data->>'channel' = 'hotline_12345'`);
    const before = rows[0].n;
    await answered();
    const after = (await t.runtime.pool.query(`select count(*)::int as n from wz_es.events where data->>'channel' = 'hotline_12345'`))
      .rows[0].n;
    expect(after).toBe(before + 1);
  });

  it('is 409 on a case the citizen sent by web, app, WeChat…: its submitter rates it with the key, and still can', async () => {
    for (const channel of ['web', 'app', 'wechat']) {
      const p = await answered(channel);
      const res = await rate(p.id).set(bearer(tk.reviewer)).send({ via: 'callback', outcome: 'unreachable', attempts: 3 }).expect(409);
      expect(res.body.message).toBe(
        `cannot rate by call-back: the case came in by ${channel}, and its submitter rates it with the access key or account; a call-back (回访) is for cases no citizen holds the key of (12345 calls, Open311 reports, forwarded questions)`,
      );
      expect(await streamTypes(t, p.id)).not.toContain('PetitionClosed');
      await rate(p.id).set('X-Access-Key', p.accessKey).send({ satisfaction: 'satisfied' }).expect(200);
    }
  });

  it('is 409 once the citizen has rated with the access key', async () => {
    const p = await answered();
    await rate(p.id).set('X-Access-Key', p.accessKey).send({ satisfaction: 'unsatisfied' }).expect(200);
    const res = await rate(p.id).set(bearer(tk.reviewer)).send({ via: 'callback', satisfaction: 'satisfied' }).expect(409);
    expect(res.body.message).toContain('already been rated');
  });

  it('is the office’s: a citizen sending via is 403, other staff 403, nobody at all 403; staff without via 403, nobody 401', async () => {
    const p = await answered();
    const citizen = await mintToken({ roles: ['citizen'], sub: 'citizen-x' });
    await rate(p.id).set('X-Access-Key', p.accessKey).send({ via: 'callback', satisfaction: 'satisfied' }).expect(403);
    await rate(p.id).set(bearer(citizen)).send({ via: 'callback', satisfaction: 'satisfied' }).expect(403);
    await rate(p.id).set(bearer(tk.handlerA)).send({ via: 'callback', satisfaction: 'satisfied' }).expect(403);
    await rate(p.id).send({ via: 'callback', satisfaction: 'satisfied' }).expect(403);
    // A reviewer who forgot via is authenticated, just not the submitter: 403, not 401.
    const noProof = await rate(p.id).set(bearer(tk.reviewer)).send({ satisfaction: 'satisfied' }).expect(403);
    expect(noProof.body.message).toMatch(/submitter's.*X-Access-Key/);
    await rate(p.id).set(bearer(tk.handlerA)).send({ satisfaction: 'satisfied' }).expect(403);
    await rate(p.id).set(bearer(tk.supervisor)).send({ satisfaction: 'satisfied' }).expect(403);
    await rate(p.id).send({ satisfaction: 'satisfied' }).expect(401);
    expect(noProof.body.message).toContain('"via": "callback"'); // says what a reviewer forgot
    const bad = await rate(p.id).set(bearer(tk.reviewer)).send({ via: 'sms', satisfaction: 'satisfied' }).expect(400);
    expect(bad.body.message).toMatch(/via/);
    expect(await streamTypes(t, p.id)).not.toContain('PetitionRated');
  });
});

/** A case dispatched and signed for, whose department asks for more: the caller is told to phone 12345. */
async function asked(channel = 'hotline_12345', extra: Record<string, unknown> = {}) {
  const p = await signedFor(channel, extra);
  await t
    .http()
    .post(`/api/petitions/${p.id}/information-request`)
    .set(bearer(tk.handlerA))
    .send({ question: '请补充漏水位置的楼栋单元号。' })
    .expect(200);
  return p;
}
const supply = (ref: string) => t.http().post(`/api/petitions/${ref}/information`);
const count = async (id: string, type: string) => (await streamTypes(t, id)).filter((x) => x === type).length;

describe('POST /api/petitions/:ref/information with "via": "callback" (补充材料 a caller gives on the phone)', () => {
  it('the office enters it for a 12345 caller, by the tracking code too: the clock resumes, the operator is the actor', async () => {
    const p = await asked();
    const res = await supply(p.trackingCode)
      .set(bearer(tk.reviewer))
      .send({ via: 'callback', text: '来电补充：3号楼2单元东侧。' })
      .expect(200);
    expect(res.body.respondBy).toEqual(expect.any(String));
    const [supplied] = await eventsOf(p.id, 'InformationSupplied');
    expect(supplied.metadata.actor).toMatchObject({ role: 'reviewer' });
  });

  it('not on a case its citizen holds the key of (409 callback_not_for_channel), nothing appended', async () => {
    const p = await asked('web');
    const refused = await supply(p.id).set(bearer(tk.reviewer)).send({ via: 'callback', text: '代为补充的材料' }).expect(409);
    expect(refused.body.message).toMatch(/callback|回访/);
    expect(await streamTypes(t, p.id)).not.toContain('InformationSupplied');
    // The citizen still supplies it with the key.
    await supply(p.id).set('X-Access-Key', p.accessKey).send({ text: '我来补充：3号楼。' }).expect(200);
  });

  it('only a reviewer, as for the rating: nobody, a handler or a citizen sending via is 403; an unknown via 400', async () => {
    const p = await asked();
    await supply(p.id).send({ via: 'callback', text: '来电补充的材料' }).expect(403);
    await supply(p.id).set(bearer(tk.handlerA)).send({ via: 'callback', text: '来电补充的材料' }).expect(403);
    const citizen = await mintToken({ roles: ['citizen'], sub: 'someone' });
    await supply(p.id).set(bearer(citizen)).send({ via: 'callback', text: '来电补充的材料' }).expect(403);
    await supply(p.id).set(bearer(tk.reviewer)).send({ via: 'phone', text: '来电补充的材料' }).expect(400);
    expect(await streamTypes(t, p.id)).not.toContain('InformationSupplied');
  });
});

describe('an attacking helper on 补充材料 by call-back (5ea90df; fixed: refuseCallbackByOthers, via on the event)', () => {
  it('an anonymous caller learns nothing about a case it has no proof for: a real tracking code answers as an unknown one', async () => {
    // Without via, a made-up access key on a real case answers 404 like an unknown case ("the case answers as an unknown one").
    const p = await asked('hotline_12345', { publicConsent: false });
    const bogus = p.trackingCode.replace(/\d(?=\D*$)/, (d) => String((Number(d) + 1) % 10));
    const unknown = await supply(bogus).send({ via: 'callback', text: '来电补充的材料' });
    const real = await supply(p.trackingCode).send({ via: 'callback', text: '来电补充的材料' });
    const realKeyed = await supply(p.trackingCode).set('X-Access-Key', 'madeupmadeup1').send({ text: '来电补充的材料' });
    // Existence oracle: via callback tells a real (private) case from an unknown one.
    expect({ status: real.status }).toEqual({ status: unknown.status });
    // And without via, a made-up key answers a real case as it answers an unknown one.
    const unknownKeyed = await supply(bogus).set('X-Access-Key', 'madeupmadeup1').send({ text: '来电补充的材料' });
    expect(realKeyed.status).toBe(unknownKeyed.status);
  });

  it('20 call-backs at once append exactly one InformationSupplied', async () => {
    const p = await asked();
    const rs = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        supply(p.trackingCode)
          .set(bearer(tk.reviewer))
          .send({ via: 'callback', text: `来电补充第${i}次。` }),
      ),
    );
    expect(rs.filter((r) => r.status === 200)).toHaveLength(1);
    expect(rs.filter((r) => r.status >= 500)).toHaveLength(0);
    expect(await count(p.id, 'InformationSupplied')).toBe(1);
  });

  it('other roles and tokens are refused, nothing appended, no personal data in the message', async () => {
    const p = await asked();
    const expired = await mintToken({ roles: ['reviewer'] }, 'not-the-secret-not-the-secret-123456');
    const citizen = await mintToken({ roles: ['citizen'], sub: 'someone' });
    const handlerReviewer = await mintToken({ roles: ['handler'], departmentId: DEPT_A, sub: 'handler-a2' });
    for (const tok of [tk.handlerA, tk.supervisor, tk.admin, tk.auditor, citizen, handlerReviewer]) {
      const r = await supply(p.id).set(bearer(tok)).send({ via: 'callback', text: '来电补充的材料' });
      expect(r.status).toBe(403);
      expect(JSON.stringify(r.body)).not.toMatch(/张|138\d{8}/);
    }
    expect((await supply(p.id).set(bearer(expired)).send({ via: 'callback', text: '来电补充的材料' })).status).toBe(401);
    for (const text of ['a\u0007b c', 'x'.repeat(5001), '\u202e来电补充']) {
      const r = await supply(p.id).set(bearer(tk.reviewer)).send({ via: 'callback', text });
      expect(r.status).toBe(400);
    }
    expect(await count(p.id, 'InformationSupplied')).toBe(0);
  });

  it('after an erasure: refused', async () => {
    const p = await asked();
    await t.http().post(`/api/admin/petitions/${p.id}/erasure`).set(bearer(tk.admin)).send({ reason: '本人申请删除个人信息' }).expect(200);
    const r = await supply(p.id).set(bearer(tk.reviewer)).send({ via: 'callback', text: '来电补充的材料' });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(await count(p.id, 'InformationSupplied')).toBe(0);
  });

  it('the case records that the office entered it by call-back (as PetitionRated records via), not as the submitter’s own words', async () => {
    const p = await asked();
    await supply(p.id).set(bearer(tk.reviewer)).send({ via: 'callback', text: '来电补充：3号楼2单元东侧。' }).expect(200);
    const { rows } = await t.runtime.pool.query(`select data from wz_es.events where stream_id = $1 and type = 'InformationSupplied'`, [
      `petition-${p.id}`,
    ]);
    expect(rows[0].data).toMatchObject({ via: 'callback' });
  });
});
