import { once } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import type * as ExcelJS from 'exceljs';
import type { Cell, Workbook, Worksheet } from 'exceljs';
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

/** exceljs's own escaping and date serial numbers (lib/utils/utils.js: no typings), so the rows it is bypassed for come out the same. */
interface ExcelUtils {
  xmlEncode(text: string): string;
  dateToExcel(d: Date, date1904?: boolean): number;
}

/**
 * exceljs, loaded at the first workbook rather than with every process that imports this file: it
 * costs about 0.2 s of CPU to load, and the API, the projector and each integration test's app
 * mostly never write a workbook.
 */
let loaded: { exceljs: typeof ExcelJS; utils: ExcelUtils } | undefined;
export function exceljs(): typeof ExcelJS {
  return excel().exceljs;
}
function excel(): { exceljs: typeof ExcelJS; utils: ExcelUtils } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= { exceljs: require('exceljs') as typeof ExcelJS, utils: require('exceljs/lib/utils/utils') as ExcelUtils });
}

type XlsxValue = string | number | Date | null;
/** Where a streamed sheet's XML goes, and the workbook's style table (exceljs 4.4 internals). */
interface SheetInternals {
  readonly stream?: { write(xml: string): unknown };
  readonly useSharedStrings?: boolean;
}
interface WorkbookInternals {
  readonly styles?: { addStyleModel(style: object, type?: ExcelJS.ValueType): number };
}

/**
 * The XML exceljs's streaming sheet writes for `ws.addRow(values).commit()` (useSharedStrings
 * false; no row height, style or outline; cells of a string, number, Date or null), rendered
 * directly: exceljs builds a Row, a Cell, a value, a style and a model per cell and an XmlStream
 * per row, the bulk of the heap a year's deductions sheet churns through (at 1M cases 300,000
 * rows: the heap's growth between full collections, the API's peak RSS). Style ids are asked of
 * the workbook's style table in exceljs's own order (the row's style, then each cell's the first
 * time its column and value type occur), so the ids, like the bytes, are the ones exceljs writes.
 * undefined when exceljs's internals are not where they were (the rows then go through exceljs); a
 * row's undefined when it holds a value of a kind not rendered here (that row goes through exceljs).
 */
export function rowRenderer(
  wb: Workbook,
  ws: Worksheet,
  width: number,
): ((n: number, values: readonly XlsxValue[]) => string | undefined) | undefined {
  const styles = (wb as unknown as WorkbookInternals).styles;
  // Strings are rendered inline (t="str"): with the sheet's shared strings on, exceljs writes indexes instead.
  if ((ws as unknown as SheetInternals).useSharedStrings !== false) return undefined;
  if (typeof styles?.addStyleModel !== 'function' || typeof (ws as unknown as SheetInternals).stream?.write !== 'function')
    return undefined;
  const { xmlEncode, dateToExcel } = excel().utils;
  const { ValueType } = excel().exceljs;
  const letters = Array.from({ length: width }, (_, i) => ws.getColumn(i + 1).letter);
  // A cell's style: its row's (none: {}) over its column's (Cell._mergeStyle).
  const cellStyle = (i: number): Partial<Cell['style']> => {
    const c: Partial<Cell['style']> = ws.getColumn(i + 1).style ?? {};
    const style: Partial<Cell['style']> = {};
    for (const k of ['numFmt', 'font', 'alignment', 'border', 'fill', 'protection'] as const) if (c[k]) Object.assign(style, { [k]: c[k] });
    return style;
  };
  const ids = new Map<number, number>();
  let rowStyle: string | undefined;
  return (n, values) => {
    // A row of nothing but empty cells: exceljs writes no row (Row.hasValues) and asks for no style id.
    // A value of another kind than the typed ones (a boolean, say): undefined, exceljs writes the row.
    let any = false;
    for (let i = 0; i < width; i++) {
      const v: unknown = values[i] ?? null;
      if (v !== null && typeof v !== 'string' && typeof v !== 'number' && !(v instanceof Date)) return undefined;
      any ||= v !== null;
    }
    if (!any) return '';
    if (rowStyle === undefined) {
      const id = styles.addStyleModel({});
      rowStyle = id ? ` s="${id}" customFormat="1"` : '';
    }
    let cells = '';
    for (let i = 0; i < width; i++) {
      const v = values[i] ?? null;
      const type =
        v === null ? ValueType.Null : typeof v === 'string' ? ValueType.String : typeof v === 'number' ? ValueType.Number : ValueType.Date;
      let id = ids.get(i * 16 + type);
      if (id === undefined) ids.set(i * 16 + type, (id = styles.addStyleModel(cellStyle(i), type)));
      const head = `<c r="${letters[i]}${n}"${id ? ` s="${id}"` : ''}`;
      if (v === null) cells += id ? `${head}/>` : '';
      else if (typeof v === 'string') cells += `${head} t="str"><v>${xmlEncode(v)}</v></c>`;
      else cells += `${head}><v>${xmlEncode(String(typeof v === 'number' ? v : dateToExcel(v)))}</v></c>`;
    }
    return `<row r="${n}" spans="1:${width}"${rowStyle} x14ac:dyDescent="0.25"${cells ? `>${cells}</row>` : '/>'}`;
  };
}

/** Rows rendered into one string before it is written to the sheet's stream (a buffer per write). */
const ROWS_A_WRITE = 100;

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
 * zip, so memory holds the zip's buffers, not the sheet. The rows after each header are rendered
 * here (rowRenderer) with the bytes exceljs writes for them; `direct: false` has exceljs write
 * them (the spec compares the two). Ends `out`.
 */
export async function writeXlsx(r: ReportSource, out: Writable, { direct = true }: { direct?: boolean } = {}): Promise<void> {
  const a = r.figures;
  checkFits(a);
  const lastDay = localDate(new Date(a.to.getTime() - 1));
  const wb = new (exceljs().stream.xlsx.WorkbookWriter)({ stream: out, useStyles: true, useSharedStrings: false });
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
    for (const w of [out, ...zipInputs(ws)]) {
      if (!full(w) || out.destroyed) continue;
      // The listener that lost the race is removed: each wait would otherwise leave one on `out`.
      const lost = new AbortController();
      await Promise.race([once(w, 'drain', { signal: lost.signal }), once(out, 'close', { signal: lost.signal })]).finally(() =>
        lost.abort(),
      );
    }
    if (out.destroyed) throw new Error('xlsx: the reader went away');
  };
  const sheet = async <R>(name: string, columns: readonly Column<R>[], rows: AsyncIterable<R> | Iterable<R>, direct: boolean) => {
    const ws = startSheet(wb, name, columns);
    // The header row goes through exceljs (its bold row style); the rows after it are rendered here when they can be.
    ws.getRow(1).commit();
    const render = direct ? rowRenderer(wb, ws, columns.length) : undefined;
    const stream = (ws as unknown as SheetInternals).stream;
    const styles = sharedStyles();
    let n = 1;
    let xml = '';
    for await (const row of rows) {
      const values = cells(columns, row);
      n++;
      const rendered = render?.(n, values);
      if (rendered !== undefined && stream) {
        xml += rendered;
        if ((n - 1) % ROWS_A_WRITE === 0) {
          stream.write(xml);
          xml = '';
        }
      } else {
        // Rows rendered before it go first; exceljs, never told of them, is given the row by its number.
        if (xml && stream) stream.write(xml);
        xml = '';
        const added = ws.getRow(n);
        added.values = values;
        values.forEach((value, i) => styles(added.getCell(i + 1), i, value));
        added.commit();
      }
      if ((n - 1) % 1000 === 0) await paced(ws);
    }
    if (xml && stream) stream.write(xml);
    ws.commit();
  };
  await sheet(SHEET_NAMES.departments, DEPARTMENT_COLUMNS, a.departments, direct);
  await sheet(SHEET_NAMES.deductions, DEDUCTION_COLUMNS, r.deductions(), direct);
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
