import type { Browser } from 'playwright-core';
import { createTestDatabase } from '../setup/database';
import { describeInChromium, haveChromium, launchChromium, newPage, shot } from './browser';
import { beijingLocal, reloadUntil, seriousViolations, signInAsHandler } from './participation';
import { startServer, type Server } from './server';

/**
 * An online interview (在线访谈) through the screens in Chromium against `npm start`: staff schedule it
 * from the console, a citizen asks a question on the public page, the moderator approves it, starts
 * the session and answers as the guest; a second browser, which opened the public page before,
 * sees the question and then the answer arrive through the live feed without a reload, then the
 * session's end; the transcript forwards the question left unanswered as a petition, the page links to
 * that case and the case page back to the interview. axe-core on the public list, interview and case page.
 */
const DEPT = '市综合行政执法局';
const TOPIC = '城市供水保障与老旧管网改造';
const QUESTION = '老城区供水管网什么时候改造？';
const ANSWER = '老城区管网改造今年10月底前完成。';
const LEFT = '二次供水设施由谁来维护？';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let server: Server;
let browser: Browser;

beforeAll(async () => {
  if (!haveChromium) return;
  db = await createTestDatabase('wz_interview_web');
  server = await startServer(db.url);
  browser = await launchChromium();
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await db?.drop();
});

describeInChromium('interview screens', () => {
  it('a citizen asks, the host approves and answers, a second page sees the answer arrive live without reload; axe', async () => {
    const staff = await newPage(browser);
    const asker = await newPage(browser);
    const watcher = await newPage(browser);
    try {
      const s = staff.page;
      await signInAsHandler(s, server.url, DEPT);
      await s.getByRole('link', { name: '在线访谈管理' }).click();
      await s.getByLabel('访谈主题', { exact: true }).fill(TOPIC);
      await s.getByLabel('开始时间（北京时间）', { exact: true }).fill(beijingLocal(Date.now() + 600_000));
      // Ends before it starts: the API's 400 shows next to the end time.
      await s.getByLabel('结束时间（北京时间）', { exact: true }).fill(beijingLocal(Date.now() + 300_000));
      await s.getByLabel('嘉宾姓名 1', { exact: true }).fill('王建国');
      await s.getByLabel('嘉宾职务 1', { exact: true }).fill('市水务局局长');
      await s.getByRole('button', { name: '发布预告' }).click();
      const endsItem = s.locator('.ant-form-item', { has: s.getByLabel('结束时间（北京时间）', { exact: true }) });
      await endsItem.getByText('must be after startsAt').waitFor();
      await s.getByLabel('结束时间（北京时间）', { exact: true }).fill(beijingLocal(Date.now() + 7_200_000));
      await s.getByRole('button', { name: '发布预告' }).click();
      await s.waitForURL(/\/console\/handler\/interviews\/[0-9a-f-]{36}$/);
      const id = s.url().split('/').pop()!;

      // The watcher opens the public page now and never reloads it.
      const w = watcher.page;
      await w.goto(`${server.url}/interviews`);
      await reloadUntil(w, TOPIC);
      expect(await seriousViolations(w)).toEqual([]);
      await w.getByRole('link', { name: TOPIC }).click();
      await w.waitForURL(`${server.url}/interviews/${id}`);
      await w.getByText('实时更新中').waitFor();
      await w.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true));

      // A citizen asks.
      const c = asker.page;
      await c.goto(`${server.url}/interviews/${id}`);
      await c.getByLabel('您的问题', { exact: true }).fill(QUESTION);
      await c.getByRole('button', { name: '提交问题' }).click();
      await c.getByText('问题已提交，经审核后显示。').waitFor();
      expect(await seriousViolations(c)).toEqual([]);
      await shot(c, 'interview-public');

      // The host: the pending question (read every few seconds), approve, start, answer.
      await s.getByRole('button', { name: '通过', exact: true }).waitFor({ timeout: 20_000 });
      await s.getByRole('button', { name: '通过', exact: true }).click();
      await w.getByText(QUESTION).waitFor();
      await s.getByRole('button', { name: '开始直播' }).click();
      await w.getByTestId('interview-status').getByText('直播中').waitFor();
      await s.getByText('答复', { exact: true }).click();
      await s.getByLabel('答复内容', { exact: true }).fill(ANSWER);
      await s.getByRole('button', { name: '发布答复' }).click();
      const sentAt = Date.now();
      await w.getByTestId('interview-answer').getByText(ANSWER).waitFor({ timeout: 5_000 });
      const latency = Date.now() - sentAt;
      expect(await w.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
      expect(await w.getByTestId('interview-answer').textContent()).toContain('王建国 答：');
      expect(await seriousViolations(w)).toEqual([]);
      await shot(w, 'interview-live');
      await shot(s, 'interview-manage');

      // A question approved and left unanswered.
      await c.getByLabel('您的问题', { exact: true }).fill(LEFT);
      await c.getByRole('button', { name: '提交问题' }).click();
      await s.getByRole('button', { name: '通过', exact: true }).waitFor({ timeout: 20_000 });
      await s.getByRole('button', { name: '通过', exact: true }).click();
      await w.getByText(LEFT).waitFor();

      // The end reaches the page too: no more questions. The transcript forwards the unanswered one as a petition.
      await s.getByRole('button', { name: '结束访谈' }).click();
      await w.getByText('访谈已结束，不再接收提问。').waitFor();
      await s.getByLabel('访谈小结（选填）').fill('感谢网友参与，未及答复的问题已转交办理。');
      await s.getByRole('button', { name: '发布文字实录' }).click();
      await s.getByText('已转为留言：1 件').waitFor();
      await w.getByTestId('interview-status').getByText('已发布文字实录').waitFor();
      expect(await w.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
      await reloadUntil(w, '未及答复，已转交部门办理');
      // Both ways: the question links to its case, the case page back to the interview.
      await reloadUntil(w, '查看办理情况', () => w.getByTestId('forwarded-case').isVisible());
      await w.getByTestId('forwarded-case').click();
      await w.waitForURL(new RegExp(`${server.url}/cases/WZ[0-9A-Z-]+$`));
      await w.getByTestId('case-source').getByText(`来源：在线访谈 ${TOPIC}`).waitFor();
      expect(await seriousViolations(w)).toEqual([]);
      await w.getByTestId('case-source').click();
      await w.waitForURL(`${server.url}/interviews/${id}`);
      await w.getByText(LEFT).waitFor();
      console.log(`[interview screens] answer shown on the watching page ${latency} ms after the click`);
    } finally {
      await staff.context.close();
      await asker.context.close();
      await watcher.context.close();
    }
  }, 180_000);
});
