#!/usr/bin/env node
// Writes `<file>.br` and `<file>.gz` next to every text asset of the built screens (dist/web) over
// 1 kB, once at build time, so the API sends them precompressed (apps/api/src/web/serve-web.ts):
// at Fast 3G's 180 kB/s the uncompressed public first load took 6.7 s. node:zlib, not a Vite plugin:
// none is in node_modules and this is twenty lines. Brotli at quality 10, not 11: the public entry
// chunk is 1.4 % larger (146 against 144 kB) but the build's compression takes 6 s, not 22, on the
// shared 2-core VM, and every test that starts `npm start` on a stale build waits for it.
const fs = require('node:fs');
const path = require('node:path');
const { promisify } = require('node:util');
const zlib = require('node:zlib');

const TEXT = /\.(js|mjs|css|html|svg|json|txt|map)$/;
const MIN_BYTES = 1024;
const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

function* files(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    // .vite holds the build manifests, which nothing serves
    if (e.isDirectory()) {
      if (!e.name.startsWith('.')) yield* files(p);
    } else if (TEXT.test(e.name)) yield p;
  }
}

async function compressWeb(dir) {
  const jobs = [];
  for (const file of files(dir)) {
    const raw = fs.readFileSync(file);
    if (raw.length < MIN_BYTES) continue;
    const write = (ext) => (buf) => buf.length < raw.length && fs.writeFileSync(file + ext, buf);
    jobs.push(
      brotli(raw, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 10,
          [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
        },
      }).then(write('.br')),
      gzip(raw, { level: zlib.constants.Z_BEST_COMPRESSION }).then(write('.gz')),
    );
  }
  await Promise.all(jobs);
  return jobs.length / 2;
}

module.exports = { compressWeb, MIN_BYTES };

if (require.main === module) {
  const dir = process.argv[2] ?? path.resolve(__dirname, '..', 'dist', 'web');
  compressWeb(dir).catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
