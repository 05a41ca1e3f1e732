import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../auth/auth.decorators';
import { GetRankingsDto, RankingsView } from './get-rankings.dto';
import { GetRankingsQuery } from './get-rankings.query';

@ApiTags('public')
@Controller('public/rankings')
export class GetRankingsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Department ranking for the sunshine page (晾晒): on-time and satisfaction rates per department and month',
    description:
      'Confidential cases are left out and no personal data is shown. A deadline counts in the month it falls in, once it has passed.',
  })
  @ApiOkResponse({ type: RankingsView })
  @ApiBadRequestResponse({ description: 'period is missing or not a month written YYYY-MM' })
  rankings(@Query() query: GetRankingsDto): Promise<RankingsView> {
    return this.queryBus.execute(new GetRankingsQuery(query.period));
  }
}
