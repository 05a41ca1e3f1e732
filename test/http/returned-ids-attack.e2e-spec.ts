import { randomUUID } from 'node:crypto';
import { createTestApp, TestApp } from '../setup/app';
import { CITIZEN_SECRETS, Tokens, submission, submit, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

/**
 * The ids the write routes answer (attachmentIds, commentId) and the submitter's routes' 403 to a
 * staff token, attacked: a replay under someone's Idempotency-Key with another body must not hand
 * back the first request's ids or access key, and the 403 must say the same for any case, existing
 * or not, with nothing of the case in it.
 */
let t: TestApp;
let tk: Tokens;

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
});
afterAll(() => t?.close());

const leaks = (body: unknown, secrets: string[]) => secrets.filter((s) => JSON.stringify(body).includes(s));

describe('a replay under the same Idempotency-Key with another body', () => {
  it('of a submission: 422, without the first one’s id, tracking code or access key', async () => {
    const key = `submit-${randomUUID()}`;
    const first = await t.http().post('/api/petitions').set('Idempotency-Key', key).send(submission()).expect(201);
    const body = first.body as { id: string; trackingCode: string; accessKey: string; attachmentIds: string[] };
    expect(body.attachmentIds).toEqual([]);
    const other = submission({ citizen: { name: '李娜', phone: '13900001111' } });
    const replay = await t.http().post('/api/petitions').set('Idempotency-Key', key).send(other).expect(422);
    expect(leaks(replay.body, [body.id, body.trackingCode, body.accessKey, ...CITIZEN_SECRETS])).toEqual([]);
    expect(replay.body).not.toHaveProperty('attachmentIds');
  });

  it('of a comment: 422, without the first one’s commentId; another case under the key is another request', async () => {
    const a = await submit(t);
    const b = await submit(t);
    for (const p of [a, b]) {
      await t.http().post(`/api/petitions/${p.id}/review`).set(bearer(tk.reviewer)).send({ outcome: 'accepted' }).expect(200);
    }
    await t.waitForProjections();
    const key = `comment-${randomUUID()}`;
    const first = await t
      .http()
      .post(`/api/petitions/${a.trackingCode}/comments`)
      .set('Idempotency-Key', key)
      .send({ text: '我家也停水了' });
    expect(first.status).toBe(200);
    const { commentId } = first.body as { commentId: string };
    expect(commentId).toMatch(/^[0-9a-f-]{36}$/);
    const changed = await t
      .http()
      .post(`/api/petitions/${a.trackingCode}/comments`)
      .set('Idempotency-Key', key)
      .send({ text: '另一条跟帖' });
    const elsewhere = await t
      .http()
      .post(`/api/petitions/${b.trackingCode}/comments`)
      .set('Idempotency-Key', key)
      .send({ text: '我家也停水了' });
    for (const r of [changed, elsewhere]) {
      expect(r.status).toBe(422);
      expect(leaks(r.body, [commentId, a.id, a.trackingCode])).toEqual([]);
    }
  });
});

describe('a staff token on the submitter’s routes', () => {
  it('is the same 403 for a case that exists and one that does not, naming nothing of the case', async () => {
    const p = await submit(t);
    const routes = (ref: string) => [
      { path: `/api/petitions/${ref}/withdraw`, body: { reason: '问题已自行解决' } },
      { path: `/api/petitions/${ref}/information`, body: { text: '补充材料' } },
      { path: `/api/petitions/${ref}/rate`, body: { satisfaction: 'satisfied' } },
    ];
    for (const token of [tk.reviewer, tk.handlerA, tk.admin]) {
      const real = routes(p.id);
      const none = routes(randomUUID());
      for (let i = 0; i < real.length; i++) {
        const [mine, nobody] = await Promise.all([real[i], none[i]].map((r) => t.http().post(r.path).set(bearer(token)).send(r.body)));
        expect([real[i].path, mine.status]).toEqual([real[i].path, 403]);
        expect(nobody.status).toBe(403);
        expect(mine.body).toEqual(nobody.body);
        expect(leaks(mine.body, [p.id, p.trackingCode, ...CITIZEN_SECRETS, '停水'])).toEqual([]);
      }
    }
  });
});
