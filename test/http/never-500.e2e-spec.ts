import { createHash } from 'node:crypto';
import { AddressInfo, Socket, connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { INestApplication } from '@nestjs/common';
import { SignJWT } from 'jose';
import request from 'supertest';
import { Runtime, createRuntime, loadConfig } from '@wenzheng/platform';
import { createApp } from '../../apps/api/src/create-app';
import { readModelEntities, readModelMigrations } from '@wenzheng/read-models';
import { TEST_JWT_SECRET, TestApp, createTestApp } from '../setup/app';
import { createTestDatabase } from '../setup/database';
import { DEPT_A, submission, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

const eventCount = async (t: TestApp) => Number((await t.runtime.pool.query(`select count(*) as n from wz_es.events`)).rows[0].n);
/** The bytes as given: superagent would JSON-encode a Buffer sent as application/json. */
const json = (t: TestApp, raw: string | Buffer, headers: Record<string, string> = {}) =>
  t
    .http()
    .post('/api/petitions')
    .set({ 'Content-Type': 'application/json', ...headers })
    .serialize((b: string) => b)
    .send(raw);

describe('bad input is a 4xx naming the problem, never a 500', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('nesting deeper than the limit is 400 before validation (arrays 3000 deep, objects 8000 deep)', async () => {
    const before = await eventCount(t);
    const arrays = await json(t, '['.repeat(3000) + ']'.repeat(3000)).expect(400);
    expect(arrays.body.message).toMatch(/nest/i);
    const objects = await json(t, '{"a":'.repeat(8000) + '1' + '}'.repeat(8000)).expect(400);
    expect(objects.body.message).toMatch(/nest/i);
    const field = await json(t, JSON.stringify(submission({ title: JSON.parse('['.repeat(40) + ']'.repeat(40)) }))).expect(400);
    expect(field.body.message).toMatch(/^title.*nest/i);
    expect(await eventCount(t)).toBe(before);
  });

  it('a lone surrogate anywhere (title, the encrypted citizen name, a comment) is 400 naming the field', async () => {
    const before = await eventCount(t);
    const lone = (over: Record<string, unknown>) => JSON.stringify(submission(over)).replace('LONE', '\\ud800');
    const title = await json(t, lone({ title: '小区停水LONE三天' })).expect(400);
    expect(title.body.message).toMatch(/^title: .*surrogate/);
    const name = await json(t, lone({ citizen: { name: '张LONE伟', phone: '13812345678' } })).expect(400);
    expect(name.body.message).toMatch(/^citizen\.name: .*surrogate/);
    const key = await json(t, lone({ LONE: 1 })).expect(400);
    expect(key.body.message).toMatch(/surrogate/);
    const p = (
      await t
        .http()
        .post('/api/petitions')
        .set(bearer((await tokens()).reviewer))
        .send(submission())
        .expect(201)
    ).body as { id: string };
    const afterSubmit = await eventCount(t);
    const comment = await t
      .http()
      .post(`/api/petitions/${p.id}/comments`)
      .set('Content-Type', 'application/json')
      .send('{"text":"好\\udfff"}')
      .expect(400);
    expect(comment.body.message).toMatch(/^text: /);
    expect(await eventCount(t)).toBe(afterSubmit);
    expect(afterSubmit).toBe(before + 1);
  });

  it('NUL in any string, a query value or invalid UTF-8 bytes are 400 naming where', async () => {
    const before = await eventCount(t);
    const email = await json(
      t,
      JSON.stringify(submission({ citizen: { name: '张伟', phone: '13812345678', email: 'a\u0000@example.com' } })),
    ).expect(400);
    expect(email.body.message).toMatch(/^citizen\.email: .*NUL/);
    const query = await t.http().get('/api/public/petitions').query({ q: 'a\u0000b' }).expect(400);
    expect(query.body.message).toMatch(/^q: .*NUL/);
    const bytes = Buffer.concat([
      Buffer.from(JSON.stringify(submission()).slice(0, -1) + ',"location":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    const utf8 = await json(t, bytes).expect(400);
    expect(utf8.body.message).toMatch(/UTF-8/);
    expect(await eventCount(t)).toBe(before);
  });

  it('a path or query with percent-encoded invalid UTF-8 (a lone surrogate as bytes) is 400, not 500', async () => {
    for (const path of [
      '/api/petitions/%ED%A0%80',
      '/api/petitions/%FF',
      '/api/public/petitions?q=%ED%A0%80',
      '/api/public/petitions?cursor=%C0',
    ]) {
      const r = await t.http().get(path);
      expect([path, r.status, typeof r.body?.message]).toEqual([path, 400, 'string']);
    }
  });

  it('a Content-Encoding the body does not match is 400, an unknown one 415, a real gzip body is accepted', async () => {
    const before = await eventCount(t);
    const plain = JSON.stringify(submission());
    for (const enc of ['gzip', 'deflate', 'br']) {
      const r = await json(t, plain, { 'Content-Encoding': enc }).expect(400);
      expect(r.body.message).toMatch(new RegExp(`Content-Encoding.*${enc}`));
    }
    const unknown = await json(t, plain, { 'Content-Encoding': 'compress' }).expect(415);
    expect(unknown.body.message).toMatch(/Content-Encoding.*compress/);
    expect(await eventCount(t)).toBe(before);
    await json(t, gzipSync(plain), { 'Content-Encoding': 'gzip' }).expect(201);
  });

  it('a title, answer or comment of only invisible characters or whitespace is 400', async () => {
    const before = await eventCount(t);
    for (const title of ['\u200b\u200b\u200b', '\u2060\u3000\u200d', '\u3164\u3164', ' \ufeff\u00ad ']) {
      const r = await t.http().post('/api/petitions').send(submission({ title })).expect(400);
      expect(r.body.message).toMatch(/^title: .*visible/);
    }
    await t
      .http()
      .post('/api/petitions')
      .send(submission({ content: '\u200b'.repeat(10) }))
      .expect(400);
    expect(await eventCount(t)).toBe(before);
  });

  it('a token without exp is refused (401)', async () => {
    const forever = await new SignJWT({ roles: ['reviewer'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('no-exp')
      .setIssuedAt()
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const r = await t.http().get('/api/queues/review').set(bearer(forever)).expect(401);
    expect(r.body.message).toMatch(/exp/);
  });

  it('__proto__, constructor or prototype as a key anywhere in a body is 400 naming the field as unknown', async () => {
    const before = await eventCount(t);
    const base = JSON.stringify(submission());
    for (const [raw, field] of [
      [`{"__proto__":{"isAdmin":true},${base.slice(1)}`, '__proto__'],
      [base.replace('"citizen":{', '"citizen":{"constructor":{"prototype":{"x":1}},'), 'citizen.constructor'],
      [base.replace('"addressee":{', '"addressee":{"prototype":"x",'), 'addressee.prototype'],
      [`[{"__proto__":1}]`, 'body[0].__proto__'],
    ] as const) {
      const r = await json(t, raw);
      expect({ field, status: r.status, message: r.body.message }).toEqual({ field, status: 400, message: `${field}: unknown field` });
    }
    expect(await eventCount(t)).toBe(before);
  });

  // An attacking helper's finds (2026-12-07): such a body was ignored, and every field called missing.
  it('a body of another Content-Type, or of none, is 415 naming the header; a JSON scalar is 400 saying a JSON object is needed', async () => {
    const before = await eventCount(t);
    const body = JSON.stringify(submission());
    for (const type of ['text/plain', 'application/xml', 'text/plain; charset=utf-8', 'application/merge-patch+json']) {
      const r = await json(t, body, { 'Content-Type': type });
      expect({ type, status: r.status, message: r.body.message }).toEqual({
        type,
        status: 415,
        message: `Content-Type: ${type.split(';')[0]} is not read here; send application/json`,
      });
    }
    const untyped = await t
      .http()
      .post('/api/petitions')
      .set('Content-Length', String(Buffer.byteLength(body)))
      .send(Buffer.from(body));
    expect(untyped.status).toBe(415);
    expect(untyped.body.message).toMatch(/^Content-Type: /);
    for (const scalar of ['null', '42', '"text"', 'true']) {
      const r = await json(t, scalar);
      expect({ scalar, status: r.status, message: r.body.message }).toEqual({
        scalar,
        status: 400,
        message: 'body: must be a JSON object',
      });
    }
    // Malformed JSON says so, without quoting the body (V8's message would: personal data included).
    const broken = await json(t, '{"citizen":{"name":"李娜","phone":"13912345678"');
    expect({ status: broken.status, message: broken.body.message }).toEqual({ status: 400, message: 'body: not valid JSON' });
    expect(await eventCount(t)).toBe(before);
  });

  it('a command without a body, as fetch sends it (Content-Length: 0, no Content-Type), is read as one, not refused as 415', async () => {
    const tk = await tokens();
    const created = (await json(t, JSON.stringify(submission())).expect(201)).body as { id: string };
    await t.http().post(`/api/petitions/${created.id}/review`).set(bearer(tk.reviewer)).send({ outcome: 'accepted' }).expect(200);
    await t.http().post(`/api/petitions/${created.id}/dispatch`).set(bearer(tk.reviewer)).send({ departmentId: DEPT_A }).expect(200);
    const bodiless = await t.http().post(`/api/petitions/${created.id}/acknowledge`).set(bearer(tk.handlerA)).set('Content-Length', '0');
    expect(bodiless.status).toBe(200);
    // A read with an empty body (or any) is a read.
    await t.http().get('/api/public/petitions').set('Content-Length', '0').expect(200);
  });

  it('a citizen ID number is checked by its check digit: a wrong one is 400 naming the field, a right one taken', async () => {
    const before = await eventCount(t);
    const wrong = await json(
      t,
      JSON.stringify(submission({ citizen: { name: '李娜', phone: '13912345678', idNumber: '110105194912310021' } })),
    );
    expect(wrong.status).toBe(400);
    expect(String(wrong.body.message)).toMatch(/citizen\.idNumber: must be an 18-character resident ID number with a valid check digit/);
    expect(await eventCount(t)).toBe(before);
    await json(t, JSON.stringify(submission({ citizen: { name: '李娜', phone: '13912345678', idNumber: '11010519491231002x' } }))).expect(
      201,
    );
  });

  it('a body declared in a charset other than utf-8 is 415 saying so; utf-8 and no charset are read', async () => {
    const before = await eventCount(t);
    const body = JSON.stringify(submission());
    for (const [charset, bytes] of [
      ['utf-16', Buffer.from(`\ufeff${body}`, 'utf16le')],
      ['utf-16le', Buffer.from(body, 'utf16le')],
      ['utf-32', Buffer.from(body)],
      ['latin1', Buffer.from(body)],
    ] as const) {
      const r = await json(t, bytes, { 'Content-Type': `application/json; charset=${charset}` });
      expect({ charset, status: r.status, message: r.body.message }).toEqual({
        charset,
        status: 415,
        message: 'Content-Type: the charset must be utf-8',
      });
    }
    expect(await eventCount(t)).toBe(before);
    await json(t, body, { 'Content-Type': 'application/json; charset=UTF-8' }).expect(201);
    await json(t, body, { 'Content-Type': 'application/json' }).expect(201);
  });

  it('a token whose exp is more than 24 h past its iat, or more than 24 h from now, is 401 naming exp', async () => {
    const now = Math.floor(Date.now() / 1000);
    const sign = (iat: number | undefined, exp: number) => {
      const jwt = new SignJWT({ roles: ['reviewer'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('long-lived').setExpirationTime(exp);
      return (iat === undefined ? jwt : jwt.setIssuedAt(iat)).sign(new TextEncoder().encode(TEST_JWT_SECRET));
    };
    const hours = (h: number) => h * 3600;
    for (const [what, token] of [
      ['100 years', await sign(now, now + hours(24 * 365 * 100))],
      ['25 h from iat', await sign(now, now + hours(25))],
      ['issued two days ago for 30 days', await sign(now - hours(48), now - hours(48) + hours(24 * 30))],
      ['31 days, no iat', await sign(undefined, now + hours(24 * 31))],
      ['iat in the future', await sign(now + hours(24 * 365), now + hours(24 * 365) + 60)],
    ] as const) {
      const r = await t.http().get('/api/queues/review').set(bearer(token));
      expect({ what, status: r.status, message: r.body.message }).toEqual({
        what,
        status: 401,
        // A token issued in the future is refused for that first (2026-12-07); the rest for exp.
        message: expect.stringMatching(what === 'iat in the future' ? /^invalid token: iat: .*future/ : /^invalid token: exp: .*24 h/),
      });
    }
    await t
      .http()
      .get('/api/queues/review')
      .set(bearer(await sign(now, now + hours(24))))
      .expect(200);
    await t
      .http()
      .get('/api/queues/review')
      .set(bearer(await sign(undefined, now + hours(23))))
      .expect(200);
  });

  it('a signed token whose sub or departmentId holds NUL or a lone surrogate is 401 naming the claim, not a 500 when stored', async () => {
    const before = await eventCount(t);
    const sign = (claims: Record<string, unknown>, sub: string) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(sub)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    for (const bad of ['a\u0000b', 'a\ud800b', 'a\u001bb']) {
      const asCitizen = await t
        .http()
        .post('/api/petitions')
        .set(bearer(await sign({ roles: ['citizen'] }, bad)))
        .send(submission());
      expect([asCitizen.status, asCitizen.body.message]).toEqual([401, expect.stringMatching(/^invalid token: sub /)]);
      const handler = await t
        .http()
        .get('/api/queues/department')
        .set(bearer(await sign({ roles: ['handler'], departmentId: bad }, 'h-1')));
      expect([handler.status, handler.body.message]).toEqual([401, expect.stringMatching(/^invalid token: departmentId /)]);
    }
    expect(await eventCount(t)).toBe(before);
  });

  it('comment pseudonyms are keyed with a server secret, not a bare hash of the address', async () => {
    const tk = await tokens();
    const p = (await t.http().post('/api/petitions').set(bearer(tk.reviewer)).send(submission()).expect(201)).body as { id: string };
    await t.http().post(`/api/petitions/${p.id}/review`).set(bearer(tk.reviewer)).send({ outcome: 'accepted' }).expect(200);
    const a = (await t.http().post(`/api/petitions/${p.id}/comments`).send({ text: '同感' }).expect(200)).body.author as string;
    const b = (await t.http().post(`/api/petitions/${p.id}/comments`).send({ text: '再顶' }).expect(200)).body.author as string;
    expect(a).toBe(b);
    expect(a).toMatch(/^网友[0-9a-f]{6}$/);
    // anyone can compute these for a guessed address; the pseudonym must not be one of them
    const unkeyed = ['127.0.0.1', '::ffff:127.0.0.1', '::1'].map(
      (ip) => `网友${createHash('sha256').update(`commenter:ip:${ip}`).digest('hex').slice(0, 6)}`,
    );
    expect(unkeyed).not.toContain(a);
  });

  it('every 400 names its field and rule in details (a check outside the validation pipe, a decider’s refusal, body-parser’s)', async () => {
    const tk = await tokens();
    const reviewer = bearer(tk.reviewer);
    const p = (await t.http().post('/api/petitions').set(reviewer).send(submission()).expect(201)).body as { id: string };
    const before = await eventCount(t);
    const cases: [string, () => Promise<request.Response>, string, string][] = [
      [
        'an unknown department in the search',
        () => t.http().get('/api/cases').query({ departmentId: '00000000-0000-4000-8000-000000000000' }).set(reviewer),
        'departmentId',
        'knownDepartment',
      ],
      ['a forged page cursor', () => t.http().get('/api/public/petitions').query({ cursor: 'not-a-cursor' }), 'cursor', 'cursor'],
      ['a ref that is neither an id nor a tracking code', () => t.http().get('/api/petitions/not-a-ref'), 'ref', 'isPetitionRef'],
      ['a phone the search cannot read', () => t.http().get('/api/cases').query({ phone: '12' }).set(reviewer), 'phone', 'isPhoneNumber'],
      [
        'an Idempotency-Key with a space',
        () => t.http().post('/api/petitions').set('Idempotency-Key', 'a b').send(submission()),
        'Idempotency-Key',
        'matches',
      ],
      [
        'an unknown category at review',
        () =>
          t
            .http()
            .post(`/api/petitions/${p.id}/review`)
            .set(reviewer)
            .send({ outcome: 'accepted', categoryId: '00000000-0000-4000-8000-000000000000' }),
        'categoryId',
        'knownCategory',
      ],
      [
        'the decider: a case as its own duplicate',
        () =>
          t.http().post(`/api/petitions/${p.id}/review`).set(reviewer).send({ outcome: 'duplicate', reason: '重复件', duplicateOf: p.id }),
        'duplicateOf',
        'notSelf',
      ],
      ['body-parser: not JSON', () => json(t, '{"title":'), 'body', 'json'],
    ];
    for (const [what, send, field, rule] of cases) {
      const res = await send();
      expect({ what, status: res.status }).toEqual({ what, status: 400 });
      expect({ what, details: res.body.details }).toEqual({ what, details: [{ field, rule, message: res.body.message }] });
      expect(res.body.message).toMatch(new RegExp(`^${field}: `));
    }
    expect(await eventCount(t)).toBe(before);
  });
});

describe('/metrics behind METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN: 'metrics-token-0123456789abcdef' });
  });
  afterAll(async () => t.close());

  it('without or with a wrong bearer token is 401; with the token 200', async () => {
    await t.http().get('/metrics').expect(401);
    await t.http().get('/metrics').set(bearer('metrics-token-0123456789abcdeX')).expect(401);
    await t.http().get('/metrics').set(bearer('short')).expect(401);
    const ok = await t.http().get('/metrics').set(bearer('metrics-token-0123456789abcdef')).expect(200);
    expect(ok.text).toContain('wz_command_duration_seconds');
  });
});

describe('TRUST_PROXY decides whether X-Forwarded-For names the client', () => {
  const submitFrom = (t: TestApp, xff: string) => t.http().post('/api/petitions').set('X-Forwarded-For', xff).send(submission());

  it('TRUST_PROXY must name the proxies or a hop count; "everyone" and malformed CIDRs stop the process', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8, 192.0.2.7' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
      '192.0.2.7',
    ]);
    for (const bad of ['true', '10.0.0.0/33', 'proxy.example.com', '10.0.0.1/8/1']) {
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY: must name the proxies/);
    }
  });

  it('by default X-Forwarded-For is ignored: changing it does not escape the limit', async () => {
    const t = await createTestApp({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '2' });
    try {
      await submitFrom(t, '203.0.113.1').expect(201);
      await submitFrom(t, '203.0.113.2').expect(201);
      await submitFrom(t, '203.0.113.3').expect(429);
    } finally {
      await t.close();
    }
  });

  it('with TRUST_PROXY=loopback the forwarded address is the client', async () => {
    const t = await createTestApp({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '2', TRUST_PROXY: 'loopback' });
    try {
      await submitFrom(t, '203.0.113.1').expect(201);
      await submitFrom(t, '203.0.113.1').expect(201);
      await submitFrom(t, '203.0.113.1').expect(429);
      await submitFrom(t, '203.0.113.2').expect(201);
    } finally {
      await t.close();
    }
  });
});

describe('rate limits hold across API processes', () => {
  const apps: Array<{ app: INestApplication; runtime: Runtime }> = [];
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await createTestDatabase('wz_rl');
    drop = db.drop;
    for (const projector of ['true', 'false']) {
      const config = loadConfig({
        AUTH_JWT_SECRET: TEST_JWT_SECRET,
        LOG_LEVEL: 'error',
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: '3',
        DEADLINE_WATCHER_INTERVAL_MS: '0',
        NOTIFY_SENDER_INTERVAL_MS: '0',
        PROJECTOR_ENABLED: projector,
      });
      const runtime = await createRuntime(config, {
        databaseUrl: db.url,
        entities: readModelEntities,
        migrations: readModelMigrations,
        poolSize: 4,
      });
      const app = await createApp(runtime, { logger: false });
      await app.init();
      apps.push({ app, runtime });
    }
  });
  afterAll(async () => {
    for (const { app, runtime } of apps) {
      await app.close();
      await runtime.close();
    }
    await drop();
  });

  it('two app instances on one database share one limit', async () => {
    const [a, b] = apps.map(
      ({ app }) =>
        () =>
          request(app.getHttpServer()).post('/api/petitions').send(submission()),
    );
    await a().expect(201);
    await b().expect(201);
    await a().expect(201);
    const limited = await b().expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await a().expect(429);
  });
});

/** Whether the server closes the socket within `ms`. */
const closedWithin = (s: Socket, ms: number) =>
  new Promise<boolean>((resolve) => {
    const limit = setTimeout(() => resolve(false), ms);
    s.on('close', () => {
      clearTimeout(limit);
      resolve(true);
    });
  });

describe('slow bodies', () => {
  let t: TestApp;
  let socket: Socket | undefined;
  beforeAll(async () => {
    t = await createTestApp({ HTTP_REQUEST_TIMEOUT_MS: '1000' });
    await t.app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    socket?.destroy();
    await t.close();
  });

  it('a client that sends headers then trickles the body gets 408 and the connection closed within the timeout', async () => {
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const started = Date.now();
    const s = connect(port, '127.0.0.1');
    socket = s;
    let received = '';
    s.on('data', (d) => (received += d.toString()));
    const trickle = setInterval(() => s.writable && s.write(' '), 100);
    s.write('POST /api/petitions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{');
    const closed = await closedWithin(s, 8000);
    clearInterval(trickle);
    expect(closed).toBe(true);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('a Content-Length over BODY_LIMIT is 413 at once and the connection closed, not held until the timeout', async () => {
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const before = await eventCount(t);
    const started = Date.now();
    const s = connect(port, '127.0.0.1');
    let received = '';
    s.on('data', (d) => (received += d.toString()));
    s.write(
      'POST /api/petitions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 99999999999\r\n\r\n{"title":',
    );
    expect(await closedWithin(s, 5000)).toBe(true);
    // well within HTTP_REQUEST_TIMEOUT_MS (1 s here): the answer does not wait for the body
    expect(Date.now() - started).toBeLessThan(900);
    expect(received).toMatch(/^HTTP\/1\.1 413/);
    const body = JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4)) as { statusCode: number; message: string };
    expect(body).toEqual({ statusCode: 413, error: 'Payload Too Large', message: 'request body is larger than the limit' });
    expect(await eventCount(t)).toBe(before);
  });

  it('a raw UTF-8 query in the request line is 400 saying what to do, not an empty answer', async () => {
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const s = connect(port, '127.0.0.1');
    let received = '';
    s.on('data', (d) => (received += d.toString()));
    s.write(Buffer.from('GET /api/public/petitions?q=噪音 HTTP/1.1\r\nHost: localhost\r\n\r\n', 'utf8'));
    await new Promise((resolve) => s.on('close', resolve));
    expect(received).toMatch(/^HTTP\/1\.1 400/);
    const body = JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4)) as {
      statusCode: number;
      message: string;
      details: unknown;
    };
    expect(body.statusCode).toBe(400);
    expect(body.message).toContain('percent-encoded');
    expect(body.message).toContain('--data-urlencode');
    // Before Nest too, a 400 names its field and rule as every other does.
    expect(body.details).toEqual([{ field: 'request line', rule: 'percentEncoded', message: body.message }]);
  });
});
