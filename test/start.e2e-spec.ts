import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** `npm start` for real: compile, embedded PostgreSQL in its own folder, /health, Ctrl-C, start again. */
const root = path.resolve(__dirname, '..');

function start(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let out = '';
  const child = spawn(process.execPath, ['scripts/start.js'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', EVENTSTORE_CONNECTION_STRING: '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  return { child, output: () => out };
}

async function waitFor(url: string, ms: number): Promise<Response> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await fetch(url);
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

const exited = (c: ChildProcess) => new Promise<number | null>((r) => (c.exitCode !== null ? r(c.exitCode) : c.once('exit', (code) => r(code))));

describe('npm start', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'wz-start-'));
    await chmod(dir, 0o755);
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('refuses a bad setting with a message naming the variable, not a stack trace', async () => {
    const s = start({ PORT: 'abc' });
    expect(await exited(s.child)).toBe(1);
    expect(s.output()).toContain('PORT');
    expect(s.output()).not.toMatch(/\n\s+at /);
  });

  it('starts an embedded PostgreSQL, answers /health, stops cleanly on SIGINT and finds its data again', async () => {
    const port = String(20000 + Math.floor(Math.random() * 10000));
    const pgPort = String(40000 + Math.floor(Math.random() * 10000));
    const env = { PORT: port, EMBEDDED_PG_PORT: pgPort, EMBEDDED_PG_DATA_DIR: path.join(dir, 'pg') };
    const first = start(env);
    const res = await waitFor(`http://127.0.0.1:${port}/health`, 30_000);
    expect(res.status).toBe(200);
    expect(first.output()).toContain(`http://localhost:${port}`);
    const body = (await res.json()) as { checks: { database: { source: string } } };
    expect(body.checks.database.source).toBe('embedded');
    first.child.kill('SIGINT');
    expect(await exited(first.child)).toBe(0);
    expect(existsSync(path.join(dir, 'pg', 'postmaster.pid'))).toBe(false); // PostgreSQL shut down
    expect(existsSync(path.join(dir, 'pg', 'PG_VERSION'))).toBe(true); // data kept

    const second = start(env);
    const again = await waitFor(`http://127.0.0.1:${port}/health`, 30_000);
    expect(again.status).toBe(200);
    second.child.kill('SIGINT');
    expect(await exited(second.child)).toBe(0);
  }, 90_000);

  it('after kill -9 of Node, stops the PostgreSQL it left running and starts; refuses a data folder a live instance uses', async () => {
    const port = String(20000 + Math.floor(Math.random() * 10000));
    const pgPort = String(40000 + Math.floor(Math.random() * 10000));
    const env = { PORT: port, EMBEDDED_PG_PORT: pgPort, EMBEDDED_PG_DATA_DIR: path.join(dir, 'pg-killed') };
    const first = start(env);
    expect((await waitFor(`http://127.0.0.1:${port}/health`, 30_000)).status).toBe(200);
    first.child.kill('SIGKILL');
    await exited(first.child);
    const orphan = Number((await readFile(path.join(dir, 'pg-killed', 'postmaster.pid'), 'utf8')).split('\n')[0]);
    expect(() => process.kill(orphan, 0)).not.toThrow(); // the server outlived its Node process

    const second = start(env);
    expect((await waitFor(`http://127.0.0.1:${port}/health`, 30_000)).status).toBe(200);
    expect(second.output()).toContain(`stopping the embedded PostgreSQL (pid ${orphan})`);

    const intruder = start({ ...env, PORT: String(Number(port) + 1) });
    expect(await exited(intruder.child)).toBe(1);
    expect(intruder.output()).toContain('is in use by another running process');
    expect(intruder.output()).not.toMatch(/\n\s+at /);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200); // the live one untouched

    second.child.kill('SIGINT');
    expect(await exited(second.child)).toBe(0);
  }, 120_000);
});
