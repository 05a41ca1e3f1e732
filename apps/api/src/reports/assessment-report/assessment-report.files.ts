import type { Assessment } from '@wenzheng/scoring';
import { toCsv } from './assessment-report.csv';
import type { CsvSheet } from './assessment-report.request';
import { SHEET_NAMES } from './assessment-report.sheets';
import type { ReportDays } from './assessment-report.view';
import { toXlsx } from './assessment-report.xlsx';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv; charset=utf-8';

export interface ReportFile {
  readonly contentType: string;
  /** ASCII: assessment_2026-10-01_2026-11-01.xlsx, assessment_…_deductions.csv */
  readonly fileName: string;
  /** For people: 考核报表_2026-10-01_2026-11-01.xlsx, 扣分明细_….csv */
  readonly displayName: string;
  readonly body: Buffer;
}

export async function reportFile(
  a: Assessment,
  days: ReportDays,
  format: 'csv' | 'xlsx',
  sheet: CsvSheet = 'departments',
): Promise<ReportFile> {
  const span = `${days.from}_${days.to}`;
  if (format === 'xlsx') {
    return { contentType: XLSX_TYPE, fileName: `assessment_${span}.xlsx`, displayName: `考核报表_${span}.xlsx`, body: await toXlsx(a) };
  }
  return {
    contentType: CSV_TYPE,
    fileName: `assessment_${span}_${sheet}.csv`,
    displayName: `${SHEET_NAMES[sheet]}_${span}.csv`,
    body: toCsv(a, sheet),
  };
}

/** RFC 6266: an ASCII name for every client, the Chinese one for those that read filename*. */
export const contentDisposition = (f: ReportFile): string =>
  `attachment; filename="${f.fileName}"; filename*=UTF-8''${encodeURIComponent(f.displayName)}`;
