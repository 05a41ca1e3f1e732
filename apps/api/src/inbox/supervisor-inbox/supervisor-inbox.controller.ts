import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { SupervisorInboxDto, SupervisorInboxPage } from './supervisor-inbox.dto';
import { SupervisorInboxQuery } from './supervisor-inbox.query';

@ApiTags('inbox')
@ApiBearerAuth()
@Controller('inbox')
export class SupervisorInboxController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('supervisor')
  @Roles('supervisor')
  @ApiOperation({
    summary: "The supervision office's inbox (督查室待办), oldest first",
    description:
      'Extension requests to decide (with the date by which the system approves them), unsatisfied ratings awaiting a reopen or a close, ' +
      'red lights (a deadline passed and not met), automatic 督办 not yet answered, and returned cases waiting for re-dispatch longer ' +
      'than a working day. Each item links the case and the command that acts on it.',
  })
  @ApiOkResponse({ type: SupervisorInboxPage })
  @ApiBadRequestResponse({ description: 'kind, limit or cursor invalid' })
  @ApiUnauthorizedResponse({ description: 'no or an invalid token' })
  @ApiForbiddenResponse({ description: 'not a supervisor' })
  list(@Query() page: SupervisorInboxDto): Promise<SupervisorInboxPage> {
    return this.queryBus.execute(new SupervisorInboxQuery(page));
  }
}
