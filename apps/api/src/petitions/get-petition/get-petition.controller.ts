import { Controller, Get, Headers, Param, UnauthorizedException } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Public } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import { hashAccessKey } from '../shared/citizen-credentials';
import { PetitionIdPipe } from '../shared/command-request';
import { GetPetitionQuery } from './get-petition.query';

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class GetPetitionController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':id')
  @Public() // staff by token, or the submitter by access key: checked in the handler
  @ApiOperation({ summary: 'The case folded from its stream (read-your-writes): status, deadlines, history' })
  @ApiHeader({ name: 'X-Access-Key', required: false })
  async getPetition(
    @Param('id', PetitionIdPipe) id: string,
    @CurrentPrincipal() principal: Principal | undefined,
    @Headers('x-access-key') accessKey: string | undefined,
  ) {
    if (accessKey !== undefined && !/^[A-Za-z0-9_-]{8,128}$/.test(accessKey)) throw new UnauthorizedException('X-Access-Key: malformed');
    return this.queryBus.execute(new GetPetitionQuery(id, principal, accessKey ? hashAccessKey(accessKey) : undefined));
  }
}
