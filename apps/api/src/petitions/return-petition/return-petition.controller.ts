import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest, commandMeta } from '../shared/command-request';
import { ReturnPetitionCommand } from './return-petition.command';
import { ReturnPetitionDto } from './return-petition.dto';

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class ReturnPetitionController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/return')
  @HttpCode(200)
  @Roles('handler')
  @ApiOperation({ summary: 'Return a case that is not for this department (退单, handler)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async returnPetition(@Param('id', PetitionIdPipe) id: string, @Body() body: ReturnPetitionDto, @WriteRequest() request: RequestMeta) {
    const result = await this.commandBus.execute(new ReturnPetitionCommand(id, body, commandMeta(request, ['handler'])));
    return { id, revision: result.revision };
  }
}
