import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** Paths the screens never answer, even for a browser asking for HTML: the API's own and Open311's. */
const API_PATHS = /^\/(api|health|metrics|open311)(\/|$)/;

/** Vite names every file under /assets by its content's hash, so it never changes: a year, immutable. */
const HASHED = { maxAge: '365d', immutable: true } as const;
const HASHED_CACHE = 'public, max-age=31536000, immutable';
const OTHER_CACHE = 'public, max-age=3600';

/**
 * What the public listing's first page asks the API for, named in a `Link: rel=preload` header of the
 * page so the browser fetches it while the JavaScript downloads instead of after: on Fast 3G that is
 * a 560-ms round trip less (README, Fast 3G). The URLs are ListingPage's and reference.ts's exactly
 * (openapi-fetch drops undefined parameters); one that drifts is fetched twice, never wrong.
 */
export const LISTING_PRELOAD = ['/api/public/petitions?limit=20', '/api/departments', '/api/categories', '/api/districts']
  .map((url) => `<${url}>; rel=preload; as=fetch; crossorigin`)
  .join(', ');

/** The client's encodings, best first; the server's preference, as any accepted one (q > 0) will do. */
const ENCODINGS = [
  { name: 'br', ext: '.br' },
  { name: 'gzip', ext: '.gz' },
] as const;
type Encoding = (typeof ENCODINGS)[number]['name'];

/**
 * The built screens (apps/web → dist/web): the public site at `/`, the console at `/console`.
 * Hashed assets are cached for a year; a client route (a path with no file) gets its page's
 * index.html so a reload or a shared link works. Nothing under /api, /health, /metrics or /open311
 * is answered here, so an unknown API route stays the API's 404.
 */
export function serveWeb(app: NestExpressApplication, webRoot: string): boolean {
  const publicPage = path.join(webRoot, 'index.html');
  const consolePage = path.join(webRoot, 'console', 'index.html');
  if (!existsSync(publicPage)) return false;
  const renderer = loadRenderer(webRoot);
  app.use(sendPrecompressed(webRoot, precompressedFiles(webRoot)));
  app.useStaticAssets(path.join(webRoot, 'assets'), { prefix: '/assets', ...HASHED, index: false });
  const pages = renderer && new ListingPages(renderer, publicPage);
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PATHS.test(req.path)) return next();
    // A file the build made (favicon, robots.txt) is served as is; other paths are client routes.
    if (path.extname(req.path) && req.path !== '/console/index.html') return next();
    // no client route lives among the hashed files: a folder or a missing asset is the 404 it is
    if (ASSET_PATHS.test(req.path)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    const plain = () => {
      // only the unfiltered landing page: a filter in the query string asks the API something else
      if (req.originalUrl === '/') res.setHeader('Link', LISTING_PRELOAD);
      res.sendFile(/^\/console(\/|$)/.test(req.path) ? consolePage : publicPage);
    };
    if (req.path !== '/' || !pages) return plain();
    const drawing = pages.page(req);
    res.setHeader('X-Render', drawing?.how ?? 'browser');
    if (!drawing) return plain();
    drawing.page
      .then((page) => sendHtml(req, res, page))
      .catch((err: unknown) => {
        // the plain page still works, drawn by the browser: never a 500 for the server's drawing
        logger.warn(`public listing not rendered on the server (${reason(err)}): the plain page sent`);
        if (res.headersSent) return;
        res.setHeader('X-Render', 'browser');
        plain();
      });
  });
  app.useStaticAssets(webRoot, {
    index: false,
    maxAge: '1h',
    setHeaders: (res, file) => file.endsWith('.html') && res.setHeader('Cache-Control', 'no-cache'),
  });
  return true;
}

const logger = new Logger('Web');

/** apps/web/src/public/entry-server.tsx, as `vite build --ssr` wrote it (scripts/build-web.js). */
interface Renderer {
  renderListing(url: string, get: (pathAndQuery: string) => Promise<unknown>): Promise<{ html: string; styles: string; state: string }>;
}

/** The public listing's server renderer of the build, if it has one that loads. */
function loadRenderer(webRoot: string): Renderer | undefined {
  const file = path.join(webRoot, '.ssr', 'entry-server.cjs');
  if (!existsSync(file)) return undefined;
  try {
    return createRequire(__filename)(file) as Renderer;
  } catch (err) {
    logger.warn(`the public listing's server renderer did not load (${reason(err)}): the listing is drawn by the browser`);
    return undefined;
  }
}

const ASSET_PATHS = /^(\/console)?\/assets(\/|$)/;

/**
 * Each GET / costs four API calls, a render and a compression: tens of milliseconds of CPU on the
 * event loop the API shares. Measured on 2 cores, 20 connections asking for distinct query strings
 * brought the API's own answers from ~760 to ~15 a second (~220 under as large a flood of a static
 * page); with this budget, ~85. So fresh renders are budgeted: at most
 * MAX_RENDERS at once and RENDERS_PER_SECOND on average (a bucket of that many); a request beyond
 * either gets the plain index.html, which the browser draws as before. Identical query strings (in
 * any order) share one render, and its page, compressed once per encoding, for CACHE_MS: the listing
 * is public and the same for everyone, and the page's own queries refresh it after hydration.
 */
export const MAX_RENDERS = 4;
export const RENDERS_PER_SECOND = 10;
/**
 * Short: a case taken down (moderation, erasure) must leave the listing at once, so a shared page
 * may lag the public API by no more than about the projector's own lag target (1 s).
 */
const CACHE_MS = 1_000;
/** A page is at most about 200 kB (its size when antd's styles were inline): 50 of them bound the cache at 10 MB whatever the query strings. */
const CACHE_PAGES = 50;

/** A rendered page and its compressed bodies, each made once however many requests it answers. */
class RenderedPage {
  private readonly bodies = new Map<Encoding | 'identity', Promise<Buffer>>();
  constructor(private readonly html: string) {}

  body(encoding: Encoding | undefined): Promise<Buffer> {
    const key = encoding ?? 'identity';
    let body = this.bodies.get(key);
    if (!body) {
      const raw = Buffer.from(this.html);
      const params = { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length };
      body = encoding === 'br' ? brotli(raw, { params }) : encoding === 'gzip' ? gzip(raw) : Promise.resolve(raw);
      this.bodies.set(key, body);
    }
    return body;
  }
}

class ListingPages {
  private rendering = 0;
  private tokens = RENDERS_PER_SECOND;
  private refilled = Date.now();
  private readonly pending = new Map<string, Promise<RenderedPage>>();
  private readonly cached = new Map<string, { page: RenderedPage; until: number }>();

  constructor(
    private readonly renderer: Renderer,
    private readonly template: string,
  ) {}

  /** The page for this request and how it came (X-Render), or undefined when the render budget is spent. */
  page(req: Request): { page: Promise<RenderedPage>; how: string } | undefined {
    // everything after the first `?`, as the browser's location.search: split('?')[1] cut `?q=a?b` to `q=a`
    // and drew another search than the page then hydrated with
    const at = req.originalUrl.indexOf('?');
    const query = new URLSearchParams(at < 0 ? '' : req.originalUrl.slice(at + 1));
    query.sort();
    const key = query.toString();
    const hit = this.cached.get(key);
    if (hit && hit.until > Date.now()) return { page: Promise.resolve(hit.page), how: 'cache' };
    this.cached.delete(key);
    const shared = this.pending.get(key);
    if (shared) return { page: shared, how: 'shared' };
    if (this.rendering >= MAX_RENDERS || !this.spend()) return undefined;
    this.rendering++;
    const how = `server ${this.rendering}/${MAX_RENDERS}`;
    // drawn for the normalized URL, so the cached page is exactly the key's
    const page = renderListingPage(this.renderer, this.template, req.socket, key ? `/?${key}` : '/')
      .then((html) => {
        const rendered = new RenderedPage(html);
        if (this.cached.size >= CACHE_PAGES) this.cached.delete(this.cached.keys().next().value as string);
        this.cached.set(key, { page: rendered, until: Date.now() + CACHE_MS });
        return rendered;
      })
      .finally(() => {
        this.rendering--;
        this.pending.delete(key);
      });
    this.pending.set(key, page);
    return { page, how };
  }

  /** One render from the bucket, refilled at RENDERS_PER_SECOND up to that many. */
  private spend(): boolean {
    const now = Date.now();
    this.tokens = Math.min(RENDERS_PER_SECOND, this.tokens + ((now - this.refilled) / 1000) * RENDERS_PER_SECOND);
    this.refilled = now;
    if (this.tokens < 1) return false;
    this.tokens--;
    return true;
  }
}

/** Long enough for the listing's query on a loaded database; a page later than this is better drawn by the browser. */
const RENDER_API_TIMEOUT_MS = 3000;

class ApiAnswered extends Error {
  constructor(
    readonly route: string,
    readonly status: number,
  ) {
    super(`${route} answered ${status}`);
  }
}

/**
 * The listing's page (`/`, `/?q=…`) with its first cases in the markup, the renderer's head styles and
 * the answers they were drawn from in a JSON data block (the CSP forbids inline scripts; a data block
 * is not one) that main.tsx hydrates from. The answers are the public API's own, asked of this server
 * on the address the request came in on: exactly what the browser would be given, nothing more.
 */
async function renderListingPage(renderer: Renderer, page: string, socket: Socket, url: string): Promise<string> {
  // the socket's own address, never the Host or X-Forwarded-* headers a visitor chooses
  const host = socket.localAddress?.includes(':') ? `[${socket.localAddress}]` : socket.localAddress;
  const base = `http://${host}:${socket.localPort}`;
  const get = async (pathAndQuery: string) => {
    const r = await fetch(base + pathAndQuery, {
      headers: { Accept: 'application/json' },
      signal: AbortSignal.timeout(RENDER_API_TIMEOUT_MS),
    });
    // the route without its query string: a search's words are the visitor's, never logged
    if (!r.ok) throw new ApiAnswered(pathAndQuery.split('?')[0], r.status);
    return r.json() as Promise<unknown>;
  };
  const [template, rendered] = await Promise.all([readFile(page, 'utf8'), renderer.renderListing(url, get)]);
  const root = '<div id="root"></div>';
  if (!template.includes(root) || !template.includes('</head>')) throw new Error('index.html has no empty #root');
  return (
    template
      // index.html's notice that the page needs JavaScript: this page does not, so it goes
      .replace(/<noscript>[\s\S]*?<\/noscript>\s*/g, '')
      .replace('</head>', () => `${rendered.styles}</head>`)
      .replace(
        root,
        () => `<div id="root">${rendered.html}</div><script type="application/json" id="wz-ssr-state">${rendered.state}</script>`,
      )
  );
}

/** Why a page was not rendered, for the log: the error's kind and our own status line, no request data. */
function reason(err: unknown): string {
  if (err instanceof ApiAnswered) return err.message;
  return err instanceof Error ? err.name : 'unknown error';
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** A rendered page, compressed as the assets are (brotli, else gzip): markup, styles and data block. */
async function sendHtml(req: Request, res: Response, page: RenderedPage): Promise<void> {
  res.vary('Accept-Encoding');
  res.type('html');
  const encoding = ENCODINGS.find((x) => req.acceptsEncodings(x.name) === x.name)?.name;
  const body = await page.body(encoding);
  if (encoding) res.setHeader('Content-Encoding', encoding);
  res.setHeader('Content-Length', body.length);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * URL path → the encodings scripts/compress-web.js wrote for it, read once at start: only a file of
 * the build can match, so no request path (`..%2f`, a symlink) reaches anything else.
 */
function precompressedFiles(webRoot: string): Map<string, Set<Encoding>> {
  const found = new Map<string, Set<Encoding>>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.')) walk(file);
        continue;
      }
      const encoding = ENCODINGS.find((x) => e.name.endsWith(x.ext));
      const original = encoding && file.slice(0, -encoding.ext.length);
      if (!encoding || !original || !existsSync(original)) continue;
      const url = '/' + path.relative(webRoot, original).split(path.sep).join('/');
      found.set(url, (found.get(url) ?? new Set()).add(encoding.name));
    }
  };
  walk(webRoot);
  return found;
}

/**
 * The .br (else .gz) the build wrote, when the client accepts it: at Fast 3G's 180 kB/s the public
 * site's first load was 740 kB uncompressed. Express's sendFile (the `send` module) still answers
 * HEAD, Range (of the encoded bytes, as HTTP defines it), If-None-Match and If-Modified-Since.
 */
function sendPrecompressed(webRoot: string, files: Map<string, Set<Encoding>>) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const have = files.get(decoded(req.path));
    if (!have) return next();
    // caches must keep the identity answer of this URL apart from the compressed ones
    res.vary('Accept-Encoding');
    const encoding = ENCODINGS.find((x) => have.has(x.name) && req.acceptsEncodings(x.name) === x.name);
    if (!encoding) return next();
    const url = decoded(req.path);
    res.type(path.extname(url));
    const headers = {
      'Content-Encoding': encoding.name,
      'Cache-Control': url.startsWith('/assets/') ? HASHED_CACHE : url.endsWith('.html') ? 'no-cache' : OTHER_CACHE,
    };
    type SendError = Error & { status?: number; headers?: Record<string, string> };
    res.sendFile(path.join(webRoot, url + encoding.ext), { headers, dotfiles: 'ignore' }, (err?: SendError) => {
      if (!err || res.headersSent) return;
      // the file went (a rebuild under a running server): answer as if it had never been compressed
      res.removeHeader('Content-Type');
      if (err.status === 404) return next();
      // a Range past the end (416) or a failed precondition: send's own answer, not a 500
      if (err.status && err.status < 500) {
        res.removeHeader('Content-Encoding');
        res
          .status(err.status)
          .set(err.headers ?? {})
          .end();
        return;
      }
      next(err);
    });
  };
}

function decoded(urlPath: string): string {
  try {
    return decodeURIComponent(urlPath);
  } catch {
    return urlPath;
  }
}
