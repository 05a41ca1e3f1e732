import { Controller, Get, Header, Headers, Param, Query, UnauthorizedException } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiBearerAuth, ApiHeader, ApiNotFoundResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuditReadDto } from '../../audit/shared/audit-read.dto';
import { CurrentPrincipal, Public } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import { hashAccessKey } from '../shared/citizen-credentials';
import { PETITION_REF_RULE, PetitionRef, PetitionRefPipe } from '../shared/petition-ref';
import type { PetitionReadView } from './get-petition.handler';
import { GetPetitionQuery } from './get-petition.query';

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class GetPetitionController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':ref')
  @Public() // staff by token, or the submitter by access key: checked in the handler
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'The case folded from its stream (read-your-writes): status, deadlines, history',
    description:
      "In clear for the submitter, reviewers and the department the case is dispatched to now (a report's reporter only once released); " +
      'masked for supervisors, auditors, admins and a department that had the case, unless ?reason= is stated. Every read in clear by staff is logged.',
  })
  @ApiParam({ name: 'ref', description: 'petition id (UUID) or tracking code, e.g. WZ20261201-7K3M9Q2XHD (any case)' })
  @ApiHeader({ name: 'X-Access-Key', required: false })
  @ApiBadRequestResponse({ description: PETITION_REF_RULE })
  @ApiNotFoundResponse({ description: 'unknown case, or one the caller may not see (the same answer)' })
  async getPetition(
    @Param('ref', PetitionRefPipe) { id, ref }: PetitionRef,
    @Query() query: AuditReadDto,
    @CurrentPrincipal() principal: Principal | undefined,
    @Headers('x-access-key') accessKey: string | undefined,
  ): Promise<PetitionReadView> {
    if (accessKey !== undefined && !/^[A-Za-z0-9_-]{8,128}$/.test(accessKey)) throw new UnauthorizedException('X-Access-Key: malformed');
    return this.queryBus.execute(new GetPetitionQuery(id, principal, accessKey ? hashAccessKey(accessKey) : undefined, query.reason, ref));
  }
}
