import type { Browser } from 'playwright-core';
import { createTestDatabase } from '../setup/database';
import { choose, describeInChromium, haveChromium, launchChromium, newPage, shot } from './browser';
import { startServer, type Server, devToken } from './server';

/**
 * The public site's wording and district in Chromium: a case submitted with 所在区县 (a district
 * without a point), answered, rated unsatisfied and reopened through the API; then the listing's
 * 区县 filter and card, the case page (所在区县, 已重办 above the 原答复) and the citizen's own view
 * (the reopen reason, both deadlines of the dispatch step, 查询密钥).
 */
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let server: Server;
let browser: Browser;
const DEPT = '市综合行政执法局';
const TITLE = '鹿城区路灯长期不亮';
const REASON = '路灯仍未修复，答复与实际不符';

beforeAll(async () => {
  if (!haveChromium) return;
  db = await createTestDatabase('wz_wording');
  server = await startServer(db.url);
  browser = await launchChromium();
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await db?.drop();
});

const token = (role: string, departmentId?: string): Promise<string> => devToken(server.url, role, departmentId);

async function call<T = Record<string, unknown>>(
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<T> {
  const r = await fetch(`${server.url}${url}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${await r.text()}`);
  return (await r.json().catch(() => ({}))) as T;
}
const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 300));
  }
}

describeInChromium('the public site: district, reopened cases and the citizen’s deadlines', () => {
  let code = '';
  let key = '';

  it('submits with 所在区县, then the listing filters by it, and a reopened case shows 已重办 above the 原答复', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${server.url}/submit`);
    await page.getByLabel('标题').fill(TITLE);
    await page.getByLabel('内容').fill('人民路东段三盏路灯已经一个月不亮，夜间行人和车辆都很危险。');
    await choose(page, '所在区县（可选）', '鹿城区');
    await page.getByLabel('姓名').fill('周敏');
    await page.getByLabel('手机号码').fill('13912340000');
    await page.getByRole('button', { name: '提交留言' }).click();
    await page.getByTestId('tracking-code').waitFor();
    code = (await page.getByTestId('tracking-code').innerText()).trim();
    key = (await page.getByTestId('access-key').innerText()).trim();
    expect(await page.getByText('查询密钥只显示这一次').isVisible()).toBe(true);

    // The district went with the case, without a point.
    const own = await call<{ id: string; districtCode?: string }>('GET', `/api/petitions/${code}`, { 'X-Access-Key': key });
    expect(own.districtCode).toBe('330302');

    const reviewer = await token('reviewer');
    const dept = (await call<{ items: { id: string; name: string }[] }>('GET', '/api/departments')).items.find((d) => d.name === DEPT)!.id;
    const handler = await token('handler', dept);
    await call('POST', `/api/petitions/${own.id}/review`, bearer(reviewer), { outcome: 'accepted' });
    await call('POST', `/api/petitions/${own.id}/dispatch`, bearer(reviewer), { departmentId: dept });
    await call('POST', `/api/petitions/${own.id}/acknowledge`, bearer(handler), {});
    await call('POST', `/api/petitions/${own.id}/respond`, bearer(handler), { answer: '已安排维修人员更换灯具。' });
    await call('POST', `/api/petitions/${code}/rate`, { 'X-Access-Key': key }, { satisfaction: 'unsatisfied' });
    await call('POST', `/api/petitions/${own.id}/reopen`, bearer(await token('supervisor')), { reason: REASON });
    await until(
      () => call<{ items: { trackingCode: string; status: string }[] }>('GET', '/api/public/petitions?district=330302'),
      (r) => r.items.some((i) => i.trackingCode === code && i.status !== 'rated'),
    );

    await page.goto(`${server.url}/`);
    const card = page.getByTestId('listing-item').filter({ hasText: TITLE });
    await card.waitFor();
    await choose(page, '区县', '龙湾区');
    await page.waitForURL(/district=330303/);
    await page.getByText('没有符合条件的留言').waitFor();
    await page.goto(`${server.url}/?district=330302`);
    await card.waitFor();
    expect(await card.getByTestId('listing-district').innerText()).toBe('鹿城区');
    expect(await card.getByTestId('listing-reopened').innerText()).toBe('已重办');
    expect(await card.innerText()).toContain('原答复：已安排维修人员更换灯具。');
    await shot(page, '40-listing-district-reopened');

    await page.goto(`${server.url}/cases/${code}`);
    await page.getByTestId('reopened').waitFor();
    expect(await page.getByTestId('reopened').innerText()).toMatch(/已重办（\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}）/);
    expect(await page.getByRole('heading', { name: '原答复' }).isVisible()).toBe(true);
    expect(await page.locator('.ant-descriptions').innerText()).toMatch(/所在区县\s+鹿城区/);
    await shot(page, '41-case-reopened');
    await context.close();
  }, 120_000);

  it('my case: the reopen reason above the 原答复, and the dispatch step with both deadlines', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${server.url}/my?code=${code}`);
    await page.getByLabel('查询密钥').fill(key);
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByTestId('reopened').waitFor();
    expect(await page.getByTestId('reopened').innerText()).toContain(`重办理由：${REASON}`);
    expect(await page.getByRole('heading', { name: '原答复' }).isVisible()).toBe(true);
    const dispatched = page.getByTestId('step').filter({ hasText: '交办' }).first();
    expect(await dispatched.innerText()).toMatch(/签收期限：\d{4}\/\d{2}\/\d{2}[\s\S]*答复期限：\d{4}\/\d{2}\/\d{2}/);
    await shot(page, '42-my-case-reopened');
    await context.close();
  }, 60_000);
});
