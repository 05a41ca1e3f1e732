import { ApiProperty } from '@nestjs/swagger';
import { ValidationOptions, registerDecorator } from 'class-validator';
import { FIRST_PERIOD_YEAR, LAST_PERIOD_YEAR, isYearMonth } from '@wenzheng/scoring';

const IsYearMonth =
  (options?: ValidationOptions): PropertyDecorator =>
  (target, propertyName) =>
    registerDecorator({
      name: 'isYearMonth',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `$property must be a month written YYYY-MM (e.g. 2026-10), years ${FIRST_PERIOD_YEAR} to ${LAST_PERIOD_YEAR}`,
        ...options,
      },
      validator: { validate: isYearMonth },
    });

export class GetRankingsDto {
  @ApiProperty({ example: '2026-10', description: 'calendar month, Asia/Shanghai' })
  @IsYearMonth()
  period: string;
}

export class RankingItemView {
  @ApiProperty({ example: 1, description: '1 = best; equal score, on-time rate and satisfaction rate share a rank' }) rank: number;
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty({ example: '鹿城区人民政府', nullable: true, type: String }) name: string | null;
  @ApiProperty({ example: 42, description: 'cases dispatched to the department in the period' }) received: number;
  @ApiProperty({
    example: 0.9524,
    nullable: true,
    type: Number,
    description:
      '按期办复率: response deadlines (after approved extensions) falling in the period and passed, met on time / all; null when none',
  })
  respondedOnTimeRate: number | null;
  @ApiProperty({
    example: 0.875,
    nullable: true,
    type: Number,
    description: '满意率: (satisfied + basically satisfied) / ratings given in the period; null when none',
  })
  satisfactionRate: number | null;
  @ApiProperty({ example: 96.5, description: '100 minus the deductions of the default score, at least 0' }) score: number;
}

export class UnassessedDepartmentView {
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty({ example: '市教育局' }) name: string;
}

export class RankingsView {
  @ApiProperty({ example: '2026-10' }) period: string;
  @ApiProperty({ example: '2026-10-01T00:00:00.000+08:00' }) from: string;
  @ApiProperty({ example: '2026-11-01T00:00:00.000+08:00', description: 'exclusive' }) to: string;
  @ApiProperty({ description: 'report time: deadlines not passed by then are pending and not counted yet' }) asOf: string;
  @ApiProperty({
    type: [RankingItemView],
    description:
      'departments with any case counted in the period (dispatched to it, a deadline due, an act, a rating, a red light …), ranked from 100; confidential cases excluded',
  })
  items: RankingItemView[];
  @ApiProperty({
    type: [UnassessedDepartmentView],
    description:
      'the other active departments, in name order: no case of theirs counted in the period, so neither rank nor score (本期无考核事项)',
  })
  unassessed: UnassessedDepartmentView[];
}
