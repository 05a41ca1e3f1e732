import { randomUUID } from 'node:crypto';
import { createTestApp, TestApp } from '../setup/app';
import { Tokens, streamTypes, submission, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

/**
 * A submitter may choose its case's id. An attacking helper (2026-12-07) found two holes there:
 * the nil and max UUIDs were taken at submit though no :id route reads them (such a case could never
 * be reviewed, erased or audited), and submitting an existing id told anyone that case's state.
 */
let t: TestApp;
let tk: Tokens;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000' });
  tk = await tokens();
});
afterAll(async () => t.close());

it.each(['00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF'])(
  'refuses %s as a chosen id, as every :id route does, and appends nothing',
  async (id) => {
    const r = await t.http().post('/api/petitions').send(submission({ id })).expect(400);
    expect(r.body.message).toBe('id: must be a UUID');
    expect(await streamTypes(t, id.toLowerCase())).toEqual([]);
    await t.http().get(`/api/petitions/${id}`).set(bearer(tk.reviewer)).expect(400);
  },
);

it('takes a chosen id every route reads, and the case is reviewed by it', async () => {
  const id = randomUUID().toUpperCase();
  const r = await t.http().post('/api/petitions').send(submission({ id })).expect(201);
  expect(r.body.id).toBe(id.toLowerCase());
  await t.http().post(`/api/petitions/${id}/review`).set(bearer(tk.reviewer)).send({ outcome: 'accepted' }).expect(200);
});

it('answers an existing id alike whatever the case holding it is (its state, confidential or not), naming no state', async () => {
  const open = (await t.http().post('/api/petitions').send(submission()).expect(201)).body;
  const confidential = (await t.http().post('/api/petitions').send(submission()).expect(201)).body;
  await t
    .http()
    .post(`/api/petitions/${confidential.id}/review`)
    .set(bearer(tk.reviewer))
    .send({ outcome: 'accepted', confidential: true })
    .expect(200);
  const answers = [];
  for (const id of [open.id, confidential.id]) {
    const before = await streamTypes(t, id);
    const r = await t.http().post('/api/petitions').send(submission({ id })).expect(409);
    answers.push(JSON.stringify({ status: r.status, body: r.body }));
    expect(r.body.message).toBe('id: already taken by another case (leave it out, or choose another)');
    expect(JSON.stringify(r.body)).not.toMatch(/submitted|accepted|petition is/);
    expect(await streamTypes(t, id)).toEqual(before);
  }
  expect(new Set(answers).size).toBe(1);
});

it('50 submits at once with one chosen id: one case, one 201, every other the same 409, one event', async () => {
  const id = randomUUID();
  const answers = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      t
        .http()
        .post('/api/petitions')
        .send(submission({ id, title: `同一编号并发提交第${i}件` })),
    ),
  );
  expect(answers.filter((r) => r.status === 201)).toHaveLength(1);
  const refused = answers.filter((r) => r.status !== 201);
  expect(new Set(refused.map((r) => `${r.status} ${JSON.stringify(r.body)}`))).toEqual(new Set([`409 ${JSON.stringify(refused[0].body)}`]));
  expect(refused[0].body.message).toBe('id: already taken by another case (leave it out, or choose another)');
  expect(await streamTypes(t, id)).toEqual(['PetitionSubmitted']);
});

it('an Idempotency-Key: the same chosen id and body replays the answer; another id under the key is 422; nothing appended twice', async () => {
  const id = randomUUID();
  const key = `submit-${randomUUID()}`;
  const first = await t.http().post('/api/petitions').set('Idempotency-Key', key).send(submission({ id })).expect(201);
  const again = await t.http().post('/api/petitions').set('Idempotency-Key', key).send(submission({ id })).expect(201);
  expect(again.body).toEqual(first.body);
  await t
    .http()
    .post('/api/petitions')
    .set('Idempotency-Key', key)
    .send(submission({ id: randomUUID() }))
    .expect(422);
  expect(await streamTypes(t, id)).toEqual(['PetitionSubmitted']);
});

it.each([
  ['a right-to-left override', `\u202e${'a'.repeat(8)}-0000-4000-8000-000000000000`],
  ['full-width digits', '１２３４５６７８-1234-4234-8234-123456789012'],
  ['a zero-width space inside', '12345678-1234-4234-8234-1234\u200b56789012'],
  ['a lone surrogate', '12345678-1234-4234-8234-12345678901\ud800'],
])('refuses a chosen id with %s: 400 naming id, nothing appended', async (_what, id) => {
  const before = Number((await t.runtime.pool.query('select count(*) from wz_es.events')).rows[0].count);
  const r = await t.http().post('/api/petitions').send(submission({ id })).expect(400);
  expect(r.body.message).toMatch(/^id: /);
  expect(Number((await t.runtime.pool.query('select count(*) from wz_es.events')).rows[0].count)).toBe(before);
});
