#!/usr/bin/env node
// Runs a compiled command-line entry of apps/: `node scripts/run.js projector/src/rebuild all`.
//
// `--own-build` (the benches): compiled into a folder of this run's own, .bench-build/<pid>/, laid out
// as dist/ is and removed when the run ends, and run from there. A bench's steps start processes
// (the API, the ceiling, the projector, the steps' own children) from the compiled files minutes
// apart; anything that compiles dist/ meanwhile (npm start, a test run's global setup) would
// otherwise have them run other code than the run began with.
const { existsSync, readdirSync, rmSync } = require('node:fs');
const path = require('node:path');
const { compile, root } = require('./compile');

const BUILDS = path.join(root, '.bench-build');

/** Whether a process of this number still runs (a build left by a run that was killed is not in use). */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** A fresh folder for this run's build; those of runs that are gone are removed. */
function ownBuild() {
  if (existsSync(BUILDS)) {
    for (const name of readdirSync(BUILDS)) {
      if (!/^\d+$/.test(name) || !alive(Number(name))) rmSync(path.join(BUILDS, name), { recursive: true, force: true });
    }
  }
  const out = path.join(BUILDS, String(process.pid));
  rmSync(out, { recursive: true, force: true });
  process.once('exit', () => rmSync(out, { recursive: true, force: true }));
  return out;
}

const own = process.argv[2] === '--own-build';
if (own) process.argv.splice(2, 1);
const entry = process.argv[2];
const out = own ? ownBuild() : path.join(root, 'dist');
compile(own ? out : undefined);
process.chdir(root);
process.argv.splice(2, 1);
require(path.join(out, 'apps', `${entry}.js`));
