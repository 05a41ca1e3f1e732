import { rebuildProjection } from '@wenzheng/projector';
import { departments } from '@wenzheng/reference-data';
import { DeadlineWatcher } from '@wenzheng/workers';
import { PetitionEventCodec } from '@wenzheng/petition-store';
import { FakeClock } from '@wenzheng/petition-store';
import { supervisorInboxProjection, supervisorInboxTable } from '@wenzheng/read-models';
import { createTestApp, TestApp } from '../setup/app';
import { shanghai, useFakeClock, waitForEveryEvent } from '../setup/clock';
import { DEPT_A, Tokens, dispatched, submit, tokens } from '../setup/petitions';
import { bearer, mintToken } from '../setup/tokens';

// The supervision office's inbox on the official 2026 calendar: 国庆 Oct 1–7 off, Sat Oct 10 worked.

let t: TestApp;
let tk: Tokens;
let clock: FakeClock;

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
  clock = useFakeClock(t.app, shanghai('2026-09-29T10:00:00'));
});
afterAll(() => t.close());

const at = (local: string) => clock.set(shanghai(local));
const endOf = (day: string) => shanghai(`${day}T23:59:59.999`).toISOString();
const post = (path: string, token: string, body: object = {}) => t.http().post(path).set(bearer(token)).send(body);

interface Action {
  method: string;
  href: string;
  role: string;
}
interface Item {
  kind: string;
  petitionId: string;
  trackingCode: string;
  title: string;
  decision: string;
  since: string;
  dueBy?: string;
  department?: { id: string; name?: string };
  detail: Record<string, unknown>;
  links: { petition: string; act: Action; alternatives?: Action[] };
}

async function inbox(query = '', local?: string): Promise<{ items: Item[]; counts: Record<string, number>; nextCursor?: string }> {
  if (local) at(local);
  await waitForEveryEvent(t.app, t.runtime.pool);
  const res = await t.http().get(`/api/inbox/supervisor${query}`).set(bearer(tk.supervisor)).expect(200);
  return res.body;
}
async function answered() {
  const p = await dispatched(t, tk);
  await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
  await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: '已处理。' }).expect(200);
  return p;
}
const rate = (p: { id: string; accessKey: string }, satisfaction: string) =>
  t.http().post(`/api/petitions/${p.id}/rate`).set('X-Access-Key', p.accessKey).send({ satisfaction });
const itemsOf = async (id: string, local?: string) => (await inbox('?limit=200', local)).items.filter((i) => i.petitionId === id);
const kindsOf = async (id: string, local?: string) => (await itemsOf(id, local)).map((i) => i.kind).sort();

describe('GET /api/inbox/supervisor: each item appears and disappears as the case moves', () => {
  it('an extension request: listed with the decision date after 国庆 (end of 10-08), gone once decided', async () => {
    at('2026-09-29T10:00:00');
    const p = await dispatched(t, tk); // respondBy the end of 10-15
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    at('2026-09-30T15:00:00');
    await post(`/api/petitions/${p.id}/extension-request`, tk.handlerA, {
      reason: '需多部门联合现场核查',
      requestedRespondBy: '2026-10-23',
    }).expect(200);

    const [item] = await itemsOf(p.id);
    expect(item).toEqual({
      kind: 'extension_request',
      petitionId: p.id,
      trackingCode: p.trackingCode,
      title: '小区停水三天无人处理',
      department: { id: DEPT_A, name: departments[0].name },
      since: shanghai('2026-09-30T15:00:00').toISOString(),
      decision: 'decide_extension',
      dueBy: endOf('2026-10-08'),
      detail: { requestedRespondBy: endOf('2026-10-23'), currentRespondBy: endOf('2026-10-15') },
      links: {
        petition: `/api/petitions/${p.id}`,
        act: { method: 'POST', href: `/api/petitions/${p.id}/extension-decision`, role: 'supervisor' },
      },
    });
    at('2026-10-08T09:00:00');
    await post(`/api/petitions/${p.id}/extension-decision`, tk.supervisor, { approved: true }).expect(200);
    expect(await kindsOf(p.id)).toEqual([]);
  });

  it('a red light on signing for the case shows once its deadline (end of 10-08) has passed, before any watcher runs; gone once signed', async () => {
    at('2026-09-30T16:00:00');
    const p = await dispatched(t, tk);
    expect(await kindsOf(p.id, '2026-10-08T23:59:59')).toEqual([]);
    const [red] = await itemsOf(p.id, '2026-10-09T00:00:01');
    expect(red).toMatchObject({
      kind: 'red_light',
      decision: 'follow_up_red_light',
      since: endOf('2026-10-08'),
      detail: { deadline: 'acknowledgement' },
    });
    expect(red.dueBy).toBeUndefined();
    expect(red.links.act).toEqual({ method: 'POST', href: `/api/petitions/${p.id}/escalate`, role: 'supervisor' });
    at('2026-10-09T09:00:00');
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    expect(await kindsOf(p.id)).toEqual([]); // the answer is due later
  });

  it('a pending extension request protects the response deadline; refused after it, the red light shows at once; answered, it goes', async () => {
    at('2026-09-29T10:00:00');
    const p = await dispatched(t, tk);
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    at('2026-10-14T17:00:00'); // the working day before respondBy 10-15
    await post(`/api/petitions/${p.id}/extension-request`, tk.handlerA, { reason: '需调取档案', requestedRespondBy: '2026-10-22' }).expect(
      200,
    );
    const pending = await itemsOf(p.id, '2026-10-15T23:59:59'); // undecided, and the deadline passed in the night: still no red light
    expect(pending.map((i) => [i.kind, i.dueBy])).toEqual([['extension_request', endOf('2026-10-15')]]);
    expect(await kindsOf(p.id, '2026-10-16T08:00:00')).toEqual(['extension_request']);
    at('2026-10-16T08:30:00');
    await post(`/api/petitions/${p.id}/extension-decision`, tk.supervisor, { approved: false, reason: '期限内可办结' }).expect(200);
    const [red] = await itemsOf(p.id);
    expect(red).toMatchObject({ kind: 'red_light', since: endOf('2026-10-15'), detail: { deadline: 'response' } });
    at('2026-10-16T10:00:00');
    await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: '已协调水务集团抢修，供水已恢复。' }).expect(200);
    expect(await kindsOf(p.id)).toEqual([]);
  });

  it('an automatic 督办 waits until the department answers', async () => {
    at('2026-09-29T10:00:00');
    const p = await dispatched(t, tk);
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    at('2026-10-21T00:00:01'); // overdue by more than 3 working days
    await waitForEveryEvent(t.app, t.runtime.pool);
    await t.app.get(DeadlineWatcher).runOnce();
    const items = await itemsOf(p.id);
    expect(items.map((i) => i.kind).sort()).toEqual(['auto_escalation', 'red_light']);
    expect(items.find((i) => i.kind === 'auto_escalation')).toMatchObject({
      decision: 'follow_up_escalation',
      since: shanghai('2026-10-21T00:00:01').toISOString(),
      detail: { level: 1, respondBy: endOf('2026-10-15') },
    });
    at('2026-10-21T10:00:00');
    await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: '已协调水务集团抢修，供水已恢复。' }).expect(200);
    expect(await kindsOf(p.id)).toEqual([]);
  });

  it('an unsatisfied rating waits for a reopen; reopened, it goes', async () => {
    at('2026-11-02T09:00:00');
    const p = await dispatched(t, tk);
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: '已处理。' }).expect(200);
    at('2026-11-03T09:00:00');
    await t
      .http()
      .post(`/api/petitions/${p.id}/rate`)
      .set('X-Access-Key', p.accessKey)
      .send({ satisfaction: 'unsatisfied', comment: '仍然停水' })
      .expect(200);
    const [item] = await itemsOf(p.id);
    expect(item).toMatchObject({
      kind: 'unsatisfied_rating',
      decision: 'reopen_or_close',
      since: shanghai('2026-11-03T09:00:00').toISOString(),
      detail: { reopenCount: 0 },
      links: {
        act: { href: `/api/petitions/${p.id}/reopen`, role: 'supervisor' },
        alternatives: [{ method: 'POST', href: `/api/petitions/${p.id}/close`, role: 'supervisor' }],
      },
    });
    await post(`/api/petitions/${p.id}/reopen`, tk.supervisor, { reason: '群众反映问题未解决' }).expect(200);
    expect(await kindsOf(p.id)).toEqual([]);
  });

  it('an unsatisfied rating closed by the supervisor instead: closed as rated with the reason, and it goes', async () => {
    at('2026-11-02T09:00:00');
    const p = await answered();
    at('2026-11-03T09:00:00');
    await rate(p, 'unsatisfied').expect(200);
    expect(await kindsOf(p.id)).toEqual(['unsatisfied_rating']);

    const forbidden = await post(`/api/petitions/${p.id}/close`, tk.handlerA, { reason: '已解释' }).expect(403);
    expect(forbidden.body.message).toContain('supervisor');
    expect(JSON.stringify((await post(`/api/petitions/${p.id}/close`, tk.supervisor, {}).expect(400)).body)).toContain('reason');

    at('2026-11-04T10:00:00');
    const closed = await post(`/api/petitions/${p.id}/close`, tk.supervisor, { reason: '已按政策答复并解释，不予重办' }).expect(200);
    expect(closed.body).toMatchObject({ id: p.id, closeReason: 'rated' });
    const view = await t.http().get(`/api/petitions/${p.id}`).set(bearer(tk.supervisor)).expect(200);
    expect(view.body).toMatchObject({ status: 'closed', closeReason: 'rated' });
    const own = await t.http().get(`/api/petitions/${p.id}`).set('X-Access-Key', p.accessKey).expect(200);
    for (const steps of [view.body.steps, own.body.steps]) {
      expect(steps.at(-1)).toMatchObject({ step: 'closed', reason: 'rated', note: '已按政策答复并解释，不予重办' });
    }
    const { rows } = await t.runtime.pool.query(
      `select data, metadata from wz_es.events where stream_id = $1 and type = 'PetitionClosed'`,
      [`petition-${p.id}`],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].data).toMatchObject({ reason: 'rated', note: '已按政策答复并解释，不予重办' });
    expect(rows[0].metadata.actor).toMatchObject({ role: 'supervisor' });
    expect(await kindsOf(p.id)).toEqual([]);
    await post(`/api/petitions/${p.id}/reopen`, tk.supervisor, { reason: '改为重办' }).expect(409);
  });

  it('close is 409 on a case answered and not rated, and on one rated satisfied', async () => {
    at('2026-11-05T09:00:00');
    const notRated = await answered();
    const r = await post(`/api/petitions/${notRated.id}/close`, tk.supervisor, { reason: '已解释' }).expect(409);
    expect(r.body.message).toContain('responded');
    const satisfied = await answered();
    await rate(satisfied, 'satisfied').expect(200);
    expect((await post(`/api/petitions/${satisfied.id}/close`, tk.supervisor, { reason: '已解释' }).expect(409)).body.message).toContain(
      'closed',
    );
  });

  it('a return shows after more than a working day (Sat 10-10 is one), with the re-dispatch date; re-dispatched, it goes', async () => {
    at('2026-10-09T10:00:00');
    const p = await dispatched(t, tk);
    await post(`/api/petitions/${p.id}/return`, tk.handlerA, { reason: '不属于本单位职责' }).expect(200);
    expect(await kindsOf(p.id, '2026-10-10T23:59:59')).toEqual([]);
    const [item] = await itemsOf(p.id, '2026-10-11T00:00:01');
    expect(item).toMatchObject({
      kind: 'returned',
      decision: 'redispatch',
      since: shanghai('2026-10-09T10:00:00').toISOString(),
      dueBy: endOf('2026-10-10'),
      department: { id: DEPT_A },
      links: { act: { href: `/api/petitions/${p.id}/dispatch`, role: 'reviewer' } },
    });
    // returned the day before 国庆: the next working day is 10-08, so it waits unlisted through the holiday
    at('2026-09-30T11:00:00');
    const q = await dispatched(t, tk);
    await post(`/api/petitions/${q.id}/return`, tk.handlerA, { reason: '不属于本单位职责' }).expect(200);
    expect(await kindsOf(q.id, '2026-10-08T23:59:59')).toEqual([]);
    expect(await kindsOf(q.id, '2026-10-09T00:00:00')).toEqual(['returned']);

    at('2026-10-12T09:00:00');
    await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: departments[1].id }).expect(200);
    expect(await kindsOf(p.id)).toEqual([]);
  });
});

describe('order, filter, pages and counts', () => {
  it('oldest first across kinds; ?kind= filters; limit and cursor walk every item once; counts per kind match', async () => {
    const all = await inbox('?limit=200', '2026-12-01T09:00:00');
    expect(all.nextCursor).toBeUndefined();
    const sinces = all.items.map((i) => i.since);
    expect(sinces).toEqual([...sinces].sort());
    expect(all.items.length).toBeGreaterThan(2);
    const counted = Object.fromEntries(
      ['extension_request', 'unsatisfied_rating', 'red_light', 'auto_escalation', 'returned'].map((k) => [
        k,
        all.items.filter((i) => i.kind === k).length,
      ]),
    );
    expect(all.counts).toEqual(counted);

    const walked: Item[] = [];
    let cursor: string | undefined;
    do {
      const page = await inbox(`?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(1);
      walked.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(walked).toEqual(all.items);

    const returned = await inbox('?kind=returned&limit=200');
    expect(returned.items.length).toBe(all.counts.returned);
    expect(returned.items.every((i) => i.kind === 'returned')).toBe(true);
    expect(returned.counts).toEqual(all.counts);

    const first = await inbox('?limit=1');
    const bad = await t.http().get(`/api/inbox/supervisor?kind=returned&cursor=${first.nextCursor}`).set(bearer(tk.supervisor)).expect(400);
    expect(bad.body.message).toContain('cursor');
  });

  it('the titles are the published (redacted) copies: no personal data in any item', async () => {
    at('2026-12-01T09:00:00');
    const p = await submit(t, { title: '张伟反映13812345678小区停水' });
    await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
    await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A }).expect(200);
    await post(`/api/petitions/${p.id}/return`, tk.handlerA, { reason: '不属于本单位职责' }).expect(200);
    const [item] = await itemsOf(p.id, '2026-12-03T09:00:00');
    expect(item.kind).toBe('returned');
    expect(item.title).not.toContain('13812345678');
    expect(item.title).not.toContain('张伟');
    const { rows } = await t.runtime.pool.query(
      `select row_to_json(i)::text as j from ${supervisorInboxTable()} i union all select state::text from wz_rm.supervisor_inbox_cases`,
    );
    const stored = rows.map((r) => r.j).join('\n');
    expect(stored).not.toContain('13812345678');
    expect(stored).not.toContain('张伟');
  });

  it('/metrics counts the items per kind', async () => {
    const { counts } = await inbox();
    const metrics = await t.http().get('/metrics').expect(200);
    for (const [kind, n] of Object.entries(counts)) expect(metrics.text).toContain(`wz_supervisor_inbox_items{kind="${kind}"} ${n}`);
  });
});

describe('access and bad input', () => {
  it('401 without a token; 403 for reviewers, handlers, auditors and citizens', async () => {
    await t.http().get('/api/inbox/supervisor').expect(401);
    const citizen = await mintToken({ roles: ['citizen'], sub: 'citizen-1' });
    for (const token of [tk.reviewer, tk.handlerA, tk.auditor, citizen])
      await t.http().get('/api/inbox/supervisor').set(bearer(token)).expect(403);
  });

  it('400 naming the field for a bad kind, limit or cursor', async () => {
    const get = (q: string) => t.http().get(`/api/inbox/supervisor${q}`).set(bearer(tk.supervisor)).expect(400);
    expect(JSON.stringify((await get('?kind=everything')).body)).toContain('kind');
    expect(JSON.stringify((await get('?limit=0')).body)).toContain('limit');
    expect(JSON.stringify((await get('?cursor=abc.def')).body)).toContain('cursor');
  });
});

describe('rebuild', () => {
  it('a rebuild from the log yields the same inbox', async () => {
    const before = await inbox('?limit=200', '2026-12-05T09:00:00');
    const snapshot = async () => (await t.runtime.pool.query(`select * from ${supervisorInboxTable()} order by petition_id, kind`)).rows;
    const rows = await snapshot();
    expect(rows.length).toBeGreaterThan(0);
    const codec = t.app.get(PetitionEventCodec);
    await rebuildProjection(supervisorInboxProjection, {
      pool: t.runtime.pool,
      store: t.runtime.eventStore,
      decode: codec.projectionDecoder,
    });
    expect(await snapshot()).toEqual(rows);
    expect(await inbox('?limit=200')).toEqual(before);
  });
});
