import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { CallbackQueueDto, CallbackQueuePage } from './callback-queue.dto';
import { CallbackQueueQuery } from './callback-queue.query';

@ApiTags('queues')
@ApiBearerAuth()
@Controller('queues')
export class CallbackQueueController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('callbacks')
  @Roles('reviewer')
  @ApiOperation({
    summary:
      '待回访: answered cases no citizen holds the key of (12345 calls, Open311 reports, forwarded questions), the longest answered first',
    description:
      'The hotline office calls each caller back and records the rating, or that they were unreachable, with POST ' +
      '/api/petitions/:ref/rate and "via": "callback". A case leaves the queue when it is rated, closed or reopened.',
  })
  @ApiOkResponse({ type: CallbackQueuePage })
  @ApiBadRequestResponse({ description: 'limit or cursor invalid' })
  @ApiUnauthorizedResponse()
  @ApiForbiddenResponse({ description: 'not a reviewer' })
  @ApiServiceUnavailableResponse({ description: 'the cases read model predates this release: npm run rebuild -- petition_views' })
  list(@Query() page: CallbackQueueDto): Promise<CallbackQueuePage> {
    return this.queryBus.execute(new CallbackQueueQuery(page));
  }
}
