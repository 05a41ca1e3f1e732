import { randomUUID } from 'node:crypto';
import { departments } from '@wenzheng/reference-data';
import { ProjectorService } from '@wenzheng/read-models';
import { createTestApp, TestApp } from '../setup/app';
import { DEPT_A, DEPT_B, Tokens, dispatched, submit, tokens } from '../setup/petitions';
import { bearer, mintToken } from '../setup/tokens';

let t: TestApp;
let tk: Tokens;

/** Waits until the projections have the newest stored event (see public-listing.e2e-spec.ts for why not t.waitForProjections). */
async function projected(): Promise<void> {
  const { rows } = await t.runtime.pool.query<{ tx: string; pos: string }>(
    `select transaction_id::text as tx, global_position::text as pos from wz_es.events order by transaction_id desc, global_position desc limit 1`,
  );
  if (rows[0]) await t.app.get(ProjectorService).projector.waitFor({ commit: BigInt(rows[0].tx), prepare: BigInt(rows[0].pos) }, 15_000);
}

const post = (path: string, token: string, body: object = {}) => t.http().post(path).set(bearer(token)).send(body);
const get = (path: string, token?: string) => {
  const r = t.http().get(path);
  return token ? r.set(bearer(token)) : r;
};
type Item = Record<string, any>;

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
});
afterAll(async () => t.close());

describe('GET /api/queues/review', () => {
  let first: { id: string };
  let second: { id: string };
  let returned: { id: string };
  let accepted: { id: string };
  let rejected: { id: string };

  beforeAll(async () => {
    first = await submit(t, { title: '第一件待审核' });
    second = await submit(t, { title: '张伟的第二件待审核' }); // names the citizen: listed as redacted when written
    returned = await dispatched(t, tk, DEPT_A);
    await post(`/api/petitions/${returned.id}/return`, tk.handlerA, { reason: '不属于本单位职责范围' }).expect(200);
    accepted = await dispatched(t, tk, DEPT_B);
    rejected = await submit(t, { title: '将被驳回' });
    await post(`/api/petitions/${rejected.id}/review`, tk.reviewer, { outcome: 'rejected', reason: '重复反映' }).expect(200);
    await projected();
  });

  it('lists cases awaiting review and returned cases awaiting re-dispatch, oldest first, and nothing else', async () => {
    const r = await get('/api/queues/review', tk.reviewer).expect(200);
    const items = r.body.items as Item[];
    const ids = items.map((i) => i.petitionId);
    expect(ids).toEqual([first.id, second.id, returned.id]);
    expect(ids).not.toContain(accepted.id);
    expect(ids).not.toContain(rejected.id);
    expect(items[0]).toEqual({
      petitionId: first.id,
      trackingCode: expect.stringMatching(/^WZ\d{8}-[0-9A-Z]{10}$/),
      title: '第一件待审核',
      status: 'submitted',
      kind: 'complaint',
      channel: 'web',
      addresseeType: 'mayor',
      confidential: false,
      publicConsent: true,
      submittedAt: expect.any(String),
      waitingSince: items[0].submittedAt,
      ageWorkingDays: expect.any(Number),
      reviewBy: expect.any(String),
      reviewOverdue: false,
      escalationLevel: 0,
    });
    expect(items[2]).not.toHaveProperty('reviewBy');
    expect(items[1].title).toMatch(/^张\*+的第二件待审核$/);
    expect(items[2].returned).toEqual({
      department: { id: DEPT_A, name: departments[0].name },
      reason: '不属于本单位职责范围',
      at: items[2].returnedAt,
    });
    expect(items[0].returned).toBeUndefined();
    expect(items[2]).toMatchObject({
      petitionId: returned.id,
      status: 'returned',
      returnedFromDepartmentId: DEPT_A,
      waitingSince: items[2].returnedAt,
    });
    const waiting = items.map((i) => Date.parse(i.waitingSince));
    expect([...waiting].sort((a, b) => a - b)).toEqual(waiting);
    expect(JSON.stringify(r.body)).not.toMatch(/张伟|13812345678|zhangwei@example\.com|33030219800101102X/); // no personal data
  });

  it('pages with limit and an opaque cursor, then leaves the queue once handled', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const r = await t
        .http()
        .get('/api/queues/review')
        .query({ limit: 1, ...(cursor ? { cursor } : {}) })
        .set(bearer(tk.reviewer))
        .expect(200);
      expect(r.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...r.body.items.map((i: Item) => i.petitionId));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([first.id, second.id, returned.id]);

    await post(`/api/petitions/${first.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
    await post(`/api/petitions/${returned.id}/dispatch`, tk.reviewer, { departmentId: DEPT_B }).expect(200);
    await projected();
    const after = await get('/api/queues/review', tk.reviewer).expect(200);
    expect(after.body.items.map((i: Item) => i.petitionId)).toEqual([second.id]);
  });

  it('reviewers only: a handler is 403, no token 401; bad limit or cursor 400 naming it', async () => {
    const forbidden = await get('/api/queues/review', tk.handlerA).expect(403);
    expect(forbidden.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    await get('/api/queues/review', tk.supervisor).expect(403);
    await get('/api/queues/review').expect(401);
    for (const [query, message] of [
      ['limit=0', /^limit: /],
      ['limit=201', /^limit: /],
      ['limit=x', /^limit: /],
      ['cursor=nonsense', /^cursor: invalid$/],
      ['offset=3', /^offset: unknown field/],
    ] as const) {
      const r = await get(`/api/queues/review?${query}`, tk.reviewer).expect(400);
      expect(r.body.message).toMatch(message);
    }
    // A cursor of the public listing is not one of this queue.
    const publicCursor = (await t.http().get('/api/public/petitions?limit=1').expect(200)).body.nextCursor as string;
    expect(publicCursor).toEqual(expect.any(String));
    const swapped = await get(`/api/queues/review?cursor=${publicCursor}`, tk.reviewer).expect(400);
    expect(swapped.body.message).toBe('cursor: invalid');
  });
});

describe('GET /api/queues/department', () => {
  let awaiting: { id: string };
  let inProgress: { id: string };
  let dueSoon: { id: string };
  let overdueId: string;
  let otherDepartment: { id: string };

  /** A case dispatched to DEPT_A long ago and acknowledged, its answer now overdue (written to the store as the deciders would). */
  async function overdueCase(): Promise<string> {
    const id = randomUUID();
    const day = 86_400_000;
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * day).toISOString();
    const meta = (n: number) => ({
      eventId: randomUUID(),
      commandId: randomUUID(),
      correlationId: `c-${id}`,
      causationId: `c-${id}`,
      occurredAt: at(30 - n),
      schemaVersion: 1,
      actor: { id: 'seed', role: n === 3 ? 'handler' : n === 0 ? 'citizen' : 'reviewer', ...(n === 3 ? { departmentId: DEPT_A } : {}) },
    });
    const events = [
      {
        type: 'PetitionSubmitted',
        data: {
          petitionId: id,
          at: at(30),
          trackingCode: 'WZ20260101-OVERDUE001',
          channel: 'hotline_12345',
          kind: 'complaint',
          addressee: { type: 'general' },
          title: '逾期件',
          content: '路灯损坏一个月无人修理。',
          citizen: { name: '陈静', phone: '13700001111' },
          publicConsent: false,
          submitter: { accessKeyHash: 'x' },
        },
      },
      { type: 'PetitionReviewed', data: { petitionId: id, at: at(29), outcome: 'accepted', confidential: false } },
      { type: 'PetitionDispatched', data: { petitionId: id, at: at(28), departmentId: DEPT_A, acknowledgeBy: at(27), respondBy: at(10) } },
      { type: 'PetitionAcknowledged', data: { petitionId: id, at: at(27.5), departmentId: DEPT_A, onTime: true, acknowledgeBy: at(27) } },
    ];
    await t.runtime.eventStore.appendToStream(
      `petition-${id}`,
      events.map((e, n) => ({ ...e, metadata: meta(n) })),
      { expectedRevision: 'no_stream' },
    );
    return id;
  }

  beforeAll(async () => {
    // 求助 cases must be answered within 1 working day here, so a fresh one is due soon.
    await t
      .http()
      .put('/api/admin/policies/help')
      .set(bearer(tk.admin))
      .send({
        acknowledgeWithinWorkingDays: 1,
        respondWithinWorkingDays: 1,
        escalateAfterOverdueWorkingDays: 3,
        maxExtensionWorkingDays: 15,
        rateWithinWorkingDays: 5,
        maxReopens: 1,
      })
      .expect(200);
    awaiting = await dispatched(t, tk, DEPT_A);
    inProgress = await dispatched(t, tk, DEPT_A);
    await post(`/api/petitions/${inProgress.id}/acknowledge`, tk.handlerA).expect(200);
    dueSoon = await submit(t, { kind: 'help', title: '独居老人求助' });
    await post(`/api/petitions/${dueSoon.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
    await post(`/api/petitions/${dueSoon.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A }).expect(200);
    overdueId = await overdueCase();
    otherDepartment = await dispatched(t, tk, DEPT_B);
    await projected();
  });

  it("shows the handler's department: awaiting acknowledgement, in progress, due within 2 working days, overdue", async () => {
    const r = await get('/api/queues/department', tk.handlerA).expect(200);
    const ids = (list: string) => (r.body[list] as Item[]).map((i) => i.petitionId);
    expect(r.body.departmentId).toBe(DEPT_A);
    expect(ids('awaitingAcknowledgement')).toEqual(expect.arrayContaining([awaiting.id, dueSoon.id]));
    expect(ids('awaitingAcknowledgement')).not.toContain(inProgress.id);
    expect(ids('inProgress')).toEqual(expect.arrayContaining([inProgress.id, overdueId]));
    expect(ids('inProgress')).not.toContain(awaiting.id);
    expect(ids('dueSoon')).toEqual([dueSoon.id]);
    expect(ids('overdue')).toEqual([overdueId]);
    for (const list of ['awaitingAcknowledgement', 'inProgress', 'dueSoon', 'overdue']) {
      expect(ids(list)).not.toContain(otherDepartment.id);
      expect(r.body.counts[list]).toBe(ids(list).length);
    }

    const soon = r.body.dueSoon[0] as Item;
    expect(soon).toEqual({
      petitionId: dueSoon.id,
      trackingCode: expect.any(String),
      title: '独居老人求助',
      ageWorkingDays: 0,
      nextDeadline: { kind: 'acknowledgement', due: soon.acknowledgeBy },
      status: 'dispatched',
      kind: 'help',
      dispatchedAt: expect.any(String),
      acknowledgeBy: expect.any(String),
      respondBy: expect.any(String),
      pendingExtension: false,
      escalationLevel: 0,
      reopenCount: 0,
      role: 'lead',
    });
    expect(Date.parse(soon.respondBy)).toBeGreaterThan(Date.now());
    expect(Date.parse(soon.respondBy)).toBeLessThanOrEqual(Date.parse(r.body.dueSoonUntil));
    const late = r.body.overdue[0] as Item;
    expect(late).toMatchObject({ petitionId: overdueId, status: 'in_progress', overdueWorkingDays: expect.any(Number) });
    expect(late.overdueWorkingDays).toBeGreaterThanOrEqual(5);
    expect(late).toMatchObject({ title: '逾期件', nextDeadline: { kind: 'response', due: late.respondBy } });
    expect(late.ageWorkingDays).toBeGreaterThanOrEqual(15);
    expect(JSON.stringify(r.body)).not.toMatch(/陈静|13700001111|张伟|13812345678/);
  });

  it("a handler of another department sees none of department A's cases", async () => {
    const r = await get('/api/queues/department', tk.handlerB).expect(200);
    const all = ['awaitingAcknowledgement', 'inProgress', 'dueSoon', 'overdue'].flatMap((l) =>
      (r.body[l] as Item[]).map((i) => i.petitionId),
    );
    for (const id of [awaiting.id, inProgress.id, dueSoon.id, overdueId]) expect(all).not.toContain(id);
    expect(r.body.awaitingAcknowledgement.map((i: Item) => i.petitionId)).toContain(otherDepartment.id);
  });

  it('a responded case leaves the lists', async () => {
    await post(`/api/petitions/${inProgress.id}/respond`, tk.handlerA, { answer: '已处理完毕。' }).expect(200);
    await projected();
    const r = await get('/api/queues/department', tk.handlerA).expect(200);
    for (const list of ['awaitingAcknowledgement', 'inProgress', 'dueSoon', 'overdue']) {
      expect((r.body[list] as Item[]).map((i) => i.petitionId)).not.toContain(inProgress.id);
    }
  });

  it('handlers only, with a department in the token; limit validated', async () => {
    await get('/api/queues/department', tk.reviewer).expect(403);
    await get('/api/queues/department').expect(401);
    const noDepartment = await mintToken({ roles: ['handler'], sub: 'handler-without-department' });
    const r = await get('/api/queues/department', noDepartment).expect(403);
    expect(r.body.message).toMatch(/departmentId/);
    const limited = await get('/api/queues/department?limit=1', tk.handlerA).expect(200);
    expect(limited.body.awaitingAcknowledgement).toHaveLength(1);
    expect(limited.body.counts.awaitingAcknowledgement).toBeGreaterThanOrEqual(2);
    for (const q of ['limit=0', 'limit=501', 'limit=abc'])
      expect((await get(`/api/queues/department?${q}`, tk.handlerA).expect(400)).body.message).toMatch(/^limit: /);
  });
});
