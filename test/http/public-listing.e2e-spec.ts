import { categories, departments } from '@wenzheng/reference-data';
import { findPersonalData } from '@wenzheng/redaction';
import { ProjectorService } from '@wenzheng/read-models';
import { createTestApp, TestApp } from '../setup/app';
import { DEPT_A, DEPT_B, Tokens, submit, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

let t: TestApp;
let tk: Tokens;

/**
 * Waits until the projections have the newest stored event. t.waitForProjections() reads the head
 * through the store, which hides transactions newer than the oldest open one (the projector's own
 * batch transaction, say), so it can return before the last command's events are projected.
 */
async function projected(): Promise<void> {
  const { rows } = await t.runtime.pool.query<{ tx: string; pos: string }>(
    `select transaction_id::text as tx, global_position::text as pos from wz_es.events order by transaction_id desc, global_position desc limit 1`,
  );
  if (rows[0]) await t.app.get(ProjectorService).projector.waitFor({ commit: BigInt(rows[0].tx), prepare: BigInt(rows[0].pos) }, 15_000);
}

const CATEGORY = categories[1]; // 供水供电
const CITIZEN = { name: '张伟', phone: '13812345678', idNumber: '33030219800101102X', email: 'zhangwei@example.com' };
const RAW = [CITIZEN.name, CITIZEN.phone, CITIZEN.idNumber, CITIZEN.email, '13911112222'];

type Item = Record<string, any>;
const post = (path: string, token: string | undefined, body: object = {}) => {
  const r = t.http().post(path).send(body);
  return token ? r.set(bearer(token)) : r;
};
const list = (query: Record<string, string | number> = {}) => t.http().get('/api/public/petitions').query(query);

async function accepted(overrides: Record<string, unknown> = {}, review: Record<string, unknown> = {}) {
  const p = await submit(t, overrides);
  await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'accepted', ...review }).expect(200);
  return p;
}

/** Every page of the listing for a query, following nextCursor. */
async function walk(query: Record<string, string | number>): Promise<{ items: Item[]; pages: number }> {
  const items: Item[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const r = await list({ ...query, ...(cursor ? { cursor } : {}) }).expect(200);
    items.push(...r.body.items);
    cursor = r.body.nextCursor;
    pages++;
    expect(pages).toBeLessThan(100);
  } while (cursor);
  return { items, pages };
}

type Submitted = Awaited<ReturnType<typeof submit>>;
let water: Submitted;
let noise: Submitted;
let confidential: Submitted;
let unconsented: Submitted;
let unreviewed: Submitted;
let rejected: Submitted;
const fillers: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();

  water = await accepted(
    {
      citizen: CITIZEN,
      title: '张伟反映小区停水三天',
      content:
        '我是张伟，电话13812345678，身份证33030219800101102X，邮箱zhangwei@example.com。鹿城区人民路小区从10月12日起停水三天，物业和水务公司都说不归他们管。',
      location: '鹿城区人民路123号',
    },
    { categoryId: CATEGORY.id },
  );
  await post(`/api/petitions/${water.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A }).expect(200);
  await post(`/api/petitions/${water.id}/acknowledge`, tk.handlerA).expect(200);
  await post(`/api/petitions/${water.id}/respond`, tk.handlerA, {
    answer: '张伟您好，已协调水务集团恢复供水，如有问题请拨打13812345678回访。',
  }).expect(200);
  await post(`/api/petitions/${water.id}/comments`, undefined, { text: '同小区，也停水了，我电话13911112222' }).expect(200);

  noise = await accepted({ kind: 'suggestion', title: '工地夜间施工', content: '工地夜间施工噪音扰民，严重影响休息，建议限制作业时间。' });
  await post(`/api/petitions/${noise.id}/dispatch`, tk.reviewer, { departmentId: DEPT_B }).expect(200);

  confidential = await accepted({ title: '涉密反映停水' }, { confidential: true });
  unconsented = await accepted({ title: '不公开的停水反映', publicConsent: false });
  unreviewed = await submit(t, { title: '尚未审核的停水反映' });
  rejected = await submit(t, { title: '被驳回的停水反映' });
  await post(`/api/petitions/${rejected.id}/review`, tk.reviewer, { outcome: 'rejected', reason: '不属于受理范围' }).expect(200);

  for (let i = 0; i < 12; i++)
    fillers.push((await accepted({ title: `道路破损第${i}处`, content: `人民路第${i}段路面破损，请修复。` })).trackingCode);
  await projected();
}, 120_000);
afterAll(async () => t.close());

describe('GET /api/public/petitions', () => {
  it('lists accepted public cases only, newest first, redacted, without personal data', async () => {
    const { items } = await walk({ limit: 100 });
    const codes = items.map((i) => i.trackingCode);
    expect(codes).toEqual(expect.arrayContaining([water.trackingCode, noise.trackingCode, ...fillers]));
    for (const hidden of [confidential, unconsented, unreviewed, rejected]) expect(codes).not.toContain(hidden.trackingCode);
    expect(items).toHaveLength(14);
    const times = items.map((i) => Date.parse(i.submittedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const w = items.find((i) => i.trackingCode === water.trackingCode) as Item;
    expect(w).toEqual({
      trackingCode: water.trackingCode,
      status: 'responded',
      kind: 'complaint',
      channel: 'web',
      department: { id: DEPT_A, name: departments[0].name },
      category: { id: CATEGORY.id, name: CATEGORY.name },
      citizen: '张*',
      title: '张*反映小区停水三天',
      excerpt:
        '我是张*，电话138****5678，身份证[身份证号已隐藏]，邮箱z***@example.com。鹿城区人民路小区从10月12日起停水三天，物业和水务公司都说不归他们管。',
      answer: '张*您好，已协调水务集团恢复供水，如有问题请拨打138****5678回访。',
      submittedAt: expect.any(String),
      respondedAt: expect.any(String),
      commentCount: 1,
    });
    const text = JSON.stringify(items);
    for (const raw of RAW) expect(text).not.toContain(raw);
    for (const i of items)
      for (const field of [i.title, i.excerpt, i.answer ?? '', i.citizen ?? '']) expect(findPersonalData(field)).toEqual([]);
  });

  it('filters by department, category, status, kind and submission dates', async () => {
    const byDept = (await list({ departmentId: DEPT_A, limit: 100 }).expect(200)).body.items as Item[];
    expect(byDept.map((i) => i.trackingCode)).toEqual([water.trackingCode]);
    const byDeptB = (await list({ departmentId: DEPT_B }).expect(200)).body.items as Item[];
    expect(byDeptB.map((i) => i.trackingCode)).toEqual([noise.trackingCode]);
    expect((await list({ categoryId: CATEGORY.id }).expect(200)).body.items.map((i: Item) => i.trackingCode)).toEqual([water.trackingCode]);
    expect((await list({ status: 'responded' }).expect(200)).body.items.map((i: Item) => i.trackingCode)).toEqual([water.trackingCode]);
    expect((await list({ status: 'accepted', limit: 100 }).expect(200)).body.items).toHaveLength(12);
    expect((await list({ kind: 'suggestion' }).expect(200)).body.items.map((i: Item) => i.trackingCode)).toEqual([noise.trackingCode]);

    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10); // Asia/Shanghai
    const yesterday = new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 8 * 3600_000 + 86_400_000).toISOString().slice(0, 10);
    expect((await list({ from: today, to: today, limit: 100 }).expect(200)).body.items).toHaveLength(14);
    expect((await list({ to: yesterday }).expect(200)).body.items).toEqual([]);
    expect((await list({ from: tomorrow }).expect(200)).body.items).toEqual([]);
  });

  it('q searches the segmented Chinese text of title, content and answer', async () => {
    const codes = async (q: string) => ((await list({ q, limit: 100 }).expect(200)).body.items as Item[]).map((i) => i.trackingCode);
    expect(await codes('停水')).toEqual([water.trackingCode]); // the confidential, unconsented and unreviewed 停水 cases stay hidden
    expect(await codes('噪音')).toEqual([noise.trackingCode]);
    expect(await codes('水务集团')).toEqual([water.trackingCode]); // from the answer
    expect(await codes('物业公司')).toEqual([water.trackingCode]);
    expect(await codes('停水 噪音')).toEqual([]);
    expect(await codes('路面')).toHaveLength(12);
    expect(await codes('！？')).toEqual([]);
    expect(await codes('张伟')).toEqual([]); // the name itself was never indexed
  });

  it('keyset pagination walks every page without duplicates or gaps, also with a filter', async () => {
    const all = (await list({ limit: 100 }).expect(200)).body.items.map((i: Item) => i.trackingCode);
    const first = await list({ limit: 3 }).expect(200);
    expect(first.body.items).toHaveLength(3);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const walked = await walk({ limit: 3 });
    expect(walked.pages).toBe(5);
    expect(walked.items.map((i) => i.trackingCode)).toEqual(all);
    expect(new Set(walked.items.map((i) => i.trackingCode)).size).toBe(all.length);
    const filtered = await walk({ limit: 5, q: '路面' });
    expect(filtered.items.map((i) => i.trackingCode)).toEqual(all.filter((c: string) => fillers.includes(c)));
    const last = await list({ limit: 14 }).expect(200);
    expect(last.body.nextCursor).toBeUndefined();
  });

  it('a tampered, truncated or made-up cursor is 400 "cursor: invalid"', async () => {
    const { nextCursor } = (await list({ limit: 2 }).expect(200)).body as { nextCursor: string };
    const [body, mac] = nextCursor.split('.');
    const forgedBody = Buffer.from(JSON.stringify(['2099-01-01T00:00:00.000000Z', 'ffffffff-ffff-4fff-bfff-ffffffffffff'])).toString(
      'base64url',
    );
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    for (const cursor of [
      `${flip(body)}.${mac}`,
      `${body}.${flip(mac)}`,
      `${forgedBody}.${mac}`,
      body,
      'garbage',
      'a.b',
      `${nextCursor}x`,
      '%00',
    ]) {
      const r = await list({ cursor }).expect(400);
      expect(r.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'cursor: invalid' });
    }
  });

  it('each bad query parameter is 400 naming it', async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ limit: '0' }, /^limit: /],
      [{ limit: '101' }, /^limit: /],
      [{ limit: 'ten' }, /^limit: /],
      [{ limit: '2.5' }, /^limit: /],
      [{ departmentId: 'not-a-uuid' }, /^departmentId: /],
      [{ departmentId: '00000000-0000-4000-8000-000000000000' }, /^departmentId: unknown/],
      [{ categoryId: 'x' }, /^categoryId: /],
      [{ categoryId: '00000000-0000-4000-8000-000000000000' }, /^categoryId: unknown/],
      [{ status: 'submitted' }, /^status: /],
      [{ status: 'bogus' }, /^status: /],
      [{ kind: 'gossip' }, /^kind: /],
      [{ from: '2026-02-30' }, /^from: /],
      [{ to: '20261001' }, /^to: /],
      [{ from: '2026-10-10', to: '2026-10-01' }, /^to: must not be before from/],
      [{ q: 'x'.repeat(101) }, /^q: /],
      [{ q: 'a\u0000b' }, /^q: /],
      [{ unexpected: '1' }, /^unexpected: unknown field/],
    ];
    for (const [query, message] of cases) {
      const r = await list(query);
      expect({ query, status: r.status }).toEqual({ query, status: 400 });
      expect(r.body.message).toMatch(message);
    }
    const twice = await t.http().get('/api/public/petitions?status=accepted&status=closed').expect(400);
    expect(twice.body.message).toMatch(/^status: /);
  });
});

describe('GET /api/public/petitions/:trackingCode', () => {
  it('one public case with content, answer and redacted comments; any letter case', async () => {
    const r = await t.http().get(`/api/public/petitions/${water.trackingCode.toLowerCase()}`).expect(200);
    expect(r.body).toMatchObject({
      trackingCode: water.trackingCode,
      status: 'responded',
      citizen: '张*',
      title: '张*反映小区停水三天',
      content:
        '我是张*，电话138****5678，身份证[身份证号已隐藏]，邮箱z***@example.com。鹿城区人民路小区从10月12日起停水三天，物业和水务公司都说不归他们管。',
      location: '鹿城区人民路123号',
      answer: '张*您好，已协调水务集团恢复供水，如有问题请拨打138****5678回访。',
      commentCount: 1,
      comments: [{ author: expect.any(String), text: '同小区，也停水了，我电话139****2222', at: expect.any(String) }],
    });
    for (const raw of RAW) expect(JSON.stringify(r.body)).not.toContain(raw);
  });

  it('rating shows once given', async () => {
    const p = await accepted({ title: '路灯不亮', content: '学院路路灯连续一周不亮。' });
    await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A }).expect(200);
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: '已修复。' }).expect(200);
    await t
      .http()
      .post(`/api/petitions/${p.id}/rate`)
      .set('X-Access-Key', p.accessKey)
      .send({ satisfaction: 'satisfied', comment: '很快，谢谢' })
      .expect(200);
    await projected();
    const r = await t.http().get(`/api/public/petitions/${p.trackingCode}`).expect(200);
    expect(r.body).toMatchObject({
      status: 'closed',
      rating: { satisfaction: 'satisfied', comment: '很快，谢谢' },
      closedAt: expect.any(String),
    });
  });

  it('404 for a case that is not public or does not exist; 400 for a malformed code', async () => {
    for (const hidden of [confidential, unconsented, unreviewed, rejected]) {
      const r = await t.http().get(`/api/public/petitions/${hidden.trackingCode}`).expect(404);
      expect(r.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    }
    await t.http().get('/api/public/petitions/WZ20260101-0000000000').expect(404);
    for (const bad of ['abc', 'WZ2026-1', `${water.trackingCode}X`, 'WZ20260101-00000000%2F0']) {
      const r = await t.http().get(`/api/public/petitions/${bad}`).expect(400);
      expect(r.body.message).toMatch(/^trackingCode: /);
    }
  });
});
