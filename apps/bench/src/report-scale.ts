import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { DEFAULT_GENERATOR } from './generator';
import { ArgumentError, parseArgs, positiveInt } from './harness/args';
import { startBenchPostgres } from './harness/postgres';
import { openRuntime } from './harness/runtime';
import { assessmentStep } from './steps/assessment';
import { bringProjectionsToHead } from './steps/projections';
import { REPORT_PROFILE, ReportProfile, calibrate, fillReportFacts } from './steps/report-scale';
import { seedStep } from './steps/seed';

const USAGE = `npm run bench:report-scale -- [--cases N] [--runs R] [--calibrate C] [--keep [--reuse]] [--out DIR]

The one-year assessment report at N cases (default 1000000) without seeding them: the fact tables
the report reads are filled with synthetic rows in SQL (generate_series), in the proportions of
the bench generator's data (measured once with --calibrate and kept in steps/report-scale.ts),
then the real API (its own process, projector off) is asked for the year's report: JSON R times
(default 4; median of all but the first), then the deductions CSV and the XLSX once each, with
the API's peak RSS and the bytes of each answer. --calibrate C seeds C real cases first (the
generator, the event store, the real projections), prints their proportions and fills with them.
--keep leaves the filled database (with DATABASE_URL), --reuse measures on it instead of filling.
Starts its own embedded PostgreSQL unless DATABASE_URL is set.`;

const log = (m: string) => process.stderr.write(`[report-scale] ${m}\n`);

async function main(argv: readonly string[]): Promise<void> {
  const a = parseArgs(argv, ['help', 'keep', 'reuse'], ['cases', 'runs', 'calibrate', 'out']);
  if (a.help) {
    console.log(USAGE);
    return;
  }
  const cases = positiveInt('cases', a.cases, 1_000_000);
  const runs = positiveInt('runs', a.runs, 4);
  if (a.calibrate !== undefined && a.reuse) throw new ArgumentError('--calibrate fills again: not with --reuse');
  const year = DEFAULT_GENERATOR.year;
  const out = path.resolve(typeof a.out === 'string' ? a.out : 'bench-results');
  await mkdir(out, { recursive: true });
  const pg = await startBenchPostgres({ databaseUrl: process.env.DATABASE_URL, logFile: path.join(out, 'postgres.log') });
  try {
    let profile: ReportProfile = REPORT_PROFILE;
    if (a.calibrate !== undefined) {
      const real = positiveInt('calibrate', a.calibrate, 20_000);
      const url = await pg.createDatabase('wz_bench_report_calibrate');
      log(`seeding ${real} real cases to measure their proportions`);
      await seedStep({ databaseUrl: url, from: 0, to: real, generator: DEFAULT_GENERATOR, showProgress: true });
      await bringProjectionsToHead({ databaseUrl: url, log });
      const pool = new Pool({ connectionString: url, max: 2 });
      try {
        profile = await calibrate(pool, year);
      } finally {
        await pool.end();
      }
      console.log(JSON.stringify(profile, null, 2));
    }
    const url = a.reuse ? pg.urlFor('wz_bench_report_scale') : await pg.createDatabase('wz_bench_report_scale');
    let fill;
    if (!a.reuse) {
      // Migrations (reference data: the departments' names) as the API runs them, before the fill.
      const runtime = await openRuntime(url, {}, 2);
      try {
        fill = await fillReportFacts(runtime.pool, { cases, year, profile, log });
      } finally {
        await runtime.close();
      }
      log(
        `filled in ${fill.fillSeconds.toFixed(0)} s: ${fill.deadlineFacts} deadline facts, ${fill.eventFacts} event facts, ${fill.summaryFacts} summaries`,
      );
    }
    if (a.reuse) {
      // The read-model migrations a newer API brings (the day tables, counted from the facts) before the clock starts.
      const started = Date.now();
      await (await openRuntime(url, {}, 2)).close();
      log(`migrations in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
    const load = os.loadavg().map((x) => x.toFixed(2));
    const report = await assessmentStep({ databaseUrl: url, year, runs });
    const loadAfter = os.loadavg().map((x) => x.toFixed(2));
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    const result = {
      at: new Date().toISOString(),
      server: pg.serverVersion,
      settings: pg.settings,
      loadAverage: { before: load, after: loadAfter },
      cases,
      fill,
      report,
    };
    await writeFile(path.join(out, `report-scale-${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);
    const mb = (b: number | undefined) => (b === undefined ? '?' : (b / 1048576).toFixed(1));
    console.log(
      `${cases} synthetic cases, year ${year}; PostgreSQL ${pg.serverVersion}; load average ${load.join(' ')} before, ${loadAfter.join(' ')} after\n` +
        `| one-year report over HTTP | ${cases} cases |\n|---|---:|\n` +
        `| JSON, median of ${report.runs - 1} after the first (first) | ${report.medianMs} ms (${report.firstMs}) |\n` +
        `| CSV of the deductions | ${report.csvDeductionsMs ?? '?'} ms |\n| XLSX (both sheets) | ${report.xlsxMs ?? '?'} ms |\n` +
        `| JSON / CSV / XLSX size | ${mb(report.jsonBytes)} / ${mb(report.csvDeductionsBytes)} / ${mb(report.xlsxBytes)} MB |\n` +
        `| peak RSS of the API process | ${report.apiPeakRssMb ?? '?'} MB |` +
        (report.note ? `\n${report.note}` : ''),
    );
  } finally {
    if (!a.keep) await pg.dropDatabases();
    await pg.stop();
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e instanceof ArgumentError ? e.message : e);
  process.exitCode = 1;
});
