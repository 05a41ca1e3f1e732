import { mkdirSync, writeFileSync } from 'node:fs';
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
const OUT = path.join(root, 'test-output', 'perf');

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let server: Server;
let browser: Browser;

beforeAll(async () => {
  if (!haveChromium) return;
  db = await createTestDatabase('wz_perf');
  server = await startServer(db.url);
  await publishCases(
    server.url,
    Array.from({ length: 12 }, (_, i) => `道路积水问题第${i + 1}号`),
  );
  browser = await launchChromium();
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await db?.drop();
});

describeInChromium('the public listing on Fast 3G', () => {
  it('first page interactive: measured and reported', async () => {
    const runs: {
      contentMs: number;
      hydratedMs: number;
      interactiveMs: number;
      domContentLoadedMs: number;
      firstItemMs: number;
      longTasksMs: number;
      transferredKB: number;
      waterfall: Request[];
    }[] = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true });
      const page = await context.newPage();
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
      `);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', FAST_3G);
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
    const median = (pick: (r: (typeof runs)[number]) => number) => runs.map(pick).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
    const report = {
      profile: 'Chrome DevTools Fast 3G',
      conditions: FAST_3G,
      at: new Date().toISOString(),
      runs,
      medianContentMs: median((r) => r.contentMs),
      medianInteractiveMs: median((r) => r.interactiveMs),
      targetMs: 1500,
    };
    mkdirSync(OUT, { recursive: true });
    writeFileSync(path.join(OUT, 'fast3g.json'), JSON.stringify(report, null, 2) + '\n');
    console.log(
      `[web:perf] public listing on Fast 3G (median of ${RUNS}; target ${report.targetMs} ms): first cases shown with working links in ${report.medianContentMs} ms, hydrated and interactive in ${report.medianInteractiveMs} ms\n` +
        runs
          .map(
            (r, i) =>
              `  run ${i + 1}: ${r.contentMs} ms content with links, ${r.interactiveMs} ms interactive (hydrated at ${r.hydratedMs} ms in the page's clock), DOMContentLoaded ${r.domContentLoadedMs} ms, first item drawn ${r.firstItemMs} ms, main thread busy ${r.longTasksMs} ms, ${r.transferredKB} kB`,
          )
          .join('\n') +
        `\n  requests of run 1 (ms from the first):\n` +
        runs[0].waterfall
          .map((w) => `    ${String(w.startMs).padStart(5)} → ${String(w.endMs).padStart(5)}  ${String(w.kB).padStart(6)} kB  ${w.url}`)
          .join('\n'),
    );
    expect(runs).toHaveLength(RUNS);
  }, 300_000);
});
