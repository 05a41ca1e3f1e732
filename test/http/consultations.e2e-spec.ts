import { rebuildProjection } from '@wenzheng/projector';
import { IntegrityVerifier } from '../../apps/api/src/audit/verify-integrity/integrity-verifier';
import { consultationTables, consultationViewsProjection } from '@wenzheng/read-models';
import { ConsultationWatcher } from '@wenzheng/workers';
import { FakeClock } from '@wenzheng/petition-store';
import { PetitionEventCodec } from '@wenzheng/petition-store';
import { createTestApp, TestApp } from '../setup/app';
import { shanghai, useFakeClock } from '../setup/clock';
import { DEPT_A, Tokens, tokens } from '../setup/petitions';
import { bearer, mintToken } from '../setup/tokens';

// One consultation (意见征集) through its life on the official 2026 calendar: open Mon 10-12 to
// the end of Fri 10-23; the summary is due 15 working days later, the end of Fri 11-13.

const PHONE = '13912345678';
const SIGNED_IN_SUB = 'citizen-wang-7';

let t: TestApp;
let tk: Tokens;
let citizen: string;
let clock: FakeClock;
let id: string;
const opinions: Record<'anonymous' | 'private' | 'signedIn', string> = { anonymous: '', private: '', signedIn: '' };

const post = (path: string, token: string | undefined, body: object = {}, headers: Record<string, string> = {}) =>
  t
    .http()
    .post(path)
    .set({ ...(token ? bearer(token) : {}), ...headers })
    .send(body);
const publicPage = async () => (await t.http().get(`/api/public/consultations/${id}`).expect(200)).body;
const manage = async () => (await t.http().get(`/api/consultations/${id}`).set(bearer(tk.handlerA)).expect(200)).body;
const watch = async () => {
  const r = await t.app.get(ConsultationWatcher).runOnce();
  await t.waitForProjections();
  return r;
};

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
  citizen = await mintToken({ roles: ['citizen'], sub: SIGNED_IN_SUB });
  clock = useFakeClock(t.app, shanghai('2026-10-12T09:00:00'));
});
afterAll(async () => t?.close());

describe('publish', () => {
  it('staff of the department publish a draft; the summary is due 15 working days after closing', async () => {
    const r = await post('/api/consultations', tk.handlerA, {
      title: '《城市供水管理条例（征求意见稿）》公开征求意见',
      draft: '第一条 为了加强城市供水管理……',
      opensAt: '2026-10-12',
      closesAt: '2026-10-23',
    }).expect(201);
    id = r.body.id;
    expect(r.body.summaryDueBy).toBe(shanghai('2026-11-13T23:59:59.999').toISOString());
    await t.waitForProjections();
    expect(await publicPage()).toMatchObject({
      status: 'open',
      departmentId: DEPT_A,
      opinionsReceived: 0,
      opinionsPublished: 0,
      summary: null,
    });
  });

  it('a citizen may not publish (403); no token 401; bad input 400 naming the field', async () => {
    await post('/api/consultations', citizen, { title: 'x'.repeat(10), draft: 'd', opensAt: '2026-10-12', closesAt: '2026-10-23' }).expect(
      403,
    );
    await post('/api/consultations', undefined, {
      title: 'x'.repeat(10),
      draft: 'd',
      opensAt: '2026-10-12',
      closesAt: '2026-10-23',
    }).expect(401);
    const bad = await post('/api/consultations', tk.handlerA, {
      title: '征求意见',
      draft: 'd',
      opensAt: '2026-10-12',
      closesAt: '2026-13-40',
    }).expect(400);
    expect(bad.body.message).toMatch(/closesAt/);
    const before = await post('/api/consultations', tk.handlerA, {
      title: '征求意见',
      draft: 'd',
      opensAt: '2026-10-20',
      closesAt: '2026-10-19',
    }).expect(400);
    expect(before.body.message).toMatch(/^closesAt: must be after opensAt/);
    const admin = await post('/api/consultations', tk.admin, {
      title: '征求意见',
      draft: 'd',
      opensAt: '2026-10-12',
      closesAt: '2026-10-23',
    }).expect(400);
    expect(admin.body.message).toMatch(/^departmentId/);
  });
});

describe('opinions during the period', () => {
  it('anyone submits: anonymous, private, signed in; a retry with the same Idempotency-Key appends nothing', async () => {
    const a = await post(
      `/api/consultations/${id}/opinions`,
      undefined,
      { text: `建议听证期延长至30日，有问题请打我电话${PHONE}` },
      { 'Idempotency-Key': 'op-1' },
    ).expect(201);
    const again = await post(
      `/api/consultations/${id}/opinions`,
      undefined,
      { text: `建议听证期延长至30日，有问题请打我电话${PHONE}` },
      { 'Idempotency-Key': 'op-1' },
    ).expect(201);
    expect(again.body).toEqual(a.body);
    opinions.anonymous = a.body.opinionId;
    opinions.private = (
      await post(`/api/consultations/${id}/opinions`, undefined, { text: '本人系供水企业员工，内部情况仅供参考', private: true }).expect(
        201,
      )
    ).body.opinionId;
    opinions.signedIn = (
      await post(`/api/consultations/${id}/opinions`, citizen, { text: '第八条水质公示频次建议改为每月一次' }).expect(201)
    ).body.opinionId;
    const stream = await t.runtime.eventStore.readStream(`consultation-${id}`);
    expect(stream.map((e) => e.type)).toEqual(['ConsultationPublished', 'OpinionSubmitted', 'OpinionSubmitted', 'OpinionSubmitted']);
    // Sealed at rest: neither the phone nor the account is in clear in the store.
    expect(JSON.stringify(stream.map((e) => e.data))).not.toContain(PHONE);
    expect(JSON.stringify(stream.map((e) => e.data))).not.toContain(SIGNED_IN_SUB);
  });

  it('bad input is 400 naming the field; an unknown consultation 404', async () => {
    expect((await post(`/api/consultations/${id}/opinions`, undefined, { text: '' }).expect(400)).body.message).toMatch(/text/);
    expect((await post(`/api/consultations/${id}/opinions`, undefined, { text: '好', private: 'yes' }).expect(400)).body.message).toMatch(
      /private/,
    );
    expect((await post('/api/consultations/not-a-uuid/opinions', undefined, { text: '好' }).expect(400)).body.message).toMatch(/^id: /);
    await post('/api/consultations/5c0a1b2c-3d4e-4f50-8a6b-00000000ffff/opinions', undefined, { text: '好' }).expect(404);
  });

  it('nothing is public before moderation', async () => {
    await t.waitForProjections();
    expect(await publicPage()).toMatchObject({ opinionsReceived: 3, opinionsPublished: 0, opinions: [] });
    expect(await manage()).toMatchObject({ opinionsPending: 3, opinionsPrivate: 1 });
  });
});

describe('moderation', () => {
  it('staff publish; a private opinion is never published (409); another department 403', async () => {
    await post(`/api/consultations/${id}/opinions/${opinions.anonymous}/moderation`, tk.handlerA, { decision: 'published' }).expect(200);
    await post(`/api/consultations/${id}/opinions/${opinions.signedIn}/moderation`, tk.handlerA, { decision: 'published' }).expect(200);
    const priv = await post(`/api/consultations/${id}/opinions/${opinions.private}/moderation`, tk.handlerA, {
      decision: 'published',
    }).expect(409);
    expect(priv.body.message).toMatch(/private/);
    await post(`/api/consultations/${id}/opinions/${opinions.signedIn}/moderation`, tk.handlerB, { decision: 'rejected' }).expect(403);
    expect(
      (await post(`/api/consultations/${id}/opinions/${opinions.signedIn}/moderation`, tk.handlerA, { decision: 'maybe' }).expect(400)).body
        .message,
    ).toMatch(/decision/);
  });

  it('the public page shows counts and only the published, non-private opinions, redacted, without authors', async () => {
    await t.waitForProjections();
    const page = await publicPage();
    expect(page).toMatchObject({ opinionsReceived: 3, opinionsPublished: 2 });
    expect(page.opinions.map((o: { opinionId: string }) => o.opinionId).sort()).toEqual([opinions.anonymous, opinions.signedIn].sort());
    const text = JSON.stringify(page);
    expect(text).not.toContain(PHONE);
    expect(text).toContain('139****5678');
    expect(text).not.toContain(SIGNED_IN_SUB);
    expect(text).not.toContain('内部情况');
    const list = (await t.http().get('/api/public/consultations').expect(200)).body;
    expect(list.items).toEqual([expect.objectContaining({ id, opinionsReceived: 3, opinionsPublished: 2 })]);
  });
});

describe('closing', () => {
  it('staff cannot close while the period runs (409)', async () => {
    expect((await post(`/api/consultations/${id}/close`, tk.handlerA).expect(409)).body.message).toMatch(/period runs until/);
  });

  it('after closesAt opinions are refused (409), and the watcher closes the consultation', async () => {
    clock.set(shanghai('2026-10-24T09:00:00'));
    await post(`/api/consultations/${id}/opinions`, undefined, { text: '迟到的意见' }).expect(409);
    expect(await watch()).toEqual({ closed: 1, overdue: 0 });
    expect(await manage()).toMatchObject({ status: 'closed', redLight: null });
    const closed = await post(`/api/consultations/${id}/opinions`, undefined, { text: '迟到的意见' }).expect(409);
    expect(closed.body.message).toMatch(/consultation is closed/);
  });
});

describe('the red light and the summary', () => {
  it('no red light on the last day of the summary period', async () => {
    clock.set(shanghai('2026-11-13T23:00:00'));
    expect(await watch()).toEqual({ closed: 0, overdue: 0 });
  });

  it('a summary not published by the due date lights the red light, once', async () => {
    clock.set(shanghai('2026-11-14T00:05:00'));
    expect(await watch()).toEqual({ closed: 0, overdue: 1 });
    expect(await watch()).toEqual({ closed: 0, overdue: 0 });
    expect((await manage()).redLight).toEqual({
      summaryOverdueAt: shanghai('2026-11-14T00:05:00').toISOString(),
      dueAt: shanghai('2026-11-13T23:59:59.999').toISOString(),
    });
    const types = (await t.runtime.eventStore.readStream(`consultation-${id}`)).map((e) => e.type);
    expect(types.filter((x) => x === 'ConsultationSummaryOverdue')).toHaveLength(1);
  });

  it('the department publishes the summary (late); an item naming an unknown opinion is 400', async () => {
    const unknown = await post(`/api/consultations/${id}/summary`, tk.handlerA, {
      items: [{ opinionId: '5c0a1b2c-3d4e-4f50-8a6b-00000000ffff', topic: '听证期限', outcome: 'adopted', reason: '已延长' }],
      text: '反馈',
    }).expect(400);
    expect(unknown.body.message).toMatch(/^items\[0\]\.opinionId/);
    expect(
      (
        await post(`/api/consultations/${id}/summary`, tk.handlerA, {
          items: [{ topic: 't', outcome: 'perhaps', reason: 'r' }],
          text: '反馈',
        }).expect(400)
      ).body.message,
    ).toMatch(/outcome/);
    const r = await post(`/api/consultations/${id}/summary`, tk.handlerA, {
      items: [
        { opinionId: opinions.anonymous, topic: '听证期限', outcome: 'adopted', reason: '已将听证期延长至30日' },
        { topic: '水质公示', outcome: 'partly_adopted', reason: '改为每季度公示，重点指标每月公示' },
      ],
      text: '征求意见期间共收到意见3条，采纳1条，部分采纳1条。',
    }).expect(200);
    expect(r.body).toMatchObject({ status: 'summarised', late: true });
    await t.waitForProjections();
    const page = await publicPage();
    expect(page.summary).toMatchObject({ late: true, text: '征求意见期间共收到意见3条，采纳1条，部分采纳1条。' });
    expect(page.summary.items).toHaveLength(2);
    await post(`/api/consultations/${id}/summary`, tk.handlerA, { items: [], text: '再次' }).expect(409);
  });
});

describe('audit, integrity, rebuild', () => {
  it('an auditor reads every event with its metadata and hash; opinions redacted, no author', async () => {
    await t.http().get(`/api/audit/consultations/${id}/events`).set(bearer(tk.handlerA)).expect(403);
    const r = await t.http().get(`/api/audit/consultations/${id}/events`).set(bearer(tk.auditor)).expect(200);
    expect(r.body.events.map((e: { type: string }) => e.type)).toEqual([
      'ConsultationPublished',
      'OpinionSubmitted',
      'OpinionSubmitted',
      'OpinionSubmitted',
      'OpinionModerated',
      'OpinionModerated',
      'ConsultationClosed',
      'ConsultationSummaryOverdue',
      'FeedbackSummaryPublished',
    ]);
    expect(
      r.body.events.every(
        (e: { metadata: { hash?: unknown; actor?: unknown } }) => typeof e.metadata.hash === 'string' && e.metadata.actor,
      ),
    ).toBe(true);
    expect(JSON.stringify(r.body)).not.toContain(PHONE);
    expect(r.body.events[3].metadata.actor).toEqual({ id: SIGNED_IN_SUB, role: 'citizen' });
  });

  it('the integrity chain of the consultation stream verifies', async () => {
    const report = await t.app.get(IntegrityVerifier).verifyAll();
    expect(report.broken).toEqual([]);
    expect(report.streams).toBe(1); // the consultation stream is walked too
  });

  it('a rebuild from the log yields the same rows', async () => {
    const names = consultationTables();
    const snapshot = async () => [
      (await t.runtime.pool.query(`select * from ${names.consultations} order by consultation_id`)).rows,
      (await t.runtime.pool.query(`select * from ${names.consultation_opinions} order by opinion_id`)).rows,
    ];
    const before = await snapshot();
    expect(before[1]).toHaveLength(3);
    const codec = t.app.get(PetitionEventCodec);
    await rebuildProjection(consultationViewsProjection, {
      pool: t.runtime.pool,
      store: t.runtime.eventStore,
      decode: codec.projectionDecoder,
    });
    expect(await snapshot()).toEqual(before);
  });
});

describe('anonymous opinions are rate-limited like anonymous comments', () => {
  let limited: TestApp;
  afterAll(async () => limited?.close());

  it('429 after RATE_LIMIT_ANONYMOUS_PER_MINUTE from one address; a signed-in citizen is not limited', async () => {
    limited = await createTestApp({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '2' });
    useFakeClock(limited.app, shanghai('2026-10-12T09:00:00'));
    const created = await limited
      .http()
      .post('/api/consultations')
      .set(bearer(tk.handlerA))
      .send({ title: '征求意见', draft: 'd', opensAt: '2026-10-12', closesAt: '2026-10-23' })
      .expect(201);
    const path = `/api/consultations/${created.body.id}/opinions`;
    await limited.http().post(path).send({ text: '一' }).expect(201);
    await limited.http().post(path).send({ text: '二' }).expect(201);
    const refused = await limited.http().post(path).send({ text: '三' }).expect(429);
    expect(refused.headers['retry-after']).toBeDefined();
    await limited.http().post(path).set(bearer(citizen)).send({ text: '四' }).expect(201);
  });
});
