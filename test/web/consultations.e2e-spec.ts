import type { Browser } from 'playwright-core';
import { createTestDatabase } from '../setup/database';
import { choose, describeInChromium, haveChromium, launchChromium, newPage, shot } from './browser';
import { startServer, type Server } from './server';
import { beijingLocal, reloadUntil, seriousViolations } from './participation';

/**
 * A consultation (意见征集) through the screens in Chromium against `npm start`, on the real clock:
 * department staff publish a draft whose period ends a minute later, a citizen sends an opinion on
 * the public page, staff publish it after moderation and it shows publicly (personal data
 * masked), after the period staff publish the feedback summary and it shows; axe-core on the
 * public consultation page.
 */
const DEPT = '市综合行政执法局';
const TITLE = '《温州市城市市容和环境卫生管理条例（征求意见稿）》公开征求意见';
const OPINION = '建议第十二条增加夜间施工噪声的处罚标准，联系电话13912345678';
const MASKED = '139****5678';
const SUMMARY = '征求意见期间共收到意见1条，采纳1条。';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let server: Server;
let browser: Browser;

beforeAll(async () => {
  if (!haveChromium) return;
  db = await createTestDatabase('wz_consult');
  server = await startServer(db.url, { DEADLINE_WATCHER_INTERVAL_MS: '1000' });
  browser = await launchChromium();
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await db?.drop();
});

describeInChromium('consultation screens', () => {
  it('publish a draft, an opinion, moderation, the public page, the feedback summary; axe on the public page', async () => {
    const staff = await newPage(browser);
    const citizen = await newPage(browser);
    try {
      // Staff of the department publish the draft from the console.
      const s = staff.page;
      await s.goto(`${server.url}/console/sign-in`);
      await choose(s, '角色', '承办部门');
      await choose(s, '所属部门', DEPT);
      await s.getByRole('button', { name: '开发环境登录' }).click();
      await s.waitForURL((u) => !u.pathname.startsWith('/console/sign-in'));
      await s.getByRole('link', { name: '意见征集管理' }).click();
      await s.getByLabel('标题', { exact: true }).fill(TITLE);
      await s.getByLabel('草案全文', { exact: true }).fill('第一条 为了加强城市市容和环境卫生管理……\n第十二条 夜间施工……');
      await s.getByLabel('联系方式（科室，不填个人）', { exact: true }).fill('市综合行政执法局法规处');
      const closesAt = Date.now() + 45_000;
      await s.getByLabel('开始时间（北京时间）', { exact: true }).fill(beijingLocal(Date.now() - 60_000));
      await s.getByLabel('截止时间（北京时间）', { exact: true }).fill(beijingLocal(closesAt));
      await s.getByRole('button', { name: '发布' }).click();
      await s.waitForURL(/\/console\/handler\/consultations\/[0-9a-f-]{36}$/);
      const id = s.url().split('/').pop()!;

      // A citizen on the public page: the draft, the counts, an opinion with the options.
      const c = citizen.page;
      await c.goto(`${server.url}/consultations`);
      await reloadUntil(c, TITLE);
      await c.getByRole('link', { name: TITLE }).click();
      await c.waitForURL(`${server.url}/consultations/${id}`);
      await c.getByLabel('您的意见', { exact: true }).fill(OPINION);
      await c.getByLabel('匿名发表（不记录账号）').check();
      await c.getByRole('button', { name: '提交意见' }).click();
      await c.getByText('意见已提交，经审核后公开').waitFor();
      // Nothing is public before moderation, but it is counted.
      await reloadUntil(c, '1 条');
      expect(await c.getByTestId('opinions-received').textContent()).toBe('1 条');
      expect(await c.getByTestId('public-opinion').count()).toBe(0);
      expect(await seriousViolations(c)).toEqual([]);
      await shot(c, 'consultation-public');

      // Staff publish it after moderation; the public page shows it masked.
      await reloadUntil(s, MASKED);
      await s.getByRole('button', { name: '公开', exact: true }).click();
      await reloadUntil(s, '已公开');
      await reloadUntil(c, MASKED);
      expect(await c.getByTestId('public-opinion').first().textContent()).toContain(MASKED);
      expect(await c.content()).not.toContain('13912345678');

      // After the period: closed (by the watcher or by staff), then the feedback summary.
      await s.waitForTimeout(Math.max(0, closesAt - Date.now() + 1_000));
      await s.reload();
      const closeButton = s.getByRole('button', { name: '截止征求意见' });
      if (await closeButton.isVisible().catch(() => false)) await closeButton.click();
      await reloadUntil(s, '已截止，待反馈');
      await s.getByLabel('意见事项', { exact: true }).fill('夜间施工噪声');
      await s.getByLabel('理由', { exact: true }).fill('已在第十二条增加处罚标准');
      await s.getByLabel('反馈说明', { exact: true }).fill(SUMMARY);
      await s.getByRole('button', { name: '发布采纳情况反馈' }).click();
      await reloadUntil(s, '已反馈');
      await shot(s, 'consultation-manage');

      await reloadUntil(c, SUMMARY);
      const summary = await c.getByTestId('summary').textContent();
      expect(summary).toContain('采纳');
      expect(summary).toContain('已在第十二条增加处罚标准');
      expect(await c.getByText('征求意见期已结束，不再接收意见。').isVisible()).toBe(true);
      expect(await seriousViolations(c)).toEqual([]);
      await shot(c, 'consultation-summary');
    } finally {
      await staff.context.close();
      await citizen.context.close();
    }
  }, 180_000);
});
