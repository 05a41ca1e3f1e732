import { spawn } from 'node:child_process';
import path from 'node:path';
import type { PoolClient } from 'pg';
import { createTestApp, TestApp } from '../setup/app';

// `npm run rebuild` interrupted (SIGINT, Ctrl-C) says so and how to go on, not the pool error the
// closing runtime leaves its work with; the same command then resumes and finishes.

const root = path.resolve(__dirname, '../..');
jest.setTimeout(120_000);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require(path.join(root, 'scripts', 'compile.js')) as { compile: () => void }).compile();
});
afterAll(async () => t?.close());

function rebuild(args: string[]) {
  const child = spawn(process.execPath, [path.join('dist', 'apps', 'projector', 'src', 'rebuild.js'), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: t.runtime.databaseUrl, EVENTSTORE_CONNECTION_STRING: '', LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
  return { child, exited, output: () => ({ stdout, stderr }) };
}

it('interrupted, says the live tables are untouched and how to resume (exit 130, no failure); run again, resumes and swaps in', async () => {
  // A stale rebuild checkpoint (another version): the run deletes it first, and waits while it is locked here.
  await t.runtime.pool.query(`insert into wz_rm.projection_checkpoints (name, version) values ('open_deadlines__rebuild', 0)`);
  const holder: PoolClient = await t.runtime.pool.connect();
  let run: ReturnType<typeof rebuild>;
  try {
    await holder.query('begin');
    await holder.query(`select 1 from wz_rm.projection_checkpoints where name = 'open_deadlines__rebuild' for update`);
    run = rebuild(['open_deadlines']);
    let waiting = false;
    for (let waited = 0; !waiting && waited < 60_000; waited += 200) {
      await new Promise((r) => setTimeout(r, 200));
      const { rows } = await t.runtime.pool.query<{ n: string }>(
        `select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and query like '%projection_checkpoints%' and pid <> pg_backend_pid()`,
      );
      waiting = Number(rows[0].n) > 0;
    }
    expect(waiting).toBe(true);
    run.child.kill('SIGINT');
    // Closing the runtime waits for the statement in flight: let it through.
    await new Promise((r) => setTimeout(r, 500));
  } finally {
    await holder.query('rollback');
    holder.release();
  }
  expect(await run.exited).toBe(130);
  const { stderr } = run.output();
  expect(stderr).toContain('[rebuild] interrupted: the live tables are as they were; run the same command again to resume');
  expect(stderr).not.toContain('failed');
  const again = rebuild(['open_deadlines']);
  expect(await again.exited).toBe(0);
  expect(again.output().stdout).toMatch(/open_deadlines: \d+ events read once .*, resumed; swapped in: open_deadlines/);
});
