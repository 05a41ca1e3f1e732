import { get } from 'node:http';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RuntimeModule } from '@wenzheng/platform';
import { DepartmentPerformanceModule, DepartmentPerformanceQuery, ReferenceDataModule } from '@wenzheng/read-models';
import { ApiProcess, startApiProcess } from '../harness/api-process';
import { BENCH_JWT_SECRET, NO_TIMERS, openRuntime } from '../harness/runtime';
import { elapsedMs } from '../harness/stats';
import { mintToken } from '../harness/tokens';

export const REPORT_ROUTE = '/api/reports/assessment';

export interface AssessmentResult {
  /** How the report was produced: the HTTP route when the API has it, else the scoring query it is built on. */
  readonly method: string;
  readonly year: number;
  /** First run (cold caches), ms. */
  readonly firstMs: number;
  /** Median of the runs after the first, ms. */
  readonly medianMs: number;
  readonly runs: number;
  readonly departments?: number;
  readonly deadlineFacts?: number;
  readonly eventFacts?: number;
  readonly note?: string;
  /** Peak RSS of the API process that served the report, MB (the report's own memory, not the bench's). */
  readonly apiPeakRssMb?: number;
  /** One run each after the JSON runs, ms: the deductions CSV and the XLSX, read to the end. */
  readonly csvDeductionsMs?: number;
  readonly xlsxMs?: number;
  /** Bytes of the JSON answer, the deductions CSV and the XLSX. */
  readonly jsonBytes?: number;
  readonly csvDeductionsBytes?: number;
  readonly xlsxBytes?: number;
}

const localMidnight = (date: string) => new Date(`${date}T00:00:00+08:00`);

/**
 * The one-year assessment report (考核). Through GET /api/reports/assessment when the API serves
 * it; until then through DepartmentPerformanceQuery.assess, the scoring query the route is built on.
 */
export async function assessmentStep(o: { databaseUrl: string; year: number; runs?: number }): Promise<AssessmentResult> {
  const runs = Math.max(2, o.runs ?? 4);
  let api: ApiProcess | undefined;
  const times: number[] = [];
  let note: string | undefined;
  let apiPeakRssMb: number | undefined;
  let departments: number | undefined;
  let files: { csvDeductionsMs?: number; xlsxMs?: number; csvDeductionsBytes?: number; xlsxBytes?: number } = {};
  let jsonBytes: number | undefined;
  try {
    // The real API in its own process (what `npm start` runs), without its projector or timers.
    api = await startApiProcess({
      DATABASE_URL: o.databaseUrl,
      AUTH_JWT_SECRET: BENCH_JWT_SECRET,
      PROJECTOR_ENABLED: 'false',
      ...NO_TIMERS,
    });
    const base = api.baseUrl;
    const doc = (await (await fetch(`${base}/api/docs-json`)).json()) as { paths?: Record<string, { get?: unknown }> };
    const route = doc.paths?.[REPORT_ROUTE]?.get;
    if (route) {
      const token = await mintToken(BENCH_JWT_SECRET, { sub: 'bench-supervisor', roles: ['supervisor'] });
      // `to` is exclusive: the year is [1 January, 1 January of the next year).
      const url = `${base}${REPORT_ROUTE}?from=${o.year}-01-01&to=${o.year + 1}-01-01&format=json`;
      for (let i = 0; i < runs; i++) {
        const started = process.hrtime.bigint();
        // Counted, not kept, to the last byte received: keeping, joining and parsing 100 MB is the bench's own work, not
        // the report's (a first answer kept grew the bench's memory by as much while it came, on the same two cores).
        const res = await getWithoutTimeout(url, { Authorization: `Bearer ${token}`, Accept: 'application/json' }, false);
        const ok = res.status >= 200 && res.status < 300;
        const ms = elapsedMs(started, res.ended);
        if (!ok) {
          note = `${REPORT_ROUTE} answered ${res.status} to ${url.replace(base, '')}; timed the scoring query instead`;
          times.length = 0;
          break;
        }
        times.push(ms);
      }
      if (times.length) {
        const timed = async (format: string) => {
          const started = process.hrtime.bigint();
          const res = await getWithoutTimeout(url.replace('format=json', format), { Authorization: `Bearer ${token}` }, false);
          return res.status === 200 ? { ms: elapsedMs(started, res.ended), bytes: res.bytes } : undefined;
        };
        const csv = await timed('format=csv&sheet=deductions');
        const xlsx = await timed('format=xlsx');
        files = { csvDeductionsMs: csv?.ms, csvDeductionsBytes: csv?.bytes, xlsxMs: xlsx?.ms, xlsxBytes: xlsx?.bytes };
        // Once more, last and untimed, kept and parsed: the departments the answer lists.
        const kept = await getWithoutTimeout(url, { Authorization: `Bearer ${token}`, Accept: 'application/json' }, true);
        if (kept.status === 200) {
          departments = (JSON.parse(kept.body.toString('utf8')) as { departments?: unknown[] }).departments?.length;
          jsonBytes = kept.bytes;
        }
      }
    } else {
      note = `${REPORT_ROUTE} does not exist yet: timed DepartmentPerformanceQuery.assess for the year, which the report is to call`;
    }
  } finally {
    apiPeakRssMb = await api?.stop().catch(() => undefined);
  }
  if (times.length) {
    const r = (x: number | undefined) => (x === undefined ? undefined : Math.round(x));
    return {
      ...summary(`GET ${REPORT_ROUTE} (HTTP, JSON)`, o.year, times),
      departments,
      apiPeakRssMb,
      csvDeductionsMs: r(files.csvDeductionsMs),
      xlsxMs: r(files.xlsxMs),
      jsonBytes,
      csvDeductionsBytes: files.csvDeductionsBytes,
      xlsxBytes: files.xlsxBytes,
    };
  }
  return { ...(await assessInProcess(o.databaseUrl, o.year, runs)), note };
}

/** DepartmentPerformanceQuery.assess in this process, the query the report route is built on. */
async function assessInProcess(databaseUrl: string, year: number, runs: number): Promise<AssessmentResult> {
  const runtime = await openRuntime(databaseUrl, { PROJECTOR_ENABLED: 'false' }, 10);
  @Module({ imports: [RuntimeModule.forRuntime(runtime), ReferenceDataModule, DepartmentPerformanceModule] })
  class AssessmentModule {}
  const context = await NestFactory.createApplicationContext(AssessmentModule, { logger: false });
  try {
    const query = context.get(DepartmentPerformanceQuery, { strict: false });
    const from = localMidnight(`${year}-01-01`);
    const to = localMidnight(`${year + 1}-01-01`);
    const times: number[] = [];
    let last;
    for (let i = 0; i < runs; i++) {
      const started = process.hrtime.bigint();
      last = await query.assess({ from, to, now: to, includeConfidential: true });
      times.push(elapsedMs(started));
    }
    const facts = await query.facts({ from, to, includeConfidential: true });
    return {
      ...summary('DepartmentPerformanceQuery.assess (in process)', year, times),
      departments: last?.departments.length,
      deadlineFacts: facts.deadlines.length,
      eventFacts: facts.events.length,
    };
  } finally {
    await context.close().catch(() => undefined);
    await runtime.close();
  }
}

/**
 * fetch gives up waiting for headers after 300 s; a slow report is a figure to report, not an error.
 * `ended` is when the last byte came; the body is kept (and joined after that) only when asked for.
 */
function getWithoutTimeout(
  url: string,
  headers: Record<string, string>,
  keep: boolean,
): Promise<{ status: number; body: Buffer; bytes: number; ended: bigint }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        if (keep) chunks.push(c);
      });
      res.on('end', () => {
        const ended = process.hrtime.bigint();
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), bytes, ended });
      });
      res.on('error', reject);
    }).on('error', reject);
  });
}

function summary(method: string, year: number, times: number[]): AssessmentResult {
  const rest = times.slice(1).sort((a, b) => a - b);
  const r = (x: number) => Math.round(x);
  return { method, year, firstMs: r(times[0]), medianMs: r(rest[Math.floor((rest.length - 1) / 2)]), runs: times.length };
}
