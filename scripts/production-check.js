#!/usr/bin/env node
// CI's proof of the production image where no Docker engine runs (.ci/run). It follows the Dockerfile
// itself, so the two cannot drift apart:
//   1. build stage, in a clean temporary folder: the files git tracks at HEAD (`git archive HEAD`,
//      what a clean clone of the commit has: an untracked file a commit imports must fail the build
//      here, not be copied in and hide it; uncommitted edits are not checked, and it says so), then
//      the stage's RUN lines (npm run build, …). Its `npm ci` is the
//      repository's node_modules, linked, when that is exactly the lock file's install (as in CI,
//      whose first step is npm ci on a clean clone): this saves a minute; `--clean-install` runs it;
//   2. runtime stage, in a second clean folder: package.json and package-lock.json, the stage's
//      `npm ci --omit=dev`, and only the paths its COPY --from=build lines name;
//   3. every require() of the shipped code resolves inside that folder (a runtime import of a
//      devDependency, or of compiled code left out of the image, fails here, naming the file);
//   4. the image's CMD (the API) and docker-compose's projector and worker commands start from it
//      with NODE_ENV=production, each on its own embedded PostgreSQL (free port, temporary data
//      folder), as an unprivileged user when run as root (the image runs as `node`); the image's
//      HEALTHCHECK command passes for the API, the projector's /health is 200, the API serves the
//      screens at /; then SIGTERM, and each must exit 0 with its PostgreSQL shut down.
// Temporary folders and every process started are removed on success, on failure and on Ctrl-C.
// `--keep` leaves the folders for a look.
// Run: node scripts/production-check.js [--clean-install] [--keep]
const { spawn, execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const { createRequire, isBuiltin } = require('node:module');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const keep = process.argv.includes('--keep');
const cleanInstall = process.argv.includes('--clean-install');
const started = Date.now();
const children = new Set();
let work;

/** Resolves to `value` after ms, without keeping the process alive for it. */
const after = (ms, value) => new Promise((r) => setTimeout(r, ms, value).unref());
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const say = (m) => console.log(`[production-check] ${m}`);

/** The Dockerfile as stages of { op, args }: continuation lines joined, comments dropped. */
function readDockerfile(dir) {
  const text = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
  const lines = text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\r?\n/g, ' ');
  const stages = [];
  for (const line of lines
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const [, op, args] = /^(\S+)\s+(.*)$/.exec(line);
    if (op.toUpperCase() === 'FROM') stages.push({ name: /\bAS\s+(\S+)/i.exec(args)?.[1], steps: [] });
    else if (stages.length) stages.at(-1).steps.push({ op: op.toUpperCase(), args });
  }
  const build = stages.find((s) => s.name === 'build');
  const runtime = stages.at(-1);
  if (!build || build === runtime) throw new Error('the Dockerfile has no stage "build" before its runtime stage');
  return { build, runtime };
}

const workdirOf = (stage) =>
  stage.steps
    .filter((s) => s.op === 'WORKDIR')
    .map((s) => s.args)
    .pop() ?? '/';
const execForm = (args) => (args.startsWith('[') ? JSON.parse(args) : ['sh', '-c', args]);
/** RUN's own flags (--mount=type=cache…) are BuildKit's, not the command's. */
const runCommand = (args) => execForm(args.replace(/^(--\S+\s+)+/, ''));

/**
 * Whether node_modules is what `npm ci` would install from package-lock.json: npm's record of the
 * tree it installed (node_modules/.package-lock.json) names the same versions, and every package
 * of the lock file it lacks is an optional one for another platform.
 */
function installedFromLock(lockFile) {
  const read = (f) => JSON.parse(fs.readFileSync(f, 'utf8')).packages;
  let lock, installed;
  try {
    [lock, installed] = [read(lockFile), read(path.join(root, 'node_modules/.package-lock.json'))];
  } catch {
    return false;
  }
  const same = Object.entries(installed).every(([k, v]) => lock[k]?.version === v.version);
  const rest = Object.entries(lock).every(([k, v]) => k === '' || installed[k] || v.optional || v.devOptional);
  return same && rest;
}

/**
 * The build context: the commit, as a clean clone of it has it. The working tree is not used, so a
 * file that is only untracked here (one a commit imports but does not add) is missing, as it is for
 * everyone who clones. Returns the number of files and how many paths differ from HEAD.
 */
function exportHead(to) {
  const git = (...args) => execFileSync('git', args, { cwd: root, maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  let commit;
  try {
    commit = git('rev-parse', '--verify', 'HEAD^{commit}').toString().trim();
  } catch (e) {
    throw new Error(
      `${root} is not a git checkout with a commit (${String(e.stderr ?? e.message).trim()}): the check builds what git tracks at HEAD, as a clean clone has it`,
    );
  }
  fs.mkdirSync(to, { recursive: true });
  execFileSync('tar', ['-x', '-C', to], { input: git('archive', '--format=tar', commit), maxBuffer: 64 << 20 });
  const files = git('ls-tree', '-r', '-z', '--name-only', commit).toString('utf8').split('\0').filter(Boolean).length;
  const changed = git('status', '--porcelain', '-z', '--untracked-files=all').toString('utf8').split('\0').filter(Boolean).length;
  return { commit, files, changed };
}

/** A process in its own process group (so a failure can end it and everything it started). */
function launch(argv, { cwd, env, user, label }) {
  const child = spawn(argv[0], argv.slice(1), {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  });
  children.add(child);
  child.output = '';
  const keepTail = (d) => (child.output = (child.output + d).slice(-20_000));
  child.stdout.on('data', keepTail);
  child.stderr.on('data', keepTail);
  child.done = new Promise((resolve) => {
    child.once('error', (e) => {
      keepTail(`${label}: ${e.message}\n`);
      resolve(-1);
    });
    child.once('close', (code, signal) => {
      children.delete(child);
      resolve(code ?? signal);
    });
  });
  return child;
}

async function runStep(argv, opts) {
  const t = Date.now();
  const child = launch(argv, opts);
  const code = await child.done;
  if (code !== 0) throw new Error(`${opts.label}: \`${argv.join(' ')}\` exited ${code}\n${child.output}`);
  say(`${opts.label}: ${argv.at(-1)}  ${seconds(t)}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net
      .createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = s.address();
        s.close(() => resolve(port));
      });
  });
}

function* jsFiles(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* jsFiles(p);
    else if (e.name.endsWith('.js')) yield p;
  }
}

/** Each require() in the shipped code that does not resolve from where it is written. */
function unresolvedRequires(dir) {
  const missing = [];
  let files = 0;
  for (const file of jsFiles(dir)) {
    files++;
    const resolveFrom = createRequire(file);
    for (const [, , spec] of fs.readFileSync(file, 'utf8').matchAll(/\brequire\(\s*(["'])([^"'\n]+)\1\s*\)/g)) {
      if (isBuiltin(spec)) continue;
      try {
        resolveFrom.resolve(spec);
      } catch {
        missing.push(`${spec} (required by ${path.relative(dir, file)})`);
      }
    }
  }
  return { files, missing: [...new Set(missing)] };
}

async function until(what, deadlineMs, probe, child) {
  for (const end = Date.now() + deadlineMs; Date.now() < end;) {
    if (!children.has(child)) throw new Error(`${what}: the process exited (${await child.done}) before it was ready\n${child.output}`);
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what}: not ready within ${deadlineMs / 1000} s\n${child.output}`);
}

/** SIGTERM, then the exit code must be 0 and PostgreSQL must have removed its postmaster.pid. */
async function stopCleanly(label, child, dataDir) {
  const t = Date.now();
  process.kill(child.pid, 'SIGTERM');
  const code = await Promise.race([child.done, after(30_000, 'no exit within 30 s')]);
  if (code !== 0) throw new Error(`${label}: SIGTERM ended it with ${code}\n${child.output}`);
  if (fs.existsSync(path.join(dataDir, 'postmaster.pid')))
    throw new Error(`${label}: exited 0 but its PostgreSQL in ${dataDir} is still running`);
  say(`${label}: stopped by SIGTERM, exit 0, PostgreSQL shut down  ${seconds(t)}`);
}

/** The account to run as: the image's USER is unprivileged, so as root this uses `nobody`. */
function runAccount() {
  if (process.getuid() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'nobody']));
    const gid = Number(execFileSync('id', ['-g', 'nobody']));
    return { name: 'nobody', uid, gid };
  } catch {
    return undefined;
  }
}

async function main() {
  const account = runAccount();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'wenzheng-production-'));
  fs.chmodSync(work, 0o755); // the unprivileged account (or, as root, PostgreSQL's) must get through it
  // A clean machine's environment: nothing of this shell's DATABASE_URL, NODE_ENV or npm_* leaks in.
  const baseEnv = Object.fromEntries(
    ['PATH', 'HOME', 'TMPDIR', 'LANG', 'CI'].filter((k) => process.env[k]).map((k) => [k, process.env[k]]),
  );

  // 1. build stage
  const buildDir = path.join(work, 'build');
  let t = Date.now();
  const head = exportHead(buildDir);
  say(`build stage: ${head.files} files of HEAD (${head.commit.slice(0, 7)}, git archive) in ${buildDir}  ${seconds(t)}`);
  if (head.changed)
    say(`build stage: ${head.changed} uncommitted or untracked paths in ${root} are not part of this check (commit them to check them)`);
  // HEAD's recipe, not the working tree's: the image a clean clone of the commit builds
  const { build, runtime } = readDockerfile(buildDir);
  const buildEnv = { ...baseEnv };
  for (const { op, args } of build.steps) {
    if (op === 'ENV') Object.assign(buildEnv, Object.fromEntries([args.split(/[= ](.*)/s).slice(0, 2)]));
    if (op !== 'RUN') continue;
    const argv = runCommand(args);
    if (/^npm ci\b/.test(argv.at(-1)) && !cleanInstall && installedFromLock(path.join(buildDir, 'package-lock.json'))) {
      fs.symlinkSync(path.join(root, 'node_modules'), path.join(buildDir, 'node_modules'));
      say(
        `build stage: ${argv.at(-1)} → the repository's node_modules, installed from this package-lock.json (--clean-install to reinstall)`,
      );
      continue;
    }
    await runStep(argv, { cwd: buildDir, env: buildEnv, label: 'build stage' });
  }

  // 2. runtime stage
  const appDir = path.join(work, 'app');
  fs.mkdirSync(appDir, { mode: 0o755 });
  const buildWorkdir = workdirOf(build);
  const user = runtime.steps
    .filter((s) => s.op === 'USER')
    .map((s) => s.args)
    .pop();
  const imageEnv = {};
  let cmd;
  let healthcheck;
  for (const { op, args } of runtime.steps) {
    if (op === 'ENV') Object.assign(imageEnv, Object.fromEntries([args.split(/[= ](.*)/s).slice(0, 2)]));
    else if (op === 'COPY') {
      const parts = args.split(/\s+/);
      const from = parts.find((p) => p.startsWith('--from='))?.slice('--from='.length);
      const [dest, ...sources] = parts.filter((p) => !p.startsWith('--')).reverse();
      for (const src of sources.reverse()) {
        const source = from ? path.join(buildDir, path.relative(buildWorkdir, src)) : path.join(buildDir, src);
        const target = dest.endsWith('/') ? path.join(appDir, dest, path.basename(src)) : path.join(appDir, dest);
        if (!fs.existsSync(source)) throw new Error(`runtime stage: COPY ${args}: ${source} does not exist after the build stage`);
        fs.cpSync(source, target, { recursive: true });
      }
    } else if (op === 'RUN') {
      if (user && new RegExp(`\\b${user}:`).test(args)) {
        say(`runtime stage: \`${args}\` is the image's account setup; here .data is made for ${account?.name ?? 'this user'}`);
        continue;
      }
      await runStep(runCommand(args), { cwd: appDir, env: { ...baseEnv, ...imageEnv }, label: 'runtime stage' });
    } else if (op === 'CMD') cmd = execForm(args);
    else if (op === 'HEALTHCHECK') healthcheck = execForm(args.replace(/^(--\S+\s+)*CMD\s+/, ''));
  }
  if (!cmd || !healthcheck) throw new Error('the runtime stage has no CMD or no HEALTHCHECK');
  const dataRoot = path.join(appDir, '.data');
  fs.mkdirSync(dataRoot, { mode: 0o755 });
  if (account) fs.chownSync(dataRoot, account.uid, account.gid);
  const size = execFileSync('du', ['-sm', path.join(appDir, 'node_modules')])
    .toString()
    .split('\t')[0];
  say(`runtime stage: ${size} MB of production dependencies`);

  // 3. nothing the shipped code requires is left out
  const { files, missing } = unresolvedRequires(path.join(appDir, 'dist'));
  if (missing.length) {
    throw new Error(
      `the production install lacks what the shipped code requires (a devDependency to move to dependencies, or compiled code the image does not copy):\n  ${missing.join('\n  ')}`,
    );
  }
  say(`shipped code: every require() of its ${files} files resolves in the production install`);

  // 4. the API (the image's CMD), the projector and the worker, started from the runtime folder
  const compose = fs.readFileSync(path.join(buildDir, 'docker-compose.yml'), 'utf8');
  const apps = [
    { label: 'api', argv: cmd },
    { label: 'projector', argv: ['node', 'dist/apps/projector/src/main.js'] },
    { label: 'worker', argv: ['node', 'dist/apps/worker/src/main.js'] },
  ];
  for (const a of apps.slice(1)) {
    if (!compose.includes(`command: ${JSON.stringify(a.argv).replaceAll('","', '", "')}`))
      throw new Error(`docker-compose.yml does not run the ${a.label} as ${JSON.stringify(a.argv)}`);
  }
  t = Date.now();
  for (const a of apps) {
    a.dataDir = path.join(dataRoot, `${a.label}-postgres`);
    a.env = {
      ...baseEnv,
      ...imageEnv,
      HOME: dataRoot,
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      PROJECTOR_PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(await freePort()),
      EMBEDDED_PG_DATA_DIR: a.dataDir,
      AUTH_JWT_SECRET: crypto.randomBytes(24).toString('base64url'),
    };
    a.child = launch(a.argv, { cwd: appDir, env: a.env, user: account, label: a.label });
  }
  const [api, projector, worker] = apps;
  const healthy = async () => (await launch(healthcheck, { cwd: appDir, env: api.env, user: account, label: 'healthcheck' }).done) === 0;
  await until('api', 90_000, healthy, api.child);
  say(
    `api: \`${cmd.join(' ')}\` as ${account?.name ?? os.userInfo().username}: the image's HEALTHCHECK passes (/health 200)  ${seconds(t)}`,
  );
  const page = await fetch(`http://127.0.0.1:${api.env.PORT}/`);
  const html = await page.text();
  if (page.status !== 200 || !html.includes('<div id="root">'))
    throw new Error(`api: GET / answered ${page.status}, not the screens' page`);
  say('api: GET / serves the screens (dist/web)');
  await until(
    'projector',
    90_000,
    async () => (await fetch(`http://127.0.0.1:${projector.env.PROJECTOR_PORT}/health`)).status === 200,
    projector.child,
  );
  say(`projector: /health 200  ${seconds(t)}`);
  await until('worker', 90_000, async () => /\[worker\] deadline watcher every/.test(worker.child.output), worker.child);
  say(`worker: deadline watcher and SMS sender running  ${seconds(t)}`);
  for (const a of apps) await stopCleanly(a.label, a.child, a.dataDir);
}

async function cleanUp() {
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const gone = Promise.all([...children].map((c) => c.done));
  if ((await Promise.race([gone, after(10_000, 'late')])) === 'late') {
    for (const child of children) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await gone;
  }
  if (work && !keep) fs.rmSync(work, { recursive: true, force: true });
  else if (work) say(`kept ${work}`);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    say(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

main().then(
  async () => {
    await cleanUp();
    say(`passed in ${seconds(started)}`);
  },
  async (e) => {
    console.error(`[production-check] FAILED: ${e instanceof Error ? e.message : e}`);
    await cleanUp();
    say(`failed after ${seconds(started)}`);
    process.exit(1);
  },
);
