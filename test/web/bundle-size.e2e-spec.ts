/**
 * The public site's first page loads at most 250 kB of gzipped JavaScript (issue 14): the console,
 * the charts and the other pages are chunks of their own. Builds the screens if stale, as npm start does.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildWeb } = require('../../scripts/build-web.js') as { buildWeb(o?: { force?: boolean }): boolean };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { sizes } = require('../../scripts/web-size.js') as { sizes(entry: string): { initial: number; all: number } };

describe('the public site’s JavaScript', () => {
  it('is at most 250 kB gzipped on the first page, charts and console left out', () => {
    buildWeb();
    const pub = sizes('public');
    expect(pub.initial).toBeLessThanOrEqual(250 * 1024);
    expect(pub.all).toBeGreaterThan(pub.initial); // the other pages are lazy chunks
  }, 120_000);
});
