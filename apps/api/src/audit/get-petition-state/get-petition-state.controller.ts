import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import { PetitionIdPipe } from '../../petitions/shared/command-request';
import { parseInstant } from '../shared/audit-read.dto';
import { GetPetitionStateDto } from './get-petition-state.dto';
import type { PetitionStateAt } from './get-petition-state.handler';
import { GetPetitionStateQuery } from './get-petition-state.query';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/petitions')
export class GetPetitionStateController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':id/state')
  @Roles('auditor')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'The case as it stood at an instant (time travel)',
    description:
      'Folds the events that occurred at or before ?at=. Personal data is masked unless ?reason= is stated; a read with a reason is logged.',
  })
  @ApiOkResponse({
    description: 'the case view of GET /petitions/:id as of `at`, with asOf (the last event folded) and currentRevision',
    schema: {
      type: 'object',
      example: {
        id: '0b9f3c6e-2f4d-4a8e-9c1d-5e7a8b9c0d1e',
        trackingCode: 'WZ20261009-7K3M9Q2XAB',
        status: 'in_progress',
        revision: 3,
        asOf: {
          revision: 3,
          eventId: 'e3b0c442-98fc-4c14-9afb-f4c8996fb924',
          type: 'PetitionAcknowledged',
          occurredAt: '2026-10-13T02:00:00.000Z',
        },
        currentRevision: 6,
        respondBy: '2026-10-21T15:59:59.999Z',
      },
    },
  })
  @ApiNotFoundResponse({ description: 'unknown case, or `at` is before the case was submitted' })
  get(
    @Param('id', PetitionIdPipe) id: string,
    @Query() query: GetPetitionStateDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PetitionStateAt> {
    return this.queryBus.execute(new GetPetitionStateQuery(id, parseInstant(query.at) as Date, { principal, reason: query.reason }));
  }
}
