import { createTestApp, TestApp } from '../setup/app';

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
});
