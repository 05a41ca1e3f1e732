import type { Browser } from 'playwright-core';
import { createTestDatabase } from '../setup/database';
import { describeInChromium, haveChromium, launchChromium, newPage, shot } from './browser';
import { startTestProvider, type TestProvider } from './oidc-provider';
import { startServer, type Server } from './server';

/**
 * The console's single sign-on: `npm start` with AUTH_JWKS_URL and AUTH_OIDC_* pointing at a small
 * OpenID provider started here; the console signs in by authorization code + PKCE (oidc-client-ts),
 * the API verifies the issuer's RS256 access token, and its role picks the screens.
 */
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let provider: TestProvider;
let server: Server;
let browser: Browser;

beforeAll(async () => {
  if (!haveChromium) return;
  provider = await startTestProvider();
  db = await createTestDatabase('wz_oidc');
  server = await startServer(db.url, {
    AUTH_JWKS_URL: `${provider.issuer}/jwks`,
    AUTH_JWT_ISSUER: provider.issuer,
    AUTH_JWT_AUDIENCE: provider.audience,
    AUTH_OIDC_ISSUER: provider.issuer,
    AUTH_OIDC_CLIENT_ID: provider.clientId,
  });
  browser = await launchChromium();
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await provider?.stop();
  await db?.drop();
});

describeInChromium('console sign-in by OIDC (authorization code + PKCE)', () => {
  it('the API tells the console to use the issuer, and the development picker does not exist', async () => {
    expect(await (await fetch(`${server.url}/api/auth/config`)).json()).toEqual({
      mode: 'oidc',
      authority: provider.issuer,
      clientId: provider.clientId,
      scope: 'openid profile',
    });
    const dev = await fetch(`${server.url}/api/dev/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ role: 'admin' }),
    });
    expect(dev.status).toBe(404);
  });

  it.each([
    ['reviewer', '值班员（受理交办）', '待受理', /\/console\/review$/],
    ['supervisor', '督查室', '督办待办', /\/console\/inbox/],
  ])(
    'a %s signs in at the issuer and lands on their queue',
    async (role, roleLabel, heading, home) => {
      provider.user = { sub: `sso-${role}`, roles: [role] };
      const { context, page } = await newPage(browser);
      const csp: string[] = [];
      page.on('console', (msg) => {
        if (/Content Security Policy/i.test(msg.text())) csp.push(msg.text());
      });
      await page.goto(`${server.url}/console`);
      await page.waitForURL(/\/console\/sign-in/);
      // no role picker: only the single sign-on button
      expect(await page.getByRole('button', { name: '开发环境登录' }).count()).toBe(0);
      await page.getByRole('button', { name: '统一身份认证登录' }).click();
      await page.waitForURL(home);
      await page.getByRole('heading', { name: heading }).waitFor();
      expect(await page.getByText(roleLabel).first().isVisible()).toBe(true);
      // the console asked for a code with an S256 challenge, and the queue loaded with the issuer's token
      expect(provider.authorizations.at(-1)).toEqual({ clientId: provider.clientId, challengeMethod: 'S256' });
      await page.locator('.ant-table').waitFor();
      expect(await page.locator('[data-testid^="problem-"]').count()).toBe(0);
      await shot(page, `20-console-oidc-${role}`);
      expect(csp).toEqual([]);
      await context.close();
    },
    90_000,
  );

  it('a wrong PKCE verifier is refused by the issuer, and the console stays signed out', async () => {
    provider.user = { sub: 'sso-reviewer', roles: ['reviewer'] };
    const refusedBefore = provider.refused.length;
    const { context, page } = await newPage(browser);
    // The console's token request, with its code_verifier replaced on the way.
    await page.route(`${provider.issuer}/token`, async (route) => {
      const body = new URLSearchParams(route.request().postData() ?? '');
      expect(body.get('code_verifier')?.length).toBeGreaterThanOrEqual(43);
      body.set('code_verifier', 'x'.repeat(64));
      await route.continue({ postData: body.toString() });
    });
    await page.goto(`${server.url}/console/sign-in`);
    await page.getByRole('button', { name: '统一身份认证登录' }).click();
    await page.getByText('统一身份认证登录未完成').waitFor();
    expect(provider.refused.slice(refusedBefore)).toEqual(['pkce']);
    await shot(page, '21-console-oidc-pkce-refused');
    await page.goto(`${server.url}/console/review`);
    await page.waitForURL(/\/console\/sign-in/);
    await context.close();
  }, 90_000);
});
