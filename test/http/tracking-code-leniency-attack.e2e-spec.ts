import { submit, useAppWithTokens } from '../setup/petitions';

// attack (held): what a lenient reading of tracking codes could give away. A code with script or a phone
// typed around it is no code (400, the input not echoed); an unknown code's 404 repeats only the canonical
// form; a long input is a 400, not a 500; 我的留言's new fields (reviewBy, shownPublicly) reach only the
// holder of the case's own access key, whatever spelling of the code another caller uses.
describe('tracking codes read leniently', () => {
  const ctx = useAppWithTokens();

  it('no spelling echoes the input or answers a 500', async () => {
    const typed: [string, string][] = [
      ['WZ20261012-<script>x', '<script>'],
      ['WZ20261012-13912345678', '13912345678'],
      ['ｗｚ'.repeat(300), 'ｗｚｗｚ'],
      [`WZ20261012-${'0'.repeat(2000)}`, '0'.repeat(11)],
      ['WZ20261012-💩💩💩💩💩', '💩'],
    ];
    for (const [raw, marker] of typed) {
      for (const path of [`/api/public/petitions/${encodeURIComponent(raw)}`, `/api/petitions/${encodeURIComponent(raw)}`]) {
        const res = await ctx.t.http().get(path).set('X-Access-Key', 'a'.repeat(32));
        expect([raw.slice(0, 20), res.status]).toEqual([raw.slice(0, 20), 400]);
        expect(JSON.stringify(res.body)).not.toContain(marker);
      }
    }
    const unknown = await ctx.t
      .http()
      .get(`/api/public/petitions/${encodeURIComponent('ｗｚ２０２６１０１２－ｏｏｏｏｏｏｏｏｏｏ')}`)
      .expect(404);
    expect(unknown.body.message).toContain('WZ20261012-0000000000');
  });

  it("我的留言 by any spelling of its code: another case's key or none sees nothing of it", async () => {
    const mine = await submit(ctx.t);
    const other = await submit(ctx.t);
    const spelled = mine.trackingCode.toLowerCase().replace('-', ' ');
    const own = await ctx.t
      .http()
      .get(`/api/petitions/${encodeURIComponent(spelled)}`)
      .set('X-Access-Key', mine.accessKey)
      .expect(200);
    expect(own.body).toMatchObject({ reviewBy: expect.any(String), shownPublicly: false });
    const theirs = await ctx.t
      .http()
      .get(`/api/petitions/${encodeURIComponent(spelled)}`)
      .set('X-Access-Key', other.accessKey)
      .expect(404);
    expect(JSON.stringify(theirs.body)).not.toMatch(/reviewBy|shownPublicly|[0-9a-f]{8}-[0-9a-f]{4}-/);
    await ctx.t
      .http()
      .get(`/api/petitions/${encodeURIComponent(spelled)}`)
      .expect(401);
    await ctx.t
      .http()
      .get(`/api/public/petitions/${encodeURIComponent(spelled)}`)
      .expect(404); // not yet reviewed
  });
});
