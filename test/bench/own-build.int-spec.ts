import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

// `npm run bench` runs from a build of its own (scripts/run.js --own-build): the processes its steps
// start minutes apart (the API, the ceiling, the projector, its steps' children) run the code the run
// began with, whatever compiles dist/ meanwhile (a test run's global setup, npm start).

jest.setTimeout(120_000);

const root = path.resolve(__dirname, '../..');
const builds = path.join(root, '.bench-build');
const run = promisify(execFile);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildWeb } = require('../../scripts/build-web.js') as { buildWeb(o?: { force?: boolean }): boolean };

/**
 * Preloaded into the run: at its exit, which of the repository's files it loaded (outside node_modules,
 * besides scripts/), where the compiled harness finds the API's entry and whether that file, the
 * segmenting worker's and the screens were in the run's build then.
 */
const PROBE = `
const path = require('node:path');
const { writeFileSync, existsSync } = require('node:fs');
const root = process.env.WZ_PROBE_ROOT;
process.on('exit', () => {
  const ours = Object.keys(require.cache).filter((f) => f.startsWith(root + path.sep) && !f.includes(path.sep + 'node_modules' + path.sep));
  const bench = ours.find((f) => f.endsWith(path.join('apps', 'bench', 'src', 'bench.js')));
  const build = bench && path.resolve(path.dirname(bench), '..', '..', '..');
  const harness = bench && require(path.join(path.dirname(bench), 'harness', 'api-process.js'));
  const api = harness && harness.compiledEntry('../../../api/src/main.js');
  writeFileSync(process.env.WZ_PROBE_OUT, JSON.stringify({
    ours: ours.filter((f) => f !== __filename && !f.startsWith(path.join(root, 'scripts') + path.sep)),
    api,
    apiExists: Boolean(api && existsSync(api)),
    segmentWorker: Boolean(build && existsSync(path.join(build, 'libs', 'read-models', 'src', 'petition-views', 'segment-worker.js'))),
    web: Boolean(build && existsSync(path.join(build, 'web', 'index.html'))),
  }));
});
`;

interface Seen {
  readonly ours: string[];
  readonly api: string;
  readonly apiExists: boolean;
  readonly segmentWorker: boolean;
  readonly web: boolean;
}

/** Keeps a run alive once its entry has loaded (render, given no file, would end at once), and says so in a file. */
const KEEP_ALIVE = `
const { writeFileSync } = require('node:fs');
// Only in the run itself, not in the compiler it starts first.
if (process.argv[1] && process.argv[1].endsWith('run.js')) setInterval(() => {
  if (Object.keys(require.cache).some((f) => f.endsWith('render.js'))) writeFileSync(process.env.WZ_READY, '1');
}, 50);
`;

describe('the benches run from a build of their own', () => {
  let dir: string;
  let probe: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'wz-own-build-'));
    probe = path.join(dir, 'probe.js');
    writeFileSync(probe, PROBE);
    // The run builds stale screens before it copies them (waiting for another worker's build); built here first,
    // so the first test's time is the run's own, not a Vite build's.
    buildWeb();
  }, 600_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const runBench = (out: string, ...args: string[]) =>
    run(process.execPath, [path.join(root, 'scripts', 'run.js'), ...args, 'bench/src/bench', '--help'], {
      cwd: root,
      env: { ...process.env, NODE_OPTIONS: `--require ${probe}`, WZ_PROBE_OUT: out, WZ_PROBE_ROOT: root },
    });

  it('loads the bench, and finds the API it starts, in .bench-build/<pid>/, never dist/ or the sources, and removes the folder at exit', async () => {
    const out = path.join(dir, 'own.json');
    await runBench(out, '--own-build');
    const seen = JSON.parse(readFileSync(out, 'utf8')) as Seen;
    expect(seen.ours.length).toBeGreaterThan(20);
    const folders = new Set(seen.ours.map((f) => path.relative(builds, f).split(path.sep)[0]));
    expect(folders.size).toBe(1);
    const [pid] = [...folders];
    expect(pid).toMatch(/^\d+$/);
    // Every file of the repository it loaded (its libs included), none from dist/ or the TypeScript sources.
    for (const f of seen.ours) expect(f.startsWith(path.join(builds, pid) + path.sep)).toBe(true);
    expect(seen.ours.some((f) => f.includes(`${path.sep}libs${path.sep}`))).toBe(true);
    // The API the bench's steps start (and, by the same rule, the ceiling and the projector): the build's own copy;
    // the segmenting worker the rebuild and the API start, beside its module there; the screens the API serves, copied.
    expect(seen.api).toBe(path.join(builds, pid, 'apps', 'api', 'src', 'main.js'));
    expect(seen.apiExists).toBe(true);
    expect(seen.segmentWorker).toBe(true);
    expect(seen.web).toBe(true);
    expect(existsSync(path.join(builds, pid))).toBe(false);
  });

  it('without it (a plain CLI entry), runs from dist/ as before', async () => {
    const out = path.join(dir, 'dist.json');
    await runBench(out);
    const seen = JSON.parse(readFileSync(out, 'utf8')) as Seen;
    expect(seen.ours.length).toBeGreaterThan(20);
    for (const f of seen.ours) expect(f.startsWith(path.join(root, 'dist') + path.sep)).toBe(true);
    expect(seen.api).toBe(path.join(root, 'dist', 'apps', 'api', 'src', 'main.js'));
  });

  it("removes the build of a run that was killed, and keeps a running one's", async () => {
    mkdirSync(builds, { recursive: true });
    // A process that has ended: its number is free (a pid is not reused within this test's few seconds).
    const ended = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => ended.once('exit', resolve));
    const stale = path.join(builds, String(ended.pid));
    const running = path.join(builds, String(process.pid));
    for (const d of [stale, running]) {
      mkdirSync(d, { recursive: true });
      writeFileSync(path.join(d, 'left.js'), '');
    }
    try {
      await runBench(path.join(dir, 'again.json'), '--own-build');
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(path.join(running, 'left.js'))).toBe(true);
    } finally {
      rmSync(running, { recursive: true, force: true });
    }
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('removes its build when %s ends a run whose entry does not handle it', async (signal) => {
    const keepAlive = path.join(dir, 'keep-alive.js');
    writeFileSync(keepAlive, KEEP_ALIVE);
    const ready = path.join(dir, `ready-${signal}`);
    const child = spawn(process.execPath, [path.join(root, 'scripts', 'run.js'), '--own-build', 'bench/src/render'], {
      cwd: root,
      env: { ...process.env, NODE_OPTIONS: `--require ${keepAlive}`, WZ_READY: ready },
      stdio: 'ignore',
    });
    const ended = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, s) => resolve(s)));
    const build = path.join(builds, String(child.pid));
    for (let i = 0; i < 600 && !existsSync(ready); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(path.join(build, 'apps', 'bench', 'src', 'render.js'))).toBe(true);
    child.kill(signal);
    // Ended by the signal itself (re-raised once the folder is gone), as it would have been without run.js.
    expect(await ended).toBe(signal);
    expect(existsSync(build)).toBe(false);
  });
});
