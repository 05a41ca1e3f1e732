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

/**
 * Preloaded into the run: at its exit, which compiled bench modules it loaded, where the compiled
 * harness (loaded beside them) finds the API's entry, and whether that file was there then.
 */
const PROBE = `
const path = require('node:path');
const { writeFileSync, existsSync } = require('node:fs');
process.on('exit', () => {
  const loaded = Object.keys(require.cache).filter((f) => f.includes(path.join('apps', 'bench', 'src') + path.sep));
  const bench = loaded.find((f) => f.endsWith(path.join('apps', 'bench', 'src', 'bench.js')));
  const harness = bench && require(path.join(path.dirname(bench), 'harness', 'api-process.js'));
  const api = harness && harness.compiledEntry('../../../api/src/main.js');
  writeFileSync(process.env.WZ_PROBE_OUT, JSON.stringify({ loaded, api, apiExists: Boolean(api && existsSync(api)) }));
});
`;

describe('the benches run from a build of their own', () => {
  let dir: string;
  let probe: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'wz-own-build-'));
    probe = path.join(dir, 'probe.js');
    writeFileSync(probe, PROBE);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const runBench = (out: string, ...args: string[]) =>
    run(process.execPath, [path.join(root, 'scripts', 'run.js'), ...args, 'bench/src/bench', '--help'], {
      cwd: root,
      env: { ...process.env, NODE_OPTIONS: `--require ${probe}`, WZ_PROBE_OUT: out },
    });

  it('loads the bench, and finds the API it starts, in .bench-build/<pid>/, never dist/, and removes the folder at exit', async () => {
    const out = path.join(dir, 'own.json');
    await runBench(out, '--own-build');
    const seen = JSON.parse(readFileSync(out, 'utf8')) as { loaded: string[]; api: string; apiExists: boolean };
    expect(seen.loaded.length).toBeGreaterThan(3);
    const folders = new Set(seen.loaded.map((f) => path.relative(builds, f).split(path.sep)[0]));
    expect(folders.size).toBe(1);
    const [pid] = [...folders];
    expect(pid).toMatch(/^\d+$/);
    for (const f of seen.loaded) expect(f.startsWith(path.join(builds, pid, 'apps') + path.sep)).toBe(true);
    // The API the bench's steps start (and, by the same rule, the ceiling and the projector): the build's own copy.
    expect(seen.api).toBe(path.join(builds, pid, 'apps', 'api', 'src', 'main.js'));
    expect(seen.apiExists).toBe(true);
    expect(existsSync(path.join(builds, pid))).toBe(false);
  });

  it('without it (a plain CLI entry), runs from dist/ as before', async () => {
    const out = path.join(dir, 'dist.json');
    await runBench(out);
    const seen = JSON.parse(readFileSync(out, 'utf8')) as { loaded: string[]; api: string };
    expect(seen.loaded.length).toBeGreaterThan(3);
    for (const f of seen.loaded) expect(f.startsWith(path.join(root, 'dist', 'apps') + path.sep)).toBe(true);
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
});
