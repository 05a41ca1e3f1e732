import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, ValidationArguments, registerDecorator } from 'class-validator';
import { IsLocalDate, isApiDate } from '../../calendar/local-date.validator';
import { LowerCaseId } from '@wenzheng/read-models';

/** Three years (one of them leap): long enough for a trend, bounded for a public route. */
export const MAX_STATISTICS_DAYS = 1096;

const DAY_MS = 86_400_000;
const daysFrom = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS;

/** `to` is exclusive: after `from` and at most `max` days later (checked only when both are dates). */
export const IsPeriodEnd =
  (property: string, max = Infinity): PropertyDecorator =>
  (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'periodEnd',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `$property must be after ${property} (to is exclusive: the day after the last day)${Number.isFinite(max) ? ` and at most ${max} days later` : ''}`,
      },
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const from = (args.object as Record<string, unknown>)[property];
          return !isApiDate(value) || !isApiDate(from) || (from < value && daysFrom(from, value) <= max);
        },
      },
    });

export class GetStatisticsDto {
  @ApiProperty({ example: '2026-10-01', description: 'first day (Asia/Shanghai), included' })
  @IsLocalDate()
  from: string;

  @ApiProperty({
    example: '2026-12-01',
    description: `end, EXCLUSIVE (00:00+08:00 of this day): October and November 2026 are from=2026-10-01&to=2026-12-01; at most ${MAX_STATISTICS_DAYS} days after from`,
  })
  @IsLocalDate()
  @IsPeriodEnd('from', MAX_STATISTICS_DAYS)
  to: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'only the cases this department handles' })
  @IsOptional()
  @LowerCaseId()
  @IsUUID('all')
  departmentId?: string;
}

export class StatisticsFigures {
  @ApiProperty({ example: 120, description: 'cases submitted (收件), confidential ones included' }) received: number;
  @ApiProperty({ example: 104, description: 'of those, accepted by the hotline office (受理)' }) accepted: number;
  @ApiProperty({ example: 96, description: 'answered by the department (办复); a reopened case counts again once answered again' })
  answered: number;
  @ApiProperty({ example: 90, description: 'answered by the response deadline in force (after approved extensions)' })
  answeredOnTime: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 0.9375,
    description:
      '按期办复率 as the rankings count it (docs/scoring.md): of the response deadlines in force that have passed, the share answered by them, 4 decimals; null while none has passed (a case answered early counts once its deadline passes)',
  })
  respondedOnTimeRate: number | null;
  @ApiProperty({ example: 101, description: 'signed for (签收) by the acknowledgement deadline' }) acknowledgedOnTime: number;
  @ApiProperty({ example: { satisfied: 60, basicallySatisfied: 20, unsatisfied: 8 } }) ratings: {
    satisfied: number;
    basicallySatisfied: number;
    unsatisfied: number;
  };
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 0.9091,
    description: '(satisfied + basically satisfied) / ratings, 4 decimals; null without ratings',
  })
  satisfactionRate: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 4.35,
    description: 'working days (official calendar) from dispatch to the answer, 2 decimals; null when nothing was answered',
  })
  averageWorkingDaysToAnswer: number | null;
}

export class DepartmentStatistics extends StatisticsFigures {
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiPropertyOptional({ example: '鹿城区人民政府', description: 'absent when the reference data no longer has it' })
  departmentName?: string;
}

export class MonthStatistics {
  @ApiProperty({ example: '2026-10', description: 'calendar month (Asia/Shanghai) of submission; the first and last may be partial' })
  month: string;
  @ApiProperty({ type: StatisticsFigures, description: 'every case of the month, including those not (yet) with a department' })
  total: StatisticsFigures;
  @ApiProperty({ type: [DepartmentStatistics], description: 'departments holding cases of the month, by name' })
  departments: DepartmentStatistics[];
}

export class StatisticsView {
  @ApiProperty({ example: '2026-10-01' }) from: string;
  @ApiProperty({ example: '2026-12-01', description: 'exclusive' }) to: string;
  @ApiPropertyOptional({ format: 'uuid' }) departmentId?: string;
  @ApiProperty({ type: StatisticsFigures, description: 'the whole period' }) total: StatisticsFigures;
  @ApiProperty({ type: [DepartmentStatistics], description: 'the whole period, per department' }) departments: DepartmentStatistics[];
  @ApiProperty({ type: [MonthStatistics], description: 'every month of the period, oldest first, also months with nothing in them' })
  months: MonthStatistics[];
}
