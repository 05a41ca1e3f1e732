#!/usr/bin/env node
// Runs a compiled command-line entry of apps/: `node scripts/run.js projector/src/rebuild all`.
//
// `--own-build` (the benches): compiled into a folder of this run's own, .bench-build/<pid>/, laid out
// as dist/ is (the screens of dist/web, built first when stale, copied beside, which the API serves and renders with),
// and run from there. A bench's steps start processes (the API, the ceiling, the projector, the
// steps' own children) from the compiled files minutes apart; anything that compiles dist/ meanwhile
// (npm start, a test run's global setup) would otherwise have them run other code than the run began
// with. The folder is removed when the run ends, or is killed by SIGTERM, SIGHUP or (where the entry
// does not handle it itself) SIGINT; one left by a run killed otherwise is removed by the next.
const { cpSync, existsSync, readdirSync, rmSync } = require('node:fs');
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

/** A fresh folder for this run's build, removed when the run ends; those of runs that are gone are removed. */
function ownBuild() {
  if (existsSync(BUILDS)) {
    for (const name of readdirSync(BUILDS)) {
      if (!/^\d+$/.test(name) || !alive(Number(name))) rmSync(path.join(BUILDS, name), { recursive: true, force: true });
    }
  }
  const out = path.join(BUILDS, String(process.pid));
  const remove = () => rmSync(out, { recursive: true, force: true });
  remove();
  process.once('exit', remove);
  for (const signal of ['SIGTERM', 'SIGHUP', 'SIGINT']) {
    const onSignal = () => {
      // An entry that handles the signal (the bench stops its PostgreSQL on SIGINT) exits itself: the folder goes at 'exit'.
      if (process.listenerCount(signal) > 1) return;
      remove();
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
  return out;
}

const own = process.argv[2] === '--own-build';
if (own) process.argv.splice(2, 1);
const entry = process.argv[2];
let out = path.join(root, 'dist');
if (own) {
  out = ownBuild();
  compile(out);
  // The screens current before they are copied: built when stale, and never copied half-built while
  // another process (npm start, a test) builds them (buildWeb waits for its lock).
  const { buildWeb, out: web } = require('./build-web');
  buildWeb();
  cpSync(web, path.join(out, 'web'), { recursive: true });
} else compile();
process.chdir(root);
process.argv.splice(2, 1);
require(path.join(out, 'apps', `${entry}.js`));
