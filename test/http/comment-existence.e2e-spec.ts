import { createTestApp, TestApp } from '../setup/app';
import { Tokens, dispatched, streamTypes, submission, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

/**
 * Comments are for public cases only (api.md), and to the public a case that is not public does not
 * exist: an anonymous comment on one answers exactly as on an unknown tracking code. An attacking
 * helper (2026-12-07) told them apart: 403 with the reason (confidential, no consent) against 404,
 * and a case hidden by moderation still took comments.
 */
let t: TestApp;
let tk: Tokens;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000' });
  tk = await tokens();
});
afterAll(async () => t.close());

const comment = (ref: string) => t.http().post(`/api/petitions/${ref}/comments`).send({ text: '同小区，确有此事' });

it('a confidential, an unconsented, a hidden and an unknown case answer a comment alike: 404 naming only the code', async () => {
  const confidential = (await t.http().post('/api/petitions').send(submission()).expect(201)).body;
  await t
    .http()
    .post(`/api/petitions/${confidential.id}/review`)
    .set(bearer(tk.reviewer))
    .send({ outcome: 'accepted', confidential: true })
    .expect(200);
  const unconsented = (
    await t
      .http()
      .post('/api/petitions')
      .send(submission({ publicConsent: false }))
      .expect(201)
  ).body;
  await t.http().post(`/api/petitions/${unconsented.id}/review`).set(bearer(tk.reviewer)).send({ outcome: 'accepted' }).expect(200);
  const hidden = await dispatched(t, tk);
  // Public until hidden: a comment is taken, then refused as unknown once a moderator took the case off.
  await comment(hidden.trackingCode).expect(200);
  await t
    .http()
    .post(`/api/petitions/${hidden.id}/moderation`)
    .set(bearer(tk.reviewer))
    .send({ target: 'case', action: 'hide', reason: '含不实信息' })
    .expect(200);
  const unknown = 'WZ20260101-ABCDEFGH23';
  const answers = [];
  for (const p of [confidential, unconsented, hidden, { id: undefined, trackingCode: unknown }]) {
    const before = p.id ? await streamTypes(t, p.id) : [];
    const r = await comment(p.trackingCode);
    answers.push({ status: r.status, message: String(r.body.message).replace(p.trackingCode, '<code>') });
    if (p.id) expect(await streamTypes(t, p.id)).toEqual(before);
  }
  expect(answers[0].status).toBe(404);
  expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
});
