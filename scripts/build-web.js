#!/usr/bin/env node
// Builds the screens (apps/web, Vite) into dist/web: the public site, then the console, then writes
// each asset's .br and .gz (scripts/compress-web.js). `npm start`
// calls buildWebIfStale() so a fresh clone or an edited source is built without an extra command;
// `npm run build:web` forces it. Concurrent starts (tests) wait for one another through a lock folder.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const src = path.join(root, 'apps', 'web');
const out = path.join(root, 'dist', 'web');
const stamp = path.join(out, '.built');
const lock = path.join(root, 'dist', '.web-build.lock');

function newestSource(dir = src) {
  let newest = fs.statSync(path.join(root, 'package-lock.json')).mtimeMs;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

const isStale = () => !fs.existsSync(stamp) || fs.statSync(stamp).mtimeMs < newestSource();

function build() {
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  // then the public listing's server renderer (dist/web/.ssr, apps/web/src/public/entry-server.tsx)
  for (const entry of ['public', 'console', 'ssr']) {
    execFileSync(process.execPath, [vite, 'build', '--config', path.join(src, 'vite.config.ts'), '--logLevel', 'warn'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, WZ_WEB_ENTRY: entry, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    });
  }
  // precompressed .br/.gz next to each asset, in a child so buildWeb() stays synchronous for npm start
  execFileSync(process.execPath, [path.join(__dirname, 'compress-web.js'), out], { cwd: root, stdio: 'inherit' });
  fs.writeFileSync(stamp, new Date().toISOString() + '\n');
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function buildWeb({ force = false } = {}) {
  if (!force && !isStale()) return false;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // A lock older than two minutes was left by a build that died.
      if (Date.now() - fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs > 120_000) fs.rmSync(lock, { recursive: true, force: true });
      sleep(200);
    }
  }
  try {
    if (!force && !isStale()) return false; // another process built it while this one waited
    console.log('[wenzheng] building the screens (apps/web → dist/web) …');
    build();
    return true;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

module.exports = { buildWeb, isStale, out };

if (require.main === module) buildWeb({ force: !process.argv.includes('--if-stale') });
