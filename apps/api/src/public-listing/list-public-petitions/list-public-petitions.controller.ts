import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../auth/auth.decorators';
import { PublicPetitionPage } from '../shared/public-petition-view';
import { ListPublicPetitionsDto } from './list-public-petitions.dto';
import { ListPublicPetitionsQuery } from './list-public-petitions.query';

@ApiTags('public')
@Controller('public/petitions')
export class ListPublicPetitionsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Sunshine listing (阳光问政): accepted public cases, redacted, newest first',
    description: 'Keyset pagination: pass nextCursor as ?cursor= with the same filters. q segments Chinese text and needs every word.',
  })
  @ApiOkResponse({ type: PublicPetitionPage })
  @ApiBadRequestResponse({ description: 'a filter, the limit or the cursor is invalid (the message names it)' })
  list(@Query() filter: ListPublicPetitionsDto): Promise<PublicPetitionPage> {
    return this.queryBus.execute(new ListPublicPetitionsQuery(filter));
  }
}
