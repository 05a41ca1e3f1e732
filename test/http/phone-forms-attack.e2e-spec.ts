import { createTestApp, TestApp } from '../setup/app';
import { Tokens, submission, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

// attack: PHONE took any 0 + 2–3 digits as an area code (0\d{2,3}), the digits' scan (phoneNumberDigits, the
// redaction) only real ones (010, 02x, 03xx–09xx). A number the submission took as the citizen's phone was then
// no phone to anything that reads it: searching by the very string submitted was a 400, the case had no blind
// index, and the same number in the citizen's own text was published in clear. Likewise a local number starting
// with 0 (0577 01234567). Now such a number is refused (IsPhoneNumber: PHONE's shape and the scan's reading),
// with a 400 naming the field, and nothing is appended.

let t: TestApp;
let tk: Tokens;

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
});
afterAll(async () => t.close());

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
