import { PassThrough } from 'node:stream';
import { fixture } from './report-fixture';
import { DEPARTMENT_COLUMNS, DeductionRow, sourceOf } from './assessment-report.sheets';
import { writeXlsx } from './assessment-report.xlsx';
import { writeBothWays } from './xlsx-both-ways';

// The rows rendered directly must come out as the very bytes exceljs writes, whatever the values.

const memory = sourceOf(fixture());
const base = memory.deductions();
type Deduction = DeductionRow['deduction'];
type Figures = typeof memory.figures;

const both = (figures: Figures, rows: () => DeductionRow[]) => writeBothWays({ figures, deductions: rows });

const deductions = (over: (i: number) => Partial<Record<keyof Deduction, unknown>>, count: number) => () =>
  Array.from({ length: count }, (_, i) => {
    const r = base[i % base.length];
    return { ...r, deduction: { ...r.deduction, ...over(i) } as Deduction };
  });

const expectSame = ([direct, byExceljs]: [Buffer, Buffer]) => {
  expect(direct.length).toBe(byExceljs.length);
  expect(direct.equals(byExceljs)).toBe(true);
};

const STRINGS = [
  '  leading and trailing  ',
  '\tstarts with a tab',
  'ends with a newline\n',
  '   ',
  '\n',
  'crlf\r\nline',
  'lone \ud800 high',
  'lone \udc00 low',
  '\ud83d',
  'nonchars \ufffe \uffff',
  'c0 \u0000\u0001\u0002\u0009\u000a\u000d\u001b\u001f',
  'c1 \u0080\u0085\u009f',
  ']]> cdata end',
  '&amp; literal &lt;',
  '"quotes" \'apos\' <tag>',
  '=1+1',
  '+1',
  '-1',
  '@SUM(A1)',
  "=cmd|' /C calc'!A0",
  '部门 🙂 𠀀 emoji',
  'x'.repeat(32_767),
  'y'.repeat(40_000),
  '',
];

const NUMBERS = [
  NaN,
  Infinity,
  -Infinity,
  -0,
  0,
  1e21,
  1e-7,
  0.1 + 0.2,
  Number.MIN_VALUE,
  Number.MAX_VALUE,
  2 ** 53 + 2,
  -(2 ** 60),
  123456789.12345679,
];

const DATES = [
  new Date('1899-12-30T00:00:00Z'),
  new Date('1800-01-01T00:00:00Z'),
  new Date('0001-01-01T00:00:00Z'),
  new Date(NaN),
  new Date('9999-12-31T23:59:59.999Z'),
  new Date(8.64e15),
  new Date(-8.64e15),
  new Date('1900-02-28T16:00:00Z'),
  new Date('1900-03-01T16:00:00Z'),
];

describe('XLSX rows rendered directly: same bytes as exceljs for awkward values', () => {
  it('strings: whitespace, newlines, surrogates, non-characters, control characters, markup, formulas, CJK/emoji, over 32,767 characters', async () => {
    expectSame(
      await both(
        memory.figures,
        deductions((i) => ({ trackingCode: STRINGS[i % STRINGS.length], eventId: STRINGS[(i + 3) % STRINGS.length] }), 150),
      ),
    );
  });

  it('numbers: NaN, ±Infinity, -0, 1e21, tiny, huge, beyond 2^53', async () => {
    expectSame(
      await both(
        memory.figures,
        deductions((i) => ({ points: NUMBERS[i % NUMBERS.length] }), 130),
      ),
    );
  });

  it('dates: before 1900, the 1900 leap day, invalid, far future, null', async () => {
    expectSame(
      await both(
        memory.figures,
        deductions((i) => ({ at: DATES[i % DATES.length], dueAt: i % 2 ? DATES[(i + 1) % DATES.length] : null }), 120),
      ),
    );
  });

  it('null in every column that can hold one, and a row of nothing but nulls', async () => {
    const nulls = (r: DeductionRow): DeductionRow => ({
      department: { ...r.department, name: null as never, departmentId: null as never },
      deduction: Object.fromEntries(Object.keys(r.deduction).map((k) => [k, null])) as never,
    });
    expectSame(await both(memory.figures, () => base.flatMap((r, i) => [nulls(r), r, i % 2 ? nulls(r) : r])));
  });

  it('undefined values (a label missing for a rule, an absent field)', async () => {
    expectSame(
      await both(
        memory.figures,
        deductions(
          (i) => ({
            rule: i % 2 ? 'no-such-rule' : undefined,
            evidence: 'no-such-evidence',
            dueAt: i % 3 ? undefined : null,
            at: i % 4 ? undefined : DATES[0],
            consultationId: undefined,
          }),
          30,
        ),
      ),
    );
  });

  it('a value of a kind the columns are not typed for (a boolean) goes through exceljs, between rows rendered directly', async () => {
    expectSame(
      await both(
        memory.figures,
        deductions((i) => ({ points: i % 7 === 3 ? i % 2 === 0 : i, at: i % 5 ? DATES[0] : true }), 250),
      ),
    );
  });

  it('sheets of 0, 1, 99, 100, 101, 200, 201 rows (the writes of 100 rows)', async () => {
    for (const count of [0, 1, 99, 100, 101, 200, 201])
      expectSame(
        await both(
          memory.figures,
          deductions(() => ({}), count),
        ),
      );
  });

  it('departments: CJK and emoji names and ids, null figures, awkward numbers', async () => {
    const [d] = memory.figures.departments;
    const departments = STRINGS.map((name, i) => ({
      ...d,
      name,
      departmentId: `部门-🙂-${i}-${name.slice(0, 10)}`,
      rank: i % 4 ? i : NUMBERS[i % NUMBERS.length],
      score: NUMBERS[(i + 1) % NUMBERS.length],
      acknowledgedOnTimeRate: i % 3 ? null : d.acknowledgedOnTimeRate,
    }));
    expect(DEPARTMENT_COLUMNS.length).toBeGreaterThan(0);
    expectSame(await both({ ...memory.figures, departments } as Figures, () => []));
  });

  it.each([true, false])(
    'a reader that goes away mid-sheet (direct %s): the write rejects, no unhandled rejection, no listener left',
    async (direct) => {
      const unhandled: unknown[] = [];
      const onUnhandled = (e: unknown) => unhandled.push(e);
      process.on('unhandledRejection', onUnhandled);
      try {
        const out = new PassThrough({ highWaterMark: 1024 });
        let pulled = 0;
        function* many() {
          for (const row of deductions((i) => ({ eventId: `e-${i}-${Math.random()}` }), 30_000)()) {
            pulled++;
            yield row;
          }
        }
        const done = writeXlsx({ figures: memory.figures, deductions: many }, out, { direct });
        for (let seen = -1; seen !== pulled;) {
          seen = pulled;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        expect(pulled).toBeLessThan(30_000);
        // The pipe from the zip holds one 'close' and at most one 'drain'; the writer's wait adds one of each, no more.
        expect(out.listenerCount('close')).toBeLessThanOrEqual(2);
        expect(out.listenerCount('drain')).toBeLessThanOrEqual(2);
        out.destroy();
        await expect(done).rejects.toThrow('xlsx: the reader went away');
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(out.listenerCount('drain')).toBeLessThanOrEqual(1);
        expect(unhandled).toEqual([]);
      } finally {
        process.off('unhandledRejection', onUnhandled);
      }
    },
  );
});
