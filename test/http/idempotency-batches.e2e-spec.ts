import { UnprocessableEntityException } from '@nestjs/common';
import { IdempotencyKeys, RunClaim } from '../../apps/api/src/idempotency/idempotency-keys';
import { createTestApp, TestApp } from '../setup/app';

/**
 * Claims and answers made in the same turn share one statement (two round trips a command, shared
 * under load), with the semantics of one at a time: docs/api.md, "Idempotency-Key".
 */
let t: TestApp;
let keys: IdempotencyKeys;
let sent: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  keys = t.app.get(IdempotencyKeys);
  const pool = t.runtime.pool;
  const query = pool.query.bind(pool) as (...a: unknown[]) => unknown;
  (pool as unknown as { query: unknown }).query = (...a: unknown[]) => {
    const text = typeof a[0] === 'string' ? a[0] : String((a[0] as { text?: string }).text);
    if (text.includes('wz_http.idempotency_keys')) sent.push(text);
    return query(...a);
  };
});
afterAll(async () => t.close());

const request = (key: string, body: unknown) => ({ scope: 'sub:batch-tester', key, fingerprint: { route: 'POST /x', body } });

/** Claims a key, runs, and stores the answer `{ n }`. */
async function runAndAnswer(key: string, body: unknown, n: number): Promise<RunClaim> {
  const claim = await keys.claim(request(key, body));
  if (claim.kind !== 'run') throw new Error(`${key} should have run`);
  await keys.complete(claim, 201, { n });
  return claim;
}

it('claims of one turn go as one statement, answers too; a key twice in it runs once and the other gets its answer', async () => {
  sent = [];
  const [a, b, c, again] = await Promise.all([
    runAndAnswer('batch-a', 1, 0),
    runAndAnswer('batch-b', 2, 1),
    runAndAnswer('batch-c', 3, 2),
    // The same request as the first, in the same turn: it must not run too.
    keys.claim(request('batch-a', 1)),
  ]);
  expect(new Set([a, b, c].map((x) => x.commandId)).size).toBe(3);
  expect(again).toEqual({ kind: 'replay', status: 201, body: { n: 0 } });
  const firstAnswer = sent.findIndex((s) => s.trimStart().startsWith('update'));
  // One claim statement for the four, one answer statement for the three (the repeat then polls alone).
  expect(sent.slice(0, firstAnswer).filter((s) => s.trimStart().startsWith('insert'))).toHaveLength(1);
  expect(sent.filter((s) => s.trimStart().startsWith('update'))).toHaveLength(1);
  // Each key answers its own request again.
  expect(await keys.claim(request('batch-b', 2))).toEqual({ kind: 'replay', status: 201, body: { n: 1 } });
  expect(await keys.claim(request('batch-c', 3))).toEqual({ kind: 'replay', status: 201, body: { n: 2 } });
});

it('in one turn, a key reused with another body is refused, a new one runs and a running one is waited for', async () => {
  const running = await keys.claim(request('batch-run', 'x'));
  if (running.kind !== 'run') throw new Error('batch-run should have run');
  const waiting = keys.claim(request('batch-run', 'x'));
  const outcomes = await Promise.allSettled([keys.claim(request('batch-b', 'another body')), keys.claim(request('batch-new', 'y'))]);
  expect(outcomes[0]).toMatchObject({ status: 'rejected', reason: expect.any(UnprocessableEntityException) });
  expect(outcomes[1]).toMatchObject({ status: 'fulfilled', value: { kind: 'run' } });
  await keys.complete(running, 200, { done: true });
  expect(await waiting).toEqual({ kind: 'replay', status: 200, body: { done: true } });
});

it('an answer is written beside its claim, on the same page (a heap-only update, no new index entries)', async () => {
  // Claimed one after another, as a busy API claims them, so the claims fill page after page; on
  // full pages an answer had no room beside its claim and moved to another page (migration 1795697900000).
  // The answer changes no indexed column (the key, created_at), so one that stays on its page is a
  // heap-only update: PostgreSQL makes every such update heap-only.
  const claims: RunClaim[] = [];
  for (let i = 0; i < 120; i++) {
    const claim = await keys.claim(request(`page-${i}`, i));
    if (claim.kind !== 'run') throw new Error(`page-${i} should have run`);
    claims.push(claim);
  }
  const pages = async () => {
    const { rows } = await t.runtime.pool.query<{ key_hash: string; page: string }>(
      `select key_hash, (ctid::text::point)[0]::text as page from wz_http.idempotency_keys where key_hash = any($1::text[])`,
      [claims.map((c) => c.keyHash)],
    );
    return new Map(rows.map((r) => [r.key_hash, r.page]));
  };
  const before = await pages();
  expect(new Set(before.values()).size).toBeGreaterThan(2);
  for (const [i, claim] of claims.entries()) await keys.complete(claim, 201, { n: i, id: `a3c1e0f2-5b7d-4e8f-9a0b-1c2d3e4f5a6${i % 10}` });
  const after = await pages();
  expect(after.size).toBe(120);
  expect([...after].filter(([key, page]) => before.get(key) !== page)).toEqual([]);
  const { rows } = await t.runtime.pool.query<{ options: string[] }>(
    `select reloptions as options from pg_class where oid = 'wz_http.idempotency_keys'::regclass`,
  );
  expect(rows[0].options).toContain('fillfactor=50');
});
