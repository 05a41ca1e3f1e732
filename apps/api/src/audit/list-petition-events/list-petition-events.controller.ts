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
  @ApiOkResponse({
    description:
      '{ petitionId, streamId, revision, personalData, events: [{ eventId, revision, type, data, metadata, actor, commandId, correlationId, causationId, occurredAt, hash, recordedAt, position }] }',
    schema: {
      type: 'object',
      example: {
        petitionId: '0b9f3c6e-2f4d-4a8e-9c1d-5e7a8b9c0d1e',
        streamId: 'petition-0b9f3c6e-2f4d-4a8e-9c1d-5e7a8b9c0d1e',
        revision: 0,
        personalData: 'masked',
        events: [
          {
            eventId: 'e3b0c442-98fc-4c14-9afb-f4c8996fb924',
            revision: 0,
            type: 'PetitionSubmitted',
            data: { petitionId: '0b9f3c6e-2f4d-4a8e-9c1d-5e7a8b9c0d1e', title: '小区停水三天无人处理' },
            metadata: {},
            actor: { id: 'anonymous', role: 'citizen' },
            commandId: 'e3b0c442-98fc-4c14-9afb-f4c8996fb924',
            correlationId: 'e3b0c442-98fc-4c14-9afb-f4c8996fb924',
            causationId: 'e3b0c442-98fc-4c14-9afb-f4c8996fb924',
            occurredAt: '2026-10-09T01:00:00.000Z',
            hash: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
            recordedAt: '2026-10-09T01:00:00.012Z',
            position: { commit: '1024', prepare: '1024' },
          },
        ],
      },
    },
  })
  list(
    @Param('id', PetitionIdPipe) id: string,
    @Query() query: AuditReadDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PetitionEventsAudit> {
    return this.queryBus.execute(new ListPetitionEventsQuery(id, { principal, reason: query.reason }));
  }
}
