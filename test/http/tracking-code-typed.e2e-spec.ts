import { createHash } from 'node:crypto';
import { submit, useAppWithTokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

/**
 * A tracking code as a citizen types it back (lower case, a Chinese keyboard's full width, another dash,
 * O for 0, spaces or a zero-width character copied from the SMS) opens the same case on every route that
 * takes one: the public page and its photos, 我的留言, the staff search and an Open311 client's lookup.
 * One rule reads them all (@wenzheng/petition parseTrackingCode); before it, the public page refused a
 * full-width code with 400 and answered 404 to an O for a 0, and Open311 refused lower case.
 */
const API_KEY = 'typed-code-key-0123';
describe('a tracking code as it is typed', () => {
  const ctx = useAppWithTokens({ OPEN311_API_KEYS: `typed:${createHash('sha256').update(API_KEY).digest('hex')}` });
  let code = '';
  let id = '';
  let accessKey = '';
  /** The same code as people type it; a code with a 0 in it, so that O has something to stand for. */
  const typings = () => {
    const fullWidth = [...code].map((c) => (c === '-' ? '－' : String.fromCharCode(c.charCodeAt(0) + 0xfee0))).join('');
    return [
      code.toLowerCase(),
      fullWidth,
      code.replace('-', '—'),
      code.replace('-', ''),
      ` ${code.slice(0, 6)}\u200b${code.slice(6)} `,
      code.slice(0, 11) + code.slice(11).replace(/0/g, 'O').replace(/1/g, 'l'),
      // the date's 0s too (every date has one: 2O26)
      code.replace(/0/g, 'O'),
    ];
  };

  beforeAll(async () => {
    // Until a code has a 0 or a 1 after its date (most do within a few tries).
    for (let i = 0; i < 40 && !/[01]/.test(code.slice(11)); i++) {
      const p = await submit(ctx.t);
      ({ trackingCode: code, id, accessKey } = p);
      await ctx.post(`/api/petitions/${id}/review`, ctx.tk.reviewer, { outcome: 'accepted' }).expect(200);
    }
    await ctx.t.waitForProjections();
  });

  it('the public page and its photos', async () => {
    for (const typed of typings()) {
      const page = await ctx.t.http().get(`/api/public/petitions/${encodeURIComponent(typed)}`);
      expect([typed, page.status]).toEqual([typed, 200]);
      expect(page.body.trackingCode).toBe(code);
      await ctx.t
        .http()
        .get(`/api/public/petitions/${encodeURIComponent(typed)}/attachments`)
        .expect(200);
    }
  });

  it('我的留言 (the code with the access key)', async () => {
    for (const typed of typings()) {
      const mine = await ctx.t
        .http()
        .get(`/api/petitions/${encodeURIComponent(typed)}`)
        .set('X-Access-Key', accessKey);
      expect([typed, mine.status]).toEqual([typed, 200]);
      expect(mine.body.id).toBe(id);
    }
  });

  it("the staff search's 查询码", async () => {
    for (const typed of typings()) {
      const found = await ctx.t.http().get('/api/cases').query({ trackingCode: typed }).set(bearer(ctx.tk.reviewer)).expect(200);
      expect(found.body.items.map((c: { id: string }) => c.id)).toEqual([id]);
    }
  });

  it("an Open311 client's lookup, one code or a list", async () => {
    for (const typed of typings()) {
      const one = await ctx.t
        .http()
        .get(`/open311/v2/requests/${encodeURIComponent(typed)}.json`)
        .query({ api_key: API_KEY });
      expect([typed, one.status]).toEqual([typed, 200]);
      expect(one.body[0].service_request_id).toBe(code);
      const list = await ctx.t.http().get('/open311/v2/requests.json').query({ service_request_id: typed, api_key: API_KEY }).expect(200);
      expect(list.body.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([code]);
    }
  });

  it('what is no code stays a 400 naming the field, and a code of no case a 404', async () => {
    const notOne = `${code.slice(0, -1)}U`;
    const unknown = code.slice(0, -1) + (code.endsWith('Z') ? 'Y' : 'Z');
    const bad = await ctx.t.http().get(`/api/public/petitions/${notOne}`).expect(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'trackingCode', rule: 'isTrackingCode' })]);
    await ctx.t.http().get(`/api/public/petitions/${unknown}`).expect(404);
    const open311 = await ctx.t.http().get(`/open311/v2/requests/${notOne}.json`).query({ api_key: API_KEY }).expect(400);
    expect(JSON.stringify(open311.body)).toContain('service_request_id');
  });
});
