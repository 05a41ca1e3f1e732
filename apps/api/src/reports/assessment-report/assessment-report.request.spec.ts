import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AssessmentReportRequest, ReportRequestError, isInstant, reportPeriod, reportTime } from './assessment-report.request';

const problems = async (plain: Record<string, unknown>) => {
  const errors = await validate(plainToInstance(AssessmentReportRequest, plain), { whitelist: true, forbidNonWhitelisted: true });
  return Object.fromEntries(errors.map((e) => [e.property, Object.keys(e.constraints ?? {})]));
};
const iso = (d: Date) => d.toISOString();

describe('the period of a request', () => {
  it('is [from 00:00, to 00:00) Asia/Shanghai: to is exclusive', () => {
    const p = reportPeriod({ from: '2026-10-01', to: '2026-11-01' });
    expect(iso(p.from)).toBe('2026-09-30T16:00:00.000Z');
    expect(iso(p.to)).toBe('2026-10-31T16:00:00.000Z');
  });
});

describe('request validation (shared by the route and the CLI)', () => {
  it('accepts a month, a leap year of 366 days and an instant with an offset', async () => {
    expect(await problems({ from: '2026-10-01', to: '2026-11-01' })).toEqual({});
    expect(await problems({ from: '2028-01-01', to: '2029-01-01', format: 'xlsx' })).toEqual({});
    expect(
      await problems({ from: '2026-10-01', to: '2026-11-01', format: 'csv', sheet: 'deductions', asOf: '2026-11-20T10:00:00+08:00' }),
    ).toEqual({});
  });

  it.each([
    [{ from: '2026-10-01' }, { to: ['isLocalDate'] }],
    [{ from: '2026-13-01', to: '2026-11-01' }, { from: ['isLocalDate'] }],
    [{ from: '2026-10-01', to: '2026-10-01' }, { to: ['isAfterDay'] }],
    [{ from: '2026-10-02', to: '2026-10-01' }, { to: ['isAfterDay'] }],
    [{ from: '2026-01-01', to: '2027-01-03' }, { to: ['maxRange'] }], // 367 days
    [{ from: '2026-10-01', to: '2026-11-01', format: 'pdf' }, { format: ['isIn'] }],
    [{ from: '2026-10-01', to: '2026-11-01', sheet: 'deductions' }, { sheet: ['onlyWithCsv'] }],
    [{ from: '2026-10-01', to: '2026-11-01', format: 'csv', sheet: 'all' }, { sheet: ['isIn'] }],
    [{ from: '2026-10-01', to: '2026-11-01', asOf: '2026-11-20' }, { asOf: ['isInstant'] }],
    [{ from: '2026-10-01', to: '2026-11-01', asOf: ['2026-11-20T10:00:00Z'] }, { asOf: ['isInstant'] }],
  ])('refuses %j', async (plain, expected) => {
    expect(await problems(plain)).toEqual(expected);
  });

  it('an instant needs an offset and a real date', () => {
    expect(isInstant('2026-11-20T10:00:00Z')).toBe(true);
    expect(isInstant('2026-11-20T10:00:00.123+08:00')).toBe(true);
    expect(isInstant('2026-11-20T10:00')).toBe(false);
    expect(isInstant('2026-02-30T10:00:00Z')).toBe(false);
    expect(isInstant('2026-11-20T25:00:00Z')).toBe(false);
  });

  it('the report time is asOf or now, never later than now', () => {
    const now = new Date('2026-11-20T02:00:00Z');
    expect(reportTime(undefined, now)).toBe(now);
    expect(iso(reportTime('2026-10-23T12:00:00+08:00', now))).toBe('2026-10-23T04:00:00.000Z');
    expect(iso(reportTime('2026-11-20T10:00:00+08:00', now))).toBe(iso(now));
    expect(() => reportTime('2026-11-20T10:00:00.001+08:00', now)).toThrow(ReportRequestError);
    expect(() => reportTime('2026-11-20T10:00:00.001+08:00', now)).toThrow(/^asOf: /);
  });
});
