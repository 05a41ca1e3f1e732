import { PassThrough, Readable } from 'node:stream';
import { csvOf, renderedDeductionsCsv } from './assessment-report.csv';
import type { CsvSheet } from './assessment-report.request';
import { ReportSource, SHEET_NAMES } from './assessment-report.sheets';
import type { ReportSession } from '@wenzheng/read-models';
import { ReportDays, renderedJsonChunks } from './assessment-report.view';
import { checkFits, writeXlsx } from './assessment-report.xlsx';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv; charset=utf-8';

export interface ReportFile {
  readonly contentType: string;
  /** ASCII: assessment_2026-10-01_2026-11-01.xlsx, assessment_…_deductions.csv */
  readonly fileName: string;
  /** For people: 考核报表_2026-10-01_2026-11-01.xlsx, 扣分明细_….csv */
  readonly displayName: string;
  /** Written as it is read: the deductions come from the source while the bytes go out. */
  readonly body: Readable;
}

/**
 * The CSV table or the XLSX workbook of a report, as a stream. An XLSX with more deductions than
 * a sheet holds throws ReportTooLargeError here, before a byte is written; a failure while
 * writing destroys the stream with the error.
 */
export function reportFile(source: ReportSource, days: ReportDays, format: 'csv' | 'xlsx', sheet: CsvSheet = 'departments'): ReportFile {
  const span = `${days.from}_${days.to}`;
  if (format === 'xlsx') {
    checkFits(source.figures);
    const body = new PassThrough();
    writeXlsx(source, body).catch((e: unknown) => body.destroy(e instanceof Error ? e : new Error(String(e))));
    return { contentType: XLSX_TYPE, fileName: `assessment_${span}.xlsx`, displayName: `考核报表_${span}.xlsx`, body };
  }
  return csvFile(days, sheet, Readable.from(csvOf(source, sheet)));
}

const csvFile = (days: ReportDays, sheet: CsvSheet, body: Readable): ReportFile => ({
  contentType: CSV_TYPE,
  fileName: `assessment_${days.from}_${days.to}_${sheet}.csv`,
  displayName: `${SHEET_NAMES[sheet]}_${days.from}_${days.to}.csv`,
  body,
});

export const JSON_TYPE = 'application/json; charset=utf-8';

export interface ReportBody {
  readonly contentType: string;
  /** csv and xlsx: the attachment's names; json is shown, not saved. */
  readonly file?: Pick<ReportFile, 'fileName' | 'displayName'>;
  readonly body: Readable;
}

/**
 * A report session (AssessmentReportQuery.open) written in one of its formats as a stream; the
 * session (its connection and snapshot) is closed when the stream closes, read to the end or not.
 * Throws ReportTooLargeError (the session closed) for an XLSX too large for a sheet.
 */
export function reportBody(session: ReportSession, days: ReportDays, format: 'json' | 'csv' | 'xlsx', sheet?: CsvSheet): ReportBody {
  let out: ReportBody;
  try {
    if (format === 'json') {
      out = { contentType: JSON_TYPE, body: Readable.from(renderedJsonChunks(session, days)) };
    } else if (format === 'csv' && sheet === 'deductions') {
      const { body, ...file } = csvFile(days, sheet, Readable.from(renderedDeductionsCsv(session)));
      out = { contentType: file.contentType, file, body };
    } else {
      const { body, ...file } = reportFile({ figures: session.figures, deductions: () => session.deductions() }, days, format, sheet);
      out = { contentType: file.contentType, file, body };
    }
  } catch (e) {
    void session.close();
    throw e;
  }
  out.body.once('close', () => void session.close());
  return out;
}

/** RFC 6266: an ASCII name for every client, the Chinese one for those that read filename*. */
export const contentDisposition = (f: Pick<ReportFile, 'fileName' | 'displayName'>): string =>
  `attachment; filename="${f.fileName}"; filename*=UTF-8''${encodeURIComponent(f.displayName)}`;
