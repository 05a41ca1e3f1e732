import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import { PetitionIdPipe } from '../../petitions/shared/command-request';
import { AuditReadDto } from '../shared/audit-read.dto';
import type { PetitionEventsAudit } from './audit-event-view';
import { ListPetitionEventsQuery } from './list-petition-events.query';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/petitions')
export class ListPetitionEventsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':id/events')
  @Roles('auditor')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Every event of a case with its metadata, in stream order (全程留痕)',
    description: 'Personal data is masked unless ?reason= is stated; a read with a reason is recorded in the access log.',
  })
  @ApiOkResponse({ description: '{ petitionId, streamId, revision, personalData, events: [{ eventId, revision, type, data, metadata, actor, commandId, correlationId, causationId, occurredAt, hash, recordedAt, position }] }' })
  list(
    @Param('id', PetitionIdPipe) id: string,
    @Query() query: AuditReadDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PetitionEventsAudit> {
    return this.queryBus.execute(new ListPetitionEventsQuery(id, { principal, reason: query.reason }));
  }
}
