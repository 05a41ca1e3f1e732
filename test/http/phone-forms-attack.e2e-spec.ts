import { createTestApp, TestApp } from '../setup/app';
import { Tokens, submission, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

// attack: PHONE takes any 0 + 2–3 digits as an area code (0\d{2,3}), the digits' scan (phoneNumberDigits, the
// redaction) only real ones (010, 02x, 03xx–09xx). A number the submission took as the citizen's phone is then
// no phone to anything that reads it: searching by the very string submitted is a 400, the case has no blind
// index, and the same number in the citizen's own text is published in clear. Likewise a local number starting
// with 0 (0577 01234567), which the scan takes for no number either.

let t: TestApp;
let tk: Tokens;

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
});
afterAll(async () => t.close());

describe.each(['013 12345678', '0100 12345678', '019-1234567', '0577 01234567'])('citizen.phone %j', (phone) => {
  it('taken by the submission, is found by the same string and masked in the published text', async () => {
    const p = (
      await t
        .http()
        .post('/api/petitions')
        .send(submission({ citizen: { name: '张伟', phone }, content: `小区停水三天，物业不管，请回电${phone}，谢谢。` }))
        .expect(201)
    ).body as { id: string; trackingCode: string };
    await t.http().post(`/api/petitions/${p.id}/review`).set(bearer(tk.reviewer)).send({ outcome: 'accepted' }).expect(200);
    await t.waitForProjections();
    const pub = await t.http().get(`/api/public/petitions/${p.trackingCode}`).expect(200);
    const search = await t.http().get('/api/cases').query({ phone }).set(bearer(tk.reviewer));
    expect({
      status: search.status,
      found: (search.body.items ?? []).some((i: { id: string }) => i.id === p.id),
      publishedInClear: (pub.body.content as string).includes(phone.slice(-7)),
    }).toEqual({ status: 200, found: true, publishedInClear: false });
  });
});
