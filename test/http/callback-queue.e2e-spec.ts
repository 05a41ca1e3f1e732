import { createTestApp, TestApp } from '../setup/app';
import { useFakeClock } from '../setup/clock';
import { DEPT_A, Tokens, submission, tokens } from '../setup/petitions';
import { bearer, mintToken } from '../setup/tokens';

// 待回访 (GET /api/queues/callbacks): the answered cases whose rating the hotline office takes by a
// call-back (the decider's ratedByCallBack), the longest answered first, with the rating window's end.

let t: TestApp;
let tk: Tokens;

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
});
afterAll(async () => t.close());

type Item = {
  petitionId: string;
  trackingCode: string;
  title: string;
  kind: string;
  channel: string;
  department?: { id: string; name?: string };
  respondedAt: string;
  rateBy?: string;
  windowClosed?: boolean;
  attemptsBeforeUnreachable?: number;
  workingDaysSinceAnswer: number;
  reopenCount: number;
  url: string;
};

/** A case of `channel` (a 12345 call entered by the office) dispatched to DEPT_A, signed for and, unless said otherwise, answered. */
async function caseOf(channel: string, answer = true) {
  const submit = t.http().post('/api/petitions');
  if (channel === 'hotline_12345') submit.set(bearer(tk.reviewer));
  const p = (await submit.send(submission({ channel, title: `回访队列 ${channel}` })).expect(201)).body as {
    id: string;
    trackingCode: string;
    accessKey: string;
  };
  await t.http().post(`/api/petitions/${p.id}/review`).set(bearer(tk.reviewer)).send({ outcome: 'accepted' }).expect(200);
  await t.http().post(`/api/petitions/${p.id}/dispatch`).set(bearer(tk.reviewer)).send({ departmentId: DEPT_A }).expect(200);
  await t.http().post(`/api/petitions/${p.id}/acknowledge`).set(bearer(tk.handlerA)).expect(200);
  if (answer) {
    await t.http().post(`/api/petitions/${p.id}/respond`).set(bearer(tk.handlerA)).send({ answer: '已安排维修，供水已恢复。' }).expect(200);
  }
  return p;
}

/** Every item of the queue, page by page (limit 2, so the cursor is walked). */
async function queue(): Promise<Item[]> {
  await t.waitForProjections();
  const items: Item[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 100; i++) {
    const r = await t
      .http()
      .get('/api/queues/callbacks')
      .query({ limit: 2, ...(cursor && { cursor }) })
      .set(bearer(tk.reviewer))
      .expect(200);
    items.push(...(r.body.items as Item[]));
    cursor = r.body.nextCursor;
    if (!cursor) return items;
  }
  throw new Error('the queue never ended');
}

describe('GET /api/queues/callbacks', () => {
  it('lists answered 12345 calls, the longest answered first, and none a citizen rates with the key or not yet answered', async () => {
    const first = await caseOf('hotline_12345');
    const web = await caseOf('web');
    const unanswered = await caseOf('hotline_12345', false);
    const second = await caseOf('hotline_12345');
    const items = await queue();
    const ids = items.map((i) => i.petitionId);
    expect(ids).toContain(first.id);
    expect(ids).toContain(second.id);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
    expect(ids).not.toContain(web.id);
    expect(ids).not.toContain(unanswered.id);
    expect(new Set(ids).size).toBe(ids.length); // the cursor neither repeats nor skips
    const respondedAts = items.map((i) => i.respondedAt);
    expect([...respondedAts].sort()).toEqual(respondedAts);

    const item = items.find((i) => i.petitionId === first.id)!;
    expect(item).toMatchObject({
      trackingCode: first.trackingCode,
      title: '回访队列 hotline_12345',
      channel: 'hotline_12345',
      department: { id: DEPT_A },
      windowClosed: false,
      attemptsBeforeUnreachable: 3,
      workingDaysSinceAnswer: 0,
      reopenCount: 0,
      url: `/api/petitions/${first.id}`,
    });
    expect(item.department?.name).toBeTruthy();
    expect(Date.parse(item.rateBy!)).toBeGreaterThan(Date.parse(item.respondedAt));
    // No personal data in a list: the phone is on the case's own staff view.
    const raw = JSON.stringify(items);
    for (const personal of ['13812345678', '张伟', '33030219800101102X', 'zhangwei@example.com']) expect(raw).not.toContain(personal);
  });

  it('a case leaves it once the call-back is recorded (rated or unreachable)', async () => {
    const rated = await caseOf('hotline_12345');
    const unreachable = await caseOf('hotline_12345');
    let ids = (await queue()).map((i) => i.petitionId);
    expect(ids).toEqual(expect.arrayContaining([rated.id, unreachable.id]));
    await t
      .http()
      .post(`/api/petitions/${rated.id}/rate`)
      .set(bearer(tk.reviewer))
      .send({ via: 'callback', satisfaction: 'satisfied' })
      .expect(200);
    await t
      .http()
      .post(`/api/petitions/${unreachable.id}/rate`)
      .set(bearer(tk.reviewer))
      .send({ via: 'callback', outcome: 'unreachable', attempts: 3 })
      .expect(200);
    ids = (await queue()).map((i) => i.petitionId);
    expect(ids).not.toContain(rated.id);
    expect(ids).not.toContain(unreachable.id);
  });

  it('says when the rating window has closed', async () => {
    const p = await caseOf('hotline_12345');
    useFakeClock(t.app, new Date(Date.now() + 60 * 86_400_000));
    const item = (await queue()).find((i) => i.petitionId === p.id)!;
    expect(item.windowClosed).toBe(true);
    expect(item.workingDaysSinceAnswer).toBeGreaterThan(20);
    expect(Date.parse(item.rateBy!)).toBeLessThan(Date.now() + 60 * 86_400_000);
  });

  it('is the hotline office’s: other roles 403, no token 401, a forged token 401', async () => {
    const citizen = await mintToken({ roles: ['citizen'], sub: 'citizen-q' });
    for (const token of [tk.handlerA, tk.supervisor, citizen]) {
      await t.http().get('/api/queues/callbacks').set(bearer(token)).expect(403);
    }
    await t.http().get('/api/queues/callbacks').expect(401);
    await t.http().get('/api/queues/callbacks').set('Authorization', 'Bearer not-a-token').expect(401);
  });

  it('names the parameter and its rule on bad paging, never a 500', async () => {
    for (const [query, field] of [
      [{ limit: 0 }, 'limit'],
      [{ limit: 201 }, 'limit'],
      [{ limit: 'x' }, 'limit'],
      [{ cursor: 'not a cursor' }, 'cursor'],
      [{ cursor: 'bm90LWEtY3Vyc29y' }, 'cursor'],
    ] as const) {
      const r = await t.http().get('/api/queues/callbacks').query(query).set(bearer(tk.reviewer)).expect(400);
      expect(JSON.stringify(r.body.message)).toContain(field);
    }
    // Another queue's cursor is not this one's.
    for (let i = 0; i < 2; i++) await t.http().post('/api/petitions').send(submission()).expect(201);
    await t.waitForProjections();
    const review = await t.http().get('/api/queues/review').query({ limit: 1 }).set(bearer(tk.reviewer)).expect(200);
    expect(review.body.nextCursor).toBeDefined();
    const other = await t
      .http()
      .get('/api/queues/callbacks')
      .query({ cursor: review.body.nextCursor })
      .set(bearer(tk.reviewer))
      .expect(400);
    expect(other.body.message).toContain('cursor');
  });

  it('50 calls at once all answer the same page; a cursor of other scripts or a lone surrogate is a 400', async () => {
    await caseOf('hotline_12345');
    await t.waitForProjections();
    const pages = await Promise.all(
      Array.from({ length: 50 }, () => t.http().get('/api/queues/callbacks').query({ limit: 5 }).set(bearer(tk.reviewer))),
    );
    expect(pages.map((r) => r.status)).toEqual(pages.map(() => 200));
    expect(new Set(pages.map((r) => JSON.stringify(r.body.items))).size).toBe(1);
    for (const cursor of ['ＡＢＣ.ｄｅｆ', '\u202eabc.def', '%F0%9F%98%80']) {
      const r = await t
        .http()
        .get(`/api/queues/callbacks?cursor=${encodeURIComponent(cursor)}`)
        .set(bearer(tk.reviewer));
      expect(r.status).toBe(400);
    }
    // A lone surrogate, as its UTF-8-like bytes (no encoder makes them): 400, never a 500.
    const lone = await t.http().get('/api/queues/callbacks?cursor=abc%ED%A0%80.def').set(bearer(tk.reviewer));
    expect(lone.status).toBe(400);
  });

  // Last: it takes the column away (an upgrade not yet rebuilt) and puts it back.
  it('answers 503 naming the rebuild while the cases table predates it, never a 500', async () => {
    await t.runtime.pool.query(`alter table wz_rm.cases drop column rated_by_call_back`);
    try {
      const r = await t.http().get('/api/queues/callbacks').set(bearer(tk.reviewer)).expect(503);
      expect(r.body.message).toContain('npm run rebuild -- petition_views');
    } finally {
      await t.runtime.pool.query(`alter table wz_rm.cases add column rated_by_call_back boolean not null default false`);
    }
    await t.http().get('/api/queues/callbacks').set(bearer(tk.reviewer)).expect(200);
  });
});
