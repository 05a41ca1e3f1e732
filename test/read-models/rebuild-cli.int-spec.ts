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

/**
 * Runs `npm run rebuild -- <args>` while `hold` (a transaction's statements) holds it up, sends
 * SIGINT once it waits on a lock in a statement that looks like `waitsIn`, then lets the holder go.
 */
async function interruptWhileHeld(args: string[], hold: string[], waitsIn: string) {
  const holder: PoolClient = await t.runtime.pool.connect();
  try {
    await holder.query('begin');
    for (const statement of hold) await holder.query(statement);
    const run = rebuild(args);
    let waiting = false;
    for (let waited = 0; !waiting && waited < 60_000; waited += 200) {
      await new Promise((r) => setTimeout(r, 200));
      const { rows } = await t.runtime.pool.query<{ n: string }>(
        `select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and query like $1 and pid <> pg_backend_pid()`,
        [`%${waitsIn}%`],
      );
      waiting = Number(rows[0].n) > 0;
    }
    expect(waiting).toBe(true);
    run.child.kill('SIGINT');
    // Closing the runtime waits for the statement in flight: let it through.
    await new Promise((r) => setTimeout(r, 500));
    return run;
  } finally {
    await holder.query('rollback');
    holder.release();
  }
}

it('interrupted, says the live tables are untouched and how to resume (exit 130, no failure); run again, resumes and swaps in', async () => {
  // A stale rebuild checkpoint (another version): the run deletes it first, and waits while it is locked here.
  await t.runtime.pool.query(`insert into wz_rm.projection_checkpoints (name, version) values ('open_deadlines__rebuild', 0)`);
  const run = await interruptWhileHeld(
    ['open_deadlines'],
    [`select 1 from wz_rm.projection_checkpoints where name = 'open_deadlines__rebuild' for update`],
    'projection_checkpoints',
  );
  expect(await run.exited).toBe(130);
  const { stderr } = run.output();
  expect(stderr).toContain('[rebuild] interrupted: the live tables are as they were; run the same command again to resume');
  expect(stderr).not.toContain('failed');
  const again = rebuild(['open_deadlines']);
  expect(await again.exited).toBe(0);
  expect(again.output().stdout).toMatch(/open_deadlines: \d+ events read once .*, resumed; swapped in: open_deadlines/);
});

it('interrupted while it warms (after the swap), says the rebuild is done, not to resume', async () => {
  // The warming waits for pg_prewarm, which another session is creating and has not committed:
  // the swap is done by then, so the interruption falls between the swap and the end of the warming.
  await t.runtime.pool.query('drop extension if exists pg_prewarm');
  const run = await interruptWhileHeld(
    ['department_performance'],
    ['create extension pg_prewarm'],
    'create extension if not exists pg_prewarm',
  );
  expect(await run.exited).toBe(130);
  const { stderr } = run.output();
  expect(stderr).toContain('[rebuild] interrupted: the fresh tables were already swapped in: the rebuild is done');
  expect(stderr).not.toContain('resume');
  // swapped in: no fresh table or rebuild checkpoint is left behind
  const { rows: left } = await t.runtime.pool.query(
    `select relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'wz_rm' and relname like 'department%__rebuild'`,
  );
  expect(left).toEqual([]);
  const { rows: checkpoints } = await t.runtime.pool.query(
    `select name from wz_rm.projection_checkpoints where name = 'department_performance__rebuild'`,
  );
  expect(checkpoints).toEqual([]);
});
