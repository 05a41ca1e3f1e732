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
