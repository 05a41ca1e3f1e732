import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsIn, IsOptional, ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';
import { IsIntegerBetween, ToInteger } from '@wenzheng/read-models';
import { startOfLocalDay } from '@wenzheng/calendar';
import { IsLocalDate, isApiDate } from '../../calendar/local-date.validator';

// The request of the assessment report, shared by the HTTP route and `npm run report`: the same
// fields, rules and messages in both.

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** A CSV file holds one table: the figures per department or every deduction. */
export const CSV_SHEETS = ['departments', 'deductions'] as const;
export type CsvSheet = (typeof CSV_SHEETS)[number];

/** A leap year; longer periods are several reports. */
export const MAX_REPORT_DAYS = 366;

const DAY_MS = 86_400_000;
const INSTANT = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 instant with an offset (Z or ±hh:mm) on a real date. */
export function isInstant(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  const m = INSTANT.exec(v);
  return m !== null && isApiDate(m[1]) && Number.isFinite(Date.parse(v));
}

const daysFrom = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS;

function rule(
  name: string,
  message: string,
  validate: (value: unknown, args: ValidationArguments) => boolean,
  options?: ValidationOptions,
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message, ...options },
      validator: { validate },
    });
}
const other = (args: ValidationArguments, property: string) => (args.object as Record<string, unknown>)[property];

/** `to` is exclusive: it must come after `from` (checked only when both are dates). */
const IsAfterDay = (property: string) =>
  rule('isAfterDay', `$property must be after ${property} (to is exclusive: the day after the last day of the period)`, (value, args) => {
    const from = other(args, property);
    return !isApiDate(value) || !isApiDate(from) || from < value;
  });

const IsWithinReportLimit = (property: string) =>
  rule('maxRange', `$property must be at most ${MAX_REPORT_DAYS} days after ${property}`, (value, args) => {
    const from = other(args, property);
    return !isApiDate(value) || !isApiDate(from) || daysFrom(from, value) <= MAX_REPORT_DAYS;
  });

const IsInstant = () =>
  rule('isInstant', '$property must be an ISO 8601 instant with an offset, e.g. 2026-11-20T10:00:00+08:00', isInstant);

const OnlyWithCsv = () =>
  rule(
    'onlyWithCsv',
    '$property applies to format=csv only (an XLSX file holds both sheets, JSON both tables)',
    (value, args) => value === undefined || other(args, 'format') === 'csv',
  );

export class AssessmentReportRequest {
  @ApiProperty({
    example: '2026-10-01',
    description: 'first day of the period (Asia/Shanghai), included: the period starts at 00:00+08:00 of this day',
  })
  @IsLocalDate()
  from: string;

  @ApiProperty({
    example: '2026-11-01',
    description:
      `end of the period, EXCLUSIVE: the period ends at 00:00+08:00 of this day, so October 2026 is from=2026-10-01&to=2026-11-01 ` +
      `and a deadline at 2026-10-31T23:59:59.999+08:00 is in it while one at 2026-11-01T00:00+08:00 is not. After from, at most ${MAX_REPORT_DAYS} days later.`,
  })
  @IsLocalDate()
  @IsAfterDay('from')
  @IsWithinReportLimit('from')
  to: string;

  @ApiPropertyOptional({
    enum: REPORT_FORMATS,
    default: 'json',
    description: 'json for screens; csv (UTF-8 with BOM) and xlsx are downloads',
  })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;

  @ApiPropertyOptional({
    enum: CSV_SHEETS,
    default: 'departments',
    description: 'format=csv only: departments = the figures per department (部门考核), deductions = every deduction (扣分明细)',
  })
  @IsOptional()
  @IsIn(CSV_SHEETS)
  @OnlyWithCsv()
  sheet?: CsvSheet;

  @ApiPropertyOptional({
    example: '2026-11-20T10:00:00+08:00',
    description:
      'report time (default: now, never later than now): deadlines not passed by then are pending and counted in neither numerator nor denominator, ' +
      'and what happened after it is not known. The same events and the same asOf give byte-identical CSV.',
  })
  @IsOptional()
  @IsInstant()
  asOf?: string;
}

export interface ReportPeriod {
  /** 00:00+08:00 of `from`. */
  readonly from: Date;
  /** 00:00+08:00 of `to` (exclusive). */
  readonly to: Date;
}

/** The period of a valid request: [from 00:00+08:00, to 00:00+08:00). */
export const reportPeriod = (request: Pick<AssessmentReportRequest, 'from' | 'to'>): ReportPeriod => ({
  from: startOfLocalDay(request.from),
  to: startOfLocalDay(request.to),
});

/** A request that passed field validation but not a rule needing the clock; the message names the field. */
export class ReportRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportRequestError';
  }
}

/**
 * The report time: asOf, or now. Never later than now: a report cannot know what has not happened,
 * and a deadline it took for passed could still be met.
 */
export function reportTime(asOf: string | undefined, now: Date): Date {
  if (asOf === undefined) return now;
  const at = new Date(asOf);
  if (at.getTime() > now.getTime()) throw new ReportRequestError(`asOf: must not be later than now (${now.toISOString()})`);
  return at;
}

/** The most deductions a page of GET /api/reports/assessment/deductions holds. */
export const MAX_DEDUCTIONS_PAGE = 100;

/** One page of a report's deductions, for a screen: the report's period and report time, and where the page starts. */
export class AssessmentDeductionsRequest extends PickType(AssessmentReportRequest, ['from', 'to', 'asOf'] as const) {
  // Digits only, as every paged route reads them (ToInteger): Number() took "" and " " for 0, 1e2 for 100, 0x10 for 16.
  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: 1_000_000, type: 'integer', description: 'deductions skipped, in report order' })
  @IsOptional()
  @ToInteger()
  @IsIntegerBetween(0, 1_000_000)
  offset?: number;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: MAX_DEDUCTIONS_PAGE, type: 'integer' })
  @IsOptional()
  @ToInteger()
  @IsIntegerBetween(1, MAX_DEDUCTIONS_PAGE)
  limit?: number;
}
