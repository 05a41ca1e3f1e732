import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

const here = __dirname;
const api = process.env.WZ_API_URL ?? 'http://localhost:3000';
/**
 * The public site and the console are built one after the other (scripts/build-web.js), not as two
 * inputs of one build: shared chunks would otherwise carry the console's components into the public
 * site's first load.
 */
const entry = process.env.WZ_WEB_ENTRY === 'console' ? 'console' : 'public';
const inputs = { public: path.resolve(here, 'index.html'), console: path.resolve(here, 'console/index.html') };

/** In `npm run dev:web`, a client route under /console gets the console's page, as the API's server does. */
const consoleFallback: Plugin = {
  name: 'wz-console-fallback',
  configureServer(server) {
    server.middlewares.use((req, _res, next) => {
      const url = req.url ?? '';
      if (/^\/console(\/|$|\?)/.test(url) && !path.extname(url.split('?')[0])) req.url = '/console/index.html';
      next();
    });
  },
};

const config = {
  root: here,
  base: '/',
  plugins: [react(), consoleFallback],
  build: {
    outDir: path.resolve(here, '../../dist/web'),
    // The public build runs first and empties the folder; the console's is added to it.
    emptyOutDir: entry === 'public',
    manifest: `.vite/manifest-${entry}.json`,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      input: { [entry]: inputs[entry] },
    },
  },
  server: {
    proxy: { '/api': api, '/health': api },
  },
} satisfies UserConfig;

/**
 * `WZ_WEB_ENTRY=ssr`: the public listing's server renderer (src/public/entry-server.tsx), one CommonJS
 * file with its libraries inside, for the API to require (apps/api/src/web/serve-web.ts). Under
 * dist/web/.ssr: a dot folder, which neither the static files nor the precompression serve.
 */
const ssrConfig = {
  root: here,
  plugins: [react()],
  publicDir: false,
  // React and antd are bundled in, so their development builds must be compiled out here: the API's
  // NODE_ENV would otherwise choose, and antd's class names would not match the browser's.
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  ssr: { noExternal: true, target: 'node' },
  build: {
    ssr: path.resolve(here, 'src/public/entry-server.tsx'),
    outDir: path.resolve(here, '../../dist/web/.ssr'),
    emptyOutDir: true,
    rolldownOptions: { output: { format: 'cjs', entryFileNames: 'entry-server.cjs' } },
  },
} satisfies UserConfig;

export default defineConfig(({ command }) => {
  // A build is the production bundle whoever starts it. Vite takes React's mode from NODE_ENV when set,
  // and the tests that build a stale dist/web run under Jest's NODE_ENV=test: React's development
  // build made the public first load 305 kB gzipped instead of 236. Vite reads it after this file.
  if (command === 'build') process.env.NODE_ENV = 'production';
  return process.env.WZ_WEB_ENTRY === 'ssr' ? ssrConfig : config;
});
