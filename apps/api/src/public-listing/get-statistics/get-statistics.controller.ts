import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../auth/auth.decorators';
import { GetStatisticsDto, MAX_STATISTICS_DAYS, StatisticsView } from './get-statistics.dto';
import { GetStatisticsQuery } from './get-statistics.query';

const EXAMPLE_FIGURES = {
  received: 3,
  accepted: 3,
  answered: 2,
  answeredOnTime: 1,
  respondedOnTimeRate: 0.5,
  acknowledgedOnTime: 2,
  ratings: { satisfied: 1, basicallySatisfied: 0, unsatisfied: 1 },
  satisfactionRate: 0.5,
  averageWorkingDaysToAnswer: 5.5,
};
const EXAMPLE_DEPARTMENT = { departmentId: '6f1c3e52-3b8a-4d0e-9a57-1f2b3c4d5e6f', departmentName: '鹿城区人民政府', ...EXAMPLE_FIGURES };

@ApiTags('public')
@Controller('public/statistics')
export class GetStatisticsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Public()
  @ApiOperation({
    summary:
      'Public statistics (数据公开): received, accepted, answered, on time, satisfaction and working days to answer, per month and department',
    description:
      `The period is [from 00:00, to 00:00) Asia/Shanghai (to EXCLUSIVE), at most ${MAX_STATISTICS_DAYS} days. A month's figures are about the cases ` +
      'submitted in it, as they stand now. Confidential cases count in the figures; no case and no personal data is shown. ' +
      'A department is the one holding the case (a returned case awaiting re-dispatch counts only in the totals).',
  })
  @ApiOkResponse({
    type: StatisticsView,
    example: {
      from: '2026-10-01',
      to: '2026-11-01',
      total: EXAMPLE_FIGURES,
      departments: [EXAMPLE_DEPARTMENT],
      months: [{ month: '2026-10', total: EXAMPLE_FIGURES, departments: [EXAMPLE_DEPARTMENT] }],
    },
  })
  @ApiBadRequestResponse({
    description: `from/to not YYYY-MM-DD dates, to not after from or more than ${MAX_STATISTICS_DAYS} days later, departmentId not a known department (the message names the field)`,
  })
  statistics(@Query() request: GetStatisticsDto): Promise<StatisticsView> {
    return this.queryBus.execute(new GetStatisticsQuery(request));
  }
}
