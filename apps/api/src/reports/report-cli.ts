import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Presets, SingleBar } from 'cli-progress';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CliExit, Runtime, runCli } from '@wenzheng/platform';
import { AssessmentReportQuery, DepartmentPerformanceModule, ReportSession } from '@wenzheng/read-models';
import { readModelEntities, readModelMigrations } from '@wenzheng/read-models';
import { ReferenceModule } from '../reference/reference.module';
import { RuntimeModule } from '@wenzheng/platform';
import { reportBody } from './assessment-report/assessment-report.files';
import { AssessmentReportRequest, ReportRequestError, reportPeriod, reportTime } from './assessment-report/assessment-report.request';
import { ReportTooLargeError } from './assessment-report/assessment-report.xlsx';

/**
 * `npm run report -- --from 2026-01-01 --to 2027-01-01 --format xlsx --out report.xlsx`: the
 * assessment report of GET /api/reports/assessment written to a file, or to standard output without
 * `--out` (npm runs scripts in the repository folder, where a default file name would land), with a
 * progress bar on standard error while the deductions are written (the figures are counted in SQL
 * first; the deductions stream from a cursor into the file, so a year takes no more memory than a month).
 * Exit 0 written, 2 bad arguments or the report could not be made.
 */
const USAGE = `usage: npm run report -- --from YYYY-MM-DD --to YYYY-MM-DD [--format json|csv|xlsx] [--sheet departments|deductions] [--as-of ISO] [--out FILE|-]
  --from      first day of the period (Asia/Shanghai), included
  --to        end of the period, EXCLUSIVE (a year: --from 2026-01-01 --to 2027-01-01), at most 366 days after --from
  --format    xlsx (default: both sheets), csv (one table, --sheet) or json
  --sheet     csv only: departments (部门考核, default) or deductions (扣分明细)
  --as-of     report time (default now): deadlines not passed by then are pending
  --out       file to write; without it (or -) standard output (xlsx: not to a terminal)`;

const FLAGS: Record<string, string> = { from: '--from', to: '--to', format: '--format', sheet: '--sheet', asOf: '--as-of' };

@Module({})
class ReportCliModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    return {
      module: ReportCliModule,
      imports: [RuntimeModule.forRuntime(runtime), ReferenceModule, DepartmentPerformanceModule],
    };
  }
}

interface Arguments {
  request: AssessmentReportRequest;
  asOf: Date;
  out?: string;
}

/** The same fields and rules as the HTTP route; messages name the flag (an error: the message and the usage, exit 2). */
async function parse(argv: string[]): Promise<Arguments> {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string' },
      sheet: { type: 'string' },
      'as-of': { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  }) as { values: Record<string, string | undefined> };
  const plain = { from: values.from, to: values.to, format: values.format ?? 'xlsx', sheet: values.sheet, asOf: values['as-of'] };
  const request = plainToInstance(AssessmentReportRequest, Object.fromEntries(Object.entries(plain).filter(([, v]) => v !== undefined)));
  const errors = await validate(request, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    throw new Error(
      errors
        .flatMap((e) =>
          Object.values(e.constraints ?? {}).map(
            (m) => `${FLAGS[e.property] ?? e.property}: ${m.replace(new RegExp(`^${e.property} `), '')}`,
          ),
        )
        .join('\n'),
    );
  }
  const out = values.out === '-' ? undefined : values.out;
  if (!out && (request.format ?? 'xlsx') === 'xlsx' && process.stdout.isTTY) {
    throw new CliExit(2, '--out: an xlsx report is binary: name a file (--out assessment.xlsx) or redirect standard output');
  }
  try {
    return { request, asOf: reportTime(request.asOf, new Date()), out };
  } catch (e) {
    if (!(e instanceof ReportRequestError)) throw e;
    throw new CliExit(2, e.message.replace(/^asOf:/, '--as-of:'));
  }
}

runCli({
  name: 'report',
  failureCode: 2,
  usage: USAGE,
  parse,
  runtime: { entities: readModelEntities, migrations: readModelMigrations, poolSize: 4, log: (m) => console.error(m) },
  main: async ({ args: { request, asOf, out }, runtime }) => {
    const app = await NestFactory.createApplicationContext(ReportCliModule.forRuntime(runtime), { logger: ['error'] });
    try {
      const session = await app.get(AssessmentReportQuery).open({ ...reportPeriod(request), now: asOf, includeConfidential: true });
      const { departments } = session.figures;
      const deductions = departments.reduce((n, d) => n + d.deductionCount, 0);
      const bar = new SingleBar(
        { format: 'assessment [{bar}] {percentage}% | {value}/{total} deductions written', hideCursor: true },
        Presets.shades_classic,
      );
      bar.start(deductions, 0);
      const progress = (n: number) => bar.update(n);
      const counted: ReportSession = {
        ...session,
        deductions: () => counting(session.deductions(), () => 1, progress),
        deductionTexts: (format) => counting(session.deductionTexts(format), (page) => page.length, progress),
        deductionJson: (points) => counting(session.deductionJson(points), (runs) => runs.reduce((n, r) => n + r.count, 0), progress),
      };
      const { body } = reportBody(counted, { from: request.from, to: request.to }, request.format ?? 'xlsx', request.sheet);
      const sink = out ? createWriteStream(out) : process.stdout;
      let bytes = 0;
      try {
        for await (const chunk of body as AsyncIterable<Buffer>) {
          bytes += chunk.length;
          if (!sink.write(chunk)) await once(sink, 'drain');
        }
        if ((request.format ?? 'xlsx') === 'json') sink.write('\n');
      } finally {
        bar.stop();
        if (out) await new Promise<void>((resolve, reject) => sink.end((e?: Error | null) => (e ? reject(e) : resolve())));
      }
      console.error(
        `${departments.length} departments, ${deductions} deductions, as of ${asOf.toISOString()}` +
          (out ? `; wrote ${out} (${bytes} bytes)` : ''),
      );
      return 0;
    } catch (e) {
      if (e instanceof ReportTooLargeError) {
        console.error(e.message.replace(/^format:/, '--format:'));
        return 2;
      }
      throw e;
    } finally {
      await app.close();
    }
  },
});

/** The deductions as they pass (one by one, or a page PostgreSQL rendered at a time), counted for the progress bar every thousand or so. */
async function* counting<T>(items: AsyncIterable<T>, size: (item: T) => number, progress: (n: number) => void): AsyncIterable<T> {
  let n = 0;
  let shown = 0;
  for await (const item of items) {
    yield item;
    n += size(item);
    if (n - shown >= 1000) progress((shown = n));
  }
  progress(n);
}
