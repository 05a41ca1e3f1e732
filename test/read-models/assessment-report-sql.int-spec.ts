import { NO_TIMERS } from '../../apps/bench/src/harness/runtime';
import { bringProjectionsToHead } from '../../apps/bench/src/steps/projections';
import { seedStep } from '../../apps/bench/src/steps/seed';
import { csvOf, toCsv } from '../../apps/api/src/reports/assessment-report/assessment-report.csv';
import { sourceOf } from '../../apps/api/src/reports/assessment-report/assessment-report.sheets';
import { reportJsonChunks, toReportView } from '../../apps/api/src/reports/assessment-report/assessment-report.view';
import { AssessmentReportQuery, DepartmentPerformanceQuery, ReportSession } from '@wenzheng/read-models';
import { DEFAULT_WEIGHTS, ScoringWeights } from '@wenzheng/scoring';
import { TestApp, createTestApp } from '../setup/app';

// Issue 15 item 3: the assessment report counts its figures in SQL and streams its deductions
// from a cursor. On a generated year (the bench's generator: every event type occurs), it must
// give what assess() of @wenzheng/scoring gives over the same fact rows in memory: the same JSON
// and the same CSV bytes, for a year, a month, a report time inside the period, without
// confidential cases, and with weights that are not binary fractions.

jest.setTimeout(300_000);

const at = (local: string) => new Date(`${local}+08:00`);

async function drain(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of chunks) out.push(c);
  return Buffer.concat(out);
}

describe('assessment report in SQL = assess() in memory, on a generated year', () => {
  let t: TestApp;
  let sql: AssessmentReportQuery;
  let memory: DepartmentPerformanceQuery;

  beforeAll(async () => {
    t = await createTestApp({ PROJECTOR_ENABLED: 'false', ...NO_TIMERS });
    await seedStep({ databaseUrl: t.runtime.databaseUrl, from: 0, to: 400, generator: { seed: 'report-sql', year: 2025 }, concurrency: 4 });
    await bringProjectionsToHead({ databaseUrl: t.runtime.databaseUrl });
    sql = t.app.get(AssessmentReportQuery, { strict: false });
    memory = t.app.get(DepartmentPerformanceQuery, { strict: false });
  });

  afterAll(async () => t?.close());

  it('the generated year has deductions of every case rule, so the comparisons below mean something', async () => {
    const year = await memory.assess({
      from: at('2025-01-01T00:00:00'),
      to: at('2026-01-01T00:00:00'),
      now: at('2026-03-01T00:00:00'),
      includeConfidential: true,
    });
    const rules = new Set(year.departments.flatMap((d) => d.deductions.map((x) => x.rule)));
    expect([...rules].sort()).toEqual(
      expect.arrayContaining([
        'automatic_escalation',
        'missed_acknowledgement',
        'missed_response',
        'missed_review',
        'overdue_assistance',
        'unsatisfied_rating',
      ]),
    );
    expect(year.departments.reduce((n, d) => n + d.deductions.length, 0)).toBeGreaterThan(100);
  });

  const cases: Array<
    [string, { from: string; to: string; asOf: string; includeConfidential?: boolean; weights?: ScoringWeights; pageSize?: number }]
  > = [
    ['the year, reported after it', { from: '2025-01-01', to: '2026-01-01', asOf: '2026-03-01T00:00:00' }],
    [
      'the year, reported in July (pending deadlines, facts not known yet)',
      { from: '2025-01-01', to: '2026-01-01', asOf: '2025-07-15T12:34:56.789' },
    ],
    ['a month, fetched 7 deductions at a time', { from: '2025-05-01', to: '2025-06-01', asOf: '2026-01-01T00:00:00', pageSize: 7 }],
    [
      'the year without confidential cases',
      { from: '2025-01-01', to: '2026-01-01', asOf: '2026-03-01T00:00:00', includeConfidential: false },
    ],
    [
      'the year with weights that drift in binary',
      {
        from: '2025-01-01',
        to: '2026-01-01',
        asOf: '2026-03-01T00:00:00',
        weights: { ...DEFAULT_WEIGHTS, missedAcknowledgement: 0.1, missedResponse: 0.7, unsatisfiedRating: 0.3, overdueAssistance: 0.2 },
      },
    ],
  ];

  it.each(cases)('%s: same figures, same deductions, same CSV bytes', async (_name, c) => {
    const options = {
      from: at(`${c.from}T00:00:00`),
      to: at(`${c.to}T00:00:00`),
      now: at(c.asOf),
      includeConfidential: c.includeConfidential ?? true,
      weights: c.weights,
    };
    const days = { from: c.from, to: c.to };
    const expected = await memory.assess(options);
    const open = async (): Promise<ReportSession> => sql.open({ ...options, pageSize: c.pageSize });
    let session = await open();
    try {
      const json = (await drain(reportJsonChunks(session.figures, session.deductions(), days))).toString('utf8');
      expect(JSON.parse(json)).toEqual(toReportView(expected, days));
      expect(json).toBe(JSON.stringify(toReportView(expected, days)));
    } finally {
      await session.close();
    }
    for (const sheet of ['departments', 'deductions'] as const) {
      session = await open();
      try {
        const streamed = await drain(csvOf({ figures: session.figures, deductions: () => session.deductions() }, sheet));
        expect(streamed.toString('utf8')).toBe(toCsv(expected, sheet).toString('utf8'));
        expect(Buffer.compare(streamed, toCsv(expected, sheet))).toBe(0);
      } finally {
        await session.close();
      }
    }
    // The figures alone (the count of deductions included) as the in-memory source gives them.
    session = await open();
    try {
      expect(session.figures).toEqual(sourceOf(expected).figures);
    } finally {
      await session.close();
    }
  });

  it('a reader that stops early gives the connection back (the session closes under the cursor)', async () => {
    const pool = t.runtime.pool;
    const busy = () => pool.totalCount - pool.idleCount;
    // Counted over the whole pool: a query of the app's own running at that instant is waited out (a connection the
    // report kept would stay busy, and still fail).
    const settled = async (n: number) => {
      for (let i = 0; i < 100 && busy() !== n; i++) await new Promise((r) => setTimeout(r, 20));
      return busy();
    };
    const before = await settled(0);
    const session = await sql.open({
      from: at('2025-01-01T00:00:00'),
      to: at('2026-01-01T00:00:00'),
      now: at('2026-03-01T00:00:00'),
      includeConfidential: true,
    });
    let read = 0;
    try {
      expect(await settled(before + 1)).toBe(before + 1);
      for await (const _row of session.deductions()) if (++read === 3) break;
      expect(read).toBe(3);
    } finally {
      // Closed even when an expectation failed: a session left open kept its connection, and afterAll's close waited for it (5 minutes).
      await session.close();
    }
    expect(await settled(before)).toBe(before);
    expect((await pool.query('select 1 as ok')).rows).toEqual([{ ok: 1 }]);
  });
});
