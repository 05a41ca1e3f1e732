import { ID_NUMBER_TOKEN } from '@wenzheng/redaction';
import { createTestApp, TestApp } from '../setup/app';
import { DEPT_A, Tokens, dispatched, submission, submit, tokens } from '../setup/petitions';
import { bearer, mintToken } from '../setup/tokens';

let t: TestApp;
let tk: Tokens;
beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
});
afterAll(async () => t.close());

const citizen = submission().citizen as { name: string; phone: string; idNumber: string; email: string };
const SECRETS = [citizen.name, citizen.phone, citizen.idNumber, citizen.email];
const REASON = '纪检监察 2026-017 号核查';
const UNKNOWN = '5f1d7c3e-8a40-4b7e-9d5c-0f3a2b1c4d5e';

/** As the auditor unless another token, or null for none. */
const get = (path: string, token: string | null = tk.auditor) => {
  const r = t.http().get(path);
  return token ? r.set(bearer(token)) : r;
};
const post = (path: string, token: string, body: object = {}) => t.http().post(path).set(bearer(token)).send(body);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function accessRows(petitionId?: string) {
  const { rows } = await t.runtime.pool.query(
    `select * from wz_audit.personal_data_access ${petitionId ? 'where petition_id = $1' : ''} order by id`,
    petitionId ? [petitionId] : [],
  );
  return rows as Array<{
    id: string;
    actor_sub: string;
    actor_roles: string[];
    petition_id: string;
    route: string;
    reason: string;
    accessed_at: Date;
  }>;
}

/** A case taken to responded, the instant after each step noted. */
async function drivenCase() {
  const at: Record<string, string> = {};
  const mark = async (name: string) => {
    at[name] = new Date().toISOString();
    await sleep(5); // the next event's occurredAt is strictly later than the mark
  };
  await mark('before');
  const p = await submit(t);
  await mark('submitted');
  await post(`/api/petitions/${p.id}/review`, tk.reviewer, { outcome: 'accepted' }).expect(200);
  await mark('reviewed');
  await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: DEPT_A }).expect(200);
  await mark('dispatched');
  await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
  await mark('acknowledged');
  await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: '已联系水务集团，10月16日恢复供水。' }).expect(200);
  await mark('responded');
  return { ...p, at };
}

describe('who may read the audit routes', () => {
  it('auditors only: no token is 401, another role is 403', async () => {
    const p = await submit(t);
    const routes = [
      `/api/audit/petitions/${p.id}/events`,
      `/api/audit/petitions/${p.id}/state?at=${encodeURIComponent(new Date().toISOString())}`,
      '/api/audit/access-log',
      '/api/audit/verify',
    ];
    for (const path of routes) {
      expect({ path, status: (await get(path, null)).status }).toEqual({ path, status: 401 });
      for (const token of [tk.reviewer, tk.supervisor, tk.handlerA, tk.admin]) {
        const r = await get(path, token);
        expect({ path, status: r.status }).toEqual({ path, status: 403 });
      }
      expect({ path, status: (await get(path)).status }).toEqual({ path, status: 200 });
    }
    await get(`/api/audit/petitions/${p.id}/events`, 'not.a.token').expect(401);
  });

  it('are in the OpenAPI document, with their query parameters', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as {
      paths: Record<string, { get?: { parameters?: Array<{ name: string }> } }>;
    };
    const params = (p: string) => doc.paths[p]?.get?.parameters?.map((x) => x.name).sort();
    expect(params('/api/audit/petitions/{id}/events')).toEqual(['id', 'reason']);
    expect(params('/api/audit/petitions/{id}/state')).toEqual(['at', 'id', 'reason']);
    expect(params('/api/audit/access-log')).toEqual(['cursor', 'from', 'limit', 'petitionId', 'to']);
    expect(doc.paths['/api/audit/verify']?.get).toBeDefined();
  });
});

describe('GET /api/audit/petitions/:id/events', () => {
  it('every event with its metadata, in stream order, personal data masked and nothing logged', async () => {
    const p = await drivenCase();
    const r = await get(`/api/audit/petitions/${p.id}/events`).expect(200);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.body).toMatchObject({ petitionId: p.id, streamId: `petition-${p.id}`, revision: 4, personalData: 'masked' });
    expect(r.body.events.map((e: { type: string }) => e.type)).toEqual([
      'PetitionSubmitted',
      'PetitionReviewed',
      'PetitionDispatched',
      'PetitionAcknowledged',
      'PetitionResponded',
    ]);
    const { rows } = await t.runtime.pool.query(
      `select event_id, revision, metadata, global_position::text as global_position from wz_es.events where stream_id = $1 order by revision`,
      [`petition-${p.id}`],
    );
    r.body.events.forEach((e: Record<string, any>, i: number) => {
      expect(e).toMatchObject({
        eventId: rows[i].event_id,
        revision: i,
        metadata: rows[i].metadata,
        commandId: expect.any(String),
        correlationId: expect.any(String),
        causationId: expect.any(String),
        occurredAt: rows[i].metadata.occurredAt,
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        recordedAt: expect.any(String),
        position: { commit: expect.stringMatching(/^\d+$/), prepare: rows[i].global_position },
      });
      expect(e.actor).toEqual(rows[i].metadata.actor);
    });
    expect(r.body.events[2].actor).toEqual({ id: 'reviewer-test', role: 'reviewer' });
    expect(r.body.events[3].actor).toEqual({ id: 'handler-a', role: 'handler', departmentId: DEPT_A });
    expect(r.body.events[0].data.citizen).toEqual({
      masked: true,
      name: '张*',
      phone: '138****5678',
      idNumber: ID_NUMBER_TOKEN,
      email: 'z***@example.com',
    });
    expect(r.body.events[0].data.title).toBe(submission().title);
    expect(r.body.events[0].data.content).toBe(submission().content);
    for (const secret of SECRETS) expect(r.text).not.toContain(secret);
    expect(await accessRows(p.id)).toEqual([]);
  });

  it('with a reason: the citizen block is shown and exactly one access-log row records who, which case, why and which route', async () => {
    const p = await submit(t);
    const before = Date.now();
    const r = await get(`/api/audit/petitions/${p.id}/events?reason=${encodeURIComponent(REASON)}`).expect(200);
    expect(r.body.personalData).toBe('shown');
    expect(r.body.events[0].data.citizen).toEqual(citizen);
    const rows = await accessRows(p.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor_sub: 'auditor-test',
      actor_roles: ['auditor'],
      petition_id: p.id,
      reason: REASON,
      route: 'GET /api/audit/petitions/:id/events',
    });
    expect(rows[0].accessed_at.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it('a reason that names the citizen or holds their number is kept redacted (the log is insert-only: no erasure reaches it)', async () => {
    const p = await submit(t);
    await get(`/api/audit/petitions/${p.id}/events?reason=${encodeURIComponent('核实来电人张伟 13812345678 的诉求')}`).expect(200);
    const rows = await accessRows(p.id);
    expect(rows.map((r: { reason: string }) => r.reason)).toEqual(['核实来电人张* 138****5678 的诉求']);
    const listed = await get(`/api/audit/access-log?petitionId=${p.id}`).expect(200);
    expect(JSON.stringify(listed.body)).not.toMatch(/13812345678|张伟/);
  });

  it("the citizen's own details in the free text are masked too, unless a reason is stated", async () => {
    const p = await submit(t, { content: '我是张伟，电话13812345678，家住人民路，请联系我。' });
    const at = encodeURIComponent(new Date().toISOString());
    for (const path of [`/api/audit/petitions/${p.id}/events`, `/api/audit/petitions/${p.id}/state?at=${at}`]) {
      const masked = await get(path).expect(200);
      for (const secret of SECRETS) expect(masked.text).not.toContain(secret);
      expect(masked.text).toContain('我是张*，电话138****5678');
      const shown = await get(`${path}${path.includes('?') ? '&' : '?'}reason=${encodeURIComponent(REASON)}`).expect(200);
      expect(shown.text).toContain('我是张伟，电话13812345678');
    }
    expect(await accessRows(p.id)).toHaveLength(2);
  });

  it('a bad reason, a bad id or an unknown case: 400/404 and nothing logged', async () => {
    const p = await submit(t);
    const total = (await accessRows()).length;
    for (const reason of ['abc', '   abc   ', 'x'.repeat(501), 'ok\u0000reason', 'line\nbreak here']) {
      const r = await get(`/api/audit/petitions/${p.id}/events?reason=${encodeURIComponent(reason)}`).expect(400);
      expect(r.body.message).toMatch(/reason/);
    }
    await get(`/api/audit/petitions/${p.id}/events?reason=${encodeURIComponent(REASON)}&extra=1`).expect(400);
    await get(`/api/audit/petitions/not-a-uuid/events?reason=${encodeURIComponent(REASON)}`).expect(400);
    const missing = await get(`/api/audit/petitions/${UNKNOWN}/events?reason=${encodeURIComponent(REASON)}`).expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect(await accessRows()).toHaveLength(total);
  });
});

describe('a case whose personal data was erased (PIPL)', () => {
  it('still lists every event, the erasure among them; nothing personal is left to show, with or without a reason', async () => {
    const p = await dispatched(t, tk);
    await post(`/api/admin/petitions/${p.id}/erasure`, tk.admin, { reason: '个人信息删除申请 PIPL-2026-003' }).expect(200);
    const masked = await get(`/api/audit/petitions/${p.id}/events`).expect(200);
    expect(masked.body.events.map((e: { type: string }) => e.type)).toEqual([
      'PetitionSubmitted',
      'PetitionReviewed',
      'PetitionDispatched',
      'PersonalDataErased',
    ]);
    expect(masked.body.events[3].hash).toMatch(/^[0-9a-f]{64}$/);
    expect(masked.body.events[0].data.citizen).toEqual({ masked: true, erased: true });
    const shown = await get(`/api/audit/petitions/${p.id}/events?reason=${encodeURIComponent(REASON)}`).expect(200);
    expect(shown.body.events[0].data.citizen).toMatchObject({ erased: true, name: '', phone: '' });
    for (const r of [masked, shown]) for (const secret of SECRETS) expect(r.text).not.toContain(secret);
    const state = await get(`/api/audit/petitions/${p.id}/state?at=${encodeURIComponent(new Date().toISOString())}`).expect(200);
    expect(state.body).toMatchObject({
      status: 'dispatched',
      revision: 3,
      asOf: { type: 'PersonalDataErased' },
      citizen: { masked: true, erased: true },
    });
  });
});

describe('GET /api/audit/petitions/:id/state?at=', () => {
  it('gives the status the case had at each instant', async () => {
    const p = await drivenCase();
    const state = (at: string) => get(`/api/audit/petitions/${p.id}/state?at=${encodeURIComponent(at)}`);
    const before = await state(p.at.before).expect(404);
    expect(before.body.message).toMatch(/did not exist yet/);

    const expected: Array<[string, string, number]> = [
      ['submitted', 'submitted', 0],
      ['reviewed', 'accepted', 1],
      ['dispatched', 'dispatched', 2],
      ['acknowledged', 'in_progress', 3],
      ['responded', 'responded', 4],
    ];
    for (const [mark, status, revision] of expected) {
      const r = await state(p.at[mark]).expect(200);
      expect({ mark, status: r.body.status, revision: r.body.revision }).toEqual({ mark, status, revision });
      expect(r.body).toMatchObject({
        id: p.id,
        at: p.at[mark],
        asOf: { revision },
        currentRevision: 4,
        personalData: 'masked',
        trackingCode: p.trackingCode,
      });
      expect(r.body.history).toHaveLength(revision + 1);
      expect(r.body.citizen).toEqual({
        masked: true,
        name: '张*',
        phone: '138****5678',
        idNumber: ID_NUMBER_TOKEN,
        email: 'z***@example.com',
      });
      for (const secret of SECRETS) expect(r.text).not.toContain(secret);
    }
    const dispatchedView = (await state(p.at.dispatched)).body;
    expect(dispatchedView).toMatchObject({ departmentId: DEPT_A, acknowledged: false });
    expect(dispatchedView.respondBy).toEqual(expect.any(String));
    expect((await state(p.at.reviewed)).body.departmentId).toBeUndefined();
    // The same instant written in Shanghai time.
    const shanghai = new Date(Date.parse(p.at.reviewed) + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
    expect((await state(shanghai).expect(200)).body.status).toBe('accepted');
    expect(await accessRows(p.id)).toEqual([]);
  });

  it('with a reason: shown and logged once, naming the state route', async () => {
    const p = await dispatched(t, tk);
    const r = await get(
      `/api/audit/petitions/${p.id}/state?at=${encodeURIComponent(new Date().toISOString())}&reason=${encodeURIComponent(REASON)}`,
    ).expect(200);
    expect(r.body).toMatchObject({ status: 'dispatched', personalData: 'shown', citizen });
    const rows = await accessRows(p.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_sub: 'auditor-test', reason: REASON, route: 'GET /api/audit/petitions/:id/state' });
  });

  it('a bad or missing `at` is 400; an unknown case is 404', async () => {
    const p = await submit(t);
    for (const at of [undefined, 'yesterday', '2026-10-12', '2026-02-30T10:00:00Z', '2026-10-12T10:00:00', '2026-10-12T25:00:00+08:00']) {
      const r = await get(`/api/audit/petitions/${p.id}/state${at === undefined ? '' : `?at=${encodeURIComponent(at)}`}`).expect(400);
      expect(r.body.message).toMatch(/at/);
    }
    await get(
      `/api/audit/petitions/${UNKNOWN}/state?at=${encodeURIComponent(new Date().toISOString())}&reason=${encodeURIComponent(REASON)}`,
    ).expect(404);
    expect(await accessRows(UNKNOWN)).toEqual([]);
  });
});

describe('GET /api/audit/access-log', () => {
  it('lists unmasked reads newest first, filtered and paginated', async () => {
    const p = await submit(t);
    const other = await submit(t);
    const otherAuditor = await mintToken({ roles: ['auditor'], sub: 'auditor-2' });
    await get(`/api/audit/petitions/${p.id}/events?reason=${encodeURIComponent('第一次核查 A-1')}`).expect(200);
    await get(`/api/audit/petitions/${other.id}/events?reason=${encodeURIComponent('另一案件 B-2')}`).expect(200);
    await get(
      `/api/audit/petitions/${p.id}/state?at=${encodeURIComponent(new Date().toISOString())}&reason=${encodeURIComponent('第二次核查 A-2')}`,
      otherAuditor,
    ).expect(200);

    const all = await get(`/api/audit/access-log?petitionId=${p.id}`).expect(200);
    expect(all.body.items).toEqual([
      expect.objectContaining({
        petitionId: p.id,
        sub: 'auditor-2',
        roles: ['auditor'],
        reason: '第二次核查 A-2',
        route: 'GET /api/audit/petitions/:id/state',
        accessedAt: expect.any(String),
        id: expect.any(String),
      }),
      expect.objectContaining({
        petitionId: p.id,
        sub: 'auditor-test',
        reason: '第一次核查 A-1',
        route: 'GET /api/audit/petitions/:id/events',
      }),
    ]);
    expect(all.body.nextCursor).toBeUndefined();

    const first = await get(`/api/audit/access-log?petitionId=${p.id}&limit=1`).expect(200);
    expect(first.body.items.map((i: { reason: string }) => i.reason)).toEqual(['第二次核查 A-2']);
    const second = await get(`/api/audit/access-log?petitionId=${p.id}&limit=1&cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body.items.map((i: { reason: string }) => i.reason)).toEqual(['第一次核查 A-1']);
    expect(second.body.nextCursor).toBeUndefined();

    const newest = all.body.items[0].accessedAt as string;
    const upTo = await get(
      `/api/audit/access-log?petitionId=${p.id}&to=${encodeURIComponent(new Date(Date.parse(newest) - 1).toISOString())}`,
    ).expect(200);
    expect(upTo.body.items.map((i: { reason: string }) => i.reason)).not.toContain('第二次核查 A-2');
    const from = await get(`/api/audit/access-log?petitionId=${p.id}&from=${encodeURIComponent(newest)}`).expect(200);
    expect(from.body.items.map((i: { reason: string }) => i.reason)).toContain('第二次核查 A-2');
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const byDate = await get(`/api/audit/access-log?from=${today}&to=${today}`).expect(200);
    expect(byDate.body.items.map((i: { petitionId: string }) => i.petitionId)).toEqual(expect.arrayContaining([p.id, other.id]));
  });

  it('refuses bad filters cleanly', async () => {
    for (const query of [
      'limit=0',
      'limit=201',
      'limit=abc',
      'petitionId=nope',
      'from=2026-13-01',
      'cursor=%25%25',
      `cursor=${Buffer.from('pda1:x').toString('base64url')}`,
      'from=2026-10-02&to=2026-10-01',
      'bogus=1',
    ]) {
      const r = await get(`/api/audit/access-log?${query}`);
      expect({ query, status: r.status }).toEqual({ query, status: 400 });
    }
  });

  it('is insert-only: rows cannot be changed or removed, even directly in the database', async () => {
    const p = await submit(t);
    await get(`/api/audit/petitions/${p.id}/events?reason=${encodeURIComponent(REASON)}`).expect(200);
    await expect(
      t.runtime.pool.query(`update wz_audit.personal_data_access set reason = 'nothing to see' where petition_id = $1`, [p.id]),
    ).rejects.toThrow(/insert-only/);
    await expect(t.runtime.pool.query(`delete from wz_audit.personal_data_access where petition_id = $1`, [p.id])).rejects.toThrow(
      /insert-only/,
    );
    await expect(t.runtime.pool.query(`truncate wz_audit.personal_data_access`)).rejects.toThrow(/insert-only/);
    expect((await accessRows(p.id)).map((r) => r.reason)).toEqual([REASON]);
  });
});

// Last: these tamper with the event store's tables.
describe('GET /api/audit/verify', () => {
  const count = async (sql: string) => Number((await t.runtime.pool.query(sql)).rows[0].n);

  it('is clean on an untouched database', async () => {
    await drivenCase();
    const r = await get('/api/audit/verify').expect(200);
    expect(r.body).toMatchObject({ engine: 'postgresql', broken: [] });
    expect(r.body.streams).toBe(await count(`select count(distinct stream_id) as n from wz_es.events`));
    expect(r.body.events).toBe(await count(`select count(*) as n from wz_es.events`));
  });

  it('names the stream and revision of an edited event, and of a deleted one (the revision gap)', async () => {
    const edited = await drivenCase();
    const deleted = await drivenCase();
    const lastGone = await drivenCase();
    const stream = (id: string) => `petition-${id}`;
    await t.runtime.pool.query(
      `update wz_es.events set data = jsonb_set(data, '{answer}', '"已处理完毕（改过）"') where stream_id = $1 and revision = 4`,
      [stream(edited.id)],
    );
    const {
      rows: [gone],
    } = await t.runtime.pool.query(`delete from wz_es.events where stream_id = $1 and revision = 2 returning event_id`, [
      stream(deleted.id),
    ]);
    const {
      rows: [next],
    } = await t.runtime.pool.query(`select event_id from wz_es.events where stream_id = $1 and revision = 3`, [stream(deleted.id)]);
    await t.runtime.pool.query(`delete from wz_es.events where stream_id = $1 and revision = 4`, [stream(lastGone.id)]);
    const {
      rows: [edit],
    } = await t.runtime.pool.query(`select event_id from wz_es.events where stream_id = $1 and revision = 4`, [stream(edited.id)]);

    const r = await get('/api/audit/verify').expect(200);
    expect(gone.event_id).not.toBe(next.event_id);
    expect(r.body.broken).toHaveLength(3);
    expect(r.body.broken).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ streamId: stream(edited.id), revision: 4, eventId: edit.event_id, reason: 'hash_mismatch' }),
        expect.objectContaining({ streamId: stream(deleted.id), revision: 2, eventId: next.event_id, reason: 'revision_gap' }),
        expect.objectContaining({ streamId: stream(lastGone.id), revision: 4, eventId: null, reason: 'revision_gap' }),
      ]),
    );
  });
});
