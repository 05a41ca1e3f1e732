import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { root } from './server';

/** Debian's Chromium (installed by .ci/run; never downloaded). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without Chromium (a developer machine that never ran .ci/run) a browser suite is reported skipped
// with the reason; in CI a missing browser is a failure.
export const haveChromium = existsSync(CHROMIUM) || process.env.CI === 'true';
export const describeInChromium = (name: string, fn: () => void): void => {
  if (!haveChromium) console.warn(`[test] ${name} skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium fonts-noto-cjk)`);
  (haveChromium ? describe : describe.skip)(name, fn);
};

export const SHOTS = path.join(root, 'test-output', 'screenshots');

export function launchChromium(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1280, height: 900 },
    // no transitions: axe measures colours at rest, and clicks never land on a moving element
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

export const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

/** antd's Select: open it by its label, type to filter, take the first match. A native <select> (the public listing's filters): the option of that label. */
export async function choose(page: Page, labelText: string, option: string): Promise<void> {
  const input = page.getByLabel(labelText, { exact: true });
  if ((await input.evaluate((e) => e.tagName)) === 'SELECT') {
    await input.selectOption({ label: option });
    return;
  }
  await input.click();
  if (await input.isEditable()) await input.fill(option);
  await page.locator('.ant-select-item-option', { hasText: option }).first().click();
}
