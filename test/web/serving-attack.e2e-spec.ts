import { readdirSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { MAX_RENDERS, RENDERS_PER_SECOND } from '../../apps/api/src/web/serve-web';
import { createTestDatabase } from '../setup/database';
import { haveChromium, launchChromium } from './browser';
import { publishCases } from './published-cases';
import { type Answer, rawRequest } from './raw-http';
import { root, startServer, type Server } from './server';

/**
 * The screens' serving as an outsider attacks it (issue 14): the server-drawn listing's query string
 * (it reaches the API on loopback), its cost (four API calls and a render per GET /), the
 * precompressed assets' paths and encodings, the development sign-in, and the pages' headers.
 */
const TITLES = ['道路积水无人处理', '井盖</script><!--<script>alert(1)</script>缺失', '路灯\u2028不亮', '小区噪音扰民'];

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let server: Server;

const get = (url: string, headers: Record<string, string> = {}, method = 'GET') => rawRequest(`${server.url}${url}`, headers, method);

/** A request line Node's client would not send (absolute form, backslashes): the status line and the rest. */
function raw(requestLine: string, headers: string[] = []): Promise<{ status: number; text: string }> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let text = '';
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('end', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text }));
    socket.on('error', reject);
    socket.write(`${requestLine}\r\nHost: 127.0.0.1\r\nConnection: close\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`);
  });
}

const html = (a: Answer) => a.body.toString('utf8');
const stateBlock = (page: string) => /<script type="application\/json" id="wz-ssr-state">([\s\S]*?)<\/script>/.exec(page)?.[1];
interface Dehydrated {
  queries: { queryKey: unknown[]; state: { data: { pages?: { items: { title: string }[] }[] } } }[];
}
const listingOf = (page: string) =>
  (JSON.parse(stateBlock(page) ?? 'null') as Dehydrated | null)?.queries.find((q) => q.queryKey[0] === 'public-listing');

beforeAll(async () => {
  db = await createTestDatabase('wz_attack');
  server = await startServer(db.url);
  await publishCases(server.url, TITLES);
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

/** A second without renders refills the server's render budget, which the test before may have spent. */
const refilled = () => new Promise((r) => setTimeout(r, 1000 + 1000 / RENDERS_PER_SECOND));

describe('the server-drawn listing’s query string', () => {
  beforeEach(refilled);

  it.each([
    ['&', '道路积水&status=closed'],
    ['#', '道路积水#status=closed'],
    ['CRLF', '道路\r\nX-Injected: 1\r\n\r\nGET /api/dev/token HTTP/1.1'],
    ['a path', '../../api/departments?'],
    ['a lone surrogate', '\ud800积水'],
  ])('reaches the API as one q value (%s), no header, no other route', async (_name, q) => {
    const r = await get(`/?${new URLSearchParams({ q })}`);
    expect(r.status).toBe(200);
    expect(r.headers['x-injected']).toBeUndefined();
    const page = html(r);
    const listing = listingOf(page);
    // the page was drawn from exactly what the API answers that q, asked for properly
    const direct = (await (await fetch(`${server.url}/api/public/petitions?${new URLSearchParams({ q, limit: '20' })}`)).json()) as {
      items: { title: string }[];
    };
    if (listing) expect(listing.state.data.pages?.[0].items.map((i) => i.title)).toEqual(direct.items.map((i) => i.title));
    // the q echoed in the search box is an escaped attribute value
    expect(page).not.toMatch(/<script(?! type="module" crossorigin src="\/assets\/| type="application\/json" id="wz-ssr-state")/);
    expect(page).not.toContain('X-Injected: 1\r\n');
  });

  it.each([
    ['a NUL', '/?q=%E9%81%93%00x', /NUL/],
    ['an encoded surrogate, not UTF-8', '/?q=%ED%A0%80', /q/],
    ['a key naming the prototype', '/?__proto__=1', /__proto__/],
  ])('refuses %s in the query with a 400 that says so, as every route does', async (_name, url, says) => {
    const r = await get(url);
    expect(r.status).toBe(400);
    expect(html(r)).toMatch(says);
  });

  it('escapes the echoed search words', async () => {
    const q = '"><img src=x onerror=alert(1)><script>alert(2)</script>';
    const page = html(await get(`/?${new URLSearchParams({ q })}`));
    expect(page).not.toContain('<img src=x');
    expect(page).not.toContain('<script>alert(2)');
    expect(listingOf(page)?.queryKey).toEqual(['public-listing', expect.objectContaining({ q })]);
  });

  it('never answers 500 to a long, repeated, unknown or malformed query', async () => {
    for (const url of [
      `/?q=${'噪'.repeat(1100)}`.replace(/噪/g, '%E5%99%AA'),
      `/?q=${'a'.repeat(10_000)}`,
      '/?status=accepted&status=closed',
      '/?status[]=accepted&q[]=a&department[x]=1&q[__proto__]=2',
      '/?q=%E2%80%AEevil%E2%80%8F%E2%80%A8&status=%E2%80%AEclosed',
      '/?status=bogus&status=accepted',
      '/?q=a&q=b&q=c',
      '/?department=%01&category=%ZZ&district=%E2%80%A8&month=9999-99',
      '/?month=2026-13&utm_source=x&fbclid=2',
      '/?%',
      '/?q',
      '/?&&&=&=',
    ]) {
      const r = await get(url);
      expect([url.slice(0, 60), r.status]).toEqual([url.slice(0, 60), 200]);
      expect(html(r)).toContain('<div id="root">');
    }
    expect(server.output()).not.toMatch(/ERROR|Unhandled|TypeError/);
  });

  it('draws the filters the page hydrates with when a value holds a second ?', async () => {
    // a hand-edited or re-shared link: everything after the first ? is the query, as the browser reads it
    const page = html(await get('/?q=%E5%99%AA%E9%9F%B3?status=closed'));
    expect(listingOf(page)?.queryKey).toEqual(['public-listing', expect.objectContaining({ q: '噪音?status=closed' })]);
    expect(listingOf(page)?.queryKey[1]).not.toHaveProperty('status', 'closed');
    expect(page).toContain('value="噪音?status=closed"');
  });

  it('answers an absolute-form request line without going anywhere else', async () => {
    const r = await raw('GET http://169.254.169.254/?q=%E5%99%AA HTTP/1.1');
    expect(r.status).toBe(200);
    expect(r.text).toContain('<div id="root">');
  });

  it('answers a request that would smuggle a second one behind a body once, with a 400', async () => {
    const smuggled = 'GET /api/dev/token HTTP/1.1\r\nHost: x\r\n\r\n';
    const r = await raw('GET /?q=a HTTP/1.1', [
      `Content-Length: ${5 + smuggled.length}`,
      'Transfer-Encoding: chunked',
      '',
      '0',
      '',
      smuggled.slice(0, -4),
    ]);
    expect(r.status).toBe(400);
    expect(r.text.match(/^HTTP\/1\.1 /gm)).toHaveLength(1);
  });

  it('asks its own API whatever Host and X-Forwarded-* the visitor sends', async () => {
    const r = await get('/?q=%E5%99%AA%E9%9F%B3', {
      Host: '169.254.169.254:80',
      'X-Forwarded-Host': 'evil.example',
      'X-Forwarded-Proto': 'https',
      'X-Forwarded-For': '10.0.0.1',
      Forwarded: 'host=evil.example;proto=https',
    });
    expect(r.status).toBe(200);
    expect(listingOf(html(r))?.state.data.pages?.[0].items.map((i) => i.title)).toEqual(['小区噪音扰民']);
  });

  it('keeps a case title that closes a script or opens a comment inside the data block', async () => {
    const page = html(await get('/'));
    const block = stateBlock(page) ?? '';
    expect(block).not.toMatch(/[<>\u2028\u2029]/);
    expect(block).toContain('\\u003c!--');
    expect(listingOf(page)?.state.data.pages?.[0].items.map((i) => i.title)).toEqual(expect.arrayContaining(TITLES));
    // the title shown on the page is text
    expect(page).toContain('井盖&lt;/script&gt;&lt;!--&lt;script&gt;alert(1)&lt;/script&gt;缺失');
    expect(page.match(/<script/g)).toHaveLength(2);
  });
});

describe('the cost of the server-drawn listing', () => {
  beforeEach(refilled);
  const rendered = (a: Answer) => String(a.headers['x-render'] ?? '');

  it('draws identical query strings once for a burst, and answers every request', async () => {
    // the same filters in another order or with an unknown parameter are the same page
    const urls = Array.from({ length: 50 }, (_, i) => (i % 2 ? '/?q=%E5%99%AA%E9%9F%B3&utm=1' : '/?utm=2&q=%E5%99%AA%E9%9F%B3'));
    const answers = await Promise.all(urls.map((u) => get(u)));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
    expect(answers.every((a) => listingOf(html(a)) !== undefined)).toBe(true);
    // one render, the rest share it or its cached page (a page is kept 1 s: on a slow machine a burst
    // that takes longer to answer may be drawn once more, never once a request)
    const drawn = answers.filter((a) => rendered(a).startsWith('server')).length;
    expect(drawn).toBeGreaterThanOrEqual(1);
    expect(drawn).toBeLessThanOrEqual(3);
    expect(answers.filter((a) => ['shared', 'cache'].includes(rendered(a))).length).toBe(50 - drawn);
  });

  it('renders within its budget under a flood of distinct queries; the rest get the plain page, never an error', async () => {
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => get(`/?q=flood${i}`)));
    const seconds = (Date.now() - started) / 1000;
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
    let fresh = 0;
    for (const a of answers) {
      const how = rendered(a);
      expect(how).toMatch(/^(server \d+\/\d+|browser)$/);
      if (how === 'browser') expect(html(a)).toContain('<div id="root"></div>');
      const m = /^server (\d+)\/(\d+)$/.exec(how);
      if (!m) continue;
      fresh++;
      // renders in flight when this one started, itself included: never over the cap
      expect(Number(m[1])).toBeLessThanOrEqual(MAX_RENDERS);
      expect(listingOf(html(a))).toBeDefined();
    }
    // a bucket of RENDERS_PER_SECOND, refilled at that rate while the burst lasted
    expect(fresh).toBeGreaterThan(0);
    expect(fresh).toBeLessThanOrEqual(RENDERS_PER_SECOND * (1 + seconds));
    // the API itself still answers after the burst
    expect((await get('/api/public/petitions')).status).toBe(200);
  });
});

describe('precompressed assets', () => {
  let asset: string;
  beforeAll(() => {
    asset = '/assets/' + (readdirSync(path.join(root, 'dist', 'web', 'assets')).find((f) => f.endsWith('.js.br')) ?? '').slice(0, -3);
  });

  it('follows Accept-Encoding, q-values and wildcards included', async () => {
    const cases: [string, string | undefined][] = [
      ['br;q=0, gzip', 'gzip'],
      ['br;q=0, gzip;q=0', undefined],
      ['identity;q=0, br', 'br'],
      ['*', 'br'],
      ['*;q=0, gzip', 'gzip'],
      ['BR', 'br'],
      ['gzip;q=0.1, br;q=0.9', 'br'],
      ['x'.repeat(10_000), undefined],
      ['', undefined],
    ];
    for (const [accept, encoding] of cases) {
      const r = await get(asset, { 'Accept-Encoding': accept });
      expect([accept.slice(0, 30), r.status, r.headers['content-encoding']]).toEqual([accept.slice(0, 30), 200, encoding]);
      const body = encoding === 'br' ? brotliDecompressSync(r.body) : encoding === 'gzip' ? gunzipSync(r.body) : r.body;
      expect(body.length).toBeGreaterThan(0);
    }
  });

  it('answers a Range of a compressed file with 206 or 416, never 500', async () => {
    const whole = await get(asset, { 'Accept-Encoding': 'br' });
    const part = await get(asset, { 'Accept-Encoding': 'br', Range: 'bytes=0-9' });
    expect(part.status).toBe(206);
    expect(part.headers['content-encoding']).toBe('br');
    expect(part.body.equals(whole.body.subarray(0, 10))).toBe(true);
    expect((await get(asset, { 'Accept-Encoding': 'br', Range: 'bytes=99999999-' })).status).toBe(416);
    expect([200, 206]).toContain((await get(asset, { 'Accept-Encoding': 'br', Range: 'bytes=0-1,3-4,-1' })).status);
    expect((await get(asset, { 'Accept-Encoding': 'br', Range: 'items=0-1' })).status).toBe(200);
  });

  it('keeps every path inside the build, and answers 404 for what it is not', async () => {
    for (const url of [
      '/assets/..%2f..%2f..%2fpackage.json',
      '/assets/%2e%2e/%2e%2e/%2e%2e/package.json',
      '/assets/%252e%252e/%252e%252e/package.json',
      '/assets/..%255c..%255cpackage.json',
      '/%2e%2e/%2e%2e/package.json',
      '/.ssr/entry-server.cjs',
      '/.ssr/entry-server.cjs.br',
      '/assets/nothing.js',
      '/assets/nothing.js.br',
      '/assets/',
      '/console/assets/',
    ]) {
      for (const accept of ['br', '']) {
        const r = await get(url, { 'Accept-Encoding': accept });
        expect([url, accept, r.status]).toEqual([url, accept, 404]);
        expect(html(r)).not.toContain('"wenzheng');
      }
    }
    // the folder without its slash is sent to the folder, which is the 404 above
    const folder = await get('/assets');
    expect([folder.status, folder.headers.location]).toEqual([301, '/assets/']);
    // and a redirect never leaves the site (a Location of //host is another site)
    for (const url of [
      '//assets',
      '//evil.example/..%2fassets',
      '/%2f%2fevil.example/assets',
      '/\\evil.example/assets',
      '/console//assets',
    ]) {
      const r = await get(url);
      expect([url, r.status]).not.toEqual([url, 500]);
      if (r.headers.location) expect([url, r.headers.location]).toEqual([url, expect.stringMatching(/^\/[^/\\]/)]);
    }
    for (const line of [
      'GET /assets/..\\..\\..\\package.json HTTP/1.1',
      'GET /assets\\..\\..\\package.json HTTP/1.1',
      'GET /assets/../../package.json HTTP/1.1',
      'GET /./.ssr/entry-server.cjs HTTP/1.1',
    ]) {
      const r = await raw(line, ['Accept-Encoding: br']);
      expect([line, r.text.includes('"wenzheng'), r.text.includes('renderListing')]).toEqual([line, false, false]);
      expect(r.status).toBeLessThan(500);
    }
  });

  it('serves a .br file asked for by name as the bytes it is, and answers HEAD with no body', async () => {
    const direct = await get(`${asset}.br`, { 'Accept-Encoding': 'br' });
    expect(direct.status).toBe(200);
    // not declared as brotli-encoded JavaScript: that would run the file under another URL
    expect(direct.headers['content-encoding']).toBeUndefined();
    expect(direct.headers['content-type']).not.toMatch(/javascript|html/);
    const head = await get(asset, { 'Accept-Encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-encoding']).toBe('br');
    const home = await get('/', { 'Accept-Encoding': 'br' }, 'HEAD');
    expect(home.status).toBe(200);
    expect(home.body.length).toBe(0);
  });
});

describe('headers of the pages', () => {
  it.each(['/', '/?q=%E5%99%AA', '/console', '/console/cases/x', '/cases/WZ20260101-0000000000'])(
    '%s forbids inline scripts and framing',
    async (url) => {
      const r = await get(url, { 'Accept-Encoding': 'br' });
      expect(r.status).toBe(200);
      const csp = String(r.headers['content-security-policy']);
      const script = /(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1] ?? /(?:^|;)\s*default-src ([^;]*)/.exec(csp)?.[1];
      expect(script).toBeDefined();
      expect(script).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
      expect(csp).toMatch(/frame-ancestors '(self|none)'/);
      expect(csp).toMatch(/object-src 'none'/);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['x-frame-options']).toMatch(/^(SAMEORIGIN|DENY)$/);
    },
  );
});

describe('the development sign-in on another secret', () => {
  it.each([
    ['AUTH_JWT_SECRET', { AUTH_JWT_SECRET: 'another-configured-secret-that-is-long-enough' }],
    // single sign-on: the generated secret still derives access keys, but must sign no staff token
    ['AUTH_JWKS_URL', { AUTH_JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json' }],
  ])(
    'with %s: not there, not offered, and a token the development secret signed is refused',
    async (_name, env) => {
      const dev = await fetch(`${server.url}/api/dev/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ role: 'reviewer' }),
      });
      expect(dev.status).toBe(200);
      const { token } = (await dev.json()) as { token: string };
      const other = await startServer(db.url, env);
      try {
        const mint = await fetch(`${other.url}/api/dev/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ role: 'admin' }),
        });
        expect([403, 404]).toContain(mint.status);
        expect(await (await fetch(`${other.url}/api/auth/config`)).json()).toEqual({ mode: 'none' });
        const use = await fetch(`${other.url}/api/queues/review`, { headers: { Authorization: `Bearer ${token}` } });
        expect(use.status).toBe(401);
        // and on the server that minted it, it still works: the refusal above is the secret's
        expect((await fetch(`${server.url}/api/queues/review`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
        if (haveChromium) {
          // the console's sign-in page offers no role picker, only the notice
          const browser = await launchChromium();
          try {
            const page = await browser.newPage({ locale: 'zh-CN' });
            await page.goto(`${other.url}/console/sign-in`);
            await page.getByText('本服务未配置登录方式').waitFor({ timeout: 15_000 });
            expect(await page.locator('form[id="sign-in"], .ant-select').count()).toBe(0);
          } finally {
            await browser.close();
          }
        }
      } finally {
        await other.stop();
      }
    },
    120_000,
  );
});
