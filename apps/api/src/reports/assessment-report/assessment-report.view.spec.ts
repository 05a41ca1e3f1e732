import type { JsonRun, ReportFigures, ReportSession } from '@wenzheng/read-models';
import { sourceOf } from './assessment-report.sheets';
import { renderedJsonChunks, reportJsonChunks, toReportView } from './assessment-report.view';
import { fixture } from './report-fixture';

// The route's JSON from PostgreSQL's bytes (renderedJsonChunks over ReportSession.deductionJson):
// runs of one department's deductions, each led by a comma, framed by the departments' figures.
// The database side (the runs COPY gives, the same text as the objects) is held by the
// assessment-report-rendered and -copy integration specs; this holds the framing.

const days = { from: '2026-10-01', to: '2026-11-01' };

/** A session giving `runs` (JSON texts per department index, in the order given) as deductionJson would. */
const sessionOf = (figures: ReportFigures, runs: readonly (readonly [number, readonly string[]])[]): ReportSession =>
  ({
    figures,
    async *deductionJson() {
      for (const [department, texts] of runs) {
        const run: JsonRun = { department, count: texts.length, json: Buffer.from(texts.map((t) => `,${t}`).join(''), 'utf8') };
        yield [run];
      }
    },
  }) as unknown as ReportSession;

async function text(chunks: AsyncIterable<Buffer>): Promise<string> {
  const all: Buffer[] = [];
  for await (const c of chunks) all.push(c);
  return Buffer.concat(all).toString('utf8');
}

describe('the report JSON from rendered runs', () => {
  it('is the text the objects give, byte for byte', async () => {
    const a = fixture();
    expect(a.departments.every((d) => d.deductions.length > 0)).toBe(true);
    const source = sourceOf(a);
    async function* objects() {
      yield* source.deductions();
    }
    const expected = await text(reportJsonChunks(source.figures, objects(), days));
    expect(expected).toBe(JSON.stringify(toReportView(a, days)));
    const parsed = JSON.parse(expected) as { departments: { deductions: unknown[] }[] };
    const runs = parsed.departments.map((d, i) => [i, d.deductions.map((x) => JSON.stringify(x))] as const);
    expect(await text(renderedJsonChunks(sessionOf(source.figures, runs), days))).toBe(expected);
  });

  it("puts a department's runs together with commas, and frames the departments with none", async () => {
    const a = fixture();
    const runs = [
      [1, ['{"n":1}']],
      [1, ['{"n":2}', '{"n":3}']],
      [1, ['{"n":4}']],
    ] as const;
    const out = JSON.parse(await text(renderedJsonChunks(sessionOf(sourceOf(a).figures, runs), days))) as ReturnType<typeof toReportView>;
    const view = JSON.parse(JSON.stringify(toReportView(a, days))) as ReturnType<typeof toReportView>;
    expect(out.departments.map((d) => d.deductions)).toEqual([[], [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]]);
    expect({ ...out, departments: out.departments.map((d) => ({ ...d, deductions: [] })) }).toEqual({
      ...view,
      departments: view.departments.map((d) => ({ ...d, deductions: [] })),
    });
    // No deduction at all: every department, none with a deduction.
    const none = JSON.parse(await text(renderedJsonChunks(sessionOf(sourceOf(a).figures, []), days))) as ReturnType<typeof toReportView>;
    expect(none.departments.map((d) => d.deductions)).toEqual([[], []]);
  });

  it('refuses runs out of report order, or of a department the figures do not have', async () => {
    const a = fixture();
    await expect(
      text(
        renderedJsonChunks(
          sessionOf(sourceOf(a).figures, [
            [1, ['{}']],
            [0, ['{}']],
          ]),
          days,
        ),
      ),
    ).rejects.toThrow(/out of report order/);
    await expect(text(renderedJsonChunks(sessionOf(sourceOf(a).figures, [[2, ['{}']]]), days))).rejects.toThrow(/out of report order/);
    await expect(text(renderedJsonChunks(sessionOf(sourceOf(a).figures, [[-1, ['{}']]]), days))).rejects.toThrow(/out of report order/);
  });
});
