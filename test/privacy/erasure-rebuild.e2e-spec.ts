import { rebuildProjection } from '@wenzheng/projector';
import { createTestApp, TestApp } from '../setup/app';
import { DEPT_A, Tokens, submit, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';
import { PROJECTIONS } from '@wenzheng/read-models';
import { PetitionEventCodec, subjectOf } from '@wenzheng/petition-store';
import { SubjectKeyStore } from '@wenzheng/petition-store';

// Erasure is complete (docs/security.md, "Crypto-shredding and erasure"): what a citizen wrote or what names them is sealed under the
// case's key, and the public copy of every free text was redacted when it was written. So after
// an erasure a rebuild of every projection gives the same public pages and search results as the
// live read models had, and the citizen's name is nowhere: not in a page, a search, a table.

const CITIZEN = { name: '欧阳娜娜', phone: '13987654321', idNumber: '33030219800101102X', email: 'ouyang.nana@example.com' };
const SECRETS = Object.values(CITIZEN);
const ERASURE = { reason: 'PIPL-2026-042 删除请求' };

let t: TestApp;
let tk: Tokens;
beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
});
afterAll(async () => t.close());

const post = (path: string, token: string, body: object = {}) => t.http().post(path).set(bearer(token)).send(body);
const erase = (id: string, body: object = ERASURE) => post(`/api/admin/petitions/${id}/erasure`, tk.admin, body);
const erasureEvents = async (id: string) =>
  (
    await t.runtime.pool.query<{ n: number }>(
      `select count(*)::int as n from wz_es.events where stream_id = $1 and type = 'PersonalDataErased'`,
      [`petition-${id}`],
    )
  ).rows[0].n;
const liveKey = async (id: string) =>
  (
    await t.runtime.pool.query<{ live: boolean }>(`select key is not null as live from wz_keys.subject_keys where subject_id = $1`, [
      subjectOf(id),
    ])
  ).rows[0]?.live;
/** What is kept beside the key for projections (the name as shown, the phone's index): gone with the key. */
const keptBesideKey = async (id: string) =>
  (
    await t.runtime.pool.query<{ published: Record<string, unknown> | null }>(
      `select published from wz_keys.subject_keys where subject_id = $1`,
      [subjectOf(id)],
    )
  ).rows[0]?.published;

/** A case taken to rated, whose answer, public comment and rating comment all name the citizen. */
async function ratedCase() {
  const p = await submit(t, {
    citizen: CITIZEN,
    title: '学院路路灯一周不亮',
    content: `我是${CITIZEN.name}，学院路中段路灯一周不亮，夜里行人看不清路。电话${CITIZEN.phone}。`,
    location: '鹿城区学院路',
  });
  await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
  await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A }).expect(200);
  await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
  await post(`/api/petitions/${p.id}/respond`, tk.handlerA, {
    answer: `${CITIZEN.name}女士：您好！学院路路灯已更换灯具并恢复照明，如仍有问题请致电${CITIZEN.phone}联系您。`,
  }).expect(200);
  await t
    .http()
    .post(`/api/petitions/${p.id}/comments`)
    .send({ text: `支持${CITIZEN.name}，这段路晚上确实太黑了` })
    .expect(200);
  await t
    .http()
    .post(`/api/petitions/${p.id}/rate`)
    .set('X-Access-Key', p.accessKey)
    .send({ satisfaction: 'satisfied', comment: `路灯修好了，${CITIZEN.name}表示感谢` })
    .expect(200);
  return p;
}

/** Every public route, and the listing searched by the name and by words of the title, content and answer. */
async function publicRoutes(trackingCode: string) {
  const get = async (path: string, query: Record<string, string> = {}) => (await t.http().get(path).query(query).expect(200)).body;
  const today = new Date(Date.now() + 8 * 3600_000); // Asia/Shanghai
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const month = day(today).slice(0, 7);
  const span = { from: day(new Date(today.getTime() - 40 * 86_400_000)), to: day(new Date(today.getTime() + 2 * 86_400_000)) };
  return {
    listing: await get('/api/public/petitions'),
    byFullName: await get('/api/public/petitions', { q: CITIZEN.name }),
    byGivenName: await get('/api/public/petitions', { q: '娜娜' }),
    byTitleWord: await get('/api/public/petitions', { q: '路灯' }),
    byContentWords: await get('/api/public/petitions', { q: '行人 看不清' }),
    byAnswerWords: await get('/api/public/petitions', { q: '更换灯具' }),
    page: await get(`/api/public/petitions/${trackingCode}`),
    rankings: await get('/api/public/rankings', { period: month }),
    statistics: await get('/api/public/statistics', span),
    export: await get('/api/public/export', { format: 'json' }),
  };
}

/** The routes without the keys named (asOf: the instant a ranking was read). */
const without = (routes: object, ...keys: string[]): unknown =>
  JSON.parse(JSON.stringify(routes, (k, v: unknown) => (keys.includes(k) ? undefined : v)));

async function rebuildEverything() {
  const codec = t.app.get(PetitionEventCodec);
  for (const projection of PROJECTIONS) {
    await rebuildProjection(projection, {
      pool: t.runtime.pool,
      store: t.runtime.eventStore,
      decode: codec.projectionDecoder,
      prefetch: (events) => codec.prefetch(events),
    });
  }
}

/** Rows of any read-model table whose text holds the value. */
async function readModelRowsHolding(value: string): Promise<string[]> {
  const { rows: tables } = await t.runtime.pool.query<{ name: string }>(
    `select table_name as name from information_schema.tables where table_schema = 'wz_rm' and table_type = 'BASE TABLE'`,
  );
  const found: string[] = [];
  for (const { name } of tables) {
    const { rows } = await t.runtime.pool.query<{ n: number }>(
      `select count(*)::int as n from wz_rm.${name} r where strpos(r::text, $1) > 0`,
      [value],
    );
    if (rows[0].n > 0) found.push(`${name}: ${rows[0].n}`);
  }
  return found;
}

describe('erasure survives a rebuild', () => {
  it('public pages, search and read models after erase + rebuild are those before it, and the name is nowhere', async () => {
    const p = await ratedCase();
    await t.waitForProjections();
    const before = await publicRoutes(p.trackingCode);
    expect(before.page).toMatchObject({
      citizen: '欧阳**',
      answer: expect.stringContaining('学院路路灯已更换灯具'),
      rating: { comment: expect.stringContaining('路灯修好了') },
    });
    expect(before.byTitleWord.items.map((i: { trackingCode: string }) => i.trackingCode)).toEqual([p.trackingCode]);
    expect(before.byAnswerWords.items).toHaveLength(1);
    expect(before.byFullName.items).toEqual([]);

    // Stored: the name and phone only sealed; the answer, comment and rating comment beside them redacted.
    const { rows: stored } = await t.runtime.pool.query<{ d: string }>(`select data::text as d from wz_es.events where stream_id = $1`, [
      `petition-${p.id}`,
    ]);
    for (const secret of SECRETS) expect(stored.filter((r) => r.d.includes(secret))).toEqual([]);

    await erase(p.id).expect(200);
    await t.waitForProjections();
    const erased = await publicRoutes(p.trackingCode);
    expect(erased.page.citizen).toBe('[已删除]');
    // Only the display of the citizen changed (surname and * before, erased after).
    expect(without(erased, 'asOf', 'citizen')).toEqual(without(before, 'asOf', 'citizen'));

    await rebuildEverything();
    const rebuilt = await publicRoutes(p.trackingCode);
    expect(without(rebuilt, 'asOf')).toEqual(without(erased, 'asOf'));

    const everything = JSON.stringify(rebuilt);
    for (const secret of SECRETS) expect(everything).not.toContain(secret);
    for (const secret of SECRETS) expect({ secret, rows: await readModelRowsHolding(secret) }).toEqual({ secret, rows: [] });
  });
});

describe('erasure of a located submission', () => {
  // 五马街: the exact point (often the citizen's home) is sealed with the case; only the rounded one stays.
  const EXACT = { lat: 28.016649, lng: 120.656149 };
  const ROUNDED = { lat: 28.017, lng: 120.656 };

  it('leaves the exact point nowhere after erase + rebuild: not stored in clear, not read by staff, not in a read model', async () => {
    const p = await submit(t, { citizen: CITIZEN, location: { address: '鹿城区五马街1号', ...EXACT } });
    await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
    const staffRead = async () => (await t.http().get(`/api/petitions/${p.id}`).set(bearer(tk.reviewer)).expect(200)).body;
    expect((await staffRead()).point).toEqual(EXACT);

    await erase(p.id).expect(200);
    await rebuildEverything();
    const { rows: stored } = await t.runtime.pool.query<{ d: string }>(`select data::text as d from wz_es.events where stream_id = $1`, [
      `petition-${p.id}`,
    ]);
    const staff = await staffRead();
    expect(staff).toMatchObject({ point: ROUNDED, districtCode: '330302' });
    const page = (await t.http().get(`/api/public/petitions/${p.trackingCode}`).expect(200)).body;
    expect(page).toMatchObject({ point: ROUNDED, districtCode: '330302' });
    const everything = JSON.stringify({ stored, staff, page });
    for (const exact of [String(EXACT.lat), String(EXACT.lng)]) {
      expect(everything).not.toContain(exact);
      expect({ exact, rows: await readModelRowsHolding(exact) }).toEqual({ exact, rows: [] });
    }
  });
});

describe('erasure is atomic and idempotent', () => {
  it('a request that fails validation destroys no key and appends nothing', async () => {
    const p = await submit(t, { citizen: CITIZEN });
    for (const body of [{}, { reason: '短' }, { reason: 42 }, { ...ERASURE, extra: true }, { reason: 'PIPL\u0000请求' }]) {
      const res = await erase(p.id, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    expect(await liveKey(p.id)).toBe(true);
    expect(await keptBesideKey(p.id)).toMatchObject({ display: '欧阳**', phoneIndex: expect.any(String) });
    expect(await erasureEvents(p.id)).toBe(0);
    const read = (await t.http().get(`/api/petitions/${p.id}`).set('X-Access-Key', p.accessKey).expect(200)).body;
    expect(read.citizen).toMatchObject({ name: CITIZEN.name, phone: CITIZEN.phone });
  });

  it('20 concurrent erasures append one PersonalDataErased; a later one answers 200 and appends nothing', async () => {
    const p = await submit(t, { citizen: CITIZEN });
    const answers = await Promise.all(Array.from({ length: 20 }, () => erase(p.id)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(answers.filter((a) => a.body.keyDestroyed === true)).toHaveLength(1);
    expect(await erasureEvents(p.id)).toBe(1);
    expect(await liveKey(p.id)).toBe(false);
    expect(await keptBesideKey(p.id)).toBeNull();

    const again = await erase(p.id, { reason: '再次提出的删除请求' }).expect(200);
    expect(again.body).toMatchObject({ erased: true, keyDestroyed: false });
    expect(await erasureEvents(p.id)).toBe(1);
  });

  it('the reason recorded in clear does not name the citizen', async () => {
    const p = await submit(t, { citizen: CITIZEN });
    await erase(p.id, { reason: `${CITIZEN.name}本人来电要求删除，电话${CITIZEN.phone}` }).expect(200);
    const { rows } = await t.runtime.pool.query<{ d: string }>(
      `select data::text as d from wz_es.events where stream_id = $1 and type = 'PersonalDataErased'`,
      [`petition-${p.id}`],
    );
    const { rows: tomb } = await t.runtime.pool.query<{ reason: string }>(`select reason from wz_keys.subject_keys where subject_id = $1`, [
      subjectOf(p.id),
    ]);
    for (const secret of [CITIZEN.name, CITIZEN.phone]) expect(rows[0].d + tomb[0].reason).not.toContain(secret);
  });
});

describe('the stored shape', () => {
  const data = (over: Record<string, unknown> = {}) => ({
    petitionId: '0b7c3f5e-2a41-4d8e-9f6a-1c2d3e4f5a6b',
    at: '2026-10-14T06:00:00.000Z',
    departmentId: DEPT_A,
    onTime: true,
    respondBy: '2026-10-22T15:59:59.999Z',
    answer: `${CITIZEN.name}女士：已处理，电话${CITIZEN.phone}。`,
    ...over,
  });

  it('an event stored before free text was sealed decodes as it was, and is published redacted', async () => {
    const codec = t.app.get(PetitionEventCodec);
    const legacy = { type: 'PetitionResponded', data: data() };
    expect((await codec.decode(legacy)).data).toEqual(data());
    expect((await codec.decodePublished(legacy)).data).toEqual(data({ answer: `${CITIZEN.name}女士：已处理，电话139****4321。` }));
  });

  it('a sealed answer decodes in clear while the key lives, then as the copy redacted when written', async () => {
    const codec = t.app.get(PetitionEventCodec);
    const { petitionId } = data();
    const event = { type: 'PetitionResponded', data: data() } as Parameters<PetitionEventCodec['encode']>[0];
    const stored = await codec.encode(event, petitionId, { names: [CITIZEN.name] });
    expect(JSON.stringify(stored)).not.toContain(CITIZEN.name);
    const redacted = data({ answer: '欧阳**女士：已处理，电话139****4321。' });
    expect((await codec.decode(stored)).data).toEqual(data());
    expect((await codec.decodePublished(stored)).data).toEqual(redacted);
    await t.app.get(SubjectKeyStore).erase(subjectOf(petitionId), 'test', 'test');
    expect((await codec.decode(stored)).data).toEqual(redacted);
    // Written after the erasure: nothing sealed any more, only the public copy kept.
    const later = await codec.encode(event, petitionId, { names: [] });
    expect(later.data).not.toHaveProperty('personal');
    expect((await codec.decode(later)).data).toEqual(data({ answer: `${CITIZEN.name}女士：已处理，电话139****4321。` }));
  });
});
