import { toLocalIso } from '@wenzheng/calendar';
import type { Assessment } from '@wenzheng/scoring';
import type { ReportSession } from '@wenzheng/read-models';
import {
  CellKind,
  CellValue,
  Column,
  DEADLINE_LABELS,
  DEDUCTION_COLUMNS,
  DEPARTMENT_COLUMNS,
  EVIDENCE_LABELS,
  RULE_LABELS,
  ReportSource,
  sourceOf,
} from './assessment-report.sheets';
import type { CsvSheet } from './assessment-report.request';
import { rulePoints } from './assessment-report.view';

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

const headerLine = <R>(columns: readonly Column<R>[]) => BOM + columns.map((c) => quote(c.header)).join(',') + CRLF;

/** A table's bytes in chunks as the rows arrive (a cursor's pages): header line first, every line ended by CRLF. */
export async function* csvChunks<R>(columns: readonly Column<R>[], rows: AsyncIterable<R> | Iterable<R>): AsyncGenerator<Buffer> {
  let text = headerLine(columns);
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

const labelCells = <K extends string>(labels: Record<K, string>): Record<K, string> =>
  Object.fromEntries(Object.entries<string>(labels).map(([k, label]) => [k, csvCell('text', label)])) as Record<K, string>;

/**
 * The deductions table (扣分明细) of a report session with each line's cells written by PostgreSQL
 * but the department's (from the figures) and the tracking code's (the one free text, quoted and
 * defused here): the same bytes as csvOf(…, 'deductions') without a row object per deduction. The
 * line is DEDUCTION_COLUMNS in their order; the report's specs hold the two paths to the same bytes.
 */
export async function* renderedDeductionsCsv(session: ReportSession): AsyncGenerator<Buffer> {
  const departments = new Map(
    session.figures.departments.map((d) => [d.departmentId, `${csvCell('text', d.name)},${csvCell('text', d.departmentId)},`]),
  );
  const pages = session.deductionTexts({
    kind: 'csv',
    points: rulePoints(session.figures.weights, decimal),
    rules: labelCells(RULE_LABELS),
    deadlines: labelCells(DEADLINE_LABELS),
    evidence: labelCells(EVIDENCE_LABELS),
  });
  let text = headerLine(DEDUCTION_COLUMNS);
  for await (const page of pages) {
    for (const r of page) {
      text += `${departments.get(r.departmentId)}${r.text},${csvCell('text', r.trackingCode)}${r.tail}${CRLF}`;
      if (text.length >= CHUNK) {
        yield Buffer.from(text, 'utf8');
        text = '';
      }
    }
  }
  yield Buffer.from(text, 'utf8');
}

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
