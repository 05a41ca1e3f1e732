import { AssessmentReportQuery, DepartmentPerformanceQuery } from '@wenzheng/read-models';
import { HOTLINE_OFFICE } from '@wenzheng/scoring';
import { NO_TIMERS } from '../../apps/bench/src/harness/runtime';
import { REPORT_PROFILE, fillReportFacts } from '../../apps/bench/src/steps/report-scale';
import { sourceOf } from '../../apps/api/src/reports/assessment-report/assessment-report.sheets';
import { TestApp, createTestApp } from '../setup/app';

// `npm run bench:report-scale` fills the report's tables in SQL instead of seeding a million
// cases. Its rows must be facts the report can read as it reads projected ones: in the measured
// proportions, counted by the day tables' triggers as they are inserted, and giving the figures
// assess() gives over the same facts in memory.

jest.setTimeout(180_000);

const at = (local: string) => new Date(`${local}+08:00`);

describe('bench:report-scale fill', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ PROJECTOR_ENABLED: 'false', ...NO_TIMERS });
  });
  afterAll(async () => t?.close());

  it('fills the facts in the profile proportions, and the SQL report over them equals assess() in memory', async () => {
    const cases = 3000;
    const fill = await fillReportFacts(t.runtime.pool, { cases, year: 2025, profile: REPORT_PROFILE });
    const d = REPORT_PROFILE.deadlines;
    expect(fill.deadlineFacts).toBe(
      Math.round(d.acknowledgement.perCase * cases) + Math.round(d.response.perCase * cases) + Math.round(d.assistance.perCase * cases),
    );
    const eventsPerCase = Object.values(REPORT_PROFILE.eventsPerCase).reduce((s, x) => s + x, 0);
    expect(Math.abs(fill.eventFacts - eventsPerCase * cases)).toBeLessThan(20);

    const options = {
      from: at('2025-01-01T00:00:00'),
      to: at('2026-01-01T00:00:00'),
      now: at('2026-03-01T00:00:00'),
      includeConfidential: true,
    };
    const expected = await t.app.get(DepartmentPerformanceQuery, { strict: false }).assess(options);
    const session = await t.app.get(AssessmentReportQuery, { strict: false }).open(options);
    try {
      expect(session.figures).toEqual(sourceOf(expected).figures);
    } finally {
      await session.close();
    }
    // The departments the profile names and the hotline office (review red lights), and deductions near the generator's rate (about 0.3 a case).
    expect(new Set(expected.departments.map((x) => x.departmentId))).toEqual(
      new Set([...Object.keys(REPORT_PROFILE.departments), HOTLINE_OFFICE]),
    );
    const deductions = expected.departments.reduce((n, x) => n + x.deductions.length, 0);
    expect(deductions / cases).toBeGreaterThan(0.2);
    expect(deductions / cases).toBeLessThan(0.4);
  });
});
