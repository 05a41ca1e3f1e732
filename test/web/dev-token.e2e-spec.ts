import { createTestDatabase } from '../setup/database';
import { startServer } from './server';

/**
 * The console's development role picker (POST /api/dev/token) exists only when `npm start` runs on
 * the secret it generated itself: never once AUTH_JWT_SECRET or AUTH_JWKS_URL is set.
 */
describe('development tokens through npm start', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase('wz_devtoken');
  });
  afterAll(async () => db?.drop());

  const mint = (url: string, body: unknown) =>
    fetch(`${url}/api/dev/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  it('are minted on the generated development secret, and the API accepts them', async () => {
    const s = await startServer(db.url);
    try {
      const res = await mint(s.url, { role: 'reviewer' });
      expect(res.status).toBe(200);
      const { token } = (await res.json()) as { token: string };
      expect((await fetch(`${s.url}/api/queues/review`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
      // a handler needs its department, named by id
      const bad = await mint(s.url, { role: 'handler' });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { message: string }).message).toMatch(/^departmentId: /);
      expect((await mint(s.url, { role: 'system' })).status).toBe(400);
      // the console offers the picker because the API says so
      expect(await (await fetch(`${s.url}/api/auth/config`)).json()).toEqual({ mode: 'dev' });
    } finally {
      await s.stop();
    }
  }, 120_000);

  it.each([
    ['AUTH_JWT_SECRET', { AUTH_JWT_SECRET: 'a-configured-secret-that-is-long-enough-42' }],
    ['AUTH_JWKS_URL', { AUTH_JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json' }],
  ])(
    'do not exist when %s is set',
    async (_name, env) => {
      const s = await startServer(db.url, env);
      try {
        const res = await mint(s.url, { role: 'admin' });
        expect(res.status).toBe(404);
        // and the console's sign-in page is told not to offer the picker
        expect(await (await fetch(`${s.url}/api/auth/config`)).json()).toEqual({ mode: 'none' });
        expect((await fetch(`${s.url}/health`)).status).toBe(200); // the server itself is up
      } finally {
        await s.stop();
      }
    },
    120_000,
  );
});
