import { Client, Pool, PoolClient } from 'pg';
import { AssessmentReportQuery } from '@wenzheng/read-models';
import { NO_TIMERS } from '../../apps/bench/src/harness/runtime';
import { REPORT_PROFILE, fillReportFacts } from '../../apps/bench/src/steps/report-scale';
import { TestApp, createTestApp } from '../setup/app';
import { REPORT_YEAR_2025, reportFigures, reportQueryOn } from '../setup/report-figures';

// Attack on the report's figures counted on several connections sharing one snapshot. A table swap
// (a rebuild renames the live tables in one transaction, taking each one's ACCESS EXCLUSIVE lock in
// turn) waiting behind an earlier reader must not leave a report waiting for ever: if one of the
// report's connections holds a table the swap wants next while another of them waits behind the
// swap for the table it already has, neither moves, and PostgreSQL cannot see the cycle (the first
// connection is idle in its transaction, waiting on the report in Node, not on a lock).

jest.setTimeout(120_000);

const YEAR = REPORT_YEAR_2025;
const REPORT_APP = 'wz-attack-s9-report';
const DEADLINES = 'wz_rm.department_deadline_facts';
const EVENTS = 'wz_rm.department_event_facts';

interface Backend {
  pid: number;
  state: string | null;
  wait_event_type: string | null;
  blockers: number[];
}

describe('the report on several connections and a table swap waiting for a reader (attack, s9)', () => {
  let t: TestApp;
  let expected: string;
  beforeAll(async () => {
    t = await createTestApp({ PROJECTOR_ENABLED: 'false', ...NO_TIMERS });
    await fillReportFacts(t.runtime.pool, { cases: 2_000, year: 2025, profile: REPORT_PROFILE });
    expected = await figures(t.app.get(AssessmentReportQuery, { strict: false }));
  });
  afterAll(async () => t?.close());

  const reportsOn = (pool: Pool) => reportQueryOn(t, pool);
  const figures = (reports: AssessmentReportQuery) => reportFigures(reports);

  const backends = async (application: string): Promise<Backend[]> =>
    (
      await t.runtime.pool.query<Backend>(
        `select pid, state, wait_event_type, pg_blocking_pids(pid) as blockers from pg_stat_activity where application_name = $1`,
        [application],
      )
    ).rows;

  /** Polls `check` (every 10 ms, at most 3,000 times) until it returns a value. */
  async function until<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
    for (let i = 0; i < 3000; i++) {
      const v = await check();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`never: ${what}`);
  }

  it.each([2, 3])('a report on %i connections opened while a swap waits for a reader ends, with the same figures', async (max) => {
    const url = t.runtime.databaseUrl;
    const pool = new Pool({ connectionString: url, max, application_name: REPORT_APP });
    const reader = new Client({ connectionString: url, application_name: 'wz-attack-s9-reader' });
    const swapper = new Client({ connectionString: url, application_name: 'wz-attack-s9-swap' });
    await reader.connect();
    await swapper.connect();
    const swapPid = (await swapper.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
    try {
      // A reader (an earlier report reading its deductions, say) holds the deadline facts.
      await reader.query(`begin; lock table ${DEADLINES} in access share mode`);
      // The swap renames the deadline facts, then the event facts: it waits for the reader.
      await swapper.query('begin');
      let swapped = false;
      const swap = swapper
        .query(`lock table ${DEADLINES} in access exclusive mode; lock table ${EVENTS} in access exclusive mode`)
        .then(() => (swapped = true));
      await until('the swap waiting', async () =>
        (await backends('wz-attack-s9-swap')).some((b) => b.wait_event_type === 'Lock') ? true : undefined,
      );

      const report = figures(reportsOn(pool)).then(
        (f) => ({ f }),
        (e: Error) => ({ e }),
      );
      // The report gets as far as it can: some of its connections wait behind the swap, none is busy.
      await until('the report waiting behind the swap', async () => {
        const mine = await backends(REPORT_APP);
        const waiting = mine.some((b) => b.wait_event_type === 'Lock' && b.blockers.includes(swapPid));
        const busy = mine.some((b) => b.state === 'active' && b.wait_event_type !== 'Lock');
        return waiting && !busy ? true : undefined;
      });
      await reader.query('commit');

      // Either the report ends, or the report and the swap wait for each other: the swap for a
      // connection of the report idle in its transaction, another of the report's for the swap.
      let cycle = false;
      let done = false;
      void report.then(() => (done = true));
      await until('the report to end, or a cycle', async () => {
        // The swap done first: the report waits for it to commit, below.
        if (done || swapped) return true;
        const mine = await backends(REPORT_APP);
        const swapBlockers = (await backends('wz-attack-s9-swap')).flatMap((b) => b.blockers);
        const holdsIdle =
          swapBlockers.length > 0 && swapBlockers.every((p) => mine.some((b) => b.pid === p && b.state === 'idle in transaction'));
        const waitsForSwap = mine.some((b) => b.blockers.includes(swapPid));
        if (holdsIdle && waitsForSwap) {
          cycle = true;
          return true;
        }
        return undefined;
      });
      // Broken by hand, so the spec ends either way.
      if (cycle) await t.runtime.pool.query('select pg_cancel_backend($1)', [swapPid]);
      await swap.catch(() => undefined);
      await swapper.query(swapped ? 'commit' : 'rollback');

      const result = await report;
      expect(cycle).toBe(false);
      expect(result).toEqual({ f: expected });
      expect(pool.totalCount - pool.idleCount).toBe(0);
      expect((await backends(REPORT_APP)).filter((b) => b.state !== 'idle')).toEqual([]);
    } finally {
      await reader.end();
      await swapper.end();
      await pool.end();
    }
  });
  /** `pool` with its connect replaced by `patched(n, real)` for the n-th call (from 1). */
  function patchConnect(pool: Pool, patched: (n: number, real: () => Promise<PoolClient>) => Promise<PoolClient>) {
    const real = pool.connect.bind(pool) as () => Promise<PoolClient>;
    let calls = 0;
    return jest.spyOn(pool, 'connect').mockImplementation((() => patched(++calls, real)) as never);
  }

  /** No connection of the pool held or in a transaction; the next report there gives the figures. */
  async function clean(pool: Pool): Promise<void> {
    expect(pool.totalCount - pool.idleCount).toBe(0);
    expect((await backends(REPORT_APP)).filter((b) => b.state !== 'idle')).toEqual([]);
    expect(await figures(reportsOn(pool))).toBe(expected);
    expect(pool.totalCount - pool.idleCount).toBe(0);
  }

  it('a swap asking for a table once the report holds it: the helpers, which would wait behind it, are not used', async () => {
    const url = t.runtime.databaseUrl;
    const pool = new Pool({ connectionString: url, max: 3, application_name: REPORT_APP });
    const swapper = new Client({ connectionString: url, application_name: 'wz-attack-s9-swap' });
    await swapper.connect();
    let swapped = false;
    let swap: Promise<unknown> = Promise.resolve();
    try {
      // The first helper is handed over once the report's connection holds its tables and the
      // swap waits for it; a helper's nowait lock then fails.
      const spy = patchConnect(pool, async (n, real) => {
        const client = await real();
        if (n === 2) {
          await until('the report holding its tables', async () =>
            (await backends(REPORT_APP)).some((b) => b.state === 'idle in transaction') ? true : undefined,
          );
          await swapper.query('begin');
          swap = swapper.query(`lock table ${EVENTS} in access exclusive mode`).then(() => (swapped = true));
          await until('the swap waiting', async () =>
            (await backends('wz-attack-s9-swap')).some((b) => b.wait_event_type === 'Lock') ? true : undefined,
          );
        }
        return client;
      });
      let session;
      try {
        session = await reportsOn(pool).open(YEAR);
      } finally {
        spy.mockRestore();
      }
      expect(JSON.stringify(session.figures.departments)).toBe(expected);
      expect(swapped).toBe(false);
      await session.close();
      await swap;
      expect(swapped).toBe(true);
      await swapper.query('commit');
      await clean(pool);
    } finally {
      await swapper.end();
      await pool.end();
    }
  });

  it('a helper that cannot connect: the report counts on the others', async () => {
    const pool = new Pool({ connectionString: t.runtime.databaseUrl, max: 3, application_name: REPORT_APP });
    try {
      const spy = patchConnect(pool, (n, real) => (n === 2 ? Promise.reject(new Error('no connection for you')) : real()));
      try {
        expect(await figures(reportsOn(pool))).toBe(expected);
      } finally {
        spy.mockRestore();
      }
      await clean(pool);
    } finally {
      await pool.end();
    }
  });

  it('a statement failing on a helper: the report fails, every connection given back out of its transaction', async () => {
    const pool = new Pool({ connectionString: t.runtime.databaseUrl, max: 3, application_name: REPORT_APP });
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      // The second connection's counting statements fail (the first one's run their course).
      const spy = patchConnect(pool, async (n, real) => {
        const client = await real();
        if (n !== 2) return client;
        const counting = (text: unknown) => typeof text === 'string' && text.trim().startsWith('select department_id');
        return new Proxy(client, {
          get(target, key, receiver) {
            if (key !== 'query') return Reflect.get(target, key, receiver) as unknown;
            const query = target.query as (...a: unknown[]) => unknown;
            return (...args: unknown[]) =>
              counting(args[0]) ? query.call(target, 'select 1/0 as department_id') : query.apply(target, args);
          },
        });
      });
      try {
        await expect(reportsOn(pool).open(YEAR)).rejects.toThrow('division by zero');
      } finally {
        spy.mockRestore();
      }
      await clean(pool);
      await new Promise((r) => setImmediate(r));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await pool.end();
    }
  });
  it('many reports at once on small pools, another user holding a connection, closed in any order: the same figures, nothing left held', async () => {
    for (const max of [1, 2, 3, 4]) {
      const pool = new Pool({ connectionString: t.runtime.databaseUrl, max, application_name: REPORT_APP });
      try {
        const reports = reportsOn(pool);
        const other = max > 1 ? await pool.connect() : undefined;
        // More reports than connections: those past the pool's size wait for a session to close.
        const opened = Array.from({ length: 2 * max + 1 }, () => reports.open(YEAR));
        const seen: string[] = [];
        await Promise.all(
          opened.map(async (p, i) => {
            const s = await p;
            seen.push(JSON.stringify(s.figures.departments));
            // Odd sessions read their first deductions before closing, even ones close at once.
            if (i % 2) for await (const _ of s.deductions()) break;
            await s.close();
          }),
        );
        expect(seen).toEqual(Array.from({ length: 2 * max + 1 }, () => expected));
        other?.release();
        await clean(pool);
      } finally {
        await pool.end();
      }
    }
  });
});
