import type { Pool } from 'pg';
import { AssessmentReportQuery, ReferenceDataService, ReportOptions, SCORING_WEIGHTS } from '@wenzheng/read-models';
import type { TestApp } from './app';

/** The year 2025 (Beijing time) as reported on 1 March 2026, confidential cases included: the year fillReportFacts fills. */
export const REPORT_YEAR_2025: ReportOptions = (() => {
  const [from, to, now] = ['2025-01-01', '2026-01-01', '2026-03-01'].map((d) => new Date(`${d}T00:00:00+08:00`));
  return { from, to, now, includeConfidential: true };
})();

/** The app's report query on another pool (its own size, its own connections). */
export const reportQueryOn = (t: TestApp, pool: Pool): AssessmentReportQuery =>
  new AssessmentReportQuery(pool, t.app.get(ReferenceDataService, { strict: false }), t.app.get(SCORING_WEIGHTS, { strict: false }));

/** A report's departments' figures as JSON (a session opened and closed). */
export async function reportFigures(reports: AssessmentReportQuery, options: ReportOptions = REPORT_YEAR_2025): Promise<string> {
  const session = await reports.open(options);
  try {
    return JSON.stringify(session.figures.departments);
  } finally {
    await session.close();
  }
}
