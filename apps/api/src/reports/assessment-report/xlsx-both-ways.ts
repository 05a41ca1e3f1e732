import { PassThrough } from 'node:stream';
import type { ReportSource } from './assessment-report.sheets';
import { writeXlsx } from './assessment-report.xlsx';

/** For the specs: one workbook written with the rows rendered directly, then through exceljs's own rows, the clock held still. */
export async function writeBothWays(source: ReportSource): Promise<[direct: Buffer, byExceljs: Buffer]> {
  // The zip stamps its entries with the time: hold the clock (and only the clock) still.
  jest.useFakeTimers({
    now: new Date('2026-11-20T02:00:00.000Z'),
    doNotFake: [
      'nextTick',
      'setImmediate',
      'clearImmediate',
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'queueMicrotask',
      'hrtime',
      'performance',
    ],
  });
  try {
    const write = async (direct: boolean) => {
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on('data', (c: Buffer) => chunks.push(c));
      const ended = new Promise((resolve) => out.on('end', resolve));
      await writeXlsx(source, out, { direct });
      await ended;
      return Buffer.concat(chunks);
    };
    return [await write(true), await write(false)];
  } finally {
    jest.useRealTimers();
  }
}
