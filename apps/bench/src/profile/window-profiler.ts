import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';

// `npm run bench -- --steps commands --profile`: the API is started with
// `--require <the bench's build>/apps/bench/src/profile/window-profiler.js` and WZ_PROFILE_WINDOW_DIR set. Nothing
// is profiled until the bench sends SIGWINCH as its measured load begins; the second SIGWINCH, as the
// load ends, stops and writes both profiles. SIGWINCH, because a process ignores it by default and
// NestJS's shutdown hooks do not listen for it (they take SIGUSR2 among others, and close the API). So the profiles hold the measured seconds only — not
// the process's start (loading modules was a seventh of a whole-process profile's busy samples) nor
// the warm-up — and the allocation profile can be read per command answered.
//
// Two profiles from V8's own inspector (node:inspector, in the process):
// - CPU: Profiler.start/stop, sampled every PROFILE_SAMPLING_US;
// - allocations: HeapProfiler's sampling profile with the objects later collected kept in it
//   (includeObjectsCollectedByMajorGC/MinorGC), so it estimates what was allocated, not what survived.
// Files: window.cpuprofile and window.heapprofile, then window.done (the bench waits for it).

export const PROFILE_WINDOW_DIR = 'WZ_PROFILE_WINDOW_DIR';
export const PROFILE_SAMPLING_US = 1000;
/** One sample per this many bytes allocated, on average (V8's default is 32 kB). */
export const ALLOCATION_SAMPLING_BYTES = 16_384;
export const WINDOW_FILES = {
  started: 'window.started',
  cpu: 'window.cpuprofile',
  heap: 'window.heapprofile',
  done: 'window.done',
  error: 'window.error',
} as const;

type Post = (method: string, params?: object) => Promise<unknown>;

/** Starts on the first call, stops and writes on the second; later calls do nothing. */
export function windowProfiler(dir: string, post: Post): () => Promise<void> {
  let state: 'idle' | 'running' | 'done' = 'idle';
  return async () => {
    if (state === 'idle') {
      state = 'running';
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: PROFILE_SAMPLING_US });
      await post('HeapProfiler.startSampling', {
        samplingInterval: ALLOCATION_SAMPLING_BYTES,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
      await post('Profiler.start');
      writeFileSync(path.join(dir, WINDOW_FILES.started), String(Date.now()));
    } else if (state === 'running') {
      state = 'done';
      const { profile: cpu } = (await post('Profiler.stop')) as { profile: unknown };
      const { profile: heap } = (await post('HeapProfiler.stopSampling')) as { profile: unknown };
      writeFileSync(path.join(dir, WINDOW_FILES.cpu), JSON.stringify(cpu));
      writeFileSync(path.join(dir, WINDOW_FILES.heap), JSON.stringify(heap));
      writeFileSync(path.join(dir, WINDOW_FILES.done), String(Date.now()));
    }
  };
}

/** Installed when this file is preloaded with the folder set; a process without it is untouched. */
function install(): void {
  const dir = process.env[PROFILE_WINDOW_DIR];
  if (!dir) return;
  const session = new Session();
  session.connect();
  const post: Post = (method, params) =>
    new Promise((resolve, reject) => session.post(method, params ?? {}, (e, r) => (e ? reject(e) : resolve(r))));
  const toggle = windowProfiler(dir, post);
  process.on('SIGWINCH', () => {
    toggle().catch((e: unknown) => writeFileSync(path.join(dir, WINDOW_FILES.error), e instanceof Error ? e.message : String(e)));
  });
}

install();
