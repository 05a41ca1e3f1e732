import { toLocalIso } from '@wenzheng/calendar';
import type { Assessment } from '@wenzheng/scoring';
import { CellKind, CellValue, Column, DEDUCTION_COLUMNS, DEPARTMENT_COLUMNS, ReportSource, sourceOf } from './assessment-report.sheets';
import type { CsvSheet } from './assessment-report.request';

// RFC 4180 CSV that Excel opens with Chinese intact: UTF-8 with a byte order mark, CRLF line
// ends. Nothing in it depends on when or where it was made (no report time, no locale), so the
// same events and the same asOf give the same bytes.

const BOM = '\uFEFF';
const CRLF = '\r\n';

/** Shortest round-trip decimal, never in exponent form. */
export function decimal(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  if (Math.abs(n) >= 1e21) return BigInt(n).toString(); // a whole number at that size
  return n.toFixed(12).replace(/\.?0+$/, '');
}

/** A cell Excel would run as a formula (=, +, -, @, tab, CR) is prefixed with ' (OWASP CSV injection). */
export const defuse = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

export const quote = (s: string) => (/[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s);

export function csvCell(kind: CellKind, value: CellValue): string {
  if (value === null) return '';
  if (value instanceof Date) return toLocalIso(value);
  if (typeof value === 'number') return decimal(value);
  return quote(kind === 'text' ? defuse(value) : value);
}

const csvLine = <R>(columns: readonly Column<R>[], row: R): string => columns.map((c) => csvCell(c.kind, c.value(row))).join(',');

/** Characters gathered before a chunk is handed on while streaming. */
const CHUNK = 64 * 1024;

/** A table's bytes in chunks as the rows arrive (a cursor's pages): header line first, every line ended by CRLF. */
export async function* csvChunks<R>(columns: readonly Column<R>[], rows: AsyncIterable<R> | Iterable<R>): AsyncGenerator<Buffer> {
  let text = BOM + columns.map((c) => quote(c.header)).join(',') + CRLF;
  for await (const row of rows) {
    text += csvLine(columns, row) + CRLF;
    if (text.length >= CHUNK) {
      yield Buffer.from(text, 'utf8');
      text = '';
    }
  }
  yield Buffer.from(text, 'utf8');
}

/** One table of the report, streamed: the figures per department (部门考核) or every deduction (扣分明细). */
export const csvOf = (r: ReportSource, sheet: CsvSheet): AsyncGenerator<Buffer> =>
  sheet === 'deductions' ? csvChunks(DEDUCTION_COLUMNS, r.deductions()) : csvChunks(DEPARTMENT_COLUMNS, r.figures.departments);

export function toCsvTable<R>(columns: readonly Column<R>[], rows: readonly R[]): Buffer {
  const lines = [columns.map((c) => quote(c.header)).join(',')];
  for (const row of rows) lines.push(csvLine(columns, row));
  return Buffer.from(BOM + lines.join(CRLF) + CRLF, 'utf8');
}

/** One table of an assessment scored in memory (the same bytes as csvOf streams). */
export const toCsv = (a: Assessment, sheet: CsvSheet): Buffer => {
  const r = sourceOf(a);
  return sheet === 'deductions' ? toCsvTable(DEDUCTION_COLUMNS, r.deductions()) : toCsvTable(DEPARTMENT_COLUMNS, r.figures.departments);
};
