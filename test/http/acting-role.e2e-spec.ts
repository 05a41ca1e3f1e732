import { createTestApp, TestApp } from '../setup/app';
import { DEPT_A, submit } from '../setup/petitions';
import { bearer, mintToken } from '../setup/tokens';

/**
 * A token may hold several roles; a command acts as the one its route's @Roles names (read from
 * the route, not restated beside it), and the event records that role.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

async function actorRoles(id: string): Promise<Array<[string, string]>> {
  const { rows } = await t.runtime.pool.query(`select type, metadata from wz_es.events where stream_id = $1 order by revision`, [
    `petition-${id}`,
  ]);
  return rows.map((r: { type: string; metadata: { actor: { role: string } } }) => [r.type, r.metadata.actor.role]);
}

it('one person who reviews and handles acts as reviewer on review and dispatch, as handler on acknowledge and respond', async () => {
  // The handler role first: a route that ignored its @Roles would act as the token's first role.
  const both = await mintToken({ roles: ['handler', 'reviewer'], departmentId: DEPT_A, sub: 'two-hats' });
  const p = await submit(t);
  const post = (path: string, body: object = {}) => t.http().post(`/api/petitions/${p.id}/${path}`).set(bearer(both)).send(body);
  await post('review', { outcome: 'accepted' }).expect(200);
  await post('dispatch', { departmentId: DEPT_A }).expect(200);
  await post('acknowledge').expect(200);
  await post('respond', { answer: '已处理。' }).expect(200);
  expect(await actorRoles(p.id)).toEqual([
    ['PetitionSubmitted', 'citizen'],
    ['PetitionReviewed', 'reviewer'],
    ['PetitionDispatched', 'reviewer'],
    ['PetitionAcknowledged', 'handler'],
    ['PetitionResponded', 'handler'],
  ]);
});
