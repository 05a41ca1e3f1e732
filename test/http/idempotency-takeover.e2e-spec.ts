import { createTestApp, TestApp } from '../setup/app';
import { DEPT_B, Tokens, submission, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

/**
 * docs/api.md, "Idempotency-Key": a retry that takes over a lapsed claim (the first attempt died
 * after its append, before its answer was stored) runs under the same commandId. If a check before
 * the runner now refuses it (the case's world moved on), the key must not be freed: the next retry
 * would claim it anew and run the command a second time under a new id (a second petition, a second
 * access key). It stays bound to the first attempt's commandId, and a later retry gets that case.
 */
let t: TestApp;
let tk: Tokens;
beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
});
afterAll(async () => t.close());

const submissions = async (): Promise<number> =>
  (await t.runtime.pool.query<{ n: number }>(`select count(*)::int as n from wz_es.events where type = 'PetitionSubmitted'`)).rows[0].n;

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
  const before = await submissions();
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
  expect(await submissions()).toBe(before);
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
