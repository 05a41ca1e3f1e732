import { once } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import { Cell, Workbook, Worksheet, stream as xlsxStream } from 'exceljs';
import { SHANGHAI_OFFSET_MS, localDate, toLocalIso } from '@wenzheng/calendar';
import type { ReportFigures } from '@wenzheng/read-models';
import type { Assessment } from '@wenzheng/scoring';
import {
  CellKind,
  CellValue,
  Column,
  DEDUCTION_COLUMNS,
  DEPARTMENT_COLUMNS,
  ReportSource,
  SHEET_NAMES,
  sourceOf,
} from './assessment-report.sheets';

/** Rows of one XLSX sheet, the header included. */
export const XLSX_MAX_ROWS = 1_048_576;

export class ReportTooLargeError extends Error {
  constructor(readonly rows: number) {
    super(`format: ${rows} deductions do not fit in one XLSX sheet (at most ${XLSX_MAX_ROWS - 1}); ask for format=csv or a shorter period`);
    this.name = 'ReportTooLargeError';
  }
}

const NUMBER_FORMATS: Partial<Record<CellKind, string>> = {
  rate: '0.00%',
  // Milliseconds shown: a deadline at 23:59:59.999 must not be rounded into the next day.
  time: 'yyyy-mm-dd hh:mm:ss.000',
};

/** Excel has no time zones: an instant is written as its Asia/Shanghai wall-clock time. */
const xlsxValue = (value: CellValue): string | number | Date | null =>
  value instanceof Date ? new Date(value.getTime() + SHANGHAI_OFFSET_MS) : value;

/** Header, widths, number formats, frozen header row and filter: the same for a sheet in memory and a streamed one. */
function startSheet<R>(wb: Pick<Workbook, 'addWorksheet'>, name: string, columns: readonly Column<R>[]): Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c, i) => ({
    header: c.header,
    key: `c${i}`,
    width: c.width,
    ...(NUMBER_FORMATS[c.kind] ? { style: { numFmt: NUMBER_FORMATS[c.kind] } } : {}),
  }));
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return ws;
}

const cells = <R>(columns: readonly Column<R>[], row: R) => columns.map((c) => xlsxValue(c.value(row)));

export function addSheet<R>(wb: Workbook, name: string, columns: readonly Column<R>[], rows: readonly R[]): Worksheet {
  const ws = startSheet(wb, name, columns);
  for (const row of rows) ws.addRow(cells(columns, row));
  return ws;
}

const describeWeights = (a: ReportFigures) =>
  `回应超期 ${a.weights.missedAcknowledgement}，办复超期 ${a.weights.missedResponse}，自动督办 ${a.weights.automaticEscalation}，不满意评价 ${a.weights.unsatisfiedRating}，意见征集反馈超期 ${a.weights.overdueConsultationSummary}`;

/**
 * exceljs gives each cell a style object of its own and, not knowing the object, works out its
 * style id afresh (a fifth of a year's workbook CPU at 1M cases); it remembers an id by object.
 * The cells of one column with one kind of value have the same style: they share the first one's
 * object, so the same ids come out of the cache. (The kind matters: exceljs picks a number format
 * by the value's type for a cell without one.)
 */
function sharedStyles(): (cell: Cell, column: number, value: string | number | Date | null) => void {
  const seen = new Map<string, Cell['style']>();
  return (cell, column, value) => {
    const key = `${column}:${value === null ? 'null' : value instanceof Date ? 'date' : typeof value}`;
    const style = seen.get(key);
    if (style) cell.style = style;
    else seen.set(key, cell.style);
  };
}

/** A writable stream whose buffer is over its mark: node's own, or readable-stream's (archiver's) that predate writableNeedDrain. */
interface Fillable extends NodeJS.EventEmitter {
  readonly writableNeedDrain?: boolean;
  readonly _writableState?: { readonly needDrain?: boolean };
}
export const full = (w: Fillable): boolean => w.writableNeedDrain ?? w._writableState?.needDrain ?? false;

/**
 * Where a streamed sheet's bytes go: exceljs's sheet stream (a StreamBuf) writes them to the zip's
 * input for that file (a readable-stream PassThrough archiver reads) without heeding write()'s
 * answer, so its fullness is the zip's backlog. Internals of exceljs 4.4 / archiver 5: when they
 * are not found, the sheet is paced by `out` alone.
 */
export function zipInputs(ws: Worksheet): Fillable[] {
  const pipes = (ws as unknown as { stream?: { pipes?: unknown } }).stream?.pipes;
  return Array.isArray(pipes) ? pipes.filter((p): p is Fillable => typeof (p as Fillable)?.once === 'function') : [];
}

/** More deductions than a sheet holds are refused before anything is written (the figures count them). */
export function checkFits(figures: ReportFigures): void {
  const deductions = figures.departments.reduce((n, d) => n + d.deductionCount, 0);
  if (deductions + 1 > XLSX_MAX_ROWS) throw new ReportTooLargeError(deductions);
}

/**
 * Two sheets, 部门考核 (figures per department, in rank order) and 扣分明细 (every deduction),
 * written to `out` as the deductions arrive: exceljs's streaming writer commits each row to the
 * zip, so memory holds the zip's buffers, not the sheet. Ends `out`.
 */
export async function writeXlsx(r: ReportSource, out: Writable): Promise<void> {
  const a = r.figures;
  checkFits(a);
  const lastDay = localDate(new Date(a.to.getTime() - 1));
  const wb = new xlsxStream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Wenzheng 问政';
  wb.lastModifiedBy = 'Wenzheng 问政';
  wb.created = a.now;
  wb.modified = a.now;
  wb.title = `部门考核 ${localDate(a.from)} 至 ${lastDay}`;
  wb.subject = '监督考核报表';
  wb.description =
    `考核期 ${toLocalIso(a.from)} 至 ${toLocalIso(a.to)}（不含）；报告时间 ${toLocalIso(a.now)}，届时未到期的时限不计入分子分母；` +
    `每项扣分：${describeWeights(a)}；得分 = 100 − 扣分合计，最低 0；含涉密件。`;
  // exceljs queues committed rows for the zip whatever the reader's pace: wait while `out` is full,
  // or a slow download would hold the whole sheet in memory after all; and while the zip's input
  // is full, or the sheet's XML piles up there whenever deflate lags behind the rows (at 1M cases
  // 150 MB of buffers held by the end of the deductions sheet).
  const paced = async (ws: Worksheet) => {
    for (const w of [out, ...zipInputs(ws)]) if (full(w) && !out.destroyed) await Promise.race([once(w, 'drain'), once(out, 'close')]);
    if (out.destroyed) throw new Error('xlsx: the reader went away');
  };
  const sheet = async <R>(name: string, columns: readonly Column<R>[], rows: AsyncIterable<R> | Iterable<R>) => {
    const ws = startSheet(wb, name, columns);
    const styles = sharedStyles();
    let n = 0;
    for await (const row of rows) {
      const values = cells(columns, row);
      const added = ws.addRow(values);
      values.forEach((value, i) => styles(added.getCell(i + 1), i, value));
      added.commit();
      if (++n % 1000 === 0) await paced(ws);
    }
    ws.commit();
  };
  await sheet(SHEET_NAMES.departments, DEPARTMENT_COLUMNS, a.departments);
  await sheet(SHEET_NAMES.deductions, DEDUCTION_COLUMNS, r.deductions());
  await wb.commit();
}

/** The workbook of an assessment scored in memory, as one buffer (the specs). */
export async function toXlsx(a: Assessment): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => out.on('end', resolve));
  await writeXlsx(sourceOf(a), out);
  await ended;
  return Buffer.concat(chunks);
}
