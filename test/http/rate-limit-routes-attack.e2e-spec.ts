import { createHash } from 'node:crypto';
import { createTestApp, TestApp } from '../setup/app';
import { Tokens, dispatched, submission, tokens } from '../setup/petitions';

// Attack on d779df6: over the anonymous limit a request is answered from its key only.
const OPEN311_KEY = 'attack3-open311-key-0123456789abcdef';
let t: TestApp;
let tk: Tokens;
beforeAll(async () => {
  t = await createTestApp({
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1',
    OPEN311_RATE_LIMIT_PER_MINUTE: '1',
    OPEN311_API_KEYS: `fixmystreet:${createHash('sha256').update(OPEN311_KEY).digest('hex')}`,
  });
  tk = await tokens();
});
afterAll(async () => t.close());
const events = async () => (await t.runtime.pool.query<{ n: number }>(`select count(*)::int as n from wz_es.events`)).rows[0].n;

it('comments: an over-limit replay by the code in another case or by id answers; fresh keys and another body append nothing', async () => {
  const p = await dispatched(t, tk);
  const first = await t
    .http()
    .post(`/api/petitions/${p.trackingCode}/comments`)
    .set('Idempotency-Key', 'c-1')
    .send({ text: '同小区，确有此事' });
  expect(first.status).toBe(200);
  const before = await events();
  for (const ref of [p.trackingCode.toLowerCase(), p.id, p.id.toUpperCase()]) {
    const again = await t.http().post(`/api/petitions/${ref}/comments`).set('Idempotency-Key', 'c-1').send({ text: '同小区，确有此事' });
    expect({ ref, status: again.status, body: again.body }).toEqual({ ref, status: 200, body: first.body });
  }
  const flood = await Promise.all([
    ...Array.from({ length: 15 }, (_, i) =>
      t
        .http()
        .post(`/api/petitions/${p.trackingCode}/comments`)
        .set('Idempotency-Key', `fresh-${i}`)
        .send({ text: `超限评论${i}` }),
    ),
    ...Array.from({ length: 5 }, (_, i) =>
      t
        .http()
        .post(`/api/petitions/${p.trackingCode}/comments`)
        .set('Idempotency-Key', 'c-1')
        .send({ text: `另一条${i}` }),
    ),
  ]);
  expect(flood.map((r) => r.status).filter((s) => s < 400)).toEqual([]);
  expect(await events()).toBe(before);
});

it('Open311 per client: over its limit nothing is appended, keys or not', async () => {
  const form = (i: number) => ({
    api_key: OPEN311_KEY,
    service_code: 'csgl',
    lat: '28.016649',
    long: '120.656149',
    address_string: '五马街1号',
    description: `路面塌陷${i}`,
    first_name: '伟',
    last_name: '张',
    phone: '13812345678',
  });
  await t.http().post('/open311/v2/requests.json').type('form').send(form(0)).expect(201);
  const before = await events();
  const flood = await Promise.all(
    Array.from({ length: 12 }, (_, i) => {
      const r = t
        .http()
        .post(i % 2 ? '/OPEN311/v2/requests.json' : '/open311/v2/requests.json')
        .type(i % 3 ? 'form' : 'json');
      if (i % 4) r.set('Idempotency-Key', `o311-${i}`);
      return r.send(form(i + 1));
    }),
  );
  expect(flood.map((r) => r.status).filter((s) => s < 400)).toEqual([]);
  expect(await events()).toBe(before);
});

it('submission: over the limit, fresh keys and the same key with another body append nothing', async () => {
  const before = await events();
  const flood = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      t
        .http()
        .post('/api/petitions')
        .set('Idempotency-Key', i % 2 ? `s-${i}` : 'c-1')
        .send(submission({ title: `超限来信${i}` })),
    ),
  );
  expect(flood.map((r) => r.status).filter((s) => s < 400)).toEqual([]);
  expect(await events()).toBe(before);
});
