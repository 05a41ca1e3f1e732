import { Workbook, stream as xlsxStream } from 'exceljs';
import { DEFAULT_WEIGHTS } from '@wenzheng/scoring';
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { fixture } from './report-fixture';
import { sourceOf } from './assessment-report.sheets';
import { full, rowRenderer, toXlsx, writeXlsx, zipInputs } from './assessment-report.xlsx';
import { writeBothWays } from './xlsx-both-ways';

async function load(buffer: Buffer): Promise<Workbook> {
  const wb = new Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer); // exceljs declares its own Buffer (an ArrayBuffer)
  return wb;
}
const values = (wb: Workbook, sheet: string) => {
  const out: unknown[][] = [];
  wb.getWorksheet(sheet)?.eachRow((r) => out.push((r.values as unknown[]).slice(1)));
  return out;
};

describe('XLSX of the assessment report', () => {
  it('holds 部门考核 and 扣分明细 with Chinese headers, in that order', async () => {
    const wb = await load(await toXlsx(fixture()));
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['部门考核', '扣分明细']);
    const figures = values(wb, '部门考核');
    expect(figures).toHaveLength(3);
    expect(figures.slice(1).map((r) => r.slice(0, 4))).toEqual([
      [1, '=HYPERLINK("http://x")', 'dept-y', 99.5], // a string cell, never a formula
      [2, '甲局, "东区"', 'dept-x', 99],
    ]);
    expect(wb.getWorksheet('部门考核')?.getCell('B2').type).toBe(3); // ValueType.String
  });

  it('writes instants as Beijing wall-clock time with milliseconds, so 23:59:59.999 stays on its day', async () => {
    const wb = await load(await toXlsx(fixture()));
    const [, , missed] = values(wb, '扣分明细');
    expect(missed[6]).toEqual(new Date('2026-10-31T23:59:59.999Z'));
    expect(wb.getWorksheet('扣分明细')?.getCell('G3').numFmt).toBe('yyyy-mm-dd hh:mm:ss.000');
  });

  it('records the period, report time and weights in the document properties', async () => {
    const wb = await load(await toXlsx(fixture({ ...DEFAULT_WEIGHTS, missedResponse: 2 })));
    expect(wb.title).toBe('部门考核 2026-10-01 至 2026-10-31');
    expect(wb.description).toContain('报告时间 2026-11-20T10:00:00.000+08:00');
    expect(wb.description).toContain('办复超期 2');
    expect(wb.created?.toISOString()).toBe('2026-11-20T02:00:00.000Z');
  });
});

describe('XLSX written as a stream', () => {
  it('reads the deductions only as fast as the file is read: a reader that waits holds the writer back', async () => {
    const memory = sourceOf(fixture());
    const [row] = memory.deductions();
    const total = 20_000;
    let pulled = 0;
    async function* many() {
      for (let i = 0; i < total; i++) {
        if (i % 2000 === 0) await new Promise((resolve) => setImmediate(resolve)); // a cursor's page: I/O between pages
        pulled++;
        yield { ...row, deduction: { ...row.deduction, eventId: randomUUID() } }; // rows that do not compress to nothing
      }
    }
    const out = new PassThrough();
    const done = writeXlsx({ figures: memory.figures, deductions: many }, out);
    // Nobody reads `out` yet: the writer stalls (no more rows pulled) well before the end.
    for (let seen = -1; seen !== pulled;) {
      seen = pulled;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(pulled).toBeLessThan(total);
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await done;
    expect(pulled).toBe(total);
    await new Promise((resolve) => (out.readableEnded ? resolve(undefined) : out.on('end', resolve)));
    const wb = await load(Buffer.concat(chunks));
    expect(wb.getWorksheet('扣分明细')?.rowCount).toBe(total + 1);
  });

  it("finds the zip's input of a streamed sheet, which exceljs fills without waiting: the writer paces itself by it", async () => {
    // At 1M cases the deductions sheet's XML piled up there (150 MB) while deflate lagged; if an
    // exceljs or archiver upgrade moves it, the writer would lose that pacing without a sound.
    const out = new PassThrough();
    out.resume();
    const wb = new xlsxStream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const ws = wb.addWorksheet('a');
    ws.addRow(['x'.repeat(1000)]).commit();
    const inputs = zipInputs(ws);
    expect(inputs).toHaveLength(1);
    expect(full(inputs[0])).toBe(false);
    // 200 rows of 1 kB: past the input's mark with nothing read from it yet (the zip starts on the next tick at the earliest).
    for (let i = 0; i < 200; i++) ws.addRow([`${i}`.padEnd(1000, 'y')]).commit();
    expect(full(inputs[0])).toBe(true);
    ws.commit();
    await wb.commit();
  });

  it('renders the rows itself with the very bytes exceljs writes for them (both sheets, styles, escaping, empty cells, fractions, instants)', async () => {
    const memory = sourceOf(fixture());
    const rows = memory.deductions();
    const awkward = [
      '<a href="x">&amp;</a>',
      "it's",
      'ctl\u0001\u0008\u000b\u001f\u007f end',
      'tab\tline\nfeed\r',
      '',
      '=SUM(A1)',
      '𠀀 emoji 🙂',
    ];
    function* many() {
      for (let i = 0; i < 1500; i++) {
        const r = rows[i % rows.length];
        yield {
          ...r,
          deduction: {
            ...r.deduction,
            trackingCode: i % 5 ? r.deduction.trackingCode : awkward[i % awkward.length],
            consultationId: i % 3 ? r.deduction.consultationId : `c-${i}`,
            deadline: i % 4 ? r.deduction.deadline : null,
            points: i % 2 ? r.deduction.points : i / 7,
            at: new Date(r.deduction.at.getTime() + i * 1001),
          },
        };
      }
    }
    const [rendered, byExceljs] = await writeBothWays({ figures: memory.figures, deductions: many });
    expect(rendered.length).toBe(byExceljs.length);
    expect(rendered.equals(byExceljs)).toBe(true);
    expect(values(await load(rendered), '扣分明细')).toHaveLength(1501);
  });

  it("finds what it renders rows with in exceljs's streaming writer (else it would quietly fall back to exceljs's own rows)", () => {
    const wb = new xlsxStream.xlsx.WorkbookWriter({ stream: new PassThrough(), useStyles: true, useSharedStrings: false });
    const ws = wb.addWorksheet('a');
    ws.columns = [{ header: 'x', key: 'x' }];
    expect(rowRenderer(wb as never, ws, 1)).toBeDefined();
  });

  it('leaves a sheet with shared strings to exceljs (it writes string indexes there, not the inline strings rendered here)', () => {
    const wb = new xlsxStream.xlsx.WorkbookWriter({ stream: new PassThrough(), useStyles: true, useSharedStrings: true });
    const ws = wb.addWorksheet('a');
    ws.columns = [{ header: 'x', key: 'x' }];
    expect(rowRenderer(wb as never, ws, 1)).toBeUndefined();
    const inline = wb.addWorksheet('b', { useSharedStrings: false } as never);
    inline.columns = [{ header: 'x', key: 'x' }];
    expect(rowRenderer(wb as never, inline, 1)).toBeDefined();
  });
});
