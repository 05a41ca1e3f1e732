import { Controller, Get, Header, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import { ListMyPetitionsDto, MyPetitionPage } from './list-my-petitions.dto';
import { ListMyPetitionsQuery } from './list-my-petitions.query';

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('me/petitions')
export class ListMyPetitionsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles('citizen')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "A signed-in citizen's own cases, newest first",
    description:
      'The cases submitted with this citizen token (its sub), with tracking code, title, status and deadlines; keyset pagination ' +
      '(pass nextCursor as ?cursor=). From the cases read model: a case submitted a moment ago appears once the projector has it.',
  })
  @ApiOkResponse({ type: MyPetitionPage })
  @ApiBadRequestResponse({ description: 'the limit or the cursor is invalid (the message names it)' })
  @ApiForbiddenResponse({ description: 'a token without the citizen role' })
  list(@CurrentPrincipal() principal: Principal, @Query() page: ListMyPetitionsDto): Promise<MyPetitionPage> {
    return this.queryBus.execute(new ListMyPetitionsQuery(principal.sub, page));
  }
}
