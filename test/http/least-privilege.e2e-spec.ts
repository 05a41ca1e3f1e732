import { createTestApp, TestApp } from '../setup/app';
import { CITIZEN as citizen, CITIZEN_SECRETS, DEPT_A, DEPT_B, Tokens, dispatched, streamTypes, submit, tokens } from '../setup/petitions';
import { bearer, mintToken } from '../setup/tokens';

// docs/security.md, "Personal data (PIPL) and who sees it".
const REASON = '督查核实 2026-017 号';
const UNKNOWN = '7a2c9e41-5b3d-4f60-8e1a-2d4c6b8f0a13';
const ROUTE = 'GET /api/petitions/:id';

let t: TestApp;
let tk: Tokens;
beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
});
afterAll(async () => t.close());

const post = (path: string, token: string, body: object = {}) => t.http().post(path).set(bearer(token)).send(body);
const read = (id: string, token: string, reason?: string) =>
  t
    .http()
    .get(`/api/petitions/${id}${reason === undefined ? '' : `?reason=${encodeURIComponent(reason)}`}`)
    .set(bearer(token));

async function accessRows(petitionId: string) {
  const { rows } = await t.runtime.pool.query(`select * from wz_audit.personal_data_access where petition_id = $1 order by id`, [
    petitionId,
  ]);
  return rows as Array<{ actor_sub: string; actor_roles: string[]; route: string; reason: string }>;
}

const expectNoSecrets = (text: string, who: string) => {
  for (const secret of CITIZEN_SECRETS) expect({ who, leaks: text.includes(secret) ? secret : null }).toEqual({ who, leaks: null });
};

/** The citizen's name and phone in every free text the view carries: content, location, answer, rating comment. */
async function answeredCase() {
  const p = await submit(t, {
    content: `我是${citizen.name}，电话${citizen.phone}，人民路123号小区停水三天。`,
    location: `${citizen.name}家，鹿城区人民路123号`,
  });
  await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
  await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, {
    departmentId: DEPT_A,
    note: `请联系${citizen.name} ${citizen.phone}`,
  }).expect(200);
  await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
  await post(`/api/petitions/${p.id}/respond`, tk.handlerA, {
    answer: `已电话联系${citizen.name}（${citizen.phone}），10月16日恢复供水。`,
  }).expect(200);
  await t
    .http()
    .post(`/api/petitions/${p.id}/rate`)
    .set('X-Access-Key', p.accessKey)
    .send({ satisfaction: 'unsatisfied', comment: `${citizen.name}：请再打${citizen.phone}，水还是黄的` })
    .expect(200);
  return p;
}

describe('GET /api/petitions/:id for oversight roles', () => {
  it('supervisor, admin and auditor without a reason see the citizen masked and every free text redacted; nothing is logged', async () => {
    const p = await answeredCase();
    for (const [who, token] of [
      ['supervisor', tk.supervisor],
      ['admin', tk.admin],
      ['auditor', tk.auditor],
    ] as const) {
      const r = await read(p.id, token).expect(200);
      expectNoSecrets(r.text, who);
      expect(r.headers['cache-control']).toBe('no-store');
      expect(r.body).toMatchObject({
        personalData: 'masked',
        citizen: { masked: true, name: '张*', phone: '138****5678' },
        content: '我是张*，电话138****5678，人民路123号小区停水三天。',
        location: '张*家，鹿城区人民路123号',
        answer: '已电话联系张*（138****5678），10月16日恢复供水。',
        rating: { satisfaction: 'unsatisfied', comment: '张*：请再打138****5678，水还是黄的' },
        status: 'rated',
      });
    }
    expect(await accessRows(p.id)).toEqual([]);
  });

  it('with a reason they see it in clear, and each read is one access-log row: who, which case, which route, why', async () => {
    const p = await answeredCase();
    for (const token of [tk.supervisor, tk.admin, tk.auditor]) {
      const r = await read(p.id, token, REASON).expect(200);
      expect(r.body).toMatchObject({
        personalData: 'shown',
        citizen,
        answer: `已电话联系${citizen.name}（${citizen.phone}），10月16日恢复供水。`,
      });
    }
    expect(await accessRows(p.id)).toEqual([
      expect.objectContaining({ actor_sub: 'supervisor-test', actor_roles: ['supervisor'], route: ROUTE, reason: REASON }),
      expect.objectContaining({ actor_sub: 'admin-test', actor_roles: ['admin'], route: ROUTE, reason: REASON }),
      expect.objectContaining({ actor_sub: 'auditor-test', actor_roles: ['auditor'], route: ROUTE, reason: REASON }),
    ]);
  });

  it('a bad reason is 400 naming it, and nothing is logged', async () => {
    const p = await submit(t);
    const r = await read(p.id, tk.supervisor, 'abc').expect(400);
    expect(r.body.message).toMatch(/reason/);
    expect(await accessRows(p.id)).toEqual([]);
  });
});

describe('those who work the case', () => {
  it("the reviewer's and the current department's ordinary reads are in clear and logged; the submitter's are not logged", async () => {
    const p = await answeredCase();
    for (const token of [tk.reviewer, tk.handlerA]) {
      const r = await read(p.id, token).expect(200);
      expect(r.body).toMatchObject({ personalData: 'shown', citizen });
    }
    await t.http().get(`/api/petitions/${p.id}`).set('X-Access-Key', p.accessKey).expect(200);
    expect(await accessRows(p.id)).toEqual([
      expect.objectContaining({ actor_sub: 'reviewer-test', route: ROUTE, reason: 'handling: hotline office (reviewer)' }),
      expect.objectContaining({ actor_sub: 'handler-a', actor_roles: ['handler'], route: ROUTE, reason: 'handling: current department' }),
    ]);
  });

  it('a department that returned the case sees it only masked; the department it went to next sees it in clear', async () => {
    const p = await dispatched(t, tk);
    expect((await read(p.id, tk.handlerA).expect(200)).body.personalData).toBe('shown');
    await post(`/api/petitions/${p.id}/return`, tk.handlerA, { reason: `不属本单位职责，已告知${citizen.name}` }).expect(200);
    const returned = await read(p.id, tk.handlerA).expect(200);
    expect(returned.body).toMatchObject({ personalData: 'masked', status: 'returned' });
    expectNoSecrets(returned.text, 'department that returned it');

    await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: DEPT_B }).expect(200);
    expect((await read(p.id, tk.handlerB).expect(200)).body).toMatchObject({ personalData: 'shown', citizen });
    expectNoSecrets((await read(p.id, tk.handlerA).expect(200)).text, 'earlier department');
    // Like any other staff outside the case: a stated reason unmasks, and is logged.
    expect((await read(p.id, tk.handlerA, REASON).expect(200)).body.citizen).toEqual(citizen);
    expect((await accessRows(p.id)).filter((r) => r.actor_sub === 'handler-a').map((r) => r.reason)).toEqual([
      'handling: current department',
      REASON,
    ]);
  });
});

describe('a case the caller may not see answers as an unknown one', () => {
  const shape = (body: Record<string, unknown>, id: string) => JSON.parse(JSON.stringify(body).split(id).join('<id>'));

  it('another department, another citizen and a wrong access key get the 404 of an unknown id', async () => {
    const p = await dispatched(t, tk);
    const otherCitizen = await mintToken({ roles: ['citizen'], sub: 'someone-else' });
    const unknownBody = shape((await read(UNKNOWN, tk.handlerB).expect(404)).body, UNKNOWN);
    expect(unknownBody).toEqual({ statusCode: 404, error: 'Not Found', message: 'petition <id> not found' });
    for (const [who, forbidden, unknown] of [
      ['department never dispatched to', read(p.id, tk.handlerB), read(UNKNOWN, tk.handlerB)],
      ['department never dispatched to, with a reason', read(p.id, tk.handlerB, REASON), read(UNKNOWN, tk.handlerB, REASON)],
      ['another citizen', read(p.id, otherCitizen), read(UNKNOWN, otherCitizen)],
      [
        'wrong access key',
        t.http().get(`/api/petitions/${p.id}`).set('X-Access-Key', 'wrong-key-wrong-key'),
        t.http().get(`/api/petitions/${UNKNOWN}`).set('X-Access-Key', 'wrong-key-wrong-key'),
      ],
    ] as const) {
      const [a, b] = [await forbidden, await unknown];
      expect({ who, status: a.status, body: shape(a.body, p.id) }).toEqual({ who, status: 404, body: unknownBody });
      expect({ who, status: b.status, body: shape(b.body, UNKNOWN) }).toEqual({ who, status: 404, body: unknownBody });
    }
    // Commands keep the decider's answer: the case is known to the caller's role, the department is wrong.
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerB).expect(403);
    expect(await accessRows(p.id)).toEqual([]);
  });
});

describe('a report (举报)', () => {
  it('hides the reporter from the department it concerns until a supervisor releases the identity with a logged reason', async () => {
    const p = await dispatched(t, tk, DEPT_A);
    await post(`/api/petitions/${p.id}/reporter-release`, tk.supervisor, { reason: '核实举报事项需联系举报人' }).expect(409); // not a report

    const report = await submit(t, {
      kind: 'report',
      content: `我是${citizen.name}，举报人民路某餐馆夜间占道经营，电话${citizen.phone}。`,
    });
    await post(`/api/petitions/${report.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
    await post(`/api/petitions/${report.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A }).expect(200);

    const shielded = await read(report.id, tk.handlerA).expect(200);
    expect(shielded.body).toMatchObject({ personalData: 'masked', citizen: { masked: true, name: '张*' } });
    expectNoSecrets(shielded.text, 'department the report concerns');
    const ownReason = await read(report.id, tk.handlerA, REASON).expect(403);
    expect(ownReason.body.message).toMatch(/^reason: .*supervisor/);
    expect((await read(report.id, tk.reviewer).expect(200)).body.citizen).toEqual(citizen);

    await post(`/api/petitions/${report.id}/reporter-release`, tk.handlerA, { reason: '需要联系举报人' }).expect(403);
    await post(`/api/petitions/${report.id}/reporter-release`, tk.supervisor, { reason: 'abc' }).expect(400);
    const released = await post(`/api/petitions/${report.id}/reporter-release`, tk.supervisor, {
      reason: '核实举报事项需当面询问举报人',
    }).expect(200);
    expect(released.body).toMatchObject({ id: report.id, departmentId: DEPT_A, revision: 3 });
    expect((await streamTypes(t, report.id)).at(-1)).toBe('ReporterIdentityReleased');

    expect((await read(report.id, tk.handlerA).expect(200)).body).toMatchObject({ personalData: 'shown', citizen });
    expect((await accessRows(report.id)).map((r) => [r.actor_sub, r.reason])).toEqual([
      ['reviewer-test', 'handling: hotline office (reviewer)'],
      ['handler-a', 'handling: current department, reporter identity released by a supervisor'],
    ]);
    const audit = await t
      .http()
      .get(`/api/audit/petitions/${report.id}/events?reason=${encodeURIComponent(REASON)}`)
      .set(bearer(tk.auditor))
      .expect(200);
    expect(audit.body.events.at(-1)).toMatchObject({
      type: 'ReporterIdentityReleased',
      data: { departmentId: DEPT_A, reason: '核实举报事项需当面询问举报人' },
      actor: { role: 'supervisor' },
    });
  });
});

describe('GET /api/audit/petitions/:id/events without a reason', () => {
  it("masks the free text of every event (answers, comments, reasons, notes), not only the submission's", async () => {
    const p = await answeredCase();
    await post(`/api/petitions/${p.id}/reopen`, tk.supervisor, { reason: `${citizen.name}不满意，请回电${citizen.phone}` }).expect(200);
    await post(`/api/petitions/${p.id}/comments`, tk.reviewer, { text: `${citizen.name}反映的情况属实，联系电话${citizen.phone}` }).expect(
      200,
    );
    const r = await t.http().get(`/api/audit/petitions/${p.id}/events`).set(bearer(tk.auditor)).expect(200);
    expectNoSecrets(r.text, 'auditor without a reason');
    const data = (type: string) => r.body.events.find((e: { type: string }) => e.type === type).data;
    expect(data('PetitionDispatched').note).toBe('请联系张* 138****5678');
    expect(data('PetitionResponded').answer).toBe('已电话联系张*（138****5678），10月16日恢复供水。');
    expect(data('PetitionRated').comment).toBe('张*：请再打138****5678，水还是黄的');
    expect(data('PetitionReopened').reason).toBe('张*不满意，请回电138****5678');
    expect(data('PetitionCommented').text).toBe('张*反映的情况属实，联系电话138****5678');

    const shown = await t
      .http()
      .get(`/api/audit/petitions/${p.id}/events?reason=${encodeURIComponent(REASON)}`)
      .set(bearer(tk.auditor))
      .expect(200);
    expect(shown.body.events.find((e: { type: string }) => e.type === 'PetitionReopened').data.reason).toBe(
      `${citizen.name}不满意，请回电${citizen.phone}`,
    );
  });

  it('the state at an instant masks the answer and the rating comment too', async () => {
    const p = await answeredCase();
    const r = await t
      .http()
      .get(`/api/audit/petitions/${p.id}/state?at=${encodeURIComponent(new Date().toISOString())}`)
      .set(bearer(tk.auditor))
      .expect(200);
    expectNoSecrets(r.text, 'auditor state');
    expect(r.body).toMatchObject({
      personalData: 'masked',
      answer: '已电话联系张*（138****5678），10月16日恢复供水。',
      rating: { comment: '张*：请再打138****5678，水还是黄的' },
    });
  });
});
