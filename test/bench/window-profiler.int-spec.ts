import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { WINDOW_PROFILER, profileWindow, readAllocationProfile, readCpuProfile } from '../../apps/bench/src/profile/profile';
import { PROFILE_WINDOW_DIR } from '../../apps/bench/src/profile/window-profiler';

// `npm run bench -- --profile`: the API's profiles cover the measured load only. A real Node process
// with the compiled preload allocates in one function before the window, in another during it and
// in a third after it; the profiles must hold the second only.

jest.setTimeout(120_000);

// Each function allocates short-lived objects every millisecond; the phase moves on each SIGWINCH,
// after the preload's own handler (registered first) has started or stopped the profilers.
const CHILD = `
let phase = 0;
function allocateBeforeTheWindow() { const a = []; for (let i = 0; i < 2000; i++) a.push({ i, s: 'b' + i }); return a.length; }
function allocateInTheWindow() { const a = []; for (let i = 0; i < 2000; i++) a.push({ i, s: 'w' + i }); return a.length; }
function allocateAfterTheWindow() { const a = []; for (let i = 0; i < 2000; i++) a.push({ i, s: 'a' + i }); return a.length; }
process.on('SIGWINCH', () => { phase++; });
setInterval(() => [allocateBeforeTheWindow, allocateInTheWindow, allocateAfterTheWindow][Math.min(phase, 2)](), 1);
process.stdout.write('ready\\n');
`;

describe('the window profiler (npm run bench -- --profile)', () => {
  let dir: string;
  let child: ChildProcess;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'wz-window-profile-'));
  });
  afterEach(async () => {
    child?.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  const start = async (env: Record<string, string>) => {
    child = spawn(process.execPath, ['--require', WINDOW_PROFILER(), '-e', CHILD], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('profiles from the first signal to the second, CPU and allocations, and nothing outside', async () => {
    await start({ [PROFILE_WINDOW_DIR]: dir });
    await sleep(500);
    await profileWindow(child.pid as number, dir, 'started');
    await sleep(1500);
    await profileWindow(child.pid as number, dir, 'done');
    await sleep(500);
    expect((await readdir(dir)).sort()).toEqual(['window.cpuprofile', 'window.done', 'window.heapprofile', 'window.started']);

    const allocations = await readAllocationProfile(dir);
    const kb = (name: string) => allocations?.functions.find((f) => f.name.startsWith(`${name} `))?.kb ?? 0;
    expect(kb('allocateInTheWindow')).toBeGreaterThan(1000); // about 2,000 objects a millisecond for 1.5 s
    expect(kb('allocateBeforeTheWindow')).toBe(0);
    expect(kb('allocateAfterTheWindow')).toBe(0);

    const cpu = await readCpuProfile(dir);
    expect(cpu?.sampledMs).toBeGreaterThan(1000);
    expect(cpu?.sampledMs).toBeLessThan(5000); // the window, not the process's life
  });

  it('a third signal changes nothing; without the folder the preload stays out of the way', async () => {
    await start({ [PROFILE_WINDOW_DIR]: dir });
    await profileWindow(child.pid as number, dir, 'started');
    await profileWindow(child.pid as number, dir, 'done');
    const before = await readdir(dir);
    child.kill('SIGWINCH');
    await sleep(300);
    expect(child.exitCode).toBeNull();
    expect(await readdir(dir)).toEqual(before);
    child.kill('SIGKILL');

    // No folder: nothing is installed, and the signal is only the script's.
    const empty = await mkdtemp(path.join(os.tmpdir(), 'wz-window-profile-'));
    await start({ [PROFILE_WINDOW_DIR]: '' });
    await expect(profileWindow(child.pid as number, empty, 'started', 500)).rejects.toThrow(/did not write window.started/);
    expect(await readdir(empty)).toEqual([]);
    await rm(empty, { recursive: true });
  });
});
