import { toLocalIso } from '@wenzheng/calendar';
import type { Assessment } from '@wenzheng/scoring';
import { CellKind, CellValue, Column, DEDUCTION_COLUMNS, DEPARTMENT_COLUMNS, deductionRows } from './assessment-report.sheets';
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

export function toCsvTable<R>(columns: readonly Column<R>[], rows: readonly R[]): Buffer {
  const lines = [columns.map((c) => quote(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.kind, c.value(row))).join(','));
  return Buffer.from(BOM + lines.join(CRLF) + CRLF, 'utf8');
}

/** One table of the report: the figures per department (部门考核) or every deduction (扣分明细). */
export const toCsv = (a: Assessment, sheet: CsvSheet): Buffer =>
  sheet === 'deductions' ? toCsvTable(DEDUCTION_COLUMNS, deductionRows(a)) : toCsvTable(DEPARTMENT_COLUMNS, a.departments);
