import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { findPersonalData } from '@wenzheng/redaction';
import { createTestApp, TestApp } from '../setup/app';
import { jpegWithGpsExif } from '../../libs/blob-store/src/testing/photos';
import { DEPT_A, Tokens, submission, submit, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

const API_KEY = 'fms-test-key-0123456789';
let t: TestApp;
let tk: Tokens;
const blobs = mkdtempSync(path.join(tmpdir(), 'open311-blobs-'));

beforeAll(async () => {
  t = await createTestApp({
    OPEN311_API_KEYS: `fixmystreet:${createHash('sha256').update(API_KEY).digest('hex')}`,
    BLOB_FS_ROOT: blobs,
  });
  tk = await tokens();
});
afterAll(async () => {
  await t?.close();
  rmSync(blobs, { recursive: true, force: true });
});

/** The GeoReport v2 specification's POST example, with a service of this server and a Chinese number. */
const SPEC_POST = {
  api_key: API_KEY,
  jurisdiction_id: 'wenzhou.gov.cn',
  service_code: 'csgl',
  lat: '28.016649',
  long: '120.656149',
  address_string: '五马街1号',
  email: 'smit222@sfgov.edu',
  device_id: 'tt222111',
  account_id: '123456',
  first_name: 'john',
  last_name: 'smith',
  phone: '13812345678',
  description: 'A large sinkhole is destroying the street',
  media_url: 'http://www.city.gov/media/12345',
};

/** A client written the way FixMyStreet's Open311 sender calls an endpoint: form-encoded POST, then polling by id. */
const fixMyStreet = {
  send: async (params: Record<string, string>) => {
    const r = await t.http().post('/open311/v2/requests.json').type('form').send(params);
    return { status: r.status, body: r.body as Array<{ service_request_id?: string; token?: string }> };
  },
  poll: async (id: string) => {
    const r = await t.http().get('/open311/v2/requests.json').query({ service_request_id: id, api_key: API_KEY }).expect(200);
    return r.body as Array<Record<string, unknown>>;
  },
};

describe('GeoReport v2 services', () => {
  it('lists categories as services (the spec example’s fields)', async () => {
    const r = await t.http().get('/open311/v2/services.json').expect(200);
    expect(r.body.find((s: { service_code: string }) => s.service_code === 'csgl')).toEqual({
      service_code: 'csgl',
      service_name: '城市管理',
      description: expect.any(String),
      metadata: true,
      type: 'realtime',
      keywords: expect.any(String),
      group: expect.any(String),
    });
  });

  it('gives a service definition with attributes, and 404 in the error format for an unknown code', async () => {
    const r = await t.http().get('/open311/v2/services/csgl.json').expect(200);
    expect(r.body.service_code).toBe('csgl');
    expect(r.body.attributes[0]).toMatchObject({ variable: true, code: 'kind', datatype: 'singlevaluelist', order: 1 });
    const missing = await t.http().get('/open311/v2/services/nope.json').expect(404);
    expect(missing.body).toEqual([{ code: 404, description: expect.stringContaining('service_code') }]);
  });
});

describe('POST requests.json', () => {
  it('creates a request from the spec example (form-encoded) and answers [{ service_request_id }]', async () => {
    const { status, body } = await fixMyStreet.send(SPEC_POST);
    expect(status).toBe(201);
    expect(body[0].service_request_id).toMatch(/^WZ\d{8}-[0-9A-Z]{10}$/);
    const tok = await t.http().get(`/open311/v2/tokens/${body[0].token}.json`).expect(200);
    expect(tok.body).toEqual([{ service_request_id: body[0].service_request_id, token: body[0].token }]);
  });

  it("answers a token only for a request made through Open311: another case's id is as unknown as a made-up one", async () => {
    const web = await submit(t);
    const other = await t.http().get(`/open311/v2/tokens/${web.id}.json`).expect(404);
    const madeUp = await t.http().get(`/open311/v2/tokens/00000000-0000-4000-8000-000000000000.json`).expect(404);
    expect(JSON.stringify(other.body)).not.toContain(web.trackingCode);
    expect(other.body[0].description.replace(web.id, 'x')).toBe(
      madeUp.body[0].description.replace('00000000-0000-4000-8000-000000000000', 'x'),
    );
  });

  it('a token route tried with hostile ids, staff credentials and 50 calls at once: 400 or 404, never a 500, never another case', async () => {
    const { body } = await fixMyStreet.send(SPEC_POST);
    const token = String(body[0].token);
    for (const bad of ['-'.repeat(36), '０'.repeat(36), '%ED%A0%80'.repeat(4), `${token}%00`, `${token}0`, 'x'.repeat(5000)]) {
      const r = await t.http().get(`/open311/v2/tokens/${bad}.json`);
      expect([400, 404]).toContain(r.status);
      expect(JSON.stringify(r.body)).not.toMatch(/WZ\d{8}-/);
    }
    // The upper-case spelling is the same token.
    const upper = await t.http().get(`/open311/v2/tokens/${token.toUpperCase()}.json`).expect(200);
    expect(upper.body).toEqual([{ service_request_id: body[0].service_request_id, token }]);
    // A staff token opens nothing more: a web case's id stays unknown to a supervisor too.
    const web = await submit(t);
    const staff = await t.http().get(`/open311/v2/tokens/${web.id}.json`).set(bearer(tk.supervisor)).expect(404);
    expect(JSON.stringify(staff.body)).not.toContain(web.trackingCode);
    const many = await Promise.all(Array.from({ length: 50 }, () => t.http().get(`/open311/v2/tokens/${token}.json`)));
    expect(many.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(new Set(many.map((r) => JSON.stringify(r.body))).size).toBe(1);
  });

  it('takes JSON too', async () => {
    const r = await t
      .http()
      .post('/open311/v2/requests.json')
      .send({ ...SPEC_POST, description: '路灯坏了一周了，晚上很黑' })
      .expect(201);
    expect(r.body[0].service_request_id).toMatch(/^WZ/);
  });

  it('refuses an unknown api_key with 403 and a missing one with 400, in the error format, appending nothing', async () => {
    const before = (await t.runtime.pool.query(`select count(*)::int as n from wz_es.events`)).rows[0].n;
    const bad = await fixMyStreet.send({ ...SPEC_POST, api_key: 'wrong' });
    expect(bad.status).toBe(403);
    expect(bad.body).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);
    const { api_key: _k, ...keyless } = SPEC_POST;
    const none = await fixMyStreet.send(keyless);
    expect(none.status).toBe(400);
    expect((await t.runtime.pool.query(`select count(*)::int as n from wz_es.events`)).rows[0].n).toBe(before);
  });

  it.each([
    [{ service_code: 'nope' }, 'service_code'],
    [{ lat: '95' }, 'lat'],
    [{ long: 'east' }, 'long'],
    [{ phone: '' }, 'phone'],
    [{ description: '' }, 'description'],
  ])('refuses %j with a 400 naming %s', async (change, field) => {
    const r = await fixMyStreet.send({ ...SPEC_POST, ...change });
    expect(r.status).toBe(400);
    expect(r.body).toEqual([{ code: 400, description: expect.stringContaining(field) }]);
  });

  it('is the only place a form-encoded body is read: POST /api/petitions answers 415 naming the rule, appending nothing', async () => {
    const before = (await t.runtime.pool.query(`select count(*)::int as n from wz_es.events`)).rows[0].n;
    const form = { channel: 'web', kind: 'complaint', 'addressee[type]': 'mayor', title: '路灯不亮', content: '五马街路灯一周不亮' };
    const r = await t.http().post('/api/petitions').type('form').send(form);
    expect({ status: r.status, message: r.body.message }).toEqual({
      status: 415,
      message: expect.stringMatching(/^Content-Type: .*application\/json/),
    });
    expect((await t.runtime.pool.query(`select count(*)::int as n from wz_es.events`)).rows[0].n).toBe(before);
  });

  it('needs a name, which GeoReport lists as optional: 400 saying this server requires it, appending nothing', async () => {
    const before = (await t.runtime.pool.query(`select count(*)::int as n from wz_es.events`)).rows[0].n;
    const { first_name: _f, last_name: _l, ...nameless } = SPEC_POST;
    const r = await fixMyStreet.send(nameless);
    expect(r.status).toBe(400);
    expect(r.body).toEqual([{ code: 400, description: expect.stringMatching(/^first_name\/last_name: required by this server/) }]);
    expect((await fixMyStreet.send({ ...nameless, last_name: '张' })).status).toBe(201); // one of the two is enough
    expect((await t.runtime.pool.query(`select count(*)::int as n from wz_es.events`)).rows[0].n).toBe(before + 1);
  });

  it('records service_code as the requested category: read back by requests/{id}.json and the service_code filter until a reviewer sets another', async () => {
    const sent = await fixMyStreet.send({ ...SPEC_POST, service_code: 'csgl' });
    const [{ service_request_id: id, token: petitionId }] = sent.body;
    await t.waitForProjections();
    const one = await t.http().get(`/open311/v2/requests/${id}.json`).query({ api_key: API_KEY }).expect(200);
    expect(one.body).toEqual([expect.objectContaining({ service_request_id: id, service_code: 'csgl', service_name: '城市管理' })]);
    const filtered = await t.http().get('/open311/v2/requests.json').query({ service_code: 'csgl', api_key: API_KEY }).expect(200);
    expect(filtered.body.map((r: { service_request_id: string }) => r.service_request_id)).toContain(id);

    const other = (await t.http().get('/open311/v2/services.json').expect(200)).body.find(
      (s: { service_code: string }) => s.service_code !== 'csgl',
    ) as { service_code: string };
    const category = (await t.http().get('/api/categories').expect(200)).body.items.find(
      (c: { code: string }) => c.code === other.service_code,
    );
    await t
      .http()
      .post(`/api/petitions/${petitionId}/review`)
      .set(bearer(tk.reviewer))
      .send({ outcome: 'accepted', categoryId: category.id })
      .expect(200);
    await t.waitForProjections();
    const reviewed = await t.http().get(`/open311/v2/requests/${id}.json`).query({ api_key: API_KEY }).expect(200);
    expect(reviewed.body[0].service_code).toBe(other.service_code);
  });

  it('lands a resend with the same fixmystreet_id on the same case', async () => {
    const params = { ...SPEC_POST, 'attribute[fixmystreet_id]': '4711' };
    const a = await fixMyStreet.send(params);
    const b = await fixMyStreet.send(params);
    expect(b.body[0].service_request_id).toBe(a.body[0].service_request_id);
  });

  it('lands resends sent at once on one case: each answers its tracking code (an attack found 409s)', async () => {
    const params = { ...SPEC_POST, 'attribute[fixmystreet_id]': '4712' };
    const answers = await Promise.all(Array.from({ length: 6 }, () => fixMyStreet.send(params)));
    expect(answers.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(new Set(answers.map((r) => r.body[0].service_request_id)).size).toBe(1);
    const { rows } = await t.runtime.pool.query(`select count(*)::int as n from wz_es.events where stream_id = $1`, [
      `petition-${answers[0].body[0].token}`,
    ]);
    expect(rows[0].n).toBe(1);
  });
});

describe('a FixMyStreet-style client sends a report and reads its updates', () => {
  it('sees it open, then closed with the redacted answer, the department and a rounded point; no personal data anywhere', async () => {
    const sent = await fixMyStreet.send({ ...SPEC_POST, 'attribute[public_consent]': 'true', first_name: '伟', last_name: '张' });
    const id = sent.body[0].service_request_id!;
    const petitionId = sent.body[0].token!;
    await t.waitForProjections();
    const [first] = await fixMyStreet.poll(id);
    expect(first).toMatchObject({ service_request_id: id, status: 'open', status_notes: null });

    // Without the key, a case not yet published is not there.
    const anonymous = await t.http().get('/open311/v2/requests.json').query({ service_request_id: id }).expect(200);
    expect(anonymous.body).toEqual([]);

    const as = (token: string) => ({ ...bearer(token) });
    await t.http().post(`/api/petitions/${petitionId}/review`).set(as(tk.reviewer)).send({ outcome: 'accepted' }).expect(200);
    await t.http().post(`/api/petitions/${petitionId}/dispatch`).set(as(tk.reviewer)).send({ departmentId: DEPT_A }).expect(200);
    await t.http().post(`/api/petitions/${petitionId}/acknowledge`).set(as(tk.handlerA)).send({}).expect(200);
    await t
      .http()
      .post(`/api/petitions/${petitionId}/respond`)
      .set(as(tk.handlerA))
      .send({ answer: '已安排修复，张伟先生请留意，电话13812345678。' })
      .expect(200);
    await t.waitForProjections();

    const [after] = await fixMyStreet.poll(id);
    expect(after).toMatchObject({
      service_request_id: id,
      status: 'closed',
      service_code: 'csgl', // the service it was sent to: the reviewer set no other category
      service_name: '城市管理',
      agency_responsible: '鹿城区人民政府',
      lat: 28.017,
      long: 120.656,
      media_url: null,
    });
    expect(String(after.status_notes)).toContain('已安排修复');
    expect(after.requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);

    const everything = [
      JSON.stringify(after),
      (await t.http().get(`/open311/v2/requests/${id}.json`).expect(200)).text,
      (await t.http().get('/open311/v2/requests.json').query({ status: 'closed' }).expect(200)).text,
    ].join('\n');
    for (const secret of ['13812345678', 'smit222@sfgov.edu', '张伟', '28.016649', '120.656149']) expect(everything).not.toContain(secret);
    expect(findPersonalData(everything)).toEqual([]);
  });

  it('answers bad filters with 400 in the error format', async () => {
    const r = await t.http().get('/open311/v2/requests.json').query({ status: 'pending' }).expect(400);
    expect(r.body).toEqual([{ code: 400, description: expect.stringContaining('status') }]);
    const d = await t.http().get('/open311/v2/requests.json').query({ start_date: 'yesterday' }).expect(400);
    expect(d.body[0].description).toContain('start_date');
  });

  it('answers the XML format and an unknown resource with 404 in the error format, naming the JSON path', async () => {
    const xml = await t.http().get('/open311/v2/services.xml').expect(404);
    expect(xml.body).toEqual([{ code: 404, description: expect.stringContaining('/open311/v2/services.json') }]);
    const post = await t.http().post('/open311/v2/requests.xml').type('form').send(SPEC_POST).expect(404);
    expect(post.body[0].description).toContain('JSON only');
    const other = await t.http().get('/open311/v2/discovery.json').expect(404);
    expect(other.body).toEqual([{ code: 404, description: expect.stringContaining('no resource /open311/v2/discovery.json') }]);
  });
});

describe('media_url', () => {
  it('is the absolute URL of the public copy of the first photo sent with a published request; null without one', async () => {
    const sent = await t
      .http()
      .post('/api/petitions')
      .field('payload', JSON.stringify(submission()))
      .attach('files', jpegWithGpsExif(), { filename: 'photo.jpg', contentType: 'image/jpeg' })
      .expect(201);
    const { id, trackingCode } = sent.body as { id: string; trackingCode: string };
    const bare = await fixMyStreet.send({ ...SPEC_POST, 'attribute[public_consent]': 'true' });
    const bareCode = bare.body[0].service_request_id as string;
    const bareId = bare.body[0].token as string;
    for (const petitionId of [id, bareId]) {
      await t.http().post(`/api/petitions/${petitionId}/review`).set(bearer(tk.reviewer)).send({ outcome: 'accepted' }).expect(200);
    }
    await t.waitForProjections();

    const [photo] = (await t.http().get(`/api/public/petitions/${trackingCode}/attachments`).expect(200)).body as { url: string }[];
    const r = await t.http().get(`/open311/v2/requests/${trackingCode}.json`).expect(200);
    const mediaUrl = new URL(r.body[0].media_url);
    expect(mediaUrl.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(mediaUrl.pathname).toBe(photo.url);
    const served = await t.http().get(mediaUrl.pathname).expect(200);
    expect(served.headers['content-type']).toBe('image/jpeg');

    // Each supertest request has its own port: the paths are compared.
    const listed = await t
      .http()
      .get('/open311/v2/requests.json')
      .query({ service_request_id: `${trackingCode},${bareCode}` });
    const paths = listed.body.map((x: { service_request_id: string; media_url: string | null }) => [
      x.service_request_id,
      x.media_url && new URL(x.media_url).pathname,
    ]);
    expect(Object.fromEntries(paths)).toEqual({ [trackingCode]: photo.url, [bareCode]: null });
  });
});

/**
 * The keys of the GeoReport v2 specification's own response examples (wiki.open311.org/GeoReport_v2,
 * JSON): what a client written against the specification reads, each present even when null.
 */
const SPEC_RESPONSE_KEYS = {
  service: ['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type'],
  definition: ['attributes', 'service_code'],
  attribute: ['code', 'datatype', 'datatype_description', 'description', 'order', 'required', 'values', 'variable'],
  postRequest: ['account_id', 'service_notice', 'service_request_id'],
  request: [
    'address',
    'address_id',
    'agency_responsible',
    'description',
    'expected_datetime',
    'lat',
    'long',
    'media_url',
    'requested_datetime',
    'service_code',
    'service_name',
    'service_notice',
    'service_request_id',
    'status',
    'status_notes',
    'updated_datetime',
    'zipcode',
  ],
  token: ['service_request_id', 'token'],
};
const keys = (o: object) => Object.keys(o).sort();

describe('the shapes of the specification’s response examples', () => {
  it('services, a definition, a POST, a request by id, the requests list and a token answer with every key of the examples', async () => {
    const services = (await t.http().get('/open311/v2/services.json').expect(200)).body as object[];
    for (const s of services) expect(keys(s)).toEqual(SPEC_RESPONSE_KEYS.service);
    const definition = (await t.http().get('/open311/v2/services/csgl.json').expect(200)).body;
    expect(keys(definition)).toEqual(SPEC_RESPONSE_KEYS.definition);
    for (const a of definition.attributes) {
      expect(keys(a)).toEqual(SPEC_RESPONSE_KEYS.attribute);
      for (const v of a.values) expect(keys(v)).toEqual(['key', 'name']);
    }

    const posted = await fixMyStreet.send({ ...SPEC_POST, description: '井盖缺失，夜间行人易跌落' });
    expect(posted.status).toBe(201);
    // The example's keys, and the token this server also gives (GeoReport's tokens/{token}.json).
    expect(keys(posted.body[0])).toEqual([...SPEC_RESPONSE_KEYS.postRequest, 'token'].sort());
    const id = posted.body[0].service_request_id!;
    await t.waitForProjections();

    const byId = (await t.http().get(`/open311/v2/requests/${id}.json`).query({ api_key: API_KEY }).expect(200)).body;
    expect(byId).toHaveLength(1);
    expect(keys(byId[0])).toEqual(SPEC_RESPONSE_KEYS.request);
    expect(byId[0]).toMatchObject({ service_request_id: id, status: 'open' });
    // The example's date-times carry their zone.
    for (const k of ['requested_datetime', 'updated_datetime'])
      expect(byId[0][k]).toMatch(/T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
    const [polled] = await fixMyStreet.poll(id);
    expect(keys(polled)).toEqual(SPEC_RESPONSE_KEYS.request);

    const token = (await t.http().get(`/open311/v2/tokens/${posted.body[0].token}.json`).expect(200)).body;
    expect(keys(token[0])).toEqual(SPEC_RESPONSE_KEYS.token);
  });
});
