import { createTestApp, TestApp } from '../setup/app';
import { Tokens, submission, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

// A phone number as a caller dictates it or a citizen types it: groups split by spaces or dashes are the
// same number (the blind index and the SMS gateway read its digits); anything else stays a 400 naming the field.

let t: TestApp;
let tk: Tokens;

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
});
afterAll(async () => t.close());

const found = async (phone: string) => {
  await t.waitForProjections();
  const r = await t.http().get('/api/cases').query({ phone }).set(bearer(tk.reviewer)).expect(200);
  return (r.body.items as { id: string }[]).map((i) => i.id);
};

describe('citizen.phone', () => {
  it.each([
    ['139 1234 5678', '13912345678', '139 1234 5678'],
    ['139-1234-5678', '13912345678', '139-1234-5678'],
    ['+86 139 1234 5678', '13912345678', '+86 139 1234 5678'],
    ['0577 88123456', '0577-88123456', '0577 88123456'],
    // A Chinese keyboard's full width (a newcomer's find: refused before), and a no-break space: folded (NFKC).
    ['１３９ １２３４ ５６７８', '13912345678', '139 1234 5678'],
    ['＋８６ １３９－１２３４－５６７８', '13912345678', '+86 139-1234-5678'],
    ['139\u00a01234\u00a05678', '13912345678', '139 1234 5678'],
  ])('takes %j, and the case is found by the number written plainly', async (typed, plain, shown) => {
    const p = (
      await t
        .http()
        .post('/api/petitions')
        .send(submission({ citizen: { name: '张伟', phone: typed } }))
        .expect(201)
    ).body as {
      id: string;
    };
    expect(await found(plain)).toContain(p.id);
    // The staff view shows it as it was given, in ASCII (what an SMS gateway and a handler's phone dial).
    const view = await t.http().get(`/api/petitions/${p.id}`).set(bearer(tk.reviewer)).expect(200);
    expect(view.body.citizen.phone).toBe(shown);
  });

  it.each([
    '139\u202e1234 5678',
    '139 1234 5678\u200b',
    '139 1234 567',
    '139--1234-5678',
    '1391 234 5678',
    '139 1234 5678 ',
    '１３９ １２３４ ５６７',
    '12345',
  ])('refuses %j with a 400 naming the field, nothing appended', async (typed) => {
    const before = (await t.runtime.pool.query(`select count(*)::int as n from wz_es.events`)).rows[0].n;
    const r = await t
      .http()
      .post('/api/petitions')
      .send(submission({ citizen: { name: '张伟', phone: typed } }))
      .expect(400);
    expect(JSON.stringify(r.body.message)).toContain('citizen.phone');
    expect(JSON.stringify(r.body)).not.toContain(typed.trim());
    expect((await t.runtime.pool.query(`select count(*)::int as n from wz_es.events`)).rows[0].n).toBe(before);
  });
});

// attack: PHONE took any 0 + 2–3 digits as an area code (0\d{2,3}), the digits' scan (phoneNumberDigits, the
// redaction) only real ones (010, 02x, 03xx–09xx). A number the submission took as the citizen's phone was then
// no phone to anything that reads it: searching by the very string submitted was a 400, the case had no blind
// index, and the same number in the citizen's own text was published in clear. Likewise a local number starting
// with 0 (0577 01234567). Now such a number is refused (IsPhoneNumber: PHONE's shape and the scan's reading),
// with a 400 naming the field, and nothing is appended.
describe.each(['013 12345678', '0100 12345678', '019-1234567', '0577 01234567'])('citizen.phone %j', (phone) => {
  it('is refused by the submission (400 naming citizen.phone), as the search and the redaction take it for no phone', async () => {
    const before = (await t.runtime.pool.query(`select count(*)::int as n from wz_es.events`)).rows[0].n;
    const r = await t
      .http()
      .post('/api/petitions')
      .send(submission({ citizen: { name: '张伟', phone }, content: `小区停水三天，物业不管，请回电${phone}，谢谢。` }))
      .expect(400);
    expect(JSON.stringify(r.body.message)).toContain('citizen.phone');
    expect((await t.runtime.pool.query(`select count(*)::int as n from wz_es.events`)).rows[0].n).toBe(before);
    const search = await t.http().get('/api/cases').query({ phone }).set(bearer(tk.reviewer));
    expect(search.status).toBe(400); // the search refuses it alike
  });
});

it('50 submissions at once under one Idempotency-Key, with a phone as dictated, make one case', async () => {
  const submitted = async () =>
    (await t.runtime.pool.query(`select count(*)::int as n from wz_es.events where type = 'PetitionSubmitted'`)).rows[0].n as number;
  const before = await submitted();
  const body = submission({ citizen: { name: '张伟', phone: '139 1234 5678' } });
  const answers = await Promise.all(
    Array.from({ length: 50 }, () =>
      t.http().post('/api/petitions').set(bearer(tk.reviewer)).set('Idempotency-Key', 'phone-forms-50').send(body),
    ),
  );
  const ok = answers.filter((r) => r.status === 201 || r.status === 200);
  expect(ok.length).toBeGreaterThan(0);
  expect(answers.every((r) => [200, 201, 409].includes(r.status))).toBe(true);
  expect(new Set(ok.map((r) => r.body.id)).size).toBe(1);
  expect(await submitted()).toBe(before + 1);
});
