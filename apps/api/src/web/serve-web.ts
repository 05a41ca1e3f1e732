import { existsSync } from 'node:fs';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** Paths the screens never answer, even for a browser asking for HTML: the API's own. */
const API_PATHS = /^\/(api|health|metrics)(\/|$)/;

/**
 * The built screens (apps/web → dist/web): the public site at `/`, the console at `/console`.
 * Hashed assets are cached for a year; a client route (a path with no file) gets its page's
 * index.html so a reload or a shared link works. Nothing under /api, /health or /metrics is
 * answered here, so an unknown API route stays the API's 404.
 */
export function serveWeb(app: NestExpressApplication, webRoot: string): boolean {
  const publicPage = path.join(webRoot, 'index.html');
  const consolePage = path.join(webRoot, 'console', 'index.html');
  if (!existsSync(publicPage)) return false;
  app.useStaticAssets(path.join(webRoot, 'assets'), { prefix: '/assets', immutable: true, maxAge: '365d', index: false });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PATHS.test(req.path)) return next();
    // A file the build made (favicon, robots.txt) is served as is; other paths are client routes.
    if (path.extname(req.path) && req.path !== '/console/index.html') return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(/^\/console(\/|$)/.test(req.path) ? consolePage : publicPage);
  });
  app.useStaticAssets(webRoot, { index: false, maxAge: '1h' });
  return true;
}
