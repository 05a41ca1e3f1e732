#!/usr/bin/env node
// Prints the gzipped JavaScript of the built screens (dist/web): what the public site's first page
// loads (entry + static imports), every public chunk, and the console. `npm run web:size`.
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const out = path.resolve(__dirname, '..', 'dist', 'web');

function sizes(entry) {
  const manifest = JSON.parse(fs.readFileSync(path.join(out, '.vite', `manifest-${entry}.json`), 'utf8'));
  const gz = (file) => zlib.gzipSync(fs.readFileSync(path.join(out, file)), { level: 9 }).length;
  const start = Object.values(manifest).find((c) => c.isEntry);
  const initial = new Set();
  const walk = (key) => {
    const c = manifest[key] ?? Object.values(manifest).find((x) => x.file === key);
    if (!c || initial.has(c.file)) return;
    initial.add(c.file);
    (c.imports ?? []).forEach(walk);
  };
  walk(Object.keys(manifest).find((k) => manifest[k] === start));
  const all = new Set(
    Object.values(manifest)
      .map((c) => c.file)
      .filter((f) => f.endsWith('.js')),
  );
  const sum = (files) => [...files].reduce((n, f) => n + gz(f), 0);
  const lazy = [...all]
    .filter((f) => !initial.has(f))
    .map((f) => [f, gz(f)])
    .sort((a, b) => b[1] - a[1]);
  return { initial: sum(initial), all: sum(all), largestLazy: lazy[0] };
}

module.exports = { sizes };

if (require.main === module) {
  const kB = (n) => `${(n / 1024).toFixed(1)} kB`;
  const pub = sizes('public');
  const con = sizes('console');
  const report = {
    publicFirstLoad: pub.initial,
    publicAll: pub.all,
    publicLargestLazy: pub.largestLazy,
    consoleFirstLoad: con.initial,
    consoleAll: con.all,
  };
  if (process.argv.includes('--json')) console.log(JSON.stringify(report));
  else {
    console.log(`public site, first page (entry + static imports): ${kB(pub.initial)} gzipped`);
    console.log(
      `public site, every chunk:                          ${kB(pub.all)} gzipped (largest lazy: ${pub.largestLazy?.[0]} ${kB(pub.largestLazy?.[1] ?? 0)})`,
    );
    console.log(`console, first page:                               ${kB(con.initial)} gzipped; every chunk ${kB(con.all)}`);
  }
}
