// A reason, an answer or a title has a minimum of two characters, counted as the command stores it:
// trimmed. class-validator's Length counted the spaces at either end, so " 好 " (three characters)
// passed and was stored as "好". Now a 400 names the field and the rule (isLength), nothing appended.
import { DEPT_A, dispatched, streamTypes, useAppWithTokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

describe('a length counts the text as stored (trimmed)', () => {
  const ctx = useAppWithTokens();

  it.each([
    [' 好 ', 'ASCII spaces'],
    ['\u3000好\u3000', 'ideographic spaces (a Chinese keyboard’s)'],
    ['\n好\t', 'a line break and a tab'],
  ])('a 退单 reason %j (%s) is a 400 naming reason and isLength, and nothing is appended', async (reason) => {
    const p = await dispatched(ctx.t, ctx.tk, DEPT_A);
    const before = await streamTypes(ctx.t, p.id);
    const res = await ctx.t.http().post(`/api/petitions/${p.id}/return`).set(bearer(ctx.tk.handlerA)).send({ reason }).expect(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'reason', rule: 'isLength' })]);
    expect(JSON.stringify(res.body)).toContain('spaces at either end not counted');
    expect(await streamTypes(ctx.t, p.id)).toEqual(before);
  });

  it('two characters between spaces are taken, and stored trimmed', async () => {
    const p = await dispatched(ctx.t, ctx.tk, DEPT_A);
    await ctx.t.http().post(`/api/petitions/${p.id}/return`).set(bearer(ctx.tk.handlerA)).send({ reason: '  非本单位  ' }).expect(200);
    const { rows } = await ctx.t.runtime.pool.query(`select data from wz_es.events where stream_id = $1 and type = 'PetitionReturned'`, [
      `petition-${p.id}`,
    ]);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0].data)).toContain('"非本单位"');
  });

  it('an answer of one character between spaces is refused the same way; too long still says the maximum', async () => {
    const p = await dispatched(ctx.t, ctx.tk, DEPT_A);
    await ctx.t.http().post(`/api/petitions/${p.id}/acknowledge`).set(bearer(ctx.tk.handlerA)).send({}).expect(200);
    const short = await ctx.t
      .http()
      .post(`/api/petitions/${p.id}/respond`)
      .set(bearer(ctx.tk.handlerA))
      .send({ answer: '  已  ' })
      .expect(400);
    expect(short.body.details).toEqual([expect.objectContaining({ field: 'answer', rule: 'isLength' })]);
    const long = await ctx.t
      .http()
      .post(`/api/petitions/${p.id}/respond`)
      .set(bearer(ctx.tk.handlerA))
      .send({ answer: '答'.repeat(10_001) })
      .expect(400);
    expect(JSON.stringify(long.body)).toContain('shorter than or equal to 10000');
    expect(await streamTypes(ctx.t, p.id)).not.toContain('PetitionResponded');
  });
});
