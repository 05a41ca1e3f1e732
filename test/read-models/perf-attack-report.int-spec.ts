import { AssessmentReportQuery, DepartmentPerformanceQuery } from '@wenzheng/read-models';
import { NO_TIMERS } from '../../apps/bench/src/harness/runtime';
import { REPORT_PROFILE, fillReportFacts } from '../../apps/bench/src/steps/report-scale';
import { sourceOf } from '../../apps/api/src/reports/assessment-report/assessment-report.sheets';
import { TestApp, createTestApp } from '../setup/app';

// Attack on the assessment report's day tables (issue 15 item 3): the SQL figures read whole days
// from the per-day counts (each deadline under its final outcome), take out the rows not settled
// at the report time and count the partial days at either end from the facts. Any period and any
// report time, inside the data, at a midnight or not, must give assess()'s figures in memory.

jest.setTimeout(120_000);

const DAY_MS = 86_400_000;

/** A small seeded generator (mulberry32), so a failure names a reproducible case. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the SQL report over day tables', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ PROJECTOR_ENABLED: 'false', ...NO_TIMERS });
    await fillReportFacts(t.runtime.pool, { cases: 400, year: 2025, profile: REPORT_PROFILE });
  });
  afterAll(async () => t?.close());

  it('equals assess() in memory for random periods and report times (midnights, instants inside a day, now inside the period)', async () => {
    const next = random(15);
    const yearStart = Date.parse('2025-01-01T00:00:00+08:00');
    const yearEnd = Date.parse('2026-01-01T00:00:00+08:00');
    // An instant in the year (and a little past it): a local midnight a third of the time, else any millisecond.
    const instant = () => {
      const ms = yearStart + Math.floor(next() * (yearEnd - yearStart + 30 * DAY_MS));
      return next() < 1 / 3 ? ms - ((ms - yearStart) % DAY_MS) : ms;
    };
    const cases: { from: Date; to: Date; now: Date; includeConfidential: boolean }[] = [
      // Within one local day, and a period of exactly one day.
      {
        from: new Date(yearStart + 100 * DAY_MS + 3_600_000),
        to: new Date(yearStart + 100 * DAY_MS + 7_200_000),
        now: new Date(yearEnd),
        includeConfidential: true,
      },
      {
        from: new Date(yearStart + 50 * DAY_MS),
        to: new Date(yearStart + 51 * DAY_MS),
        now: new Date(yearStart + 50 * DAY_MS + 1),
        includeConfidential: false,
      },
    ];
    for (let i = 0; i < 22; i++) {
      const [a, b] = [instant(), instant()].sort((x, y) => x - y);
      if (a === b) continue;
      // The report time before, inside or after the period.
      const now = [instant(), a + Math.floor(next() * (b - a)), b + Math.floor(next() * 60 * DAY_MS)][Math.floor(next() * 3)];
      cases.push({ from: new Date(a), to: new Date(b), now: new Date(now), includeConfidential: next() < 0.5 });
    }
    const memory = t.app.get(DepartmentPerformanceQuery, { strict: false });
    const sql = t.app.get(AssessmentReportQuery, { strict: false });
    const differing: string[] = [];
    for (const options of cases) {
      const expected = sourceOf(await memory.assess(options)).figures;
      const session = await sql.open(options);
      try {
        try {
          expect(session.figures).toEqual(expected);
        } catch (e) {
          differing.push(`${JSON.stringify(options)}: ${(e as Error).message.slice(0, 2000)}`);
        }
      } finally {
        await session.close();
      }
    }
    expect(differing).toEqual([]);
  });
});
