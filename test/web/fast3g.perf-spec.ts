import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { createTestDatabase } from '../setup/database';
import { describeInChromium, haveChromium, launchChromium } from './browser';
import { publishCases } from './published-cases';
import { root, startServer, type Server } from './server';

/**
 * The public listing's first page on Chrome DevTools' "Fast 3G" profile (Network.emulateNetworkConditions:
 * 1.6 Mbit/s down and 750 kbit/s up at 90 % efficiency, 150 ms RTT × 3.75 = 562.5 ms latency), cold
 * cache, against `npm start` with a few published cases. Measured and reported, not asserted:
 * `npm run web:perf` prints the figures and writes test-output/perf/fast3g.json.
 */
const FAST_3G = {
  offline: false,
  downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9,
  uploadThroughput: ((750 * 1000) / 8) * 0.9,
  latency: 150 * 3.75,
};
interface Request {
  url: string;
  startMs: number;
  endMs: number;
  kB: number;
}
const RUNS = Number(process.env.WEB_PERF_RUNS ?? 3);
const FILTERED = '小区噪音扰民';
const OUT = path.join(root, 'test-output', 'perf');

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let server: Server;
let browser: Browser;

beforeAll(async () => {
  if (!haveChromium) return;
  db = await createTestDatabase('wz_perf');
  server = await startServer(db.url);
  // a dozen alike, and one the check of the filter form finds by its word
  await publishCases(server.url, [...Array.from({ length: 12 }, (_, i) => `道路积水问题第${i + 1}号`), FILTERED]);
  browser = await launchChromium();
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await db?.drop();
});

/** A phone's page with a cold cache on the Fast 3G profile, and its DevTools session. */
async function throttledPage() {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', FAST_3G);
  return { context, page, cdp };
}

/**
 * What "usable before hydration" claims, checked under the same profile: as soon as the filter form
 * is there, a visitor chooses 已受理, types a word and presses 搜索; the browser's own GET brings the
 * server's filtered page. Timed, and it says whether the page had hydrated by the submit (then the
 * check proves nothing: the figure is reported as not checked and the test fails).
 */
async function submitBeforeHydration() {
  const { context, page } = await throttledPage();
  await page.addInitScript(`
    const hydrated = setInterval(() => {
      const box = document.querySelector('input[name="q"]');
      if (!box || !Object.keys(box).some((k) => k.startsWith('__reactProps'))) return;
      window.wzHydrated = true;
      clearInterval(hydrated);
    }, 10);
  `);
  const start = Date.now();
  await page.goto(server.url, { waitUntil: 'commit', timeout: 60_000 });
  await page.locator('select[name="month"] option').nth(1).waitFor({ state: 'attached', timeout: 60_000 });
  const formReadyMs = Date.now() - start;
  await page.getByLabel('状态', { exact: true }).selectOption('accepted');
  await page.getByLabel('关键词').fill('噪音');
  const hydratedAtSubmit = Boolean(await page.evaluate('window.wzHydrated === true'));
  const submittedMs = Date.now() - start;
  await page.getByRole('button', { name: '搜索' }).click();
  await page.waitForURL(/[?&]q=/, { timeout: 60_000 });
  await page.locator('[data-testid="listing-item"] a[href]').first().waitFor({ timeout: 60_000 });
  const filteredMs = Date.now() - start;
  const titles = await page.locator('[data-testid="listing-item"] h2 a').allInnerTexts();
  const url = new URL(page.url());
  await context.close();
  const ok = JSON.stringify(titles) === JSON.stringify([FILTERED]) && url.searchParams.get('status') === 'accepted';
  return { formReadyMs, submittedMs, filteredMs, hydratedAtSubmit, titles, ok };
}

describeInChromium('the public listing on Fast 3G', () => {
  it('first page interactive: measured and reported', async () => {
    const runs: {
      contentMs: number;
      controlsMs: number;
      hydratedMs: number;
      interactiveMs: number;
      domContentLoadedMs: number;
      firstItemMs: number;
      longTasksMs: number;
      transferredKB: number;
      waterfall: Request[];
    }[] = [];
    for (let i = 0; i < RUNS; i++) {
      const { context, page, cdp } = await throttledPage();
      // In the page's own clock: when the first item is drawn, and how long the main thread was busy
      // in tasks over 50 ms (parsing, running and rendering: the share a faster CPU would remove).
      // Hydrated: React has taken over the server's search box (it sets its props on the element), so
      // typing searches; before that a server-rendered box takes text that does nothing until then.
      await page.addInitScript(`
        window.wzLongTasksMs = 0;
        const hydrated = setInterval(() => {
          const box = document.querySelector('input[name="q"]');
          if (!box || !Object.keys(box).some((k) => k.startsWith('__reactProps'))) return;
          window.wzHydratedMs = Math.round(performance.now());
          clearInterval(hydrated);
        }, 10);
        new PerformanceObserver((l) => l.getEntries().forEach((e) => (window.wzLongTasksMs += e.duration)))
          .observe({ type: 'longtask', buffered: true });
        new MutationObserver((_m, o) => {
          if (!document.querySelector('[data-testid="listing-item"] a[href]')) return;
          window.wzFirstItemMs = Math.round(performance.now());
          o.disconnect();
        }).observe(document, { childList: true, subtree: true });
        // The filter form parsed whole: the search box, its button and the last filter's options.
        new MutationObserver((_m, o) => {
          const f = document.querySelector('form[method="get"][action="/"]');
          if (!f || !f.querySelector('input[name="q"]') || !f.querySelector('button[type="submit"]')) return;
          if ((f.querySelector('select[name="month"]')?.options.length ?? 0) < 2) return;
          window.wzFormMs = Math.round(performance.now());
          o.disconnect();
        }).observe(document, { childList: true, subtree: true });
      `);
      let bytes = 0;
      // What blocks the first page: each request's start and end from navigation, and its bytes on the wire.
      const sent = new Map<string, { url: string; at: number }>();
      const waterfall: Request[] = [];
      cdp.on('Network.requestWillBeSent', (e: { requestId: string; request: { url: string }; timestamp: number }) =>
        sent.set(e.requestId, { url: e.request.url.replace(server.url, ''), at: e.timestamp }),
      );
      cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number; timestamp: number }) => {
        bytes += e.encodedDataLength;
        const r = sent.get(e.requestId);
        if (r) waterfall.push({ url: r.url, startMs: r.at, endMs: e.timestamp, kB: Math.round(e.encodedDataLength / 102.4) / 10 });
      });
      const start = Date.now();
      await page.goto(server.url, { waitUntil: 'commit', timeout: 60_000 });
      // Two moments, from navigation: content, the first cases on screen with links that work (a server-
      // rendered page has them before any script); interactive, the page hydrated and the search box
      // taking input (the figure before server rendering, when both came with the script).
      await page.locator('[data-testid="listing-item"] a[href]').first().waitFor({ timeout: 60_000 });
      const contentMs = Date.now() - start;
      // polled with evaluate: waitForFunction's string would be an eval, which the page's CSP refuses
      for (let until = Date.now() + 60_000; !(await page.evaluate('window.wzHydratedMs !== undefined'));) {
        if (Date.now() > until) throw new Error('the page did not hydrate in 60 s');
        await new Promise((r) => setTimeout(r, 20));
      }
      await page.getByLabel('关键词').first().fill('积水', { timeout: 60_000 });
      const interactiveMs = Date.now() - start;
      // Usable before hydration: the native filter form on screen, i.e. parsed whole and painted (the
      // later of the two); that its submission works before hydration is checked below, not assumed.
      const controlsMs = Number(
        await page.evaluate(
          'Math.max(window.wzFormMs ?? Infinity, Math.round(performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Infinity))',
        ),
      );
      const domContentLoadedMs = Number(
        await page.evaluate('Math.round(performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd)'),
      );
      const t0 = Math.min(...waterfall.map((w) => w.startMs));
      const ms = (t: number) => Math.round((t - t0) * 1000);
      waterfall.forEach((w) => Object.assign(w, { startMs: ms(w.startMs), endMs: ms(w.endMs) }));
      waterfall.sort((a, b) => a.startMs - b.startMs);
      const { firstItemMs, hydratedMs, longTasksMs } = (await page.evaluate(
        '({ firstItemMs: window.wzFirstItemMs, hydratedMs: window.wzHydratedMs, longTasksMs: Math.round(window.wzLongTasksMs) })',
      )) as { firstItemMs: number; hydratedMs: number; longTasksMs: number };
      runs.push({
        contentMs,
        controlsMs,
        hydratedMs,
        interactiveMs,
        domContentLoadedMs,
        firstItemMs,
        longTasksMs,
        transferredKB: Math.round(bytes / 1024),
        waterfall,
      });
      await context.close();
    }
    const check = await submitBeforeHydration();
    const median = (pick: (r: (typeof runs)[number]) => number) => runs.map(pick).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
    const report = {
      profile: 'Chrome DevTools Fast 3G',
      loadAverage: loadavg(),
      conditions: FAST_3G,
      at: new Date().toISOString(),
      runs,
      medianContentMs: median((r) => r.contentMs),
      medianControlsMs: median((r) => r.controlsMs),
      medianHydratedMs: median((r) => r.hydratedMs),
      medianInteractiveMs: median((r) => r.interactiveMs),
      submitBeforeHydration: check,
      targetMs: 1500,
    };
    mkdirSync(OUT, { recursive: true });
    writeFileSync(path.join(OUT, 'fast3g.json'), JSON.stringify(report, null, 2) + '\n');
    console.log(
      `[web:perf] public listing on Fast 3G (median of ${RUNS}; target ${report.targetMs} ms; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}):\n` +
        `  first cases shown with working links ${report.medianContentMs} ms; search and filters usable (the native form on screen) ${report.medianControlsMs} ms; ` +
        `hydrated ${report.medianHydratedMs} ms (page clock), search box taking input as React's ${report.medianInteractiveMs} ms\n` +
        `  check, a filter submitted before hydration: ${check.hydratedAtSubmit ? 'NOT CHECKED, the page had hydrated first' : 'not hydrated at submit'}, ` +
        `form ready ${check.formReadyMs} ms, submitted ${check.submittedMs} ms, filtered page on screen ${check.filteredMs} ms, ` +
        `its cases ${JSON.stringify(check.titles)} (${check.ok ? 'as expected' : 'WRONG'})\n` +
        runs
          .map(
            (r, i) =>
              `  run ${i + 1}: ${r.contentMs} ms content with links, ${r.controlsMs} ms form usable, ${r.interactiveMs} ms interactive (hydrated at ${r.hydratedMs} ms in the page's clock), DOMContentLoaded ${r.domContentLoadedMs} ms, first item drawn ${r.firstItemMs} ms, main thread busy ${r.longTasksMs} ms, ${r.transferredKB} kB`,
          )
          .join('\n') +
        `\n  requests of run 1 (ms from the first):\n` +
        runs[0].waterfall
          .map((w) => `    ${String(w.startMs).padStart(5)} → ${String(w.endMs).padStart(5)}  ${String(w.kB).padStart(6)} kB  ${w.url}`)
          .join('\n'),
    );
    expect(runs).toHaveLength(RUNS);
    // the figure "usable before hydration" stands only if the form really filters without the script
    expect(check).toMatchObject({ hydratedAtSubmit: false, ok: true });
  }, 300_000);
});
