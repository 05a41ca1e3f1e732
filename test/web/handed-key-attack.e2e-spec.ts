import type { Browser, Request } from 'playwright-core';
import { createTestDatabase } from '../setup/database';
import { describeInChromium, haveChromium, launchChromium, newPage } from './browser';
import { startServer, type Server } from './server';

/**
 * attack: 查看我的留言 after a submission hands the access key to /my in the router's state. Where does the
 * key go: the URL, any request other than as X-Access-Key, history.state, storage; and after Back, Forward,
 * a reload, or /my opened with a forged state.
 */
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let server: Server;
let browser: Browser;

beforeAll(async () => {
  if (!haveChromium) return;
  db = await createTestDatabase('wz_handed_key');
  server = await startServer(db.url);
  browser = await launchChromium();
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await db?.drop();
});

describeInChromium('查看我的留言 with the key in the router state', () => {
  it('never puts the key in the URL, a request (but its header), history.state or storage', async () => {
    const { context, page } = await newPage(browser);
    const requests: Request[] = [];
    page.on('request', (r) => requests.push(r));
    await page.goto(`${server.url}/submit`);
    await page.getByLabel('标题').fill('人民路路灯一个月不亮');
    await page.getByLabel('内容').fill('人民路东段三盏路灯已经一个月不亮，夜间行人和车辆都很危险。');
    await page.getByLabel('姓名').fill('周敏');
    await page.getByLabel('手机号码').fill('139 1234 0000');
    await page.getByRole('button', { name: '提交留言' }).click();
    await page.getByTestId('tracking-code').waitFor();
    const code = (await page.getByTestId('tracking-code').innerText()).trim();
    const key = (await page.getByTestId('access-key').innerText()).trim();
    expect(key.length).toBeGreaterThan(8);

    await page.getByRole('link', { name: '查看我的留言' }).click();
    await page.getByTestId('my-case').waitFor();
    expect((await page.getByTestId('handed-key').innerText()).trim()).toBe(key);
    const leaks = async () => ({
      url: page.url().includes(key),
      state: String(await page.evaluate('JSON.stringify(history.state)')).includes(key),
      storage: String(await page.evaluate('JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })')).includes(key),
      requests: requests
        .filter(
          (r) =>
            r.url().includes(key) ||
            (r.postData() ?? '').includes(key) ||
            Object.entries(r.headers()).some(([h, v]) => h !== 'x-access-key' && v.includes(key)),
        )
        .map((r) => r.url()),
    });
    const none = { url: false, state: false, storage: false, requests: [] };
    await page.waitForTimeout(300);
    expect(await leaks()).toEqual(none);
    expect(requests.some((r) => r.headers()['x-access-key'] === key)).toBe(true);

    await page.goBack();
    await page.waitForURL(/\/submit/);
    expect(await leaks()).toEqual(none);
    await page.goForward();
    await page.waitForURL(/\/my\?/);
    await page.waitForTimeout(300);
    expect(await leaks()).toEqual(none);
    await page.reload();
    await page.getByLabel('查询码').waitFor();
    await page.waitForTimeout(300);
    expect(await leaks()).toEqual(none);
    expect(await page.getByTestId('handed-key').count()).toBe(0);

    // A forged state on /my (any page of this origin could push one): the case opens only with the right key.
    await page.evaluate(`history.pushState({ usr: { accessKey: 'forged-key-000000' }, key: 'x', idx: 9 }, '', '/my?code=${code}')`);
    await page.reload();
    await page.waitForTimeout(1500);
    expect(String(await page.evaluate('JSON.stringify(history.state)'))).not.toContain('forged-key');
    expect(await page.getByTestId('my-case').count()).toBe(0);
    await context.close();
  });
});
