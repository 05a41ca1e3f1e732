import { createHash } from 'node:crypto';
import { createTestApp, TestApp } from '../setup/app';

// Open311's own inputs that reached PostgreSQL or a 404 unchecked: dates outside the /api year
// range or that do not exist (they rolled over), and a control character in the service code.

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const refused = (body: unknown) => (body as Array<{ code: number; description: string }>)[0];

describe('Open311 start_date and end_date', () => {
  it.each([
    ['year 0000', '0000-01-01T00:00:00Z'],
    ['a year before 1900', '1899-12-31T23:59:59Z'],
    ['a year after 2999', '3000-01-01T00:00:00Z'],
    ['a five-digit year', '+10000-01-01T00:00:00Z'],
    ['Feb 30', '2025-02-30T00:00:00Z'],
    ['Feb 29 of a common year', '2025-02-29T12:00:00+08:00'],
    ['hour 24', '2025-01-01T24:00:00Z'],
    ['minute 60', '2025-01-01T10:60:00Z'],
    ['no time zone', '2025-01-01T10:00:00'],
  ])('%s is 400 in GeoReport’s error shape naming the parameter and the rule', async (_, value) => {
    for (const field of ['start_date', 'end_date']) {
      const r = await t
        .http()
        .get('/open311/v2/requests.json')
        .query({ [field]: value })
        .expect(400);
      expect(refused(r.body).code).toBe(400);
      expect(refused(r.body).description).toMatch(new RegExp(`^${field}: must be a real ISO 8601 date-time with a time zone`));
      expect(refused(r.body).description).toContain('years 1900 to 2999');
    }
  });

  it('real dates at the ends of the range are read (200)', async () => {
    await t
      .http()
      .get('/open311/v2/requests.json')
      .query({ start_date: '1900-01-01T00:00:00Z', end_date: '2999-12-31T23:59:59+08:00' })
      .expect(200);
    await t.http().get('/open311/v2/requests.json').query({ start_date: '2024-02-29T00:00:00.123Z' }).expect(200);
  });
});

describe('Open311 service definition', () => {
  it.each(['%00', 'csgl%00', '%01', '%7F', '%C2%85'])(
    'a service code with a control character (%s) is 400 naming it, echoing nothing',
    async (code) => {
      const r = await t.http().get(`/open311/v2/services/${code}.json`).expect(400);
      expect(refused(r.body)).toEqual({ code: 400, description: 'service_code: must not contain control characters' });
      // eslint-disable-next-line no-control-regex -- no control character may come back
      expect(r.text).not.toMatch(/[\u0000-\u001f\u007f-\u009f]|\\u00[01]/);
    },
  );

  it('an unknown plain service code is still 404', async () => {
    const r = await t.http().get('/open311/v2/services/nosuch.json').expect(404);
    expect(refused(r.body).description).toBe('service_code: no service nosuch');
  });
});

describe('errors raised before the Open311 controller', () => {
  it.each([
    ['a NUL in the query', (h: TestApp) => h.http().get('/open311/v2/requests.json?status=open%00'), 400],
    ['bad percent-encoding in the query', (h: TestApp) => h.http().get('/open311/v2/requests.json?status=%E4%B8'), 400],
    [
      'a form body that is not UTF-8',
      (h: TestApp) =>
        h
          .http()
          .post('/open311/v2/requests.json')
          .set('Content-Type', 'application/x-www-form-urlencoded')
          .send(Buffer.from([0x73, 0x3d, 0xff, 0xfe])),
      400,
    ],
    ['an unknown path', (h: TestApp) => h.http().get('/open311/v2/nothing-here.json'), 404],
    // Express serves /OPEN311/v2/… as /open311/v2/… (routes match whatever the case): its errors too.
    [
      'bad JSON under /OPEN311/',
      (h: TestApp) => h.http().post('/OPEN311/v2/requests.json').set('Content-Type', 'application/json').send('{"x": bad'),
      400,
    ],
  ])('%s is answered in GeoReport’s error shape, [{ code, description }]', async (_, send, status) => {
    const r = await send(t).expect(status);
    expect(Array.isArray(r.body)).toBe(true);
    expect(refused(r.body).code).toBe(status);
    expect(typeof refused(r.body).description).toBe('string');
    expect(refused(r.body).description.length).toBeGreaterThan(0);
  });

  it('the same refusal under /api keeps the API’s own shape', async () => {
    const r = await t.http().get('/api/public/petitions?status=open%00').expect(400);
    expect(r.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });
});

describe('Open311 POST without a phone', () => {
  it('is 400 saying the phone is required here and why, not that an empty one is malformed', async () => {
    const keyed = await createTestApp({ OPEN311_API_KEYS: `fms:${createHash('sha256').update('fms-phone-key-0123').digest('hex')}` });
    try {
      const r = await keyed
        .http()
        .post('/open311/v2/requests.json')
        .type('form')
        .send({
          api_key: 'fms-phone-key-0123',
          service_code: 'csgl',
          address_string: '五马街1号',
          description: '路灯不亮',
          last_name: '张',
        })
        .expect(400);
      expect(refused(r.body)).toEqual({ code: 400, description: expect.stringMatching(/^phone: required by this server/) });
    } finally {
      await keyed.close();
    }
  });
});
