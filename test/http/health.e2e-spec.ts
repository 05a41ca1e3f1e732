import { rebuildProjection } from '@wenzheng/projector';
import { PetitionEventCodec } from '@wenzheng/petition-store';
import { petitionViews } from '@wenzheng/read-models';
import { createTestApp, TestApp } from '../setup/app';
import { submit } from '../setup/petitions';

describe('GET /health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('is ready when the database and the event store answer', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body.ready).toBe(true);
    expect(res.body.checks.database.status).toBe('up');
    expect(res.body.checks.eventStore).toMatchObject({ status: 'up', engine: 'postgresql' });
  });

  it('liveness answers on its own', async () => {
    await t.http().get('/health/live').expect(200, { status: 'ok' });
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
  });

  it('an unknown route is a 404 in the error format', async () => {
    const res = await t.http().get('/api/nothing-here').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('not ready while the tables of a projection are of an older version, naming the rebuild; ready and projecting after it', async () => {
    const { name, version } = petitionViews;
    await t.runtime.pool.query(`update wz_rm.projection_checkpoints set version = $2 where name = $1`, [name, version - 1]);
    const before = await submit(t);
    const reason = `projection ${name} is at version ${version - 1}, the code expects ${version}: run \`npm run rebuild -- ${name}\``;
    let res = await t.http().get('/health');
    for (
      const until = Date.now() + 10_000;
      res.body.checks.projections.detail === undefined && Date.now() < until;
      res = await t.http().get('/health')
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(res.status).toBe(503);
    expect(res.body.checks.projections).toMatchObject({ status: 'down', detail: reason, projections: { [name]: { lastError: reason } } });
    const cases = async (id: string) =>
      (await t.runtime.pool.query(`select count(*)::int as n from wz_rm.cases where petition_id = $1`, [id])).rows[0].n;
    expect(await cases(before.id)).toBe(0);

    const codec = t.app.get(PetitionEventCodec);
    await rebuildProjection(petitionViews, { pool: t.runtime.pool, store: t.runtime.eventStore, decode: codec.projectionDecoder });
    expect(await cases(before.id)).toBe(1);
    const after = await submit(t);
    await t.waitForProjections();
    expect(await cases(after.id)).toBe(1);
    res = await t.http().get('/health').expect(200);
    expect(res.body.checks.projections.detail).toBeUndefined();
  });
});
