import { buffer as drain } from 'node:stream/consumers';
import { request as httpRequest } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import { Pool } from 'pg';
import { liveTables } from '@wenzheng/projector';
import {
  AssessmentReportQuery,
  DEADLINE_FACTS,
  EVENT_FACTS,
  ReportOptions,
  DeductionText,
  ReportSession,
  departmentPerformanceProjection,
} from '@wenzheng/read-models';
import { DEFAULT_WEIGHTS } from '@wenzheng/scoring';
import { toLocalIso } from '@wenzheng/calendar';
import { NO_TIMERS } from '../../apps/bench/src/harness/runtime';
import { REPORT_PROFILE, fillReportFacts } from '../../apps/bench/src/steps/report-scale';
import { csvOf, renderedDeductionsCsv } from '../../apps/api/src/reports/assessment-report/assessment-report.csv';
import { DEADLINE_LABELS, EVIDENCE_LABELS, RULE_LABELS } from '../../apps/api/src/reports/assessment-report/assessment-report.sheets';
import { renderedJsonChunks, reportJsonChunks } from '../../apps/api/src/reports/assessment-report/assessment-report.view';
import { TestApp, createTestApp } from '../setup/app';
import { mintToken } from '../setup/tokens';

// Attack (session 6) on the report's deductions read by COPY with its parameters inlined as
// literals (d963abb): every value that reaches the statement as a literal — department ids from
// the facts (quotes, backslashes, `$1`/`$13` text, CJK, U+2028), weights (decimal, zero,
// negative), an empty period, the JSON labels of the CSV kind — must give the bytes of the object
// path (deductions()), with standard_conforming_strings on or off; sessions abandoned at odd
// points, many at once, leave the pool whole and the next report identical.

jest.setTimeout(240_000);

const IDS = ["o'brien", 'back\\slash', '$1', '$13 x $5', '东区 "引号"', 'line\u2028sep', "\\'; drop table x; --"];

describe('attack: report deductions by COPY with inlined literals', () => {
  let t: TestApp;
  let reports: AssessmentReportQuery;
  const at = (local: string) => new Date(`${local}+08:00`);
  const year: ReportOptions = {
    from: at('2025-01-01T00:00:00'),
    to: at('2026-01-01T00:00:00'),
    now: at('2026-03-01T00:00:00'),
    includeConfidential: true,
  };
  const days = { from: '2025-01-01', to: '2026-01-01' };

  beforeAll(async () => {
    t = await createTestApp({ PROJECTOR_ENABLED: 'false', ...NO_TIMERS });
    await fillReportFacts(t.runtime.pool, { cases: 1500, year: 2025, profile: REPORT_PROFILE });
    const tables = liveTables(departmentPerformanceProjection);
    // Departments renamed in the facts to ids that would break or inject if escaped wrong.
    const { rows } = await t.runtime.pool.query<{ id: string }>(
      `select distinct department_id as id from ${tables[DEADLINE_FACTS]} order by 1 limit ${IDS.length}`,
    );
    expect(rows).toHaveLength(IDS.length);
    for (const [i, { id }] of rows.entries())
      for (const table of [tables[DEADLINE_FACTS], tables[EVENT_FACTS]])
        await t.runtime.pool.query(`update ${table} set department_id = $1 where department_id = $2`, [IDS[i], id]);
    reports = t.app.get(AssessmentReportQuery, { strict: false });
  });
  afterAll(async () => t?.close());

  async function read(query: AssessmentReportQuery, options: ReportOptions, render: (s: ReportSession) => AsyncIterable<Buffer>) {
    const session = await query.open(options);
    try {
      return await drain(render(session));
    } finally {
      await session.close();
    }
  }
  const objectsJson = (s: ReportSession) => reportJsonChunks(s.figures, s.deductions(), days);
  const copyJson = (s: ReportSession) => renderedJsonChunks(s, days);
  const objectsCsv = (s: ReportSession) => csvOf({ figures: s.figures, deductions: () => s.deductions() }, 'deductions');
  const copyCsv = (s: ReportSession) => renderedDeductionsCsv(s);

  async function same(query: AssessmentReportQuery, options: ReportOptions): Promise<number> {
    const j = [await read(query, options, objectsJson), await read(query, options, copyJson)];
    expect(j[1].toString('utf8')).toBe(j[0].toString('utf8'));
    const c = [await read(query, options, objectsCsv), await read(query, options, copyCsv)];
    expect(c[1].toString('utf8')).toBe(c[0].toString('utf8'));
    return j[0].length;
  }

  it('the awkward department ids reach the report with deductions', async () => {
    const session = await reports.open(year);
    try {
      const ids = session.figures.departments.map((d) => d.departmentId);
      for (const id of IDS) expect(ids).toContain(id);
      const seen = new Set<string>();
      for await (const page of session.deductionTexts({ kind: 'json', points: {} as never }))
        for (const r of page) seen.add(r.departmentId);
      for (const id of IDS) expect(seen).toContain(id);
    } finally {
      await session.close();
    }
  });

  it.each([
    ['default weights', {}],
    [
      'decimal, zero and negative weights',
      { weights: { ...DEFAULT_WEIGHTS, missedAcknowledgement: 0, missedResponse: -1.25, unsatisfiedRating: 0.1 + 0.2 } },
    ],
    ['confidential cases left out, reported mid-year', { includeConfidential: false, now: at('2025-07-15T12:34:56.789') }],
    [
      'a period with no deduction (no department)',
      { from: at('2030-01-01T00:00:00'), to: at('2030-02-01T00:00:00'), now: at('2030-03-01T00:00:00') },
    ],
  ])('%s: the COPY path gives the object path’s JSON and CSV bytes', async (_name, extra) => {
    await same(reports, { ...year, ...extra });
  });

  it('with standard_conforming_strings off in the session, the same bytes', async () => {
    const pool = new Pool({ connectionString: t.runtime.databaseUrl, max: 2, options: '-c standard_conforming_strings=off' });
    try {
      const c = await pool.connect();
      try {
        expect((await c.query<{ s: string }>("select current_setting('standard_conforming_strings') as s")).rows[0].s).toBe('off');
      } finally {
        c.release();
      }
      const inner = reports as unknown as { reference: never; weights: never };
      const off = new AssessmentReportQuery(pool, inner.reference, inner.weights);
      expect(await same(off, year)).toBeGreaterThan(10_000);
    } finally {
      await pool.end();
    }
  }, 30_000);

  it('CSV labels with $1, quotes, backslashes, CJK, U+2028 come back as given, rule by rule', async () => {
    const evil = (k: string) => `${k} $1 $13 '$4' "q" \\ \\' 东区 \u2028 $$ $x$`;
    const session = await reports.open(year);
    const objects = await reports.open(year);
    try {
      const relabel = (labels: Record<string, string>) => Object.fromEntries(Object.keys(labels).map((k) => [k, evil(k)]));
      const rules = relabel(RULE_LABELS);
      const deadlines = relabel(DEADLINE_LABELS);
      const evidence = relabel(EVIDENCE_LABELS);
      const points = Object.fromEntries(Object.keys(RULE_LABELS).map((k) => [k, `p${k}$2`]));
      const texts: string[] = [];
      const tails: (string | null)[] = [];
      for await (const page of session.deductionTexts({ kind: 'csv', points, rules, deadlines, evidence } as DeductionText))
        for (const r of page) {
          texts.push(r.text);
          tails.push(r.tail);
        }
      const expected: string[] = [];
      const expectedTails: string[] = [];
      for await (const { deduction: d } of objects.deductions()) {
        expected.push(rules[d.rule]);
        expectedTails.push(
          [
            '',
            d.petitionId ?? '',
            d.deadline ? deadlines[d.deadline] : '',
            d.dueAt ? toLocalIso(d.dueAt) : '',
            d.deadlineEventId ?? '',
            evidence[d.evidence],
            d.eventId,
            toLocalIso(d.at),
            points[d.rule],
            d.consultationId ?? '',
          ].join(','),
        );
      }
      expect(texts.length).toBeGreaterThan(100);
      expect(texts).toEqual(expected);
      expect(tails).toEqual(expectedTails);
    } finally {
      await session.close();
      await objects.close();
    }
  });

  it('sessions abandoned at odd points, eight at once, leave the pool whole and the next report identical', async () => {
    const whole = await read(reports, year, copyJson);
    const abandon = async (after: number, closeFirst: boolean) => {
      const session = await reports.open(year);
      const pages = session.deductionTexts({ kind: 'json', points: {} as never })[Symbol.asyncIterator]();
      for (let i = 0; i < after; i++) if ((await pages.next()).done) break;
      if (closeFirst) {
        await session.close();
        await pages.return?.(undefined);
      } else {
        await pages.return?.(undefined);
        await session.close();
      }
    };
    for (let round = 0; round < 2; round++)
      await Promise.all([
        abandon(0, true),
        abandon(1, true),
        abandon(2, false),
        abandon(1_000_000, true), // read to the end, then closed
        abandon(1, false),
        read(reports, year, copyJson).then((b) => expect(b.equals(whole)).toBe(true)),
        read(reports, year, copyCsv),
        abandon(3, true),
      ]);
    const pool = t.runtime.pool;
    expect(pool.waitingCount).toBe(0);
    expect((await pool.query<{ n: number }>('select 1 as n')).rows).toEqual([{ n: 1 }]);
    // Every connection of the pool takes a statement (none is stuck in COPY mode).
    const clients = await Promise.all(Array.from({ length: 10 }, () => pool.connect()));
    try {
      for (const c of clients) expect((await c.query<{ n: number }>('select 2 as n')).rows).toEqual([{ n: 2 }]);
    } finally {
      for (const c of clients) c.release();
    }
    expect((await read(reports, year, copyJson)).equals(whole)).toBe(true);
  });

  it('HTTP clients that go away mid-report (at the headers, after a chunk, paused then cut) leave the pool whole; the next report is identical', async () => {
    const server = t.app.getHttpServer() as Server;
    if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as AddressInfo;
    const token = await mintToken({ roles: ['supervisor'] });
    const url = (format: string) =>
      `/api/reports/assessment?from=2025-01-01&to=2026-01-01&asOf=2026-03-01T00:00:00%2B08:00&format=${format}${format === 'csv' ? '&sheet=deductions' : ''}`;
    /** The whole body, or the bytes read before going away at `cut` ('headers', 'chunk', 'paused'). */
    const get = (format: string, cut?: 'headers' | 'chunk' | 'paused') =>
      new Promise<Buffer>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: url(format), headers: { authorization: `Bearer ${token}` } }, (res) => {
          expect(res.statusCode).toBe(200);
          const parts: Buffer[] = [];
          if (cut === 'headers') {
            req.destroy();
            return resolve(Buffer.alloc(0));
          }
          if (cut === 'paused') {
            res.pause();
            setTimeout(() => {
              req.destroy();
              resolve(Buffer.alloc(0));
            }, 200);
            return;
          }
          res.on('data', (d: Buffer) => {
            parts.push(d);
            if (cut === 'chunk') {
              req.destroy();
              resolve(Buffer.concat(parts));
            }
          });
          res.on('end', () => resolve(Buffer.concat(parts)));
          res.on('error', (e) => (cut ? resolve(Buffer.concat(parts)) : reject(e)));
        });
        req.on('error', (e) => (cut ? resolve(Buffer.alloc(0)) : reject(e)));
        req.end();
      });
    const whole = { json: await get('json'), csv: await get('csv') };
    expect(whole.json.length).toBeGreaterThan(10_000);
    for (let round = 0; round < 2; round++)
      await Promise.all(
        (['headers', 'chunk', 'paused'] as const)
          .flatMap((cut) => [get('json', cut), get('csv', cut)])
          .concat([get('json').then((b) => b)]),
      );
    const running = async () =>
      (
        await t.runtime.pool.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity where (query like 'copy (%' or query like 'declare report%') and state = 'active' and pid <> pg_backend_pid()`,
        )
      ).rows[0].n;
    for (let i = 0; i < 50 && (await running()) > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await running()).toBe(0);
    const clients = await Promise.all(Array.from({ length: 10 }, () => t.runtime.pool.connect()));
    try {
      for (const c of clients) expect((await c.query<{ n: number }>('select 3 as n')).rows).toEqual([{ n: 3 }]);
    } finally {
      for (const c of clients) c.release();
    }
    expect((await get('json')).equals(whole.json)).toBe(true);
    expect((await get('csv')).equals(whole.csv)).toBe(true);
  });

  it("a report's COPY reads its figures' snapshot: deductions written after it opened are not in it", async () => {
    const tables = liveTables(departmentPerformanceProjection);
    const copying = await reports.open(year);
    const objects = await reports.open(year);
    try {
      const { rowCount } = await t.runtime.pool.query(
        `insert into ${tables[EVENT_FACTS]} (event_id, type, petition_id, tracking_code, department_id, confidential, at, local_day, satisfaction, due_at, started_at, on_time)
         select gen_random_uuid(), type, petition_id, tracking_code, department_id, confidential, at, local_day, satisfaction, due_at, started_at, on_time
           from ${tables[EVENT_FACTS]} e where (type in ('escalation_automatic', 'red_light_review') or (type = 'rating' and satisfaction = 'unsatisfied'))
             and at >= '2025-01-02' and at < '2025-12-30' limit 20`,
      );
      expect(rowCount).toBe(20);
      const a = await drain(copyJson(copying));
      const b = await drain(objectsJson(objects));
      expect(a.toString('utf8')).toBe(b.toString('utf8'));
      expect((await read(reports, year, copyJson)).length).toBeGreaterThan(a.length);
    } finally {
      await copying.close();
      await objects.close();
    }
  });
});
