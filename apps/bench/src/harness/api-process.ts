import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './postgres';
import { peakRssOfProcess } from './memory';

export interface ApiProcess {
  readonly baseUrl: string;
  readonly pid: number;
  /** Peak resident set of the API process so far, MB. */
  peakRssMb(): number | undefined;
  stop(): Promise<number | undefined>;
}

/**
 * A compiled entry of apps/, given relative to this folder. `npm run bench` runs from its own build
 * (scripts/run.js --own-build compiles into .bench-build/<pid>/ first), so the file is beside it; a test
 * runs this module from source (ts-jest), so the entry is compiled to dist/ here, once, with the same
 * compiler `npm start` uses.
 */
export function compiledEntry(fromHere: string): string {
  const beside = path.resolve(__dirname, fromHere);
  if (existsSync(beside)) return beside;
  const root = path.resolve(__dirname, '../../../..');
  const inDist = path.join(root, 'dist', path.relative(root, beside));
  if (!existsSync(inDist) || !compiledOnce) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require(path.join(root, 'scripts', 'compile.js')) as { compile(): void }).compile();
    compiledOnce = true;
  }
  return inDist;
}
let compiledOnce = false;

/** The compiled API entry. */
const API_MAIN = () => compiledEntry('../../../api/src/main.js');

/**
 * Runs the real API (`apps/api/src/main.js` compiled, what `npm start` runs) as its own process on
 * a loopback port, against the bench's database; resolves once /health/live answers.
 */
export async function startApiProcess(
  env: Record<string, string>,
  o: {
    timeoutMs?: number;
    nodeArgs?: string[];
    /** Another compiled HTTP entry answering /health/live (the ceiling app, apps/projector). */ entry?: string;
    /** The variable the entry takes its port from (apps/projector: PROJECTOR_PORT). */ portVariable?: string;
  } = {},
): Promise<ApiProcess> {
  const timeoutMs = o.timeoutMs ?? 60_000;
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...(o.nodeArgs ?? []), o.entry ?? API_MAIN()], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, [o.portVariable ?? 'PORT']: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${o.entry ? path.basename(o.entry) : 'the API'} exited (${child.exitCode}) before answering: ${stderr}`);
    const ok = await fetch(`${baseUrl}/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`the API did not answer /health/live within ${timeoutMs} ms: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const pid = child.pid as number;
  return {
    baseUrl,
    pid,
    peakRssMb: () => peakRssOfProcess(pid),
    stop: async () => {
      const peak = peakRssOfProcess(pid);
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      return peak;
    },
  };
}
