import { buffer as drain } from 'node:stream/consumers';
import { to as copyTo } from 'pg-copy-streams';
import { AssessmentReportQuery, ReportOptions } from '@wenzheng/read-models';
import { CopyBinaryRows, CopyBinaryRuns, CopyRun } from '../../libs/read-models/src/department-performance/copy-binary';
import { NO_TIMERS } from '../../apps/bench/src/harness/runtime';
import { REPORT_PROFILE, fillReportFacts } from '../../apps/bench/src/steps/report-scale';
import { renderedJsonChunks, rulePoints } from '../../apps/api/src/reports/assessment-report/assessment-report.view';
import { TestApp, createTestApp } from '../setup/app';

// Issue 15 target 3: the report's rendered deductions are read by `copy … to stdout (format
// binary)` (PostgreSQL may plan it in parallel, a cursor never), parsed by CopyBinaryRows. The
// parser must give the server's values whatever the chunks' boundaries; a session closed mid-COPY
// must not leave its connection stuck in COPY mode in the pool.

jest.setTimeout(120_000);

const VALUES = ['', 'plain', '甲乙丙 "引号"', 'back\\slash\ttab\nline', '😀 𠀀', 'x'.repeat(20_000), '\u0001ctl'];

describe('reading the report by COPY', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ PROJECTOR_ENABLED: 'false', ...NO_TIMERS });
    await fillReportFacts(t.runtime.pool, { cases: 20_000, year: 2025, profile: REPORT_PROFILE });
  });
  afterAll(async () => t?.close());

  /** Rows of three text columns, some null, as a plain query gives them and as binary COPY sends them. */
  async function sample(): Promise<{ expected: (string | null)[][]; bytes: Buffer }> {
    const sql = `select v as a, case when i % 3 = 0 then null else v || i end as b, null::text as c
                   from unnest($1::text[]) with ordinality u(v, i) order by i`;
    const { rows } = await t.runtime.pool.query<{ a: string; b: string | null; c: null }>(sql, [VALUES]);
    const expected = rows.map((r) => [r.a, r.b, r.c]);
    const client = await t.runtime.pool.connect();
    try {
      const literal = `array[${VALUES.map((v) => client.escapeLiteral(v)).join(',')}]`;
      const bytes = await drain(client.query(copyTo(`copy (${sql.replace('$1', literal)}) to stdout (format binary)`)));
      return { expected, bytes };
    } finally {
      client.release();
    }
  }

  const parse = (bytes: Buffer, sizes: () => number) => {
    const parser = new CopyBinaryRows(3);
    const rows: (string | null)[][] = [];
    for (let at = 0; at < bytes.length;) {
      const end = Math.min(bytes.length, at + sizes());
      rows.push(...parser.push(bytes.subarray(at, end)));
      at = end;
    }
    parser.end();
    return rows;
  };

  it("gives the server's values (nulls, empty, multi-byte, 20 kB) whatever the chunk boundaries", async () => {
    const { expected, bytes } = await sample();
    expect(expected).toHaveLength(VALUES.length);
    expect(parse(bytes, () => bytes.length)).toEqual(expected);
    expect(parse(bytes, () => 1)).toEqual(expected);
    let seed = 7;
    const sizes = () => 1 + ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 997);
    for (let round = 0; round < 20; round++) expect(parse(bytes, sizes)).toEqual(expected);
    // Chunks of 1 to 40 kB, the 20 kB value cut anywhere in them.
    const large = () => 1_025 + ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 40_000);
    for (let round = 0; round < 40; round++) expect(parse(bytes, large)).toEqual(expected);
  });

  it('refuses a stream cut short or not in the binary format', async () => {
    const { bytes } = await sample();
    expect(() => parse(bytes.subarray(0, bytes.length - 2), () => 4096)).toThrow(/before its trailer/);
    expect(() => parse(bytes.subarray(0, bytes.length - 100), () => 4096)).toThrow(/before its trailer/);
    expect(() => new CopyBinaryRows(3).push(Buffer.from('select 1;\n'.repeat(3)))).toThrow(/binary format/);
    expect(() => new CopyBinaryRows(2).push(bytes)).toThrow(/3 fields in a row, 2 expected/);
  });

  /** Rows of (int4 group, text value) as binary COPY sends them, and the values in order with their groups. */
  async function groupedSample(): Promise<{ expected: [number, string][]; bytes: Buffer }> {
    const values = [...VALUES, ...VALUES.map((v) => `${v}²`)];
    // Runs of different lengths, a group left out (3), a group seen again later (0 and 1).
    const groups = [0, 0, 1, 1, 1, 4, 4, 2, 0, 0, 1, 9, 9, 9];
    expect(groups).toHaveLength(values.length);
    const expected = values.map((v, i): [number, string] => [groups[i], v]);
    const client = await t.runtime.pool.connect();
    try {
      const literal = (xs: readonly (string | number)[]) => `array[${xs.map((v) => client.escapeLiteral(String(v))).join(',')}]`;
      const sql = `select g::int4, v from unnest(${literal(groups)}::int[], ${literal(values)}::text[]) with ordinality u(g, v, i) order by i`;
      return { expected, bytes: await drain(client.query(copyTo(`copy (${sql}) to stdout (format binary)`))) };
    } finally {
      client.release();
    }
  }

  const runsOf = (bytes: Buffer, sizes: () => number) => {
    const parser = new CopyBinaryRuns();
    const runs: CopyRun[] = [];
    for (let at = 0; at < bytes.length;) {
      const end = Math.min(bytes.length, at + sizes());
      runs.push(...parser.push(bytes.subarray(at, end)));
      at = end;
    }
    parser.end();
    return runs;
  };
  /** The runs' values back, each with its group: a run is `,value,value…` of `count` values (VALUES hold no comma but one). */
  const valuesOf = (runs: CopyRun[]): [number, string][] =>
    runs
      .flatMap((r) => {
        expect(r.bytes[0]).toBe(0x2c);
        const text = r.bytes.toString('utf8');
        return [{ group: r.group, count: r.count, text }];
      })
      .flatMap(({ group, count, text }) => splitRun(text, count).map((v): [number, string] => [group, v]));
  /** `,a,b` into [a, b], knowing how many there are: VALUES hold no comma, so a plain split does. */
  const splitRun = (text: string, count: number) => {
    const parts = text.slice(1).split(',');
    expect(parts).toHaveLength(count);
    return parts;
  };

  it('gives the rows as runs of one group, each value led by a comma, the bytes as the server sent them, whatever the chunk boundaries', async () => {
    expect(VALUES.some((v) => v.includes(','))).toBe(false);
    const { expected, bytes } = await groupedSample();
    const whole = runsOf(bytes, () => bytes.length);
    // Consecutive rows of one group make one run; a group may come back in a later run.
    expect(whole.map((r) => [r.group, r.count])).toEqual([
      [0, 2],
      [1, 3],
      [4, 2],
      [2, 1],
      [0, 2],
      [1, 1],
      [9, 3],
    ]);
    expect(valuesOf(whole)).toEqual(expected);
    expect(valuesOf(runsOf(bytes, () => 1))).toEqual(expected);
    let seed = 11;
    const sizes = () => 1 + ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 997);
    for (let round = 0; round < 20; round++) expect(valuesOf(runsOf(bytes, sizes))).toEqual(expected);
    const large = () => 1_025 + ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 40_000);
    for (let round = 0; round < 40; round++) expect(valuesOf(runsOf(bytes, large))).toEqual(expected);
  });

  it('refuses runs of a stream cut short, a null value, a group that is not an int4, or rows of other shapes', async () => {
    const { bytes } = await groupedSample();
    expect(() => runsOf(bytes.subarray(0, bytes.length - 2), () => 4096)).toThrow(/before its trailer/);
    expect(() => runsOf(bytes.subarray(0, bytes.length - 100), () => 4096)).toThrow(/before its trailer/);
    expect(() => new CopyBinaryRuns().push(Buffer.from('select 1;\n'.repeat(3)))).toThrow(/binary format/);
    const copyOf = async (sql: string) => {
      const client = await t.runtime.pool.connect();
      try {
        return await drain(client.query(copyTo(`copy (${sql}) to stdout (format binary)`)));
      } finally {
        client.release();
      }
    };
    expect(() => new CopyBinaryRuns().push(bytes).concat(runsOf(bytes, () => 7))).not.toThrow();
    await expect(copyOf(`select 1::int4, null::text`).then((b) => new CopyBinaryRuns().push(b))).rejects.toThrow(/value is null/);
    await expect(copyOf(`select 1::int8, 'x'::text`).then((b) => new CopyBinaryRuns().push(b))).rejects.toThrow(/not an int4/);
    await expect(copyOf(`select 'a'::text, 'x'::text`).then((b) => new CopyBinaryRuns().push(b))).rejects.toThrow(/not an int4/);
    await expect(copyOf(`select 1::int4, 'x'::text, 'y'::text`).then((b) => new CopyBinaryRuns().push(b))).rejects.toThrow(
      /3 fields in a row, 2 expected/,
    );
  });

  it('a session closed mid-COPY gives up its connection; the pool and the next report are whole', async () => {
    const reports = t.app.get(AssessmentReportQuery, { strict: false });
    // The year 2025 (Beijing time), reported on 1 March 2026.
    const [from, to, now] = ['2025-01-01', '2026-01-01', '2026-03-01'].map((d) => new Date(`${d}T00:00:00+08:00`));
    const year: ReportOptions = { from, to, now, includeConfidential: true };
    const days = { from: '2025-01-01', to: '2026-01-01' };
    const whole = async () => {
      const session = await reports.open(year);
      try {
        return await drain(renderedJsonChunks(session, days));
      } finally {
        await session.close();
      }
    };
    const before = await whole();
    // More than the sockets' buffers hold: the close below comes with the server still writing.
    expect(before.length).toBeGreaterThan(1_000_000);
    for (let i = 0; i < 4; i++) {
      const session = await reports.open(year);
      // The route's path (bytes) and the text path alike.
      const pages =
        i % 2
          ? session.deductionJson(rulePoints(session.figures.weights, JSON.stringify))[Symbol.asyncIterator]()
          : session.deductionTexts({ kind: 'json', points: {} as never })[Symbol.asyncIterator]();
      expect((await pages.next()).done).toBe(false);
      await session.close();
      await pages.return?.(undefined);
    }
    expect((await t.runtime.pool.query<{ n: number }>('select 1 as n')).rows).toEqual([{ n: 1 }]);
    expect(await whole()).toEqual(before);
    // The abandoned statements do not go on on the server.
    const running = async () =>
      (
        await t.runtime.pool.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity where query like 'copy (select x.department_id%' and pid <> pg_backend_pid()`,
        )
      ).rows[0].n;
    for (let i = 0; i < 50 && (await running()) > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await running()).toBe(0);
  });

  it('a reader that stops at the last deduction, without asking for more, leaves its connection whole: back in the pool, not discarded', async () => {
    const reports = t.app.get(AssessmentReportQuery, { strict: false });
    const [from, to, now] = ['2025-01-01', '2026-01-01', '2026-03-01'].map((d) => new Date(`${d}T00:00:00+08:00`));
    const pool = t.runtime.pool;
    // A connection given back with an error is discarded by the pool (it says so as it is released).
    let discarded = 0;
    const onRelease = (err: Error | undefined) => void (err && discarded++);
    pool.on('release', onRelease);
    try {
      for (const pageSize of [undefined, 1000]) {
        const session = await reports.open({ from, to, now, includeConfidential: true, pageSize });
        const total = session.figures.departments.reduce((n, d) => n + d.deductionCount, 0);
        expect(total).toBeGreaterThan(1000);
        const pages = session.deductionTexts({ kind: 'json', points: {} as never })[Symbol.asyncIterator]();
        let n = 0;
        while (n < total) {
          const page = await pages.next();
          expect(page.done).toBe(false);
          if (pageSize) expect(page.value.length).toBeLessThanOrEqual(pageSize);
          n += page.value.length;
        }
        expect(n).toBe(total);
        await session.close();
        await pages.return?.(undefined);
        expect(discarded).toBe(0);
      }
      expect((await pool.query<{ n: number }>('select 1 as n')).rows).toEqual([{ n: 1 }]);
    } finally {
      pool.off('release', onRelease);
    }
  });
});
