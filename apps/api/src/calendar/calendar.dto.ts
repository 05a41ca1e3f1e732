import { ApiProperty } from '@nestjs/swagger';
import type { DayReason } from '@wenzheng/calendar';
import { IsIntegerBetween, ToInteger } from '@wenzheng/read-models';
import { IsLocalDate, IsNotBefore, IsWithinListLimit } from './local-date.validator';

export const MAX_DUE_WORKING_DAYS = 365;
const DAY_REASONS: DayReason[] = ['workday', 'weekend', 'holiday', 'adjusted_working_day', 'override_holiday', 'override_working_day'];

export class DueDateQuery {
  @ApiProperty({ example: '2026-09-29', description: 'local date (Asia/Shanghai) the count starts after' })
  @IsLocalDate()
  from: string;

  @ApiProperty({ example: 8, minimum: 0, maximum: MAX_DUE_WORKING_DAYS, type: 'integer' })
  @ToInteger()
  @IsIntegerBetween(0, MAX_DUE_WORKING_DAYS)
  workingDays: number;
}

export class DaysQuery {
  @ApiProperty({ example: '2026-09-19' })
  @IsLocalDate()
  from: string;

  @ApiProperty({ example: '2026-10-11', description: 'inclusive; at most 732 days after from' })
  @IsLocalDate()
  @IsNotBefore('from')
  @IsWithinListLimit('from')
  to: string;
}

export class DayInfoView {
  @ApiProperty({ example: '2026-10-01' }) date: string;
  @ApiProperty() workingDay: boolean;
  @ApiProperty({
    enum: DAY_REASONS,
    description: 'workday, weekend, holiday (法定节假日, with its name), adjusted_working_day (调休上班), or a local override',
  })
  reason: DayReason;
  @ApiProperty({ required: false, example: '国庆节', description: 'holiday or override name' }) name?: string;
}

export class DueDateView {
  @ApiProperty({ example: '2026-09-29' }) from: string;
  @ApiProperty({ example: 8 }) workingDays: number;
  @ApiProperty({ example: '2026-10-15', description: 'the N-th working day strictly after from (次日开始计算)' }) dueDate: string;
  @ApiProperty({ example: '2026-10-15T23:59:59.999+08:00', description: 'end of dueDate, Asia/Shanghai' }) dueAt: string;
  @ApiProperty({ type: [String], description: 'years in the range counted as weekdays only (no schedule loaded)' }) warnings: string[];
}

export class DaysView {
  @ApiProperty({ type: [DayInfoView] }) days: DayInfoView[];
  @ApiProperty({ type: [String] }) warnings: string[];
}
