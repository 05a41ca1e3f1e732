import { createHash, createHmac } from 'node:crypto';
import { rebuildProjection } from '@wenzheng/projector';
import { PetitionViewsProjection } from '@wenzheng/read-models';
import { createTestApp, TestApp } from '../setup/app';
import { DEPT_A, Tokens, submission, tokens, open311Report } from '../setup/petitions';
import { rebuildOptionsOf } from '../setup/rebuild-options';
import { bearer, mintToken } from '../setup/tokens';

// Attacks on 待回访 (GET /api/queues/callbacks).

const OPEN311_KEY = 'callback-attack-open311-key-0123456789';
let t: TestApp;
let tk: Tokens;

beforeAll(async () => {
  t = await createTestApp({ OPEN311_API_KEYS: `fixmystreet:${createHash('sha256').update(OPEN311_KEY).digest('hex')}` });
  tk = await tokens();
});
afterAll(async () => t.close());

type Item = { petitionId: string; respondedAt: string; reopenCount: number; title: string; channel: string };

const post = (path: string, token: string, body: object = {}) => t.http().post(path).set(bearer(token)).send(body);

async function hotline(overrides: Record<string, unknown> = {}) {
  const p = (await post('/api/petitions', tk.reviewer, submission({ channel: 'hotline_12345', ...overrides })).expect(201)).body as {
    id: string;
    trackingCode: string;
  };
  await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
  await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A }).expect(200);
  await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
  return p;
}
const answer = (id: string) => post(`/api/petitions/${id}/respond`, tk.handlerA, { answer: '已安排维修，供水已恢复。' }).expect(200);

async function queue(limit = 2): Promise<Item[]> {
  await t.waitForProjections();
  const items: Item[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 500; i++) {
    const r = await t
      .http()
      .get('/api/queues/callbacks')
      .query({ limit, ...(cursor && { cursor }) })
      .set(bearer(tk.reviewer))
      .expect(200);
    items.push(...(r.body.items as Item[]));
    cursor = r.body.nextCursor;
    if (!cursor) return items;
  }
  throw new Error('the queue never ended');
}

/** A cursor made as the service makes them: its MAC key is a constant in the public source. */
function forge(at: string, id: string, scope = 'callback-queue'): string {
  const body = Buffer.from(JSON.stringify([at, id])).toString('base64url');
  const mac = createHmac('sha256', 'wenzheng:keyset-cursor:v1').update(`${scope}\n${body}`).digest().subarray(0, 12);
  return `${body}.${mac.toString('base64url')}`;
}

describe('待回访 under attack', () => {
  it('a forged cursor naming a day the calendar has not (Feb 30, year 0) is a 400, never a 500', async () => {
    for (const at of ['2026-02-30T00:00:00.000Z', '2026-02-31T10:00:00.000000Z', '0000-01-01T00:00:00.000Z', '2026-04-31T00:00:00.000Z']) {
      const r = await t
        .http()
        .get('/api/queues/callbacks')
        .query({ cursor: forge(at, 'x') })
        .set(bearer(tk.reviewer));
      expect({ at, status: r.status }).toEqual({ at, status: 400 });
    }
  });

  it('the same forged cursor is a 400 on the review queue and on the anonymous public listing (shared decodeCursor)', async () => {
    const at = '2026-02-30T00:00:00.000Z';
    const review = await t
      .http()
      .get('/api/queues/review')
      .query({ cursor: forge(at, 'x', 'review-queue') })
      .set(bearer(tk.reviewer));
    const listing = await t
      .http()
      .get('/api/public/petitions')
      .query({ cursor: forge(at, 'x', 'public-petitions') });
    expect([review.status, listing.status]).toEqual([400, 400]);
  });

  it('a forged cursor of a real instant pages from there (no 500), unicode and huge cursors are 400', async () => {
    await t
      .http()
      .get('/api/queues/callbacks')
      .query({ cursor: forge('9999-12-31T23:59:59.999999Z', 'zzzz') })
      .set(bearer(tk.reviewer))
      .expect(200);
    await t.http().get('/api/queues/callbacks').query({ cursor: '游标.游标' }).set(bearer(tk.reviewer)).expect(400);
    await t
      .http()
      .get('/api/queues/callbacks')
      .query({ cursor: 'a'.repeat(100_00) })
      .set(bearer(tk.reviewer))
      .expect(400);
    await t.http().get('/api/queues/callbacks').query({ limit: '1e2' }).set(bearer(tk.reviewer)).expect(400);
    await t
      .http()
      .get('/api/queues/callbacks')
      .query({ limit: ['1', '2'] })
      .set(bearer(tk.reviewer))
      .expect(400);
  });

  it('roles: auditor, admin, a department handler and a system token are refused; a reviewer who is also a handler is let in', async () => {
    const system = await mintToken({ roles: ['system'] });
    for (const token of [tk.auditor, tk.admin, tk.handlerA, system]) {
      await t.http().get('/api/queues/callbacks').set(bearer(token)).expect(403);
    }
    const expired = await mintToken({ roles: ['reviewer'] }, 'another-secret-another-secret-another-4');
    await t.http().get('/api/queues/callbacks').set(bearer(expired)).expect(401);
    const both = await mintToken({ roles: ['reviewer', 'handler'], departmentId: DEPT_A, sub: 'both' });
    await t.http().get('/api/queues/callbacks').set(bearer(both)).expect(200);
  });

  it('an Open311 report is listed; the personal data in a hotline title is not', async () => {
    const open311 = await t.http().post('/open311/v2/requests.json').type('form').send(open311Report(OPEN311_KEY)).expect(201);
    const code = (open311.body as { service_request_id: string }[])[0].service_request_id;
    await t.waitForProjections();
    const id = (await t.runtime.pool.query(`select petition_id from wz_rm.cases where tracking_code = $1`, [code])).rows[0]
      .petition_id as string;
    await post(`/api/petitions/${id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
    await post(`/api/petitions/${id}/dispatch`, tk.reviewer, { departmentId: DEPT_A }).expect(200);
    await post(`/api/petitions/${id}/acknowledge`, tk.handlerA).expect(200);
    await answer(id);
    const leaky = await hotline({ title: '张伟来电13812345678反映停水' });
    await answer(leaky.id);
    const items = await queue(50);
    expect(items.map((i) => i.petitionId)).toEqual(expect.arrayContaining([id, leaky.id]));
    const raw = JSON.stringify(items);
    for (const personal of ['13812345678', '张伟']) expect(raw).not.toContain(personal);
  });

  it('rated unsatisfied leaves; reopened stays out; answered again it comes back last, with the new respondedAt and reopenCount 1', async () => {
    const p = await hotline();
    await answer(p.id);
    const before = (await queue()).find((i) => i.petitionId === p.id)!;
    expect(before).toBeDefined();
    await post(`/api/petitions/${p.id}/rate`, tk.reviewer, { via: 'callback', satisfaction: 'unsatisfied' }).expect(200);
    expect((await queue()).map((i) => i.petitionId)).not.toContain(p.id);
    await post(`/api/petitions/${p.id}/reopen`, tk.supervisor, { reason: '群众不满意，重新办理' }).expect(200);
    expect((await queue()).map((i) => i.petitionId)).not.toContain(p.id);
    const between = await hotline();
    await answer(between.id);
    await answer(p.id);
    const items = await queue();
    const ids = items.map((i) => i.petitionId);
    expect(ids.filter((i) => i === p.id)).toHaveLength(1);
    const again = items.find((i) => i.petitionId === p.id)!;
    expect(Date.parse(again.respondedAt)).toBeGreaterThan(Date.parse(before.respondedAt));
    expect(again.reopenCount).toBe(1);
    expect(ids.indexOf(between.id)).toBeLessThan(ids.indexOf(p.id));
    expect(ids.at(-1)).toBe(p.id);
  });

  it('a case whose personal data was erased is not listed: its call-back is refused (409) and there is no phone to call', async () => {
    const p = await hotline();
    await answer(p.id);
    expect((await queue(50)).map((i) => i.petitionId)).toContain(p.id);
    await post(`/api/admin/petitions/${p.id}/erasure`, tk.admin, { reason: '本人申请删除个人信息' }).expect(200);
    const refused = await post(`/api/petitions/${p.id}/rate`, tk.reviewer, { via: 'callback', satisfaction: 'satisfied' });
    expect(refused.status).toBe(409);
    const unreachable = await post(`/api/petitions/${p.id}/rate`, tk.reviewer, { via: 'callback', outcome: 'unreachable', attempts: 3 });
    expect(unreachable.status).toBe(409);
    // The office is told to call back a case it can neither call nor record: it sits here until the watcher closes it unrated.
    expect((await queue(50)).map((i) => i.petitionId)).not.toContain(p.id);
  });

  it('a rebuild of petition_views gives the same queue and the same rated_by_call_back column as the live projection', async () => {
    const web = (await t.http().post('/api/petitions').send(submission()).expect(201)).body as { id: string };
    await t.waitForProjections();
    const live = await queue(3);
    const column = async () =>
      (await t.runtime.pool.query(`select petition_id, rated_by_call_back from wz_rm.cases order by petition_id`)).rows as unknown[];
    const liveColumn = await column();
    expect(liveColumn).toContainEqual({ petition_id: web.id, rated_by_call_back: false });
    await rebuildProjection(new PetitionViewsProjection(), rebuildOptionsOf(t, 7));
    await t.waitForProjections();
    expect(await column()).toEqual(liveColumn);
    const rebuilt = await queue(3);
    expect(rebuilt.map((i) => [i.petitionId, i.respondedAt])).toEqual(live.map((i) => [i.petitionId, i.respondedAt]));
  });
});
