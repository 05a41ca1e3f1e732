import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { choose } from './browser';

// Helpers of the participation screens' browser tests (surveys, interviews).

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Signs in on the development role picker as a handler of `department`, landing on the console. */
export async function signInAsHandler(page: Page, url: string, department: string): Promise<void> {
  await page.goto(`${url}/console/sign-in`);
  await choose(page, '角色', '承办部门');
  await choose(page, '所属部门', department);
  await page.getByRole('button', { name: '开发环境登录' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/console/sign-in'));
}

/**
 * Reloads until `text` shows (or `ready` holds): every page reads a projection, a moment behind the command.
 * It returns as soon as it shows; the 45 s are for CI's busiest minutes (three workers, each with a server,
 * PostgreSQL and Chromium, on two cores), where 15 s once passed before a supervisor's inbox had a row.
 */
export async function reloadUntil(page: Page, text: string, ready?: () => Promise<boolean>, ms = 45_000): Promise<void> {
  const until = Date.now() + ms;
  const shows = ready ?? (() => page.getByText(text).first().isVisible());
  for (;;) {
    if (await shows().catch(() => false)) return;
    if (Date.now() > until) throw new Error(`"${text}" never showed on ${page.url()}`);
    await page.waitForTimeout(400);
    await page.reload();
    await page.waitForLoadState('networkidle');
  }
}

export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = (await page.evaluate(`axe
    .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })))`)) as {
    id: string;
    impact: string;
    targets: string[];
  }[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.targets.join(', ')}`);
}

/** antd's Select, by its label: the option of the open dropdown (an earlier question's stays in the page, hidden). */
export async function pick(page: Page, labelText: string, option: string): Promise<void> {
  await page.getByLabel(labelText, { exact: true }).click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: option }).first().click();
}

/** Beijing wall-clock time as a datetime-local input takes it, to the second. */
export const beijingLocal = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 19);
