import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { ReviewQueueDto, ReviewQueuePage } from './review-queue.dto';
import { ReviewQueueQuery } from './review-queue.query';

@ApiTags('queues')
@ApiBearerAuth()
@Controller('queues')
export class ReviewQueueController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('review')
  @Roles('reviewer')
  @ApiOperation({ summary: 'Cases awaiting review (待审核) or re-dispatch after a return (退单待转办), oldest first' })
  @ApiOkResponse({ type: ReviewQueuePage })
  @ApiBadRequestResponse({ description: 'limit or cursor invalid' })
  @ApiForbiddenResponse({ description: 'not a reviewer' })
  list(@Query() page: ReviewQueueDto): Promise<ReviewQueuePage> {
    return this.queryBus.execute(new ReviewQueueQuery(page));
  }
}
