import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../setup/free-port';

export const root = path.resolve(__dirname, '../..');

export interface Server {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * `npm start` as a newcomer runs it (scripts/start.js: compile, build the screens if stale, serve),
 * on a port of its own and the database given. Nothing of the developer's environment decides the
 * sign-in: every auth variable is cleared, then `env` sets what the test needs.
 */
export async function startServer(databaseUrl: string, env: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  let out = '';
  const child: ChildProcess = spawn(process.execPath, ['scripts/start.js'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      EVENTSTORE_CONNECTION_STRING: '',
      AUTH_JWT_SECRET: '',
      AUTH_JWKS_URL: '',
      AUTH_OIDC_ISSUER: '',
      AUTH_OIDC_CLIENT_ID: '',
      ACCESS_KEY_SECRET: '',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000',
      NOTIFY_SENDER_INTERVAL_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${out}`);
    try {
      if ((await fetch(`${url}/health/live`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) {
      // a server that never answered would outlive the test run (and hold Jest open)
      await stop(child);
      throw new Error(`npm start did not answer in 90 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    output: () => out,
    stop: () => stop(child),
  };
}

/**
 * SIGINT (scripts/start.js stops cleanly on it), SIGKILL after 10 s. The 10-s timer is cleared once
 * the child has exited: left running, it kept Jest alive after the last test ("did not exit").
 */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  let timer: NodeJS.Timeout | undefined;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 10_000)))]);
  clearTimeout(timer);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** A token from the console's development role picker (POST /api/dev/token) of a server started here. */
export async function devToken(serverUrl: string, role: string, departmentId?: string): Promise<string> {
  const r = await fetch(`${serverUrl}/api/dev/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ role, departmentId }),
  });
  if (!r.ok) throw new Error(`dev token ${role}: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}
