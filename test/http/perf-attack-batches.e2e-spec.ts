import { IdempotencyKeys, RunClaim } from '../../apps/api/src/idempotency/idempotency-keys';
import { createTestApp, TestApp } from '../setup/app';
import { CITIZEN_SECRETS, DEPT_A, DEPT_B, Tokens, dispatched, submission, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

/**
 * Attacks through HTTP on issue 15's batching: idempotency claims and answers of one turn in one
 * statement, appends of one turn in one transaction, and search within a department by the walk.
 * Whatever lands in one batch, each request must get its own answer, never another's, never a 500.
 */
let t: TestApp;
let tk: Tokens;
beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
});
afterAll(async () => t.close());

const submitWithKey = (key: string, body: object = submission()) => t.http().post('/api/petitions').set('Idempotency-Key', key).send(body);

/** Submissions appended under the commandId of the petition's first event: 1 unless a request ran twice. */
const submissionsLike = async (petitionId: string): Promise<number> =>
  (
    await t.runtime.pool.query(
      `select count(*)::int as n from wz_es.events e, wz_es.events f
        where f.stream_id = $1 and f.revision = 0 and e.type = 'PetitionSubmitted' and e.metadata->>'commandId' = f.metadata->>'commandId'`,
      [`petition-${petitionId}`],
    )
  ).rows[0].n as number;

describe('idempotency keys claimed in batches', () => {
  it('25 identical requests with one key at once: one case, and every answer is its answer', async () => {
    const answers = await Promise.all(Array.from({ length: 25 }, () => submitWithKey('pa-same-25')));
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 201));
    const ids = new Set(answers.map((r) => r.body.id as string));
    expect(ids.size).toBe(1);
    for (const r of answers) expect(r.body).toEqual(answers[0].body);
    expect(await submissionsLike([...ids][0])).toBe(1);
  });

  it('one key with 12 different bodies at once: one runs, the others are 422 and learn nothing of it', async () => {
    const bodies = Array.from({ length: 12 }, (_, i) =>
      submission({ title: `同一个键的第${i}个诉求`, citizen: { name: `居民${i}`, phone: `139000011${String(i).padStart(2, '0')}` } }),
    );
    const answers = await Promise.all(bodies.map((b) => submitWithKey('pa-bodies-12', b)));
    const created = answers.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    expect(answers.filter((r) => r.status === 422)).toHaveLength(11);
    const winner = created[0].body as { id: string; trackingCode: string; accessKey: string };
    const which = answers.indexOf(created[0]);
    for (const r of answers.filter((x) => x.status === 422)) {
      expect(r.body).toMatchObject({ code: 'idempotency_key_reused' });
      const text = JSON.stringify(r.body);
      for (const secret of [winner.id, winner.trackingCode, winner.accessKey, bodies[which].title as string])
        expect(text).not.toContain(secret);
    }
    // The same body as the one that ran replays it.
    const again = await submitWithKey('pa-bodies-12', bodies[which]).expect(201);
    expect(again.body).toEqual(winner);
  });

  it('30 requests under 30 keys at once each store and replay their own answer', async () => {
    const bodies = Array.from({ length: 30 }, (_, i) => submission({ title: `各自的诉求第${i}号` }));
    const first = await Promise.all(bodies.map((b, i) => submitWithKey(`pa-own-${i}`, b)));
    expect(first.map((r) => r.status)).toEqual(first.map(() => 201));
    expect(new Set(first.map((r) => r.body.id)).size).toBe(30);
    // Replayed in another order, all at once: each key its own answer.
    const order = bodies.map((_, i) => (i * 7) % 30);
    const again = await Promise.all(order.map((i) => submitWithKey(`pa-own-${i}`, bodies[i])));
    order.forEach((i, k) => {
      expect(again[k].status).toBe(201);
      expect(again[k].body).toEqual(first[i].body);
    });
  });

  it('a key whose requests are refused (400) at once is free again: nothing appended, then a corrected request runs under it', async () => {
    const before = (await t.runtime.pool.query(`select count(*)::int as n from wz_es.events`)).rows[0].n as number;
    const bad = submission({ title: '' });
    const refused = await Promise.all(Array.from({ length: 8 }, () => submitWithKey('pa-refused', bad)));
    expect(refused.map((r) => r.status)).toEqual(refused.map(() => 400));
    expect((await t.runtime.pool.query(`select count(*)::int as n from wz_es.events`)).rows[0].n).toBe(before);
    const fixed = await submitWithKey('pa-refused', submission({ title: '改正后的诉求' })).expect(201);
    expect(await submissionsLike(fixed.body.id)).toBe(1);
    await submitWithKey('pa-refused', submission({ title: '改正后的诉求' })).expect(201);
    expect((await submitWithKey('pa-refused', bad)).status).toBe(422);
  });

  it('a key used again after its command finished replays, alongside a new run of another key in the same turn', async () => {
    const done = await submitWithKey('pa-done').expect(201);
    const [replay, fresh] = await Promise.all([submitWithKey('pa-done'), submitWithKey('pa-done-next')]);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(done.body);
    expect(fresh.status).toBe(201);
    expect(fresh.body.id).not.toBe(done.body.id);
  });
});

describe('idempotency key rows locked by batches', () => {
  it("answers of one turn lock their keys in key order, as a batch of duplicates' claims does: no deadlock between them", async () => {
    const keys = t.app.get(IdempotencyKeys);
    const pool = t.runtime.pool;
    const deadlocks: unknown[] = [];
    const query = pool.query.bind(pool) as (...a: unknown[]) => unknown;
    (pool as unknown as { query: unknown }).query = (...a: unknown[]) => {
      const r = query(...a) as Promise<unknown> | undefined;
      r?.catch?.((e: { code?: string }) => void (e?.code === '40P01' && deadlocks.push(e)));
      return r;
    };
    const held = await pool.connect();
    try {
      const request = (key: string) => ({ scope: 'sub:pa-locks', key, fingerprint: { body: key } });
      const claims = (await Promise.all(['pa-lock-1', 'pa-lock-2'].map((k) => keys.claim(request(k))))) as RunClaim[];
      const [small, large] = claims.map((c, i) => ({ c, key: `pa-lock-${i + 1}` })).sort((x, y) => (x.c.keyHash < y.c.keyHash ? -1 : 1));
      const waiting = async (n: number) => {
        for (let i = 0; i < 200; i++) {
          const { rows } = await held.query(
            `select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database() and pid <> pg_backend_pid()`,
          );
          if (rows[0].n >= n) return;
          await new Promise((r) => setTimeout(r, 20));
        }
        throw new Error(`${n} statements never waited`);
      };
      // Another statement holds the smaller key's row a moment (a claim, an answer, a release).
      await held.query('begin');
      await held.query('select 1 from wz_http.idempotency_keys where key_hash = $1 for update', [small.c.keyHash]);
      // Retries of both requests arrive in one turn: their claims lock the rows in key order.
      const replays = Promise.all([keys.claim(request(large.key)), keys.claim(request(small.key))]);
      await waiting(1);
      // Both commands finish in one turn, the larger key first.
      const answered = Promise.all([keys.complete(large.c, 200, { key: large.key }), keys.complete(small.c, 200, { key: small.key })]);
      await waiting(2);
      await held.query('commit');
      await answered;
      expect(await replays).toEqual([
        { kind: 'replay', status: 200, body: { key: large.key } },
        { kind: 'replay', status: 200, body: { key: small.key } },
      ]);
      expect(deadlocks).toEqual([]);
    } finally {
      await held.query('rollback').catch(() => undefined);
      held.release();
      (pool as unknown as { query: unknown }).query = query;
    }
  });
});

describe('concurrent commands on one case', () => {
  it('12 staff comments at once, with and without keys: each 200 or a clean 409, contiguous revisions, the chain intact', async () => {
    const p = await dispatched(t, tk);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => {
        const r = t
          .http()
          .post(`/api/petitions/${p.id}/comments`)
          .set(bearer(tk.reviewer))
          .send({ text: `同时的意见${i}` });
        return i % 2 ? r.set('Idempotency-Key', `pa-comment-${i}`) : r;
      }),
    );
    for (const r of answers) expect([200, 409]).toContain(r.status);
    const ok = answers.filter((r) => r.status === 200).length;
    const { rows } = await t.runtime.pool.query<{ revision: string; type: string }>(
      `select revision, type from wz_es.events where stream_id = $1 order by revision`,
      [`petition-${p.id}`],
    );
    expect(rows.map((r) => Number(r.revision))).toEqual(rows.map((_, i) => i));
    expect(rows.filter((r) => r.type === 'PetitionCommented')).toHaveLength(ok);
    const verify = await t.http().get('/api/audit/verify').set(bearer(tk.auditor)).expect(200);
    expect(verify.body.broken).toEqual([]);
  });
});

describe('search within a department', () => {
  const ODD_Q = [
    '',
    ' ',
    '&',
    '|',
    '!',
    ':*',
    "'",
    '\\',
    '"',
    '()',
    "停水 & 物业 | !水务:* 'x'",
    '停水:*',
    '!停水',
    "\\' & \\\\",
    '停\u0000水',
    '%',
    '\u{1F600}',
    '停水'.repeat(400),
    'a'.repeat(2000),
  ];

  it('a handler never finds a case not dispatched to their department, by the walk or the index, however common the word', async () => {
    // Many of B's cases with the word and one of A's, the statistics taken, so that A's handler walks its own rows.
    const word = '窨井盖';
    const make = async (title: string, departmentId: string, overrides: Record<string, unknown> = {}) => {
      const r = await t
        .http()
        .post('/api/petitions')
        .send(submission({ title, content: `人民路的${title}，很危险。`, ...overrides }))
        .expect(201);
      await t.http().post(`/api/petitions/${r.body.id}/review`).set(bearer(tk.reviewer)).send({ outcome: 'accepted' }).expect(200);
      await t.http().post(`/api/petitions/${r.body.id}/dispatch`).set(bearer(tk.reviewer)).send({ departmentId }).expect(200);
      return r.body as { id: string; trackingCode: string };
    };
    const ofB: string[] = [];
    for (let i = 0; i < 8; i++) ofB.push((await make(`${word}松动${i}`, DEPT_B)).id);
    const a = await make(`${word}缺失`, DEPT_A);
    const ofA = a.id;
    // Two more of A's the public must never find: one without consent, one a moderator hid.
    const unconsented = await make(`${word}破损`, DEPT_A, { publicConsent: false });
    const hiddenCase = await make(`${word}塌陷`, DEPT_A);
    const hidden = hiddenCase.id;
    await t
      .http()
      .post(`/api/petitions/${hidden}/moderation`)
      .set(bearer(tk.reviewer))
      .send({ target: 'case', action: 'hide', reason: '内容不宜公开' })
      .expect(200);
    await t.waitForProjections();
    await t.runtime.pool.query('analyze wz_rm.cases');
    await t.runtime.pool.query('analyze wz_rm.public_petitions');
    const seen = async (token: string, query: Record<string, string> = {}) =>
      (
        (
          await t
            .http()
            .get('/api/cases')
            .query({ q: word, ...query })
            .set(bearer(token))
            .expect(200)
        ).body.items as Array<{ id: string }>
      ).map((x) => x.id);
    expect(await seen(tk.handlerA)).toEqual([hidden, unconsented.id, ofA]);
    expect(await seen(tk.handlerA, { limit: '1' })).toEqual([hidden]);
    expect((await seen(tk.handlerB)).sort()).toEqual([...ofB].sort());
    expect(await seen(tk.reviewer)).toEqual(expect.arrayContaining([ofA, unconsented.id, hidden, ...ofB]));
    const publicA = await t.http().get('/api/public/petitions').query({ q: word, departmentId: DEPT_A }).expect(200);
    // Public items are named by their tracking code.
    expect((publicA.body.items as Array<{ trackingCode: string }>).map((x) => x.trackingCode)).toEqual([a.trackingCode]);
    const publicAll = await t.http().get('/api/public/petitions').query({ q: word }).expect(200);
    const publicCodes = (publicAll.body.items as Array<{ trackingCode: string }>).map((x) => x.trackingCode);
    expect(publicCodes).toHaveLength(ofB.length + 1);
    expect(publicCodes).toContain(a.trackingCode);
    expect(publicCodes).not.toContain(unconsented.trackingCode);
    expect(publicCodes).not.toContain(hiddenCase.trackingCode);
    for (const secret of CITIZEN_SECRETS) expect(JSON.stringify([publicA.body, publicAll.body])).not.toContain(secret);
  });

  it('odd q gives results or a 4xx, never a 500, for the public, a reviewer and a handler', async () => {
    await dispatched(t, tk, DEPT_A);
    await t.waitForProjections();
    const routes = [
      (q: string) => t.http().get('/api/public/petitions').query({ q }),
      (q: string) => t.http().get('/api/public/petitions').query({ q, departmentId: DEPT_A }),
      (q: string) => t.http().get('/api/cases').query({ q }).set(bearer(tk.reviewer)),
      (q: string) => t.http().get('/api/cases').query({ q }).set(bearer(tk.handlerA)),
    ];
    const failures: string[] = [];
    for (const q of ODD_Q)
      for (const [i, route] of routes.entries()) {
        const r = await route(q);
        if (r.status >= 500 || (r.status !== 200 && r.status < 400))
          failures.push(`route ${i} q=${JSON.stringify(q.slice(0, 20))}: ${r.status}`);
      }
    expect(failures).toEqual([]);
  });
});
