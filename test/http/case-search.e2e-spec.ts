import { categories, departments } from '@wenzheng/reference-data';
import { findPersonalData } from '@wenzheng/redaction';
import { DeadlineWatcher } from '@wenzheng/workers';
import { FakeClock } from '@wenzheng/petition-store';
import { createTestApp, TestApp } from '../setup/app';
import { shanghai, useFakeClock, waitForEveryEvent } from '../setup/clock';
import { DEPT_A, DEPT_B, Tokens, submission, submit, tokens } from '../setup/petitions';
import { bearer, mintToken } from '../setup/tokens';

let t: TestApp;
let tk: Tokens;
let clock: FakeClock;

const CATEGORY = categories[0].id;
const post = (path: string, token: string, body: object = {}) => t.http().post(path).set(bearer(token)).send(body);
const search = (query: Record<string, string | number | boolean>, token = tk.reviewer) =>
  t.http().get('/api/cases').query(query).set(bearer(token));
async function ids(query: Record<string, string | number | boolean>, token = tk.reviewer): Promise<string[]> {
  const r = await search(query, token).expect(200);
  return (r.body.items as Array<{ id: string }>).map((i) => i.id);
}

const cases: Record<string, { id: string; trackingCode: string; accessKey: string }> = {};

async function dispatch(id: string, departmentId: string) {
  await post(`/api/petitions/${id}/dispatch`, tk.reviewer, { departmentId }).expect(200);
}

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
  clock = useFakeClock(t.app, shanghai('2026-10-12T09:00:00')); // a Monday
  // noise: the hotline's caller, found by the number written any way
  cases.noise = await submit(t, {
    title: '夜间施工噪音扰民',
    content: '工地每晚11点后仍在施工。',
    citizen: { name: '王芳', phone: '13987654321' },
  });
  clock.set(shanghai('2026-10-13T09:00:00'));
  cases.water = await submit(t, { kind: 'consultation', channel: 'wechat' });
  await post(`/api/petitions/${cases.water.id}/review`, tk.reviewer, { outcome: 'accepted', categoryId: CATEGORY }).expect(200);
  await dispatch(cases.water.id, DEPT_A);
  clock.set(shanghai('2026-10-14T09:00:00'));
  cases.moved = await submit(t, { title: '路灯不亮' });
  await post(`/api/petitions/${cases.moved.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
  await dispatch(cases.moved.id, DEPT_A);
  await post(`/api/petitions/${cases.moved.id}/return`, tk.handlerA, { reason: '不属于本单位职责范围' }).expect(200);
  await dispatch(cases.moved.id, DEPT_B);
  clock.set(shanghai('2026-10-14T10:00:00'));
  cases.other = await submit(t, { title: '公交站台破损' });
  await post(`/api/petitions/${cases.other.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
  await dispatch(cases.other.id, DEPT_B);
  await post(`/api/petitions/${cases.other.id}/escalate`, tk.supervisor, { reason: '群众多次反映，请加快办理' }).expect(200);
  // 回应 deadline (1 working day) passes unacknowledged: the watcher lights the red light on water and moved
  clock.set(shanghai('2026-10-16T09:00:00'));
  await waitForEveryEvent(t.app, t.runtime.pool);
  await t.app.get(DeadlineWatcher).runOnce();
  await post(`/api/petitions/${cases.moved.id}/acknowledge`, tk.handlerB).expect(200); // met, late: no longer lit
  await waitForEveryEvent(t.app, t.runtime.pool);
});
afterAll(async () => t.close());

describe('GET /api/cases for the hotline office', () => {
  it('lists every case newest first with title (redacted copy), department, deadlines, red lights, age and a link', async () => {
    const r = await search({}).expect(200);
    expect(r.body.items.map((i: { id: string }) => i.id)).toEqual([cases.other.id, cases.moved.id, cases.water.id, cases.noise.id]);
    const water = r.body.items.find((i: { id: string }) => i.id === cases.water.id);
    expect(water).toEqual({
      id: cases.water.id,
      trackingCode: cases.water.trackingCode,
      title: '小区停水三天无人处理',
      status: 'dispatched',
      kind: 'consultation',
      channel: 'wechat',
      department: { id: DEPT_A, name: departments[0].name },
      categoryId: CATEGORY,
      categoryName: categories[0].name,
      submittedAt: shanghai('2026-10-13T09:00:00').toISOString(),
      deadlines: { acknowledgeBy: expect.any(String), respondBy: expect.any(String) },
      redLights: ['acknowledgement'],
      overdue: true,
      escalationLevel: expect.any(Number),
      pendingExtension: false,
      ageWorkingDays: 3,
      url: `/api/petitions/${cases.water.id}`,
    });
    const moved = r.body.items.find((i: { id: string }) => i.id === cases.moved.id);
    // acknowledged late: the missed deadline stays on record, the light is no longer lit
    expect(moved).toMatchObject({ status: 'in_progress', department: { id: DEPT_B }, redLights: ['acknowledgement'], overdue: false });
  });

  it('filters by each parameter', async () => {
    expect(await ids({ trackingCode: cases.water.trackingCode.toLowerCase() })).toEqual([cases.water.id]);
    expect(await ids({ q: '噪音' })).toEqual([cases.noise.id]);
    expect(await ids({ q: '工地' })).toEqual([cases.noise.id]); // a word of the content only
    expect(await ids({ q: '停水 人民路', kind: 'consultation' })).toEqual([cases.water.id]);
    expect(await ids({ status: 'submitted' })).toEqual([cases.noise.id]);
    expect(await ids({ kind: 'consultation' })).toEqual([cases.water.id]);
    expect(await ids({ channel: 'wechat' })).toEqual([cases.water.id]);
    expect(await ids({ departmentId: DEPT_B })).toEqual([cases.other.id, cases.moved.id]);
    expect(await ids({ departmentId: DEPT_B, status: 'in_progress' })).toEqual([cases.moved.id]);
    expect(await ids({ categoryId: CATEGORY })).toEqual([cases.water.id]);
    expect(await ids({ from: '2026-10-13', to: '2026-10-13' })).toEqual([cases.water.id]);
    expect(await ids({ to: '2026-10-12' })).toEqual([cases.noise.id]);
    expect(await ids({ overdue: true })).toEqual(expect.arrayContaining([cases.water.id]));
    expect(await ids({ overdue: true })).not.toContain(cases.moved.id);
    expect(await ids({ overdue: false })).toContain(cases.moved.id);
    expect(await ids({ escalated: true })).toContain(cases.other.id);
    expect(await ids({ escalated: false })).toEqual(expect.arrayContaining([cases.noise.id, cases.moved.id]));
    expect(await ids({ escalated: false })).not.toContain(cases.other.id);
  });

  it('finds a caller by phone however the number is written', async () => {
    for (const phone of ['13987654321', '139 8765 4321', '+86 13987654321', '0086-139-8765-4321', '１３９８７６５４３２１']) {
      expect(await ids({ phone })).toEqual([cases.noise.id]);
    }
    expect(await ids({ phone: '13812345678' })).toEqual([cases.other.id, cases.moved.id, cases.water.id]);
    expect(await ids({ phone: '13700000000' })).toEqual([]);
  });

  it('pages with an opaque cursor; a tampered one is 400', async () => {
    const first = await search({ limit: 3 }).expect(200);
    expect(first.body.items).toHaveLength(3);
    const second = await search({ limit: 3, cursor: first.body.nextCursor }).expect(200);
    expect(second.body.items.map((i: { id: string }) => i.id)).toEqual([cases.noise.id]);
    expect(second.body.nextCursor).toBeUndefined();
    const [body, mac] = String(first.body.nextCursor).split('.');
    const forged = `${Buffer.from(JSON.stringify(['2030-01-01T00:00:00.000000Z', cases.other.id])).toString('base64url')}.${mac}`;
    for (const cursor of [forged, `${body}.${'A'.repeat(16)}`, 'abc']) {
      const r = await search({ cursor }).expect(400);
      expect(r.body.message).toMatch(/cursor/);
    }
    // a cursor of another listing is not one of this
    const review = await t.http().get('/api/queues/review').query({ limit: 1 }).set(bearer(tk.reviewer)).expect(200);
    if (review.body.nextCursor) await search({ cursor: review.body.nextCursor }).expect(400);
  });

  it('answers bad parameters 400 naming the field', async () => {
    const bad: Array<[Record<string, string>, RegExp]> = [
      [{ trackingCode: 'WZ2026-XYZ' }, /trackingCode/],
      [{ phone: '12345' }, /phone/],
      [{ phone: '13812345678 或 13912345678' }, /phone/],
      [{ status: 'lost' }, /status/],
      [{ kind: 'gripe' }, /kind/],
      [{ channel: 'fax' }, /channel/],
      [{ departmentId: 'zfj' }, /departmentId/],
      [{ departmentId: '00000000-0000-4000-8000-000000000000' }, /departmentId/],
      [{ categoryId: 'x' }, /categoryId/],
      [{ from: '2026-13-01' }, /from/],
      [{ from: '2026-10-20', to: '2026-10-01' }, /to/],
      [{ overdue: 'yes' }, /overdue/],
      [{ escalated: '1' }, /escalated/],
      [{ limit: '0' }, /limit/],
      [{ limit: '101' }, /limit/],
      [{ q: 'a'.repeat(101) }, /q/],
      [{ sort: 'title' }, /sort/],
    ];
    for (const [query, field] of bad) {
      const r = await search(query);
      expect([r.status, query]).toEqual([400, query]);
      expect(r.body.message).toMatch(field);
    }
  });

  it('is for staff: no token 401, a citizen or admin 403; supervisors and auditors search all but not by phone', async () => {
    await t.http().get('/api/cases').expect(401);
    await search({}, await mintToken({ roles: ['citizen'], sub: 'c-1' })).expect(403);
    await search({}, tk.admin).expect(403);
    expect(await ids({}, tk.supervisor)).toHaveLength(4);
    expect(await ids({ trackingCode: cases.moved.trackingCode }, tk.auditor)).toEqual([cases.moved.id]);
    const r = await search({ phone: '13812345678' }, tk.auditor).expect(403);
    expect(r.body.message).toMatch(/phone/);
  });
});

describe('GET /api/cases for a department', () => {
  it('finds only the cases ever dispatched to the handler’s department', async () => {
    expect(await ids({}, tk.handlerA)).toEqual([cases.moved.id, cases.water.id]); // moved was returned by A: still ever dispatched
    expect(await ids({}, tk.handlerB)).toEqual([cases.other.id, cases.moved.id]);
    expect(await ids({ q: '噪音' }, tk.handlerA)).toEqual([]);
    expect(await ids({ trackingCode: cases.other.trackingCode }, tk.handlerA)).toEqual([]);
    await search({}, await mintToken({ roles: ['handler'] })).expect(403);
  });

  it('finds by phone only among the cases currently theirs', async () => {
    expect(await ids({ phone: '13812345678' }, tk.handlerA)).toEqual([cases.water.id]); // not moved: returned away
    expect(await ids({ phone: '13812345678' }, tk.handlerB)).toEqual([cases.other.id, cases.moved.id]);
  });
});

describe('an original lists its duplicates', () => {
  it('staff see the duplicates of a case in its view and in search results; the citizen does not', async () => {
    const dup = await submit(t, { title: '又是停水' });
    await post(`/api/petitions/${dup.id}/review`, tk.reviewer, {
      outcome: 'duplicate',
      reason: '与已受理件重复',
      duplicateOf: cases.water.id,
    }).expect(200);
    await waitForEveryEvent(t.app, t.runtime.pool);
    const staff = await t.http().get(`/api/petitions/${cases.water.id}`).set(bearer(tk.reviewer)).expect(200);
    expect(staff.body.duplicates).toEqual([{ id: dup.id, trackingCode: dup.trackingCode }]);
    const masked = await t.http().get(`/api/petitions/${cases.water.id}`).set(bearer(tk.supervisor)).expect(200);
    expect(masked.body.duplicates).toEqual([{ id: dup.id, trackingCode: dup.trackingCode }]);
    const citizen = await t.http().get(`/api/petitions/${cases.water.id}`).set('X-Access-Key', cases.water.accessKey).expect(200);
    expect(citizen.body.duplicates).toBeUndefined();
    const found = await search({ trackingCode: dup.trackingCode }).expect(200);
    expect(found.body.items[0]).toMatchObject({ status: 'closed', duplicateOf: cases.water.id });
    const other = await t.http().get(`/api/petitions/${cases.other.id}`).set(bearer(tk.reviewer)).expect(200);
    expect(other.body.duplicates).toEqual([]);
  });
});

describe('personal data', () => {
  it('no read-model table holds a phone number, in clear or as digits', async () => {
    const { rows: columns } = await t.runtime.pool.query<{ table_name: string; column_name: string }>(
      `select table_name, column_name from information_schema.columns
        where table_schema = 'wz_rm' and data_type in ('text', 'character varying', 'jsonb', 'json', 'ARRAY', 'tsvector')`,
    );
    expect(columns.some((c) => c.column_name === 'phone_index')).toBe(true);
    const found: string[] = [];
    for (const { table_name: table, column_name: column } of columns) {
      const { rows } = await t.runtime.pool.query<{ v: string }>(
        `select "${column}"::text as v from wz_rm."${table}" where "${column}" is not null`,
      );
      for (const { v } of rows) {
        for (const m of findPersonalData(v)) if (m.kind === 'mobile' || m.kind === 'landline') found.push(`${table}.${column}: ${m.match}`);
        if (/13812345678|13987654321/.test(v.replace(/\D/g, ''))) found.push(`${table}.${column}: digits`);
      }
    }
    expect(found).toEqual([]);
  });

  it('after erasure the case is no longer found by its phone, and still by everything else', async () => {
    await post(`/api/admin/petitions/${cases.noise.id}/erasure`, tk.admin, { reason: 'PIPL-2026-042 删除请求' }).expect(200);
    await waitForEveryEvent(t.app, t.runtime.pool);
    expect(await ids({ phone: '13987654321' })).toEqual([]);
    expect(await ids({ trackingCode: cases.noise.trackingCode })).toEqual([cases.noise.id]);
    const { rows } = await t.runtime.pool.query(
      `select count(*)::int as n from wz_rm.cases where petition_id = $1 and phone_index is not null`,
      [cases.noise.id],
    );
    expect(rows[0].n).toBe(0);
  });
});

describe('the channel filter (来源渠道), attacked', () => {
  const raw = (query: string, token = tk.reviewer) => t.http().get(`/api/cases?${query}`).set(bearer(token));
  let call: { id: string };

  beforeAll(async () => {
    // A 12345 call, entered by the office; accepted and dispatched to B.
    const r = await t
      .http()
      .post('/api/petitions')
      .set(bearer(tk.reviewer))
      .send(submission({ channel: 'hotline_12345' }))
      .expect(201);
    call = r.body as { id: string };
    await post(`/api/petitions/${call.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
    await dispatch(call.id, DEPT_B);
    await waitForEveryEvent(t.app, t.runtime.pool);
  });

  it('finds the cases of one channel, alone and with other filters, page after page', async () => {
    expect(await ids({ channel: 'hotline_12345' })).toEqual([call.id]);
    expect(await ids({ channel: 'hotline_12345', departmentId: DEPT_B, status: 'dispatched' })).toEqual([call.id]);
    expect(await ids({ channel: 'hotline_12345', status: 'submitted' })).toEqual([]);
    expect(await ids({ channel: 'email' })).toEqual([]);
    const web = await ids({ channel: 'web' });
    expect(web).toEqual(expect.arrayContaining([cases.other.id, cases.moved.id]));
    expect(web).not.toContain(call.id);
    expect(web).not.toContain(cases.water.id);
    const first = await search({ channel: 'web', limit: 1 }).expect(200);
    const second = await search({ channel: 'web', limit: 1, cursor: first.body.nextCursor }).expect(200);
    expect([...first.body.items, ...second.body.items].map((i: { id: string }) => i.id)).toEqual(web.slice(0, 2));
    expect(second.body.items.every((i: { channel: string }) => i.channel === 'web')).toBe(true);
  });

  it('does not widen a department’s search', async () => {
    expect(await ids({ channel: 'hotline_12345' }, tk.handlerB)).toEqual([call.id]);
    expect(await ids({ channel: 'hotline_12345' }, tk.handlerA)).toEqual([]);
    expect(await ids({ channel: 'wechat' }, tk.handlerB)).toEqual([]);
    expect(await ids({ channel: 'wechat' }, tk.handlerA)).toEqual([cases.water.id]);
    await search({ channel: 'web' }, await mintToken({ roles: ['citizen'], sub: 'c-1' })).expect(403);
    await search({ channel: 'web' }, tk.admin).expect(403);
    await t.http().get('/api/cases?channel=web').expect(401);
  });

  it.each([
    ['repeated', 'channel=web&channel=wechat'],
    ['repeated, same value', 'channel=web&channel=web'],
    ['repeated, one empty', 'channel=&channel=web'],
    ['empty', 'channel='],
    ['upper case', 'channel=WEB'],
    ['full-width letters', `channel=${encodeURIComponent('ｗｅｂ')}`],
    ['a zero-width space', `channel=${encodeURIComponent('web\u200b')}`],
    ['trailing space', 'channel=web%20'],
    ['a Chinese label', `channel=${encodeURIComponent('微信')}`],
    ['Cyrillic look-alike', `channel=${encodeURIComponent('wеchat')}`],
    ['NUL', 'channel=web%00'],
    ['SQL', `channel=${encodeURIComponent("web' or '1'='1")}`],
    ['the values joined', 'channel=web,wechat'],
  ])('answers a bad channel (%s) 400 naming the field and its rule', async (_, query) => {
    const r = await raw(query);
    expect([r.status, query]).toEqual([400, query]);
    expect(r.body.message).toMatch(/^channel: /);
    expect(r.body.message).toMatch(/web, hotline_12345, wechat, weibo, app, email|NUL/);
  });

  it.each([
    ['bracketed', 'channel[]=web', /channel\[\]: unknown field/],
    ['indexed', 'channel[0]=web', /channel\[0\]: unknown field/],
    ['as an object', 'channel[x]=web', /channel\[x\]: unknown field/],
    ['a lone surrogate', 'channel=%ED%A0%80', /query: /],
    ['bytes that are not UTF-8', 'channel=%FF', /query: /],
  ])('refuses a channel sent %s, 400 naming what is wrong', async (_, query, message) => {
    const r = await raw(query);
    expect([r.status, query]).toEqual([400, query]);
    expect(r.body.message).toMatch(message);
  });
});
