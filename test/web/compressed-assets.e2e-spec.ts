import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createTestDatabase } from '../setup/database';
import { LISTING_PRELOAD } from '../../apps/api/src/web/serve-web';
import { rawRequest } from './raw-http';
import { root, startServer, type Server } from './server';

/**
 * `npm start` serves the screens' assets precompressed (issue 14: uncompressed, the public first
 * load was 740 kB on the wire): the .br the build wrote when the client accepts brotli, else the .gz,
 * else the file itself; HEAD, Range and the cache headers still right, and nothing outside the build
 * reachable. Node's raw http client, not fetch, which would decompress what it receives.
 */
const dist = path.join(root, 'dist', 'web');

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let server: Server;
/** The public site's entry chunk, as index.html names it. */
let entry: string;

const get = (url: string, headers: Record<string, string> = {}, method = 'GET') => rawRequest(`${server.url}${url}`, headers, method);

beforeAll(async () => {
  db = await createTestDatabase('wz_assets');
  server = await startServer(db.url);
  const html = (await get('/')).body.toString('utf8');
  entry = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] ?? '';
}, 150_000);

afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

describe('the screens’ assets through npm start', () => {
  it('names a hashed entry chunk the build compressed', () => {
    expect(entry).toMatch(/^\/assets\/[\w.-]+-[\w-]{8}\.js$/);
    expect(statSync(path.join(dist, entry + '.br')).size).toBeLessThan(statSync(path.join(dist, entry)).size);
  });

  it('sends brotli to a client that accepts it, bytes that decompress to the file', async () => {
    const original = readFileSync(path.join(dist, entry));
    // Chromium's own header: gzip comes first, brotli is still chosen
    const r = await get(entry, { 'Accept-Encoding': 'gzip, deflate, br, zstd' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(r.headers.vary).toMatch(/Accept-Encoding/i);
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
    expect(r.body.length).toBeLessThan(original.length / 2);
    expect(brotliDecompressSync(r.body).equals(original)).toBe(true);
  });

  it('sends gzip to a client that takes gzip and not brotli', async () => {
    const original = readFileSync(path.join(dist, entry));
    for (const accept of ['gzip', 'br;q=0, gzip']) {
      const r = await get(entry, { 'Accept-Encoding': accept });
      expect(r.headers['content-encoding']).toBe('gzip');
      expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(gunzipSync(r.body).equals(original)).toBe(true);
    }
  });

  it('sends the file itself to a client that accepts no encoding', async () => {
    const original = readFileSync(path.join(dist, entry));
    for (const headers of [{}, { 'Accept-Encoding': 'identity' }, { 'Accept-Encoding': 'deflate' }] as Record<string, string>[]) {
      const r = await get(entry, headers);
      expect(r.status).toBe(200);
      expect(r.headers['content-encoding']).toBeUndefined();
      expect(r.headers.vary).toMatch(/Accept-Encoding/i);
      expect(r.body.equals(original)).toBe(true);
    }
  });

  it('answers HEAD and a Range of the encoded bytes', async () => {
    const br = readFileSync(path.join(dist, entry + '.br'));
    const head = await get(entry, { 'Accept-Encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-encoding']).toBe('br');
    expect(Number(head.headers['content-length'])).toBe(br.length);
    expect(head.body.length).toBe(0);
    const part = await get(entry, { 'Accept-Encoding': 'br', Range: 'bytes=0-99' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-99/${br.length}`);
    expect(part.body.equals(br.subarray(0, 100))).toBe(true);
    // and a revalidation by ETag is a 304, not the bytes again
    const full = await get(entry, { 'Accept-Encoding': 'br' });
    const again = await get(entry, { 'Accept-Encoding': 'br', 'If-None-Match': String(full.headers.etag) });
    expect(again.status).toBe(304);
  });

  it('never lets a request path out of the build', async () => {
    for (const url of [
      '/assets/..%2f..%2fpackage.json',
      '/assets/..%2F..%2F..%2Fpackage.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/..%2fpackage.json',
      '/assets/..%5c..%5cpackage.json',
      '/.vite/manifest-public.json',
    ]) {
      const r = await get(url, { 'Accept-Encoding': 'br, gzip' });
      expect([url, r.status]).toEqual([url, 404]);
      expect(r.body.toString('utf8')).not.toContain('"wenzheng');
    }
  });

  it('keeps index.html unstored, for / and for client routes of both sites', async () => {
    for (const [url, title] of [
      ['/', '阳光晾晒'],
      ['/petitions/WZ20260101-0000000000', '阳光晾晒'],
      ['/console', '办理后台'],
      ['/console/queues/review', '办理后台'],
    ]) {
      const r = await get(url, { 'Accept-Encoding': 'br, gzip' });
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toMatch(/^text\/html/);
      expect(r.headers['cache-control']).toBe('no-cache');
      const html = r.headers['content-encoding'] === 'br' ? brotliDecompressSync(r.body).toString('utf8') : r.body.toString('utf8');
      expect(html).toContain(title);
      expect(html).toContain('<link rel="icon" type="image/svg+xml" href="/favicon.svg"');
    }
  });

  it('names the listing’s first queries for preload on the plain landing page only, each one the API answers', async () => {
    // the server-rendered landing page carries their answers instead (ssr-listing.e2e-spec.ts): no preload
    expect((await get('/')).headers.link).toBeUndefined();
    const urls = [...LISTING_PRELOAD.matchAll(/<([^>]+)>; rel=preload; as=fetch; crossorigin/g)].map((x) => x[1]);
    expect(urls).toContain('/api/public/petitions?limit=20');
    for (const url of urls) expect([url, (await get(url)).status]).toEqual([url, 200]);
    // a filtered listing or another page asks for something else
    for (const url of ['/?q=%E7%A7%AF%E6%B0%B4', '/submit', '/console'])
      expect([url, (await get(url)).headers.link]).toEqual([url, undefined]);
  });

  it('serves the favicon both pages link to', async () => {
    const r = await get('/favicon.svg');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(r.body.toString('utf8')).toMatch(/^<svg /);
  });

  it('answers the Open311 endpoint’s root in GeoReport’s error shape, not with the site', async () => {
    for (const url of ['/open311/v2/', '/open311/v2']) {
      const r = await get(url, { Accept: 'text/html,application/json' });
      expect([url, r.status]).toEqual([url, 404]);
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(r.body.toString('utf8'))).toEqual([
        { code: 404, description: expect.stringContaining('/open311/v2/services.json') },
      ]);
    }
    // a path under it that names nothing is the API's 404 too
    const other = await get('/open311/v2/nothing', { Accept: 'text/html' });
    expect(other.status).toBe(404);
    expect(other.body.toString('utf8')).not.toContain('<!doctype html>');
  });
});
