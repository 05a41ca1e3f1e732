import { createTestApp, TestApp } from '../setup/app';
import { Tokens, dispatched, streamTypes, submit, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';

// docs/lifecycle.md, "Rules": `duplicateOf` must name an existing, accepted, non-duplicate case (400 otherwise).

let t: TestApp;
let tk: Tokens;

beforeAll(async () => {
  t = await createTestApp();
  tk = await tokens();
});
afterAll(async () => t.close());

const review = (id: string, body: object) => t.http().post(`/api/petitions/${id}/review`).set(bearer(tk.reviewer)).send(body);
const asDuplicateOf = (id: string, duplicateOf: string) => review(id, { outcome: 'duplicate', reason: '与已受理件重复', duplicateOf });

describe('reviewing a case as a duplicate', () => {
  it.each([
    ['a petition that does not exist', async () => '6f1c2b4e-8d3a-4c5b-9e7f-0a1b2c3d4e5f', /^duplicateOf: names no existing petition$/],
    ['a petition still awaiting review', async () => (await submit(t)).id, /^duplicateOf: names a petition that has not been accepted/],
    [
      'a rejected petition',
      async () => {
        const p = await submit(t);
        await review(p.id, { outcome: 'rejected', reason: '不属于受理范围' }).expect(200);
        return p.id;
      },
      /^duplicateOf: names a rejected petition$/,
    ],
    [
      'a duplicate of another case',
      async () => {
        const original = await dispatched(t, tk);
        const dup = await submit(t);
        await asDuplicateOf(dup.id, original.id).expect(200);
        return dup.id;
      },
      /^duplicateOf: names a petition that is itself a duplicate; name its original$/,
    ],
  ])('is refused with 400 naming duplicateOf when it names %s, and appends nothing', async (_what, original, message) => {
    const originalId = await original();
    const p = await submit(t);
    const res = await asDuplicateOf(p.id, originalId).expect(400);
    expect(res.body.message).toMatch(message);
    expect(await streamTypes(t, p.id)).toEqual(['PetitionSubmitted']);
  });

  it('is accepted when it names an accepted case, whatever happened to it since', async () => {
    const accepted = await submit(t);
    await review(accepted.id, { outcome: 'accepted' }).expect(200);
    const inHand = await dispatched(t, tk);
    for (const original of [accepted.id, inHand.id]) {
      const p = await submit(t);
      await asDuplicateOf(p.id, original.toUpperCase()).expect(200);
      expect(await streamTypes(t, p.id)).toEqual(['PetitionSubmitted', 'PetitionReviewed', 'PetitionClosed']);
    }
  });
});
