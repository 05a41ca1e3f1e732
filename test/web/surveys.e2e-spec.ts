import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase } from '../setup/database';
import { describeInChromium, haveChromium, launchChromium, newPage, shot } from './browser';
import { beijingLocal, pick, reloadUntil, seriousViolations, signInAsHandler } from './participation';
import { startServer, type Server } from './server';

/**
 * A survey (网上调查) through the screens in Chromium against `npm start`: department staff publish
 * it from the console's questions editor (the API's 400 shown next to the options field first), a
 * citizen answers it with a phone verified by an SMS code (read from the log gateway's line, as a
 * developer would) and sees the live results with their chart; staff see the results, download
 * the CSV and close the survey, and an answer sent after that is refused with the conflict shown.
 * axe-core on the public list and survey page.
 */
const DEPT = '市综合行政执法局';
const TITLE = '2026年城市供水服务满意度调查';
const Q1 = '您对本市供水服务是否满意？';
const Q2 = '请为供水抢修的及时性打分';
const Q3 = '您对供水服务还有什么建议？';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let server: Server;
let browser: Browser;

beforeAll(async () => {
  if (!haveChromium) return;
  db = await createTestDatabase('wz_survey_web');
  // The log gateway writes each SMS (number masked, text with the code) at level log.
  server = await startServer(db.url, { LOG_LEVEL: 'log', SMS_GATEWAY: 'log' });
  browser = await launchChromium();
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await db?.drop();
});

/** The code of the latest SMS to a number ending in `tail` (the log masks the rest), waiting for it. */
async function smsCode(tail: string, after: number): Promise<string> {
  const until = Date.now() + 10_000;
  for (;;) {
    const lines = server
      .output()
      .slice(after)
      .split('\n')
      .filter((l) => l.includes('[survey_code]') && l.includes(`****${tail}`));
    const code = /验证码为 (\d{6})/.exec(lines.at(-1) ?? '')?.[1];
    if (code) return code;
    if (Date.now() > until) throw new Error(`no SMS code to ****${tail} in the log`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Answers the three questions on the public survey page. */
async function answer(c: Page, text: string): Promise<void> {
  await c.getByRole('radio', { name: '基本满意' }).check();
  // A button-style radio: its input is hidden under the label one clicks.
  await c.getByRole('radio', { name: '4', exact: true }).locator('xpath=ancestor::label').click();
  await c.getByRole('textbox', { name: new RegExp(Q3) }).fill(text);
}

describeInChromium('survey screens', () => {
  it('staff publish a survey; a citizen answers by phone code and sees the results; export, close, a late answer 409', async () => {
    const staff = await newPage(browser);
    const citizen = await newPage(browser);
    const late = await newPage(browser);
    try {
      const s = staff.page;
      await signInAsHandler(s, server.url, DEPT);
      await s.getByRole('link', { name: '网上调查管理' }).click();
      await s.getByLabel('调查标题', { exact: true }).fill(TITLE);
      await s.getByLabel('开始时间（北京时间）', { exact: true }).fill(beijingLocal(Date.now() - 60_000));
      await s.getByLabel('截止时间（北京时间）', { exact: true }).fill(beijingLocal(Date.now() + 3_600_000));
      await s.getByLabel('第 1 题题目内容', { exact: true }).fill(Q1);
      // One option only: the API's 400 names questions[0].options and shows next to that field.
      await s.getByLabel('第 1 题选项（每行一个）', { exact: true }).fill('满意');
      await s.getByRole('button', { name: '增加题目' }).click();
      await pick(s, '第 2 题题型', '打分（1–5）');
      await s.getByLabel('第 2 题题目内容', { exact: true }).fill(Q2);
      await s.getByRole('button', { name: '增加题目' }).click();
      await pick(s, '第 3 题题型', '文字回答');
      await s.getByLabel('第 3 题题目内容', { exact: true }).fill(Q3);
      await s.getByTestId('survey-question-2').getByLabel('必答').uncheck();
      await s.getByRole('button', { name: '发布调查' }).click();
      const optionsItem = s.locator('.ant-form-item', { has: s.getByLabel('第 1 题选项（每行一个）', { exact: true }) });
      await optionsItem
        .locator('.ant-form-item-explain-error')
        .getByText(/options/)
        .waitFor();
      await shot(s, 'survey-publish-400');
      await s.getByLabel('第 1 题选项（每行一个）', { exact: true }).fill('满意\n基本满意\n不满意');
      await s.getByRole('button', { name: '发布调查' }).click();
      await s.waitForURL(/\/console\/handler\/surveys\/[0-9a-f-]{36}$/);
      const id = s.url().split('/').pop()!;

      // The citizen: the list, the survey, a malformed phone (400 next to it), then the code from the SMS.
      const c = citizen.page;
      await c.goto(`${server.url}/surveys`);
      await reloadUntil(c, TITLE);
      expect(await seriousViolations(c)).toEqual([]);
      await c.getByRole('link', { name: TITLE }).click();
      await c.waitForURL(`${server.url}/surveys/${id}`);
      await answer(c, '希望公布水质检测报告，我的电话13912345678');
      await c.getByLabel('手机号码', { exact: true }).fill('12345');
      await c.getByRole('button', { name: '获取验证码' }).click();
      const phoneItem = c.locator('.ant-form-item', { has: c.getByLabel('手机号码', { exact: true }) });
      await phoneItem.getByText('请输入正确的手机号码').waitFor();
      const before = server.output().length;
      await c.getByLabel('手机号码', { exact: true }).fill('13912345678');
      await c.getByRole('button', { name: '获取验证码' }).click();
      await c.getByText('验证码已发送').waitFor();
      await c.getByLabel('短信验证码', { exact: true }).fill(await smsCode('5678', before));
      expect(await seriousViolations(c)).toEqual([]);
      await shot(c, 'survey-public');
      await c.getByRole('button', { name: '提交答卷' }).click();
      await c.getByTestId('survey-sent').waitFor();

      // Live results: the counts, the chart, the free text masked.
      await reloadUntil(c, '1 人次');
      const results = c.getByTestId('survey-results');
      await results.locator('canvas').first().waitFor();
      expect(await results.textContent()).toContain('基本满意');
      expect(await c.getByTestId('scale-mean').textContent()).toBe('4');
      expect(await results.textContent()).toContain('139****5678');
      expect(await c.content()).not.toContain('13912345678');
      expect(await seriousViolations(c)).toEqual([]);
      await shot(c, 'survey-results');

      // A second citizen gets a code before staff close the survey; the answer after is a 409.
      const l = late.page;
      await l.goto(`${server.url}/surveys/${id}`);
      await answer(l, '建议延长服务热线时间');
      const before2 = server.output().length;
      await l.getByLabel('手机号码', { exact: true }).fill('13812348888');
      await l.getByRole('button', { name: '获取验证码' }).click();
      await l.getByLabel('短信验证码', { exact: true }).fill(await smsCode('8888', before2));

      // Staff: the results, the CSV, closing.
      await reloadUntil(s, 'one response', async () => (await s.getByTestId('survey-responses').textContent()) === '1');
      expect(await s.getByTestId('survey-results').textContent()).toContain('基本满意');
      const [csv] = await Promise.all([s.waitForEvent('download'), s.getByRole('button', { name: '下载 CSV' }).click()]);
      expect(csv.suggestedFilename()).toBe(`survey_${id}.csv`);
      const content = readFileSync((await csv.path())!, 'utf8');
      expect(content).toContain(Q1);
      expect(content).toContain('基本满意');
      await s.getByRole('button', { name: '结束调查' }).click();
      await reloadUntil(s, '已结束');
      await shot(s, 'survey-manage');

      await l.getByRole('button', { name: '提交答卷' }).click();
      await l
        .getByRole('alert')
        .getByText(/无法提交/)
        .waitFor();
      await l.getByText('调查已结束，不再接收答卷。').waitFor();
    } finally {
      await staff.context.close();
      await citizen.context.close();
      await late.context.close();
    }
  }, 180_000);
});
