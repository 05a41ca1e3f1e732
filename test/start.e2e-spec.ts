import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './setup/free-port';

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

/** `npm run <script>` as a command-line tool beside `npm start`: node scripts/run.js <entry>. */
function run(entry: string, env: Record<string, string>): { child: ChildProcess; stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  const child = spawn(process.execPath, ['scripts/run.js', entry], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', EVENTSTORE_CONNECTION_STRING: '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (err += d));
  return { child, stdout: () => out, stderr: () => err };
}

const exited = (c: ChildProcess) =>
  new Promise<number | null>((r) => (c.exitCode !== null ? r(c.exitCode) : c.once('exit', (code) => r(code))));

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

  it("refuses a public site for the citizen's SMS that is not https, naming the variable (and, were it to start, on ports of its own)", async () => {
    const s = start({
      PUBLIC_SITE_URL: 'http://wz.example.gov.cn',
      PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(await freePort()),
      EMBEDDED_PG_DATA_DIR: path.join(dir, 'pg-site'),
    });
    try {
      const still = new Promise<'running'>((r) => setTimeout(() => r('running'), 60_000).unref());
      expect(await Promise.race([exited(s.child), still])).toBe(1);
      expect(s.output()).toContain('PUBLIC_SITE_URL: must be an https:// address (http:// only for localhost)');
      expect(s.output()).not.toMatch(/\n\s+at /);
    } finally {
      if (s.child.exitCode === null) s.child.kill('SIGINT'); // it started: stop it and its PostgreSQL
    }
  }, 90_000);

  /** A port some other program holds, as on a machine where the defaults are taken. */
  const occupy = (host: string) =>
    new Promise<{ server: Server; port: string }>((resolve, reject) => {
      const server = createServer()
        .once('error', reject)
        .listen(0, host, () => resolve({ server, port: String((server.address() as { port: number }).port) }));
    });

  it('a taken PORT or EMBEDDED_PG_PORT: exits 1 naming the variable that moves it, not listen EADDRINUSE', async () => {
    const pgPort = String(await freePort());
    const http = await occupy('0.0.0.0');
    try {
      const dataDir = path.join(dir, 'pg-port-taken');
      const s = start({ PORT: http.port, EMBEDDED_PG_PORT: pgPort, EMBEDDED_PG_DATA_DIR: dataDir });
      expect(await exited(s.child)).toBe(1);
      expect(s.output()).toContain(`port ${http.port} is in use: set PORT=… to a free port (see README)`);
      expect(s.output()).not.toContain('EADDRINUSE');
      expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false); // its PostgreSQL stopped with it
    } finally {
      http.server.close();
    }
    const pg = await occupy('127.0.0.1');
    try {
      const s = start({
        PORT: String(await freePort()),
        EMBEDDED_PG_PORT: pg.port,
        EMBEDDED_PG_DATA_DIR: path.join(dir, 'pg-taken'),
      });
      expect(await exited(s.child)).toBe(1);
      expect(s.output()).toContain(
        `port ${pg.port} of the embedded PostgreSQL is in use: set EMBEDDED_PG_PORT=… to a free port (see README)`,
      );
      expect(s.output()).not.toMatch(/\n\s+at /);
    } finally {
      pg.server.close();
    }
  }, 90_000);

  it('starts an embedded PostgreSQL, answers /health, stops cleanly on SIGINT and finds its data again', async () => {
    const port = String(await freePort());
    const pgPort = String(await freePort());
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
    const port = String(await freePort());
    const pgPort = String(await freePort());
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

    // Its own free port (port + 1 may be taken, e.g. by another suite's server), so what stops it is the data folder.
    const intruder = start({ ...env, PORT: String(await freePort()) });
    expect(await exited(intruder.child)).toBe(1);
    expect(intruder.output()).toContain('is in use by another running process');
    expect(intruder.output()).not.toMatch(/\n\s+at /);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200); // the live one untouched

    second.child.kill('SIGINT');
    expect(await exited(second.child)).toBe(0);
  }, 120_000);

  it('a command-line tool beside npm start connects to its embedded PostgreSQL, sees its data and leaves it running', async () => {
    const port = String(await freePort());
    const pgPort = String(await freePort());
    const env = { PORT: port, EMBEDDED_PG_PORT: pgPort, EMBEDDED_PG_DATA_DIR: path.join(dir, 'pg-shared') };
    const api = start(env);
    try {
      expect((await waitFor(`http://127.0.0.1:${port}/health`, 30_000)).status).toBe(200);
      const submitted = await fetch(`http://127.0.0.1:${port}/api/petitions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          channel: 'web',
          kind: 'complaint',
          addressee: { type: 'mayor' },
          title: '小区停水三天无人处理',
          content: '鹿城区人民路123号小区从10月12日起停水三天，物业和水务公司都说不归他们管，请尽快处理。',
          location: '鹿城区人民路123号',
          citizen: { name: '张伟', phone: '13812345678' },
          publicConsent: false,
        }),
      });
      expect(submitted.status).toBe(201);
      const postmaster = (await readFile(path.join(dir, 'pg-shared', 'postmaster.pid'), 'utf8')).split('\n')[0];

      // another EMBEDDED_PG_PORT on purpose: the tool reads the running server's port from postmaster.pid
      const verify = run('api/src/audit/verify-cli', { ...env, EMBEDDED_PG_PORT: String(Number(pgPort) + 1) });
      expect(await exited(verify.child)).toBe(0);
      expect(verify.stdout()).toMatch(/integrity chain \(postgresql\): [1-9]\d* streams, [1-9]\d* events/);
      expect(verify.stdout()).toContain('OK: every link verifies');
      expect(verify.stderr()).toContain(`connected to the one process ${api.child.pid}`);

      // the server is the API's still: same postmaster, and the API answers with its database
      expect((await readFile(path.join(dir, 'pg-shared', 'postmaster.pid'), 'utf8')).split('\n')[0]).toBe(postmaster);
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(200);
      expect(((await health.json()) as { checks: { database: { status: string } } }).checks.database.status).toBe('up');
    } finally {
      api.child.kill('SIGINT');
      expect(await exited(api.child)).toBe(0);
    }
    expect(existsSync(path.join(dir, 'pg-shared', 'postmaster.pid'))).toBe(false); // its starter stopped it
  }, 120_000);
});
