import { csvCell, decimal, toCsv } from './assessment-report.csv';
import { NAMES, fixture } from './report-fixture';

const lines = (b: Buffer) => b.toString('utf8').split('\r\n');

describe('CSV of the assessment report', () => {
  it('starts with a UTF-8 byte order mark and ends every line with CRLF', () => {
    const b = toCsv(fixture(), 'departments');
    expect([...b.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(b.toString('utf8').endsWith('\r\n')).toBe(true);
    expect(b.toString('utf8')).not.toMatch(/[^\r]\n/);
  });

  it('is the same bytes for the same assessment', () => {
    expect(Buffer.compare(toCsv(fixture(), 'departments'), toCsv(fixture(), 'departments'))).toBe(0);
    expect(Buffer.compare(toCsv(fixture(), 'deductions'), toCsv(fixture(), 'deductions'))).toBe(0);
  });

  it('figures per department in rank order, quoted where needed and with formulas defused', () => {
    // dept-y: one unsatisfied rating (0.5) → 99.5, rank 1. dept-x: one response deadline missed (1) → 99, rank 2.
    const [header, y, x, end] = lines(toCsv(fixture(), 'departments'));
    expect(header.startsWith('\uFEFF排名,部门,部门ID,得分,扣分合计,扣分条数,交办件数,')).toBe(true);
    expect(y.split(',').slice(0, 7)).toEqual(['1', `"'=HYPERLINK(""http://x"")"`, 'dept-y', '99.5', '0.5', '1', '1']);
    expect(x.startsWith(`2,"甲局, ""东区""",dept-x,99,1,1,0,`)).toBe(true);
    expect(end).toBe('');
    expect(NAMES['dept-x']).toContain(','); // the fixture does what this test claims
  });

  it('every deduction, with times in Asia/Shanghai to the millisecond and empty cells for what does not apply', () => {
    const [header, rating, missed] = lines(toCsv(fixture(), 'deductions'));
    expect(header).toBe(
      '\uFEFF部门,部门ID,扣分项,受理编号,案件ID,时限类型,截止时间（北京时间）,时限设定事件ID,依据,事件ID,发生时间（北京时间）,扣分,意见征集ID',
    );
    expect(rating).toBe(
      `"'=HYPERLINK(""http://x"")",dept-y,不满意评价,WZ20261012-AAAAAAAAAA,pet-2,,,,评价,evt-2,2026-10-20T08:00:00.000+08:00,0.5,`,
    );
    // Never answered and no red light: the event that set the deadline, at the moment it passed.
    expect(missed).toBe(
      `"甲局, ""东区""",dept-x,办复超期,WZ20261012-AAAAAAAAAA,pet-1,办复,2026-10-31T23:59:59.999+08:00,src-1,逾期未办,src-1,2026-10-31T23:59:59.999+08:00,1,`,
    );
  });

  it('writes numbers as plain decimals, never in exponent form', () => {
    expect(decimal(99.5)).toBe('99.5');
    expect(decimal(0.6667)).toBe('0.6667');
    expect(decimal(1e-7)).toBe('0.0000001');
    expect(decimal(1e21)).toBe('1000000000000000000000');
    expect(csvCell('decimal', null)).toBe('');
    expect(csvCell('text', '-1+1')).toBe(`'-1+1`);
    expect(csvCell('text', 'a\nb')).toBe('"a\nb"');
  });
});
