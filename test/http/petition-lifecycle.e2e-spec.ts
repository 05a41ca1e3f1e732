import { createTestApp, TestApp } from '../setup/app';
import { DEPT_A, DEPT_B, Tokens, dispatched, streamTypes, submission, submit, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

let t: TestApp;
let tk: Tokens;
beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
});
afterAll(async () => t.close());

const post = (path: string, token: string | undefined, body: object = {}) => {
  const r = t.http().post(path).send(body);
  return token ? r.set(bearer(token)) : r;
};

describe('the whole happy path', () => {
  it('submit, review, dispatch, acknowledge, respond, rate → closed', async () => {
    const p = await submit(t);
    expect(p.trackingCode).toMatch(/^WZ\d{8}-[0-9A-Z]{10}$/);
    expect(p.accessKey).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(p.revision).toBe(0);

    await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
    const d = await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A, note: '请尽快核实' }).expect(200);
    expect(d.body).toMatchObject({ id: p.id, revision: 2, departmentId: DEPT_A });
    expect(new Date(d.body.respondBy).getTime()).toBeGreaterThan(new Date(d.body.acknowledgeBy).getTime());
    expect(d.body.respondBy).toMatch(/T15:59:59\.999Z$/); // end of a Shanghai day

    const ack = await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    expect(ack.body).toMatchObject({ revision: 3, onTime: true });
    const resp = await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: '已联系水务集团，10月16日恢复供水。' }).expect(200);
    expect(resp.body).toMatchObject({ revision: 4, onTime: true });
    const rated = await t
      .http()
      .post(`/api/petitions/${p.id}/rate`)
      .set('X-Access-Key', p.accessKey)
      .send({ satisfaction: 'satisfied', comment: '处理及时' })
      .expect(200);
    expect(rated.body).toMatchObject({ status: 'closed', closeReason: 'rated' });

    const view = await t.http().get(`/api/petitions/${p.id}`).set('X-Access-Key', p.accessKey).expect(200);
    expect(view.body).toMatchObject({
      id: p.id,
      status: 'closed',
      departmentId: DEPT_A,
      answer: '已联系水务集团，10月16日恢复供水。',
      rating: { satisfaction: 'satisfied' },
    });
    expect(view.body.citizen.phone).toBe('13812345678');
    expect(view.body.history.map((h: { type: string }) => h.type)).toEqual([
      'PetitionSubmitted',
      'PetitionReviewed',
      'PetitionDispatched',
      'PetitionAcknowledged',
      'PetitionResponded',
      'PetitionRated',
      'PetitionClosed',
    ]);
    expect(await streamTypes(t, p.id)).toHaveLength(7);
  });

  it('every stored event carries the metadata auditors need', async () => {
    const p = await dispatched(t, tk);
    const { rows } = await t.runtime.pool.query(`select metadata from wz_es.events where stream_id = $1 order by revision`, [
      `petition-${p.id}`,
    ]);
    for (const { metadata } of rows) {
      expect(metadata).toEqual(
        expect.objectContaining({
          eventId: expect.any(String),
          commandId: expect.any(String),
          correlationId: expect.any(String),
          causationId: expect.any(String),
          occurredAt: expect.any(String),
          schemaVersion: 1,
          hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        }),
      );
      expect(metadata.actor.role).toEqual(expect.any(String));
    }
    expect(rows[2].metadata.actor).toEqual({ id: 'reviewer-test', role: 'reviewer' });
  });

  it('the case, its events and its commands get time-ordered ids (UUID v7): made later, they sort later', async () => {
    const before = await submit(t);
    const p = await dispatched(t, tk);
    const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(p.id).toMatch(V7);
    expect(p.id > before.id).toBe(true);
    const { rows } = await t.runtime.pool.query<{ event_id: string; metadata: { commandId: string; occurredAt: string } }>(
      `select event_id::text, metadata from wz_es.events where stream_id = $1 order by revision`,
      [`petition-${p.id}`],
    );
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const r of rows) {
      expect(r.event_id).toMatch(V7);
      expect(r.metadata.commandId).toMatch(V7);
      // The id's first 48 bits are the milliseconds it was made at: within a second of the event's own time.
      const madeAt = parseInt(r.event_id.replace(/-/g, '').slice(0, 12), 16);
      expect(Math.abs(madeAt - Date.parse(r.metadata.occurredAt))).toBeLessThan(1000);
    }
    // Made one after another: an event's millisecond is never before the last one's (within one
    // millisecond the order is random, ids share nothing else).
    const made = rows.map((r) => parseInt(r.event_id.replace(/-/g, '').slice(0, 12), 16));
    expect([...made].sort((a, b) => a - b)).toEqual(made);
  });
});

describe('return and re-dispatch', () => {
  it('a returned case goes back to the reviewer and on to another department, never the one that returned it', async () => {
    const p = await dispatched(t, tk);
    await post(`/api/petitions/${p.id}/return`, tk.handlerA, { reason: '该事项属供水企业职责，不属本单位' }).expect(200);
    const back = await t.http().get(`/api/petitions/${p.id}`).set(bearer(tk.reviewer)).expect(200);
    expect(back.body.status).toBe('returned');
    const same = await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A }).expect(409);
    expect(same.body.message).toMatch(/returned|退/);
    await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: DEPT_B }).expect(200);
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(403);
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerB).expect(200);
    expect(await streamTypes(t, p.id)).toEqual([
      'PetitionSubmitted',
      'PetitionReviewed',
      'PetitionDispatched',
      'PetitionReturned',
      'PetitionDispatched',
      'PetitionAcknowledged',
    ]);
  });
});

describe('extensions', () => {
  it('approved: the new respondBy replaces the old one', async () => {
    const p = await dispatched(t, tk);
    const before = (await t.http().get(`/api/petitions/${p.id}`).set(bearer(tk.reviewer))).body.respondBy as string;
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    const wanted = new Date(new Date(before).getTime() + 5 * 86_400_000).toISOString().slice(0, 10);
    await post(`/api/petitions/${p.id}/extension-request`, tk.handlerA, {
      reason: '需多部门联合现场核查',
      requestedRespondBy: wanted,
    }).expect(200);
    await post(`/api/petitions/${p.id}/extension-request`, tk.handlerA, { reason: '再次申请', requestedRespondBy: wanted }).expect(409); // one pending at a time
    const decided = await post(`/api/petitions/${p.id}/extension-decision`, tk.supervisor, { approved: true }).expect(200);
    expect(decided.body.approved).toBe(true);
    const after = (await t.http().get(`/api/petitions/${p.id}`).set(bearer(tk.reviewer))).body.respondBy as string;
    expect(after).toBe(decided.body.respondBy);
    expect(new Date(after).getTime()).toBeGreaterThan(new Date(before).getTime());
  });

  it('refused: needs a reason, and the deadline stays', async () => {
    const p = await dispatched(t, tk);
    const before = (await t.http().get(`/api/petitions/${p.id}`).set(bearer(tk.reviewer))).body.respondBy as string;
    const wanted = new Date(new Date(before).getTime() + 3 * 86_400_000).toISOString().slice(0, 10);
    await post(`/api/petitions/${p.id}/extension-request`, tk.handlerA, { reason: '需要调取档案', requestedRespondBy: wanted }).expect(200);
    const noReason = await post(`/api/petitions/${p.id}/extension-decision`, tk.supervisor, { approved: false }).expect(400);
    expect(noReason.body.message).toContain('reason');
    await post(`/api/petitions/${p.id}/extension-decision`, tk.handlerA, { approved: true }).expect(403);
    await post(`/api/petitions/${p.id}/extension-decision`, tk.supervisor, { approved: false, reason: '理由不充分' }).expect(200);
    const after = (await t.http().get(`/api/petitions/${p.id}`).set(bearer(tk.reviewer))).body.respondBy as string;
    expect(after).toBe(before);
  });
});

describe('reopen after an unsatisfied rating', () => {
  it('goes back to in_progress with a new deadline; a second reopen is refused by the policy', async () => {
    const p = await dispatched(t, tk);
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: '已处理。' }).expect(200);
    const rated = await t
      .http()
      .post(`/api/petitions/${p.id}/rate`)
      .set('X-Access-Key', p.accessKey)
      .send({ satisfaction: 'unsatisfied', comment: '问题仍未解决' })
      .expect(200);
    expect(rated.body.status).toBe('rated');
    await t.http().post(`/api/petitions/${p.id}/rate`).set('X-Access-Key', p.accessKey).send({ satisfaction: 'satisfied' }).expect(409); // once per answer
    const reopened = await post(`/api/petitions/${p.id}/reopen`, tk.supervisor, { reason: '群众不满意，重新办理' }).expect(200);
    expect(reopened.body.respondBy).toEqual(expect.any(String));
    const view = await t.http().get(`/api/petitions/${p.id}`).set(bearer(tk.supervisor)).expect(200);
    expect(view.body.status).toBe('in_progress');
    expect(view.body.respondBy).toBe(reopened.body.respondBy);
    await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: '已再次处理，供水恢复。' }).expect(200);
    const second = await t
      .http()
      .post(`/api/petitions/${p.id}/rate`)
      .set('X-Access-Key', p.accessKey)
      .send({ satisfaction: 'unsatisfied' })
      .expect(200);
    expect(second.body).toMatchObject({ status: 'closed', closeReason: 'rated' }); // maxReopens = 1
    await post(`/api/petitions/${p.id}/reopen`, tk.supervisor, { reason: '再次重办' }).expect(409);
  });
});

describe('refusals append nothing', () => {
  it('a transition that does not fit the state is 409 naming the state', async () => {
    const p = await dispatched(t, tk);
    const before = await streamTypes(t, p.id);
    const r = await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: '答复内容' }).expect(409);
    expect(r.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    expect(r.body.message).toContain('dispatched');
    await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(409);
    await post(`/api/petitions/${p.id}/reopen`, tk.supervisor, { reason: '不该允许' }).expect(409);
    expect(await streamTypes(t, p.id)).toEqual(before);
  });

  it("another department's handler is 403; a wrong role is 403; no token is 401", async () => {
    const p = await dispatched(t, tk);
    const before = await streamTypes(t, p.id);
    const other = await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerB).expect(403);
    expect(other.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    await post(`/api/petitions/${p.id}/acknowledge`, tk.reviewer).expect(403);
    await post(`/api/petitions/${p.id}/acknowledge`, undefined).expect(401);
    await t.http().post(`/api/petitions/${p.id}/acknowledge`).set('Authorization', 'Bearer not.a.token').send({}).expect(401);
    // Reading is not a command: a case the caller may not see answers as an unknown one (docs/security.md).
    await t.http().get(`/api/petitions/${p.id}`).set(bearer(tk.handlerB)).expect(404);
    await t.http().get(`/api/petitions/${p.id}`).expect(401);
    await t.http().get(`/api/petitions/${p.id}`).set('X-Access-Key', 'wrong-key-wrong-key').expect(404);
    expect(await streamTypes(t, p.id)).toEqual(before);
  });

  it('bad input is 400 naming the field and rule, and appends nothing', async () => {
    const p = await dispatched(t, tk);
    const before = await streamTypes(t, p.id);
    const cases: Array<[string, string | undefined, object, RegExp]> = [
      [`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: 'not-a-uuid' }, /departmentId/],
      [`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: '00000000-0000-4000-8000-000000000000' }, /departmentId: unknown/],
      [`/api/petitions/${p.id}/return`, tk.handlerA, {}, /reason/],
      [`/api/petitions/${p.id}/return`, tk.handlerA, { reason: 'ok reason', extra: 1 }, /extra: unknown field/],
      [`/api/petitions/${p.id}/extension-request`, tk.handlerA, { reason: '延期', requestedRespondBy: '2026-02-30' }, /requestedRespondBy/],
      [`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: 'bad\u0000control' }, /answer.*control/],
      ['/api/petitions/not-a-uuid/acknowledge', tk.handlerA, {}, /id: must be a UUID/],
      [
        '/api/petitions/wz20260101-abcdefgh23/acknowledge',
        tk.handlerA,
        {},
        /not its tracking code; GET \/api\/petitions\/WZ20260101-ABCDEFGH23 answers with the id/,
      ],
    ];
    for (const [path, token, body, message] of cases) {
      const r = await post(path, token, body);
      expect({ path, status: r.status }).toEqual({ path, status: 400 });
      expect(r.body.message).toMatch(message);
      expect(r.body.error).toBe('Bad Request');
    }
    const rate = await t
      .http()
      .post(`/api/petitions/${p.id}/rate`)
      .set('X-Access-Key', p.accessKey)
      .send({ satisfaction: 'happy' })
      .expect(400);
    expect(rate.body.message).toMatch(/satisfaction/);
    expect(await streamTypes(t, p.id)).toEqual(before);
  });

  it('a bad submission names the nested field and creates no case', async () => {
    const {
      rows: [{ n: before }],
    } = await t.runtime.pool.query(`select count(*)::int as n from wz_es.events`);
    const bad = [
      [submission({ citizen: { name: '张伟', phone: '12345' } }), /citizen\.phone/],
      [submission({ citizen: { name: '张伟', phone: '13812345678', idNumber: '330302198001011234' } }), /citizen\.idNumber/],
      [submission({ kind: 'gossip' }), /kind/],
      [submission({ addressee: { type: 'department' } }), /addressee\.departmentId/],
      [submission({ publicConsent: 'yes' }), /publicConsent/],
      [{ ...submission(), channel: undefined }, /channel/],
    ] as const;
    for (const [body, message] of bad) {
      const r = await t.http().post('/api/petitions').send(body).expect(400);
      expect(r.body.message).toMatch(message);
    }
    const malformed = await t.http().post('/api/petitions').set('Content-Type', 'application/json').send('{"title": ').expect(400);
    expect(malformed.body.message).toMatch(/JSON/);
    const {
      rows: [{ n: after }],
    } = await t.runtime.pool.query(`select count(*)::int as n from wz_es.events`);
    expect(after).toBe(before);
  });

  it('an unknown petition is 404', async () => {
    await post('/api/petitions/5f1d7c3e-8a40-4b7e-9d5c-0f3a2b1c4d5e/acknowledge', tk.handlerA).expect(404);
    await t.http().get('/api/petitions/5f1d7c3e-8a40-4b7e-9d5c-0f3a2b1c4d5e').set(bearer(tk.reviewer)).expect(404);
  });
});

describe('idempotency', () => {
  it('the same Idempotency-Key returns the first result and appends nothing', async () => {
    const key = `submit-${Date.now()}`;
    const first = await t.http().post('/api/petitions').set('Idempotency-Key', key).send(submission()).expect(201);
    const again = await t.http().post('/api/petitions').set('Idempotency-Key', key).send(submission()).expect(201);
    expect(again.body).toEqual(first.body);
    expect(await streamTypes(t, first.body.id)).toEqual(['PetitionSubmitted']);

    const p = await dispatched(t, tk);
    const r1 = await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).set('Idempotency-Key', 'ack-1').expect(200);
    const r2 = await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).set('Idempotency-Key', 'ack-1').expect(200);
    expect(r2.body).toEqual(r1.body);
    expect((await streamTypes(t, p.id)).filter((x) => x === 'PetitionAcknowledged')).toHaveLength(1);
  });
});

describe('concurrency', () => {
  it('20 concurrent conflicting commands on one case leave a consistent stream', async () => {
    const p = await dispatched(t, tk);
    const acks = await Promise.all(Array.from({ length: 20 }, () => post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA)));
    const statuses = acks.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);

    const comments = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t
          .http()
          .post(`/api/petitions/${p.id}/comments`)
          .send({ text: `跟帖 ${i}` }),
      ),
    );
    expect(comments.map((r) => r.status)).toEqual(Array(20).fill(200));
    const { rows } = await t.runtime.pool.query(
      `select revision, type, coalesce(data->'redacted'->>'text', data->>'text') as text from wz_es.events where stream_id = $1 order by revision`,
      [`petition-${p.id}`],
    );
    expect(rows.map((r: { revision: string }) => Number(r.revision))).toEqual(rows.map((_: unknown, i: number) => i)); // no gap, no duplicate revision
    expect(rows.filter((r: { type: string }) => r.type === 'PetitionAcknowledged')).toHaveLength(1);
    const texts = rows
      .filter((r: { type: string }) => r.type === 'PetitionCommented')
      .map((r: { text: string }) => r.text)
      .sort();
    expect(texts).toEqual(Array.from({ length: 20 }, (_, i) => `跟帖 ${i}`).sort()); // no lost update
  });
});
