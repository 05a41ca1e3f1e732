import { bindAddsDeprecatedProperty } from '../../apps/api/src/http/async-bind';
import { IdempotencyKeys } from '../../apps/api/src/idempotency/idempotency-keys';
import { createTestApp, TestApp } from '../setup/app';
import { CITIZEN_SECRETS, DEPT_B, Tokens, dispatched, streamTypes, submission, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

/** docs/api.md, "Idempotency-Key". */
let t: TestApp;
let tk: Tokens;
beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
});
afterAll(async () => t.close());

const post = (path: string, token: string | undefined, body: object = {}) => {
  const r = t.http().post(path).send(body);
  return token ? r.set(bearer(token)) : r;
};
const submitWithKey = (key: string, body: object = submission()) => t.http().post('/api/petitions').set('Idempotency-Key', key).send(body);

// Nest runs the key's interceptor and the handler inside AsyncResource.bind; the app installs the
// bind without Node 20's deprecated property (apps/api/src/http/async-bind.ts, whose spec checks Nest's chain with it).
it("the app binds the interceptor chain without Node 20's deprecated property, and commands under a key still work", async () => {
  expect(bindAddsDeprecatedProperty()).toBe(false);
  const key = `bind-${Date.now()}`;
  const body = submission();
  const first = await submitWithKey(key, body).expect(201);
  const again = await submitWithKey(key, body).expect(201);
  expect(again.body).toEqual(first.body);
});

async function submittedCount(): Promise<number> {
  const { rows } = await t.runtime.pool.query(`select count(*)::int as n from wz_es.events where type = 'PetitionSubmitted'`);
  return rows[0].n as number;
}

/** The key record a petition's first event was appended under (found by its stable commandId). */
async function keyRecordOf(petitionId: string): Promise<string> {
  const { rows } = await t.runtime.pool.query(
    `select metadata->>'commandId' as c from wz_es.events where stream_id = $1 and revision = 0`,
    [`petition-${petitionId}`],
  );
  return rows[0].c as string;
}

describe('an anonymous submission', () => {
  it('the same key with another body is 422, appends nothing and reveals nothing of the first case', async () => {
    const first = await submitWithKey('shared-key-1').expect(201);
    const before = await submittedCount();
    const other = submission({
      citizen: { name: '王芳', phone: '13900001111' },
      title: '另一个人的诉求',
      content: '完全不同的内容，同一个幂等键。',
    });
    const second = await submitWithKey('shared-key-1', other).expect(422);
    expect(second.body).toMatchObject({ statusCode: 422, error: 'idempotency_key_reused', code: 'idempotency_key_reused' });
    expect(second.body.message).toMatch(/^idempotency_key_reused/);
    const text = JSON.stringify(second.body);
    for (const secret of [first.body.id, first.body.trackingCode, first.body.accessKey, ...CITIZEN_SECRETS])
      expect(text).not.toContain(secret);
    expect(await submittedCount()).toBe(before);
  });

  it('the same key with the same body answers the first response again (status and body) and appends nothing', async () => {
    const first = await submitWithKey('same-body-1').expect(201);
    const before = await submittedCount();
    const again = await submitWithKey('same-body-1').expect(201);
    expect(again.body).toEqual(first.body);
    expect(await submittedCount()).toBe(before);
    // The petition id is random, not a function of the key.
    const elsewhere = await submitWithKey('same-body-1', submission({ title: '换了标题的诉求' })).expect(422);
    expect(JSON.stringify(elsewhere.body)).not.toContain(first.body.id);
  });

  it('the key table holds no key, access key or personal data in clear', async () => {
    const first = await submitWithKey('table-check-1').expect(201);
    const { rows } = await t.runtime.pool.query(`select * from wz_http.idempotency_keys`);
    const dump = JSON.stringify(rows.map((r: Record<string, unknown>) => ({ ...r, response: (r.response as Buffer).toString('latin1') })));
    for (const secret of ['table-check-1', first.body.accessKey, first.body.trackingCode, ...CITIZEN_SECRETS])
      expect(dump).not.toContain(secret);
  });
});

describe('authorisation runs before any replay', () => {
  it("a handler of another department sending a key used by the case's handler is refused, never replayed", async () => {
    const p = await dispatched(t, tk);
    const ack = await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).set('Idempotency-Key', 'ack-by-a').expect(200);
    const before = await streamTypes(t, p.id);
    // The same command: another department is refused before the case's state is looked at (403, never 409 or 200).
    const again = await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerB).set('Idempotency-Key', 'ack-by-a');
    expect(again.status).toBe(403);
    expect(again.body).not.toMatchObject({ revision: ack.body.revision });
    // A command the state allows: the department check answers.
    await post(`/api/petitions/${p.id}/respond`, tk.handlerB, { answer: '冒名答复' }).set('Idempotency-Key', 'ack-by-a').expect(403);
    expect(await streamTypes(t, p.id)).toEqual(before);
  });

  // Decided 2026-12-07, after two attacks: a replay is the caller's own answer to a command it was
  // allowed to run when it ran. The case moving on since (the department returned it, it went
  // elsewhere) does not turn a lost response's retry into a refusal of what succeeded; another
  // department, or the same person under another department, never matches the key.
  it('a department that returned the case still gets its own first answers on a retry, and nothing is appended', async () => {
    const p = await dispatched(t, tk);
    const ack = await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).set('Idempotency-Key', 'ack-then-lost').expect(200);
    const ret = await post(`/api/petitions/${p.id}/return`, tk.handlerA, { reason: '不属于本单位职责范围' })
      .set('Idempotency-Key', 'return-then-lost')
      .expect(200);
    await post(`/api/petitions/${p.id}/dispatch`, tk.reviewer, { departmentId: DEPT_B }).expect(200);
    const before = await streamTypes(t, p.id);
    const ackAgain = await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).set('Idempotency-Key', 'ack-then-lost');
    expect([ackAgain.status, ackAgain.body]).toEqual([200, ack.body]);
    const retAgain = await post(`/api/petitions/${p.id}/return`, tk.handlerA, { reason: '不属于本单位职责范围' }).set(
      'Idempotency-Key',
      'return-then-lost',
    );
    expect([retAgain.status, retAgain.body]).toEqual([200, ret.body]);
    // Without its key, the department that lost the case is refused, before the case's state is told.
    expect((await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA)).status).toBe(403);
    expect(await streamTypes(t, p.id)).toEqual(before);
  });

  it('an anonymous rating with a made-up access key and a key used before is refused, not replayed', async () => {
    const p = await dispatched(t, tk);
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: '已处理。' }).expect(200);
    const rate = (accessKey: string) =>
      t
        .http()
        .post(`/api/petitions/${p.id}/rate`)
        .set('X-Access-Key', accessKey)
        .set('Idempotency-Key', 'rate-1')
        .send({ satisfaction: 'unsatisfied' });
    await rate(p.accessKey).expect(200);
    await post(`/api/petitions/${p.id}/reopen`, tk.supervisor, { reason: '群众不满意，重新办理' }).expect(200);
    await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: '已再次处理。' }).expect(200);
    const before = await streamTypes(t, p.id);
    const forged = await rate('made-up-access-key-0123');
    // 404: without the submitter's proof a rating answers as an unknown case
    expect([401, 403, 404]).toContain(forged.status);
    expect(await streamTypes(t, p.id)).toEqual(before);
    // The submitter's own retry still gets the first answer.
    expect((await rate(p.accessKey)).status).toBe(200);
  });
});

describe('one key, one request', () => {
  // An attacking helper's find (2026-12-07): the case named another way was "another request" (422).
  it('the same rating of the same case by its tracking code, its id or the code in lower case is one request', async () => {
    const p = await dispatched(t, tk);
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).expect(200);
    await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: '已处理。' }).expect(200);
    const rate = (ref: string) =>
      t
        .http()
        .post(`/api/petitions/${ref}/rate`)
        .set('X-Access-Key', p.accessKey)
        .set('Idempotency-Key', 'rate-by-any-ref')
        .send({ satisfaction: 'satisfied' });
    const first = await rate(p.trackingCode).expect(200);
    const before = await streamTypes(t, p.id);
    for (const ref of [p.id, p.trackingCode.toLowerCase(), p.id.toUpperCase()]) {
      const again = await rate(ref);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
    }
    expect(await streamTypes(t, p.id)).toEqual(before);
  });

  it('a key used to acknowledge, then sent to respond or to another case, is 422 and appends nothing', async () => {
    const p = await dispatched(t, tk);
    const q = await dispatched(t, tk);
    await post(`/api/petitions/${p.id}/acknowledge`, tk.handlerA).set('Idempotency-Key', 'step-1').expect(200);
    const before = await streamTypes(t, p.id);
    const r = await post(`/api/petitions/${p.id}/respond`, tk.handlerA, { answer: '答复内容' })
      .set('Idempotency-Key', 'step-1')
      .expect(422);
    expect(r.body.error).toBe('idempotency_key_reused');
    await post(`/api/petitions/${q.id}/acknowledge`, tk.handlerA).set('Idempotency-Key', 'step-1').expect(422);
    expect(await streamTypes(t, p.id)).toEqual(before);
    expect(await streamTypes(t, q.id)).not.toContain('PetitionAcknowledged');
  });

  it('a refused request frees its key: the corrected request may use it', async () => {
    await submitWithKey('fix-and-retry', submission({ title: 'x' })).expect(400);
    await submitWithKey('fix-and-retry').expect(201);
  });
});

describe('concurrency and crashes', () => {
  it('the same request sent 50 times at once appends once, and every answer is the first one', async () => {
    const before = await submittedCount();
    const answers = await Promise.all(Array.from({ length: 50 }, () => submitWithKey('burst-1')));
    const ok = answers.filter((r) => r.status === 201);
    expect(
      answers
        .filter((r) => r.status !== 201)
        .map((r) => r.body.error)
        .every((e) => e === 'idempotency_key_in_progress'),
    ).toBe(true);
    expect(ok.length).toBeGreaterThan(0);
    expect(new Set(ok.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await submittedCount()).toBe(before + 1);
  });

  it('a key whose request died while running is 409 for a while, then the retry finishes it without a second append', async () => {
    const first = await submitWithKey('crash-1').expect(201);
    const commandId = await keyRecordOf(first.body.id);
    // As if the process died after appending, before recording the answer.
    await t.runtime.pool.query(
      `update wz_http.idempotency_keys set response_status = null, response = null, locked_until = clock_timestamp() + interval '1 hour' where command_id = $1`,
      [commandId],
    );
    const busy = await submitWithKey('crash-1').expect(409);
    expect(busy.body).toMatchObject({ error: 'idempotency_key_in_progress' });
    await t.runtime.pool.query(
      `update wz_http.idempotency_keys set locked_until = clock_timestamp() - interval '1 second' where command_id = $1`,
      [commandId],
    );
    const before = await submittedCount();
    const retried = await submitWithKey('crash-1').expect(201);
    expect(retried.body).toEqual(first.body);
    expect(await submittedCount()).toBe(before);
  }, 20_000);

  it('a key is kept 24 hours; after that it is forgotten (a new request) and pruned', async () => {
    const first = await submitWithKey('day-old').expect(201);
    const commandId = await keyRecordOf(first.body.id);
    await t.runtime.pool.query(`update wz_http.idempotency_keys set created_at = created_at - interval '23 hours' where command_id = $1`, [
      commandId,
    ]);
    expect((await submitWithKey('day-old').expect(201)).body).toEqual(first.body);
    await t.runtime.pool.query(`update wz_http.idempotency_keys set created_at = created_at - interval '2 hours' where command_id = $1`, [
      commandId,
    ]);
    const later = await submitWithKey('day-old').expect(201);
    expect(later.body.id).not.toBe(first.body.id);

    await t.runtime.pool.query(`update wz_http.idempotency_keys set created_at = created_at - interval '25 hours' where command_id = $1`, [
      await keyRecordOf(later.body.id),
    ]);
    expect(await t.app.get(IdempotencyKeys).prune()).toBeGreaterThanOrEqual(1);
  });

  it('the prune skips a forgotten key another transaction holds instead of waiting for it (no lock cycle with a batch of claims)', async () => {
    const held = await submitWithKey('held-while-pruned').expect(201);
    const free = await submitWithKey('pruned-meanwhile').expect(201);
    const heldId = await keyRecordOf(held.body.id);
    const freeId = await keyRecordOf(free.body.id);
    await t.runtime.pool.query(
      `update wz_http.idempotency_keys set created_at = created_at - interval '25 hours' where command_id = any($1::uuid[])`,
      [[heldId, freeId]],
    );
    const other = await t.runtime.pool.connect();
    try {
      await other.query('begin');
      await other.query(`select 1 from wz_http.idempotency_keys where command_id = $1 for update`, [heldId]);
      const outcome = await Promise.race([
        t.app.get(IdempotencyKeys).prune(),
        new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 10_000).unref()),
      ]);
      expect(outcome).not.toBe('waited');
      const left = await t.runtime.pool.query<{ command_id: string }>(
        `select command_id from wz_http.idempotency_keys where command_id = any($1::uuid[])`,
        [[heldId, freeId]],
      );
      expect(left.rows.map((r) => r.command_id)).toEqual([heldId]);
    } finally {
      await other.query('rollback');
      other.release();
    }
  }, 30_000);
});

describe('a retry that took over a lapsed claim', () => {
  /**
   * docs/api.md, "Idempotency-Key": a retry that takes over a lapsed claim (the first attempt died
   * after its append, before its answer was stored) runs under the same commandId. If a check before
   * the runner now refuses it (the case's world moved on), the key must not be freed: the next retry
   * would claim it anew and run the command a second time under a new id (a second petition, a second
   * access key). It stays bound to the first attempt's commandId, and a later retry gets that case.
   */
  /** As if the process died right after the append: the claim stays, unanswered, its lease lapsed. */
  async function dieAfterAppend(petitionId: string): Promise<void> {
    const { rowCount } = await t.runtime.pool.query(
      `update wz_http.idempotency_keys set response_status = null, response = null, locked_until = clock_timestamp() - interval '1 second'
        where command_id = (select (metadata->>'commandId')::uuid from wz_es.events where stream_id = $1 and revision = 0)`,
      [`petition-${petitionId}`],
    );
    expect(rowCount).toBe(1);
  }

  const setActive = (active: boolean) =>
    t.http().patch(`/api/admin/departments/${DEPT_B}`).set(bearer(tk.admin)).send({ active }).expect(200);

  it('a refused retry of a taken-over claim keeps the key: the next retry gets the first case, never a second one', async () => {
    const body = submission({ addressee: { type: 'department', departmentId: DEPT_B } });
    const send = () => t.http().post('/api/petitions').set('Idempotency-Key', 'takeover-refused-1').send(body);
    const first = await send().expect(201);
    const before = await submittedCount();
    await dieAfterAppend(first.body.id);
    await setActive(false);
    try {
      // The check before the runner refuses what has changed since the first attempt.
      const refused = await send();
      expect(refused.status).toBe(400);
    } finally {
      await setActive(true);
    }
    const again = await send().expect(201);
    expect(again.body.id).toBe(first.body.id);
    expect(await submittedCount()).toBe(before);
  });

  it('a refused request on a fresh claim still frees its key for a corrected request', async () => {
    await setActive(false);
    try {
      const refused = await t
        .http()
        .post('/api/petitions')
        .set('Idempotency-Key', 'fresh-refused-1')
        .send(submission({ addressee: { type: 'department', departmentId: DEPT_B } }));
      expect(refused.status).toBe(400);
    } finally {
      await setActive(true);
    }
    const corrected = await t.http().post('/api/petitions').set('Idempotency-Key', 'fresh-refused-1').send(submission());
    expect(corrected.status).toBe(201);
  });
});
