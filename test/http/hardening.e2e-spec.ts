import { createHash } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { createTestApp, TestApp } from '../setup/app';
import { submission, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

describe('limits and headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '3', BODY_LIMIT: '20kb', CORS_ORIGINS: 'https://wenzheng.example.gov.cn' });
  });
  afterAll(async () => t.close());

  it('anonymous submission is rate limited per address: 429 with Retry-After, nothing appended', async () => {
    for (let i = 0; i < 3; i++) await t.http().post('/api/petitions').send(submission()).expect(201);
    const {
      rows: [{ n: before }],
    } = await t.runtime.pool.query(`select count(*)::int as n from wz_es.events`);
    const limited = await t.http().post('/api/petitions').send(submission()).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // The limit's headers, as on a request within it: the limit, none left, when it resets.
    expect(limited.headers).toMatchObject({ 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '0' });
    expect(Number(limited.headers['x-ratelimit-reset'])).toBe(Number(limited.headers['retry-after']));
    expect(limited.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    const {
      rows: [{ n: after }],
    } = await t.runtime.pool.query(`select count(*)::int as n from wz_es.events`);
    expect(after).toBe(before);
  });

  it('comments have their own limit; staff with a token are not limited', async () => {
    const tk = await tokens();
    const p = (await t.http().post('/api/petitions').set(bearer(tk.reviewer)).send(submission()).expect(201)).body as { id: string };
    await t.http().post(`/api/petitions/${p.id}/review`).set(bearer(tk.reviewer)).send({ outcome: 'accepted' }).expect(200);
    for (let i = 0; i < 3; i++)
      await t
        .http()
        .post(`/api/petitions/${p.id}/comments`)
        .send({ text: `跟帖${i}` })
        .expect(200);
    await t.http().post(`/api/petitions/${p.id}/comments`).send({ text: '再来一条' }).expect(429);
    await t.http().post(`/api/petitions/${p.id}/comments`).set(bearer(tk.reviewer)).send({ text: '工作人员' }).expect(200);
  });

  it('a body over the limit is 413', async () => {
    const big = submission({ content: '很长的内容'.repeat(6000) });
    const r = await t
      .http()
      .post('/api/petitions')
      .set(bearer((await tokens()).reviewer))
      .send(big)
      .expect(413);
    expect(r.body).toMatchObject({ statusCode: 413 });
  });

  it('sends security headers and answers CORS only for the configured origin', async () => {
    const r = await t.http().get('/health/live').set('Origin', 'https://wenzheng.example.gov.cn').expect(200);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['strict-transport-security']).toBeDefined();
    expect(r.headers['x-powered-by']).toBeUndefined();
    expect(r.headers['access-control-allow-origin']).toBe('https://wenzheng.example.gov.cn');
    const other = await t.http().get('/health/live').set('Origin', 'https://evil.example.com').expect(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('the anonymous rate limit and an Idempotency-Key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '2' });
  });
  afterAll(async () => t.close());

  const events = async () => (await t.runtime.pool.query<{ n: number }>(`select count(*)::int as n from wz_es.events`)).rows[0].n;

  it('a retry under a key already answered gets its answer over the limit; a new key, no key or a bad key gets 429', async () => {
    const body = submission({ title: '重试的来信' });
    const first = await t.http().post('/api/petitions').set('Idempotency-Key', 'lost-answer-1').send(body).expect(201);
    await t.http().post('/api/petitions').send(submission()).expect(201); // the limit is now spent
    const before = await events();
    // The client lost the first answer and retries, as docs/api.md tells it to: the same case, no 429.
    const retry = await t.http().post('/api/petitions').set('Idempotency-Key', 'lost-answer-1').send(body).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['retry-after']).toBeUndefined();
    // The same key with another body is still refused by the key, not run.
    await t
      .http()
      .post('/api/petitions')
      .set('Idempotency-Key', 'lost-answer-1')
      .send(submission({ title: '另一封来信' }))
      .expect(422);
    // New work is limited as before, whatever the key says.
    const limited = await t.http().post('/api/petitions').set('Idempotency-Key', 'never-used-1').send(submission()).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers).toMatchObject({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': limited.headers['retry-after'] });
    expect(Number(limited.headers['x-ratelimit-limit'])).toBeGreaterThan(0);
    await t.http().post('/api/petitions').send(submission()).expect(429);
    await t.http().post('/api/petitions').set('Idempotency-Key', 'bad key with spaces').send(submission()).expect(429);
    expect(await events()).toBe(before);
  });

  it('a key refused before anything was appended is forgotten: its corrected retry over the limit counts as new work', async () => {
    const other = await createTestApp({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1' });
    try {
      await other
        .http()
        .post('/api/petitions')
        .set('Idempotency-Key', 'refused-1')
        .send(submission({ title: '' }))
        .expect(400);
      await other.http().post('/api/petitions').set('Idempotency-Key', 'refused-1').send(submission()).expect(429);
    } finally {
      await other.close();
    }
  });
});

describe('an Open311 client is limited per client, not per address', () => {
  const API_KEY = 'fms-rate-key-0123456789';
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '2',
      OPEN311_RATE_LIMIT_PER_MINUTE: '4',
      OPEN311_API_KEYS: `fixmystreet:${createHash('sha256').update(API_KEY).digest('hex')}`,
    });
  });
  afterAll(async () => t.close());

  const report = (n: number, apiKey = API_KEY) =>
    t
      .http()
      .post('/open311/v2/requests.json')
      .type('form')
      .send({
        api_key: apiKey,
        service_code: 'csgl',
        address_string: `五马街${n}号`,
        description: `路面塌陷${n}`,
        last_name: '张',
        phone: '13812345678',
      });

  it('a FixMyStreet server sends more than one person’s limit from its one address; past its own limit, 429', async () => {
    for (let n = 1; n <= 4; n++) await report(n).expect(201);
    const limited = await report(5).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toEqual([{ code: 429, description: expect.stringContaining('too many requests') }]);
  });

  it('without a valid key the address’s limit holds (an unknown key cannot borrow the client’s)', async () => {
    const other = await createTestApp({
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '2',
      OPEN311_RATE_LIMIT_PER_MINUTE: '100',
      OPEN311_API_KEYS: `fixmystreet:${createHash('sha256').update(API_KEY).digest('hex')}`,
    });
    try {
      const send = (apiKey: string) =>
        other
          .http()
          .post('/open311/v2/requests.json')
          .type('form')
          .send({ api_key: apiKey, service_code: 'csgl', description: '路灯不亮' });
      await send('wrong-key').expect(403);
      await send('wrong-key').expect(403);
      await send('wrong-key').expect(429);
    } finally {
      await other.close();
    }
  });
});

describe('single sign-on: RS256 tokens verified against an OIDC issuer JWKS', () => {
  let jwks: Server;
  let t: TestApp;
  let sign: (claims: Record<string, unknown>, kid?: string) => Promise<string>;
  let foreign: (claims: Record<string, unknown>) => Promise<string>;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const other = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'city-sso-1', alg: 'RS256', use: 'sig' };
    jwks = createServer((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(jwks.address() as { port: number }).port}/.well-known/jwks.json`;
    sign = (claims, kid = 'city-sso-1') =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid })
        .setSubject('sso-user-1')
        .setIssuer('https://sso.example.gov.cn')
        .setAudience('wenzheng')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey);
    foreign = (claims) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'city-sso-1' })
        .setSubject('intruder')
        .setIssuer('https://sso.example.gov.cn')
        .setAudience('wenzheng')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(other.privateKey);
    t = await createTestApp({ AUTH_JWKS_URL: url, AUTH_JWT_ISSUER: 'https://sso.example.gov.cn', AUTH_JWT_AUDIENCE: 'wenzheng' });
  });
  afterAll(async () => {
    await t.close();
    await new Promise((r) => jwks.close(r));
  });

  it('accepts a token signed by the issuer and applies its roles', async () => {
    const p = await t.http().post('/api/petitions').send(submission()).expect(201);
    const reviewer = await sign({ roles: ['reviewer'] });
    await t.http().post(`/api/petitions/${p.body.id}/review`).set(bearer(reviewer)).send({ outcome: 'accepted' }).expect(200);
    const handler = await sign({ roles: ['handler'] });
    await t.http().post(`/api/petitions/${p.body.id}/review`).set(bearer(handler)).send({ outcome: 'accepted' }).expect(403);
  });

  it('refuses a token signed by another key, for another audience, or with an unknown kid', async () => {
    await t
      .http()
      .get('/api/queues/review')
      .set(bearer(await foreign({ roles: ['reviewer'] })))
      .expect(401);
    const wrongAudience = await new SignJWT({ roles: ['reviewer'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setAudience('other')
      .setIssuer('https://sso.example.gov.cn')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('test-secret-test-secret-test-secret-42'));
    await t.http().get('/api/queues/review').set(bearer(wrongAudience)).expect(401);
    await t
      .http()
      .get('/api/queues/review')
      .set(bearer(await sign({ roles: ['reviewer'] }, 'unknown-kid')))
      .expect(401);
  });
});
