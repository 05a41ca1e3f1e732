import { createHash } from 'node:crypto';
import { createTestApp, TestApp } from '../setup/app';
import { submission, open311Report } from '../setup/petitions';

// The 429's X-RateLimit-* headers (anonymous-rate-limit.guard.ts, rate-limit-mark.ts, the idempotency interceptor).

const OPEN311_KEY = 'rl-headers-open311-key-0123456789abcdef';
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '2',
    OPEN311_RATE_LIMIT_PER_MINUTE: '5',
    OPEN311_API_KEYS: `fixmystreet:${createHash('sha256').update(OPEN311_KEY).digest('hex')}`,
  });
});
afterAll(async () => t.close());

const report = () => t.http().post('/open311/v2/requests.json').type('form').send(open311Report(OPEN311_KEY));

describe('429 headers', () => {
  it('within and over the limit the headers agree; a keyed replay over the limit is its first answer', async () => {
    const first = await t.http().post('/api/petitions').set('Idempotency-Key', 'hdr-1').send(submission()).expect(201);
    expect(first.headers).toMatchObject({ 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '1' });
    await t.http().post('/api/petitions').send(submission()).expect(201);
    const limited = await t.http().post('/api/petitions').send(submission()).expect(429);
    expect(limited.headers).toMatchObject({ 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '0' });
    const reset = Number(limited.headers['x-ratelimit-reset']);
    expect(reset).toBeGreaterThan(0);
    expect(reset).toBeLessThanOrEqual(60);
    expect(limited.headers['x-ratelimit-reset']).toBe(limited.headers['retry-after']);
    const replay = await t.http().post('/api/petitions').set('Idempotency-Key', 'hdr-1').send(submission()).expect(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers['retry-after']).toBeUndefined();
    const keyed = await t.http().post('/api/petitions').set('Idempotency-Key', 'hdr-new').send(submission()).expect(429);
    expect(keyed.headers).toMatchObject({ 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '0' });
    expect(keyed.headers['x-ratelimit-reset']).toBe(keyed.headers['retry-after']);
  });

  it("an Open311 client's 429 names the client's limit, not the anonymous one", async () => {
    for (let i = 0; i < 5; i++) {
      const r = await report();
      expect([r.status, r.text]).toEqual([201, expect.anything()]);
    }
    const limited = await report().expect(429);
    expect(limited.headers).toMatchObject({ 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0' });
    expect(limited.headers['x-ratelimit-reset']).toBe(limited.headers['retry-after']);
  });
});
