import { buffer as drain } from 'node:stream/consumers';
import { liveTables } from '@wenzheng/projector';
import {
  AssessmentReportQuery,
  CONSULTATION_SUMMARY_FACTS,
  DEADLINE_FACTS,
  EVENT_FACTS,
  ReportOptions,
  ReportSession,
  consultationSummaryFactsProjection,
  departmentPerformanceProjection,
} from '@wenzheng/read-models';
import { DEFAULT_WEIGHTS } from '@wenzheng/scoring';
import { NO_TIMERS } from '../../apps/bench/src/harness/runtime';
import { REPORT_PROFILE, fillReportFacts } from '../../apps/bench/src/steps/report-scale';
import { csvOf, renderedDeductionsCsv } from '../../apps/api/src/reports/assessment-report/assessment-report.csv';
import { renderedJsonChunks, reportJsonChunks } from '../../apps/api/src/reports/assessment-report/assessment-report.view';
import { TestApp, createTestApp } from '../setup/app';

// Issue 15 target 3: the report's JSON and deductions CSV are written from text PostgreSQL renders
// per deduction (to_json, to_char) instead of row objects stringified in Node. The bytes must be
// those of the object path, on the values that could tell them apart: tracking codes with CJK,
// quotes, backslashes, line ends, U+2028/U+2029, control characters, emoji, leading formula
// characters and spaces, empty and null; times with microseconds (the pg driver truncates them);
// weights that print long or in exponent form.

jest.setTimeout(180_000);

const AWKWARD = [
  '甲乙丙 "引号" 东区',
  'back\\slash\\',
  'new\nline',
  'cr\rlf\r\n',
  'tab\there',
  'line\u2028sep\u2029para',
  '😀 emoji 𠀀',
  '=HYPERLINK("http://x")',
  '-1+1',
  '@sum',
  ' leading space',
  'trailing ideographic space\u3000',
  'ctl \u0001\u0008\u000b\u000c\u001f\u007f',
  ',comma',
  "'single'",
  '</script>',
  'e\u0301 combining',
  '\uFEFFbom',
  'null',
  '',
];

describe('deductions rendered by PostgreSQL = the same deductions stringified in Node', () => {
  let t: TestApp;
  let reports: AssessmentReportQuery;

  beforeAll(async () => {
    t = await createTestApp({ PROJECTOR_ENABLED: 'false', ...NO_TIMERS });
    await fillReportFacts(t.runtime.pool, { cases: 2000, year: 2025, profile: REPORT_PROFILE });
    const tables = liveTables(departmentPerformanceProjection);
    const awkward = `($1::text[])[1 + abs(hashtext(t.ctid::text)) % (array_length($1::text[], 1) + 1)]`; // one in n+1 null
    for (const table of [tables[DEADLINE_FACTS], tables[EVENT_FACTS]])
      await t.runtime.pool.query(`update ${table} t set tracking_code = ${awkward}`, [AWKWARD]);
    // Microseconds the API never writes but a database could hold: 0.999 ms, 0.5 ms, 1 µs.
    await t.runtime.pool.query(
      `update ${tables[DEADLINE_FACTS]} set due_at = due_at + (array[999, 500, 1, 0])[1 + abs(hashtext(ctid::text)) % 4] * interval '1 microsecond'`,
    );
    await t.runtime.pool.query(
      `update ${tables[EVENT_FACTS]} set at = at + (array[999, 500, 1, 0])[1 + abs(hashtext(ctid::text)) % 4] * interval '1 microsecond'`,
    );
    reports = t.app.get(AssessmentReportQuery, { strict: false });
  });

  afterAll(async () => t?.close());

  const at = (local: string) => new Date(`${local}+08:00`);
  const year: ReportOptions = {
    from: at('2025-01-01T00:00:00'),
    to: at('2026-01-01T00:00:00'),
    now: at('2026-03-01T00:00:00'),
    includeConfidential: true,
  };
  const days = { from: '2025-01-01', to: '2026-01-01' };
  const weights = {
    ...DEFAULT_WEIGHTS,
    missedAcknowledgement: 0.1 + 0.2,
    missedResponse: 1e-7,
    unsatisfiedRating: 1 / 3,
    automaticEscalation: 1e21,
    overdueAssistance: 2.5,
  };

  /** Both paths over one report, each on its own session (a session's cursor is read once). */
  async function both(options: ReportOptions, render: (s: ReportSession, objects: boolean) => AsyncIterable<Buffer>) {
    const read = async (objects: boolean) => {
      const session = await reports.open(options);
      try {
        return await drain(render(session, objects));
      } finally {
        await session.close();
      }
    };
    return { objects: await read(true), rendered: await read(false) };
  }

  const json = (s: ReportSession, objects: boolean) =>
    objects ? reportJsonChunks(s.figures, s.deductions(), days) : renderedJsonChunks(s, days);
  const csv = (s: ReportSession, objects: boolean) =>
    objects ? csvOf({ figures: s.figures, deductions: () => s.deductions() }, 'deductions') : renderedDeductionsCsv(s);

  it('the data holds every awkward value in some deduction, so the comparisons below mean something', async () => {
    const { objects } = await both(year, json);
    const report = JSON.parse(objects.toString('utf8')) as { departments: { deductions: { trackingCode: string | null; at: string }[] }[] };
    const deductions = report.departments.flatMap((d) => d.deductions);
    expect(deductions.length).toBeGreaterThan(300);
    const codes = new Set(deductions.map((d) => d.trackingCode));
    for (const code of [...AWKWARD, null]) expect(codes).toContain(code);
  });

  it("a consultation's event ids (text columns, unlike the cases' uuids) are escaped in the JSON as JSON.stringify escapes them", async () => {
    // The store's event ids are uuids, so these never hold anything to escape in practice (the
    // deductions CSV relies on that, as its tail says); the JSON escapes them all the same.
    const tables = liveTables(departmentPerformanceProjection);
    const summaries = liveTables(consultationSummaryFactsProjection)[CONSULTATION_SUMMARY_FACTS];
    const ids = AWKWARD.filter((v) => v !== '');
    await t.runtime.pool.query(
      `insert into ${summaries} (consultation_id, last_revision, department_id, source_event_id, set_at, due_at,
                                 summary_event_id, summary_at, overdue_event_id, overdue_at)
       select gen_random_uuid(), 0, (select department_id from ${tables[DEADLINE_FACTS]} order by department_id limit 1),
              ($1::text[])[1 + (i + 2) % n], due - interval '10 days', due,
              case when i % 3 = 1 then ($1::text[])[1 + i % n] end, case when i % 3 = 1 then due + interval '1 day' end,
              case when i % 3 = 2 then ($1::text[])[1 + (i + 1) % n] end, case when i % 3 = 2 then due + interval '2 hours' end
         from generate_series(1, 3 * $2::int) as i, cardinality($1::text[]) as n,
              lateral (select timestamptz '2025-03-01 10:00:00+08' + i * interval '1 day 1 hour 1.001 seconds' as due) d`,
      [ids, ids.length],
    );
    try {
      const j = await both(year, json);
      const report = JSON.parse(j.objects.toString('utf8')) as {
        departments: { deductions: { rule: string; eventId: string; deadlineEventId: string | null; evidence: string }[] }[];
      };
      const missed = report.departments.flatMap((d) => d.deductions).filter((d) => d.rule === 'overdue_consultation_summary');
      const seen = new Set(missed.flatMap((d) => [d.eventId, d.deadlineEventId]));
      for (const id of ids) expect(seen).toContain(id);
      expect(new Set(missed.map((d) => d.evidence))).toEqual(new Set(['no_act', 'late_act', 'red_light']));
      expect(j.rendered.toString('utf8')).toBe(j.objects.toString('utf8'));
      expect(Buffer.compare(j.rendered, j.objects)).toBe(0);
    } finally {
      await t.runtime.pool.query(`delete from ${summaries}`);
    }
  });

  it.each([
    ['the year', year],
    ['the year with weights that print long or in exponent form', { ...year, weights }],
    ['the year reported in July, fetched 13 at a time', { ...year, now: at('2025-07-15T12:34:56.789'), pageSize: 13 }],
  ])('%s: the same JSON text and the same deductions CSV bytes', async (_name, options) => {
    const j = await both(options, json);
    expect(j.rendered.toString('utf8')).toBe(j.objects.toString('utf8'));
    expect(Buffer.compare(j.rendered, j.objects)).toBe(0);
    const c = await both(options, csv);
    expect(c.rendered.toString('utf8')).toBe(c.objects.toString('utf8'));
    expect(Buffer.compare(c.rendered, c.objects)).toBe(0);
  });
});
