import { PetitionEventCodec } from '@wenzheng/petition-store';
import { categories, departmentIdByCode, wgs84ToGcj02 } from '@wenzheng/reference-data';
import { petitionViewTables } from '@wenzheng/read-models';
import { createTestApp, TestApp } from '../setup/app';
import { Tokens, submit, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

let t: TestApp;
let tk: Tokens;

// 五马街, in 鹿城区; the exact point has six decimals that must never reach a public route.
const EXACT = { lat: 28.016649, lng: 120.656149 };
const ROUNDED = { lat: 28.017, lng: 120.656 };

const accept = (id: string) =>
  t.http().post(`/api/petitions/${id}/review`).set(bearer(tk.reviewer)).send({ outcome: 'accepted' }).expect(200);
const storedSubmission = async (id: string) => {
  const { rows } = await t.runtime.pool.query<{ data: Record<string, unknown> }>(
    `select data from wz_es.events where stream_id = $1 and type = 'PetitionSubmitted'`,
    [`petition-${id}`],
  );
  return rows[0].data;
};
/** The PetitionSubmitted as the write side reads it (sealed fields opened while the key lives). */
const decodedSubmission = async (id: string) =>
  (await t.app.get(PetitionEventCodec).decode({ type: 'PetitionSubmitted', data: await storedSubmission(id) })).data as Record<
    string,
    unknown
  >;

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
});
afterAll(() => t?.close());

describe('a submission with a location', () => {
  it('finds the district from the point and records both', async () => {
    const p = await submit(t, { location: { address: '鹿城区五马街1号', ...EXACT } });
    expect(await decodedSubmission(p.id)).toMatchObject({ point: EXACT, districtCode: '330302' });
  });

  it('seals the exact point with the case key: in clear only the district and the rounded point', async () => {
    const p = await submit(t, { location: { address: '鹿城区五马街1号', ...EXACT } });
    const stored = await storedSubmission(p.id);
    expect(stored).toMatchObject({ districtCode: '330302', redacted: { point: ROUNDED } });
    expect(stored).not.toHaveProperty('point');
    const text = JSON.stringify(stored);
    expect(text).not.toContain(String(EXACT.lat));
    expect(text).not.toContain(String(EXACT.lng));
  });

  it('shows the exact point to staff reading in clear and the rounded one to a masked read', async () => {
    const p = await submit(t, { location: { address: '鹿城区五马街1号', ...EXACT } });
    const read = (token: string) => t.http().get(`/api/petitions/${p.id}`).set(bearer(token)).expect(200);
    expect((await read(tk.reviewer)).body).toMatchObject({ personalData: 'shown', point: EXACT, districtCode: '330302' });
    expect((await read(tk.supervisor)).body).toMatchObject({ personalData: 'masked', point: ROUNDED, districtCode: '330302' });
    const audit = await t.http().get(`/api/audit/petitions/${p.id}/events`).set(bearer(tk.auditor)).expect(200);
    expect(audit.text).toContain(String(ROUNDED.lat));
    expect(audit.text).not.toContain(String(EXACT.lat));
  });

  it('converts a GCJ-02 point to WGS-84', async () => {
    const p = await submit(t, { location: { ...wgs84ToGcj02(EXACT), coordinateSystem: 'gcj02' } });
    const data = await decodedSubmission(p.id);
    expect((data.point as { lat: number }).lat).toBeCloseTo(EXACT.lat, 8);
    expect((data.point as { lng: number }).lng).toBeCloseTo(EXACT.lng, 8);
    expect(data.districtCode).toBe('330302');
  });

  it('still takes the address as a plain string (the form before locations)', async () => {
    const p = await submit(t, { location: '鹿城区人民路123号' });
    const data = await storedSubmission(p.id);
    expect(data).not.toHaveProperty('point');
    expect(data.redacted).not.toHaveProperty('point');
    expect(data).not.toHaveProperty('districtCode');
  });

  it.each([
    [{ lat: 95, lng: 120.6 }, 'location.lat'],
    [{ lat: 28, lng: 181 }, 'location.lng'],
    [{ lat: 28, lng: 'east' }, 'location.lng'],
    [{ districtCode: '330399' }, 'location.districtCode'],
    [{ districtCode: 'lucheng' }, 'location.districtCode'],
  ])('refuses %j with a 400 naming %s, appending nothing', async (location, field) => {
    const before = await t.runtime.pool.query(`select count(*)::int as n from wz_es.events`);
    const r = await t
      .http()
      .post('/api/petitions')
      .send({ ...submissionBody(), location })
      .expect(400);
    expect(r.body.message).toContain(field);
    const after = await t.runtime.pool.query(`select count(*)::int as n from wz_es.events`);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });
});

describe('the public listing', () => {
  let inLucheng: { id: string; trackingCode: string };
  let inLongwan: { id: string; trackingCode: string };

  beforeAll(async () => {
    inLucheng = await submit(t, { location: { address: '鹿城区五马街1号', ...EXACT } });
    inLongwan = await submit(t, { location: { lat: 27.912, lng: 120.852 } });
    await accept(inLucheng.id);
    await accept(inLongwan.id);
    await t.waitForProjections();
  });

  it('filters by district and shows the point rounded to 3 decimals only', async () => {
    const r = await t.http().get('/api/public/petitions').query({ district: '330302' }).expect(200);
    const codes = r.body.items.map((i: { trackingCode: string }) => i.trackingCode);
    expect(codes).toContain(inLucheng.trackingCode);
    expect(codes).not.toContain(inLongwan.trackingCode);
    const item = r.body.items.find((i: { trackingCode: string }) => i.trackingCode === inLucheng.trackingCode);
    expect(item).toMatchObject({ districtCode: '330302', point: ROUNDED });
    const longwan = await t.http().get('/api/public/petitions').query({ district: '330303' }).expect(200);
    expect(longwan.body.items.map((i: { trackingCode: string }) => i.trackingCode)).toEqual([inLongwan.trackingCode]);
  });

  it('never shows the exact point: not in the listing, the case page or the public table', async () => {
    const bodies = [
      (await t.http().get('/api/public/petitions').expect(200)).text,
      (await t.http().get(`/api/public/petitions/${inLucheng.trackingCode}`).expect(200)).text,
      JSON.stringify((await t.runtime.pool.query(`select * from ${petitionViewTables().public_petitions}`)).rows),
    ];
    for (const body of bodies) {
      expect(body).not.toContain(String(EXACT.lat));
      expect(body).not.toContain(String(EXACT.lng));
    }
  });

  it('refuses a malformed district filter', async () => {
    const r = await t.http().get('/api/public/petitions').query({ district: '3303' }).expect(400);
    expect(r.body.message).toContain('district');
  });
});

describe('district reference data', () => {
  const square = (code: string, name: string) => ({
    type: 'Feature',
    properties: { code, name, departmentCode: 'lcq', localCategories: ['csgl'] },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [120.6, 27.9],
          [120.8, 27.9],
          [120.8, 28.1],
          [120.6, 28.1],
          [120.6, 27.9],
        ],
      ],
    },
  });

  it('lists the four seeded urban districts', async () => {
    const r = await t.http().get('/api/districts').expect(200);
    expect(r.body.items.map((d: { code: string; name: string }) => `${d.code}${d.name}`)).toEqual([
      '330302鹿城区',
      '330303龙湾区',
      '330304瓯海区',
      '330305洞头区',
    ]);
  });

  it('suggests the district government for a local category and the city bureau otherwise', async () => {
    const csgl = categories.find((c) => c.code === 'csgl')!;
    const jy = categories.find((c) => c.code === 'jy')!;
    const local = await t
      .http()
      .get('/api/districts/suggestion')
      .query({ ...EXACT, categoryId: csgl.id })
      .expect(200);
    expect(local.body).toEqual({ district: { code: '330302', name: '鹿城区' }, suggestedDepartmentId: departmentIdByCode('lcq') });
    const city = await t
      .http()
      .get('/api/districts/suggestion')
      .query({ ...EXACT, categoryId: jy.id })
      .expect(200);
    expect(city.body.suggestedDepartmentId).toBe(departmentIdByCode('jyj'));
    const gcj = await t
      .http()
      .get('/api/districts/suggestion')
      .query({ ...wgs84ToGcj02(EXACT), coordinateSystem: 'gcj02' })
      .expect(200);
    expect(gcj.body.district.code).toBe('330302');
  });

  it('a bad coordinate in the query is one 400 naming it and its range, not three; never a 500', async () => {
    const suggest = (query: object) => t.http().get('/api/districts/suggestion').query(query);
    const lat = 'lat: must be a number of degrees from -90 to 90';
    const cases: [object, string][] = [
      [{ lat: 'abc', lng: 120.6 }, lat],
      [{ lat: 95, lng: 120.6 }, lat],
      [{ lat: '', lng: 120.6 }, lat], // not 0
      [{ lat: 'Infinity', lng: 120.6 }, lat],
      [{ lat: ['28', '29'], lng: 120.6 }, lat],
      [{ lat: 28, lng: 'east' }, 'lng: must be a number of degrees from -180 to 180'],
    ];
    for (const [query, message] of cases) {
      const res = await suggest(query).expect(400);
      expect(res.body).toMatchObject({ message, details: [{ field: message.split(':')[0], rule: 'degrees', message }] });
      expect(res.body.details).toHaveLength(1);
    }
    // Alone, a bad lat is still one problem of its own; that lng goes with it is the other.
    const alone = await suggest({ lat: 'abc' }).expect(400);
    expect(alone.body.message).toBe(`${lat}; lng: is required`);
  });

  it('refuses an upload that is not polygons with code and name, naming the field, and keeps the layer', async () => {
    const put = (body: object, token = tk.admin) => t.http().put('/api/admin/districts').set(bearer(token)).send(body);
    const point = { type: 'Feature', properties: { code: '330302', name: 'x' }, geometry: { type: 'Point', coordinates: [120.6, 28] } };
    expect((await put({ type: 'FeatureCollection', features: [point] }).expect(400)).body.message).toMatch(
      /^features\[0\]\.geometry\.type: must be Polygon or MultiPolygon/,
    );
    const nameless = { ...square('330302', 'x'), properties: { code: '330302' } };
    expect((await put({ type: 'FeatureCollection', features: [nameless] }).expect(400)).body.message).toMatch(
      /^features\[0\]\.properties\.name/,
    );
    await put({ type: 'FeatureCollection', features: [square('330302', '鹿城区')] }, tk.reviewer).expect(403);
    expect((await t.http().get('/api/districts').expect(200)).body.items).toHaveLength(4);
  });

  it('replaces the layer with an admin upload (loaded at once for new submissions)', async () => {
    const r = await t
      .http()
      .put('/api/admin/districts')
      .set(bearer(tk.admin))
      .send({ type: 'FeatureCollection', features: [square('330302001', '五马街道')] })
      .expect(200);
    expect(r.body.items).toEqual([
      { code: '330302001', name: '五马街道', departmentId: departmentIdByCode('lcq'), localCategories: ['csgl'] },
    ]);
    const p = await submit(t, { location: EXACT });
    expect((await storedSubmission(p.id)).districtCode).toBe('330302001');
  });
});

function submissionBody() {
  return {
    channel: 'web',
    kind: 'complaint',
    addressee: { type: 'mayor' },
    title: '路灯不亮',
    content: '五马街路灯连续一周不亮，夜间行人不便。',
    citizen: { name: '张伟', phone: '13812345678' },
    publicConsent: true,
  };
}
