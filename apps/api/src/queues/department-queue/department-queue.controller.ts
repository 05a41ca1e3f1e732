import { Controller, ForbiddenException, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import { DepartmentQueueDto, DepartmentQueueView } from './department-queue.dto';
import { DepartmentQueueQuery } from './department-queue.query';

@ApiTags('queues')
@ApiBearerAuth()
@Controller('queues')
export class DepartmentQueueController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('department')
  @Roles('handler')
  @ApiOperation({ summary: "The handler's own department: awaiting acknowledgement, in progress, due within 2 working days, overdue" })
  @ApiOkResponse({ type: DepartmentQueueView })
  @ApiBadRequestResponse({ description: 'limit invalid' })
  @ApiForbiddenResponse({ description: 'not a handler, or the token names no department' })
  get(@Query() query: DepartmentQueueDto, @CurrentPrincipal() principal: Principal | undefined): Promise<DepartmentQueueView> {
    const departmentId = principal?.departmentId;
    if (!departmentId) throw new ForbiddenException('the token names no department (departmentId claim)');
    return this.queryBus.execute(new DepartmentQueueQuery(departmentId, query.limit));
  }
}
