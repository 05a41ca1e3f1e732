import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest, commandMeta } from '../shared/command-request';
import { reopenedDetails } from '../shared/result-details';
import { ReopenPetitionCommand } from './reopen-petition.command';
import { ReopenPetitionDto } from './reopen-petition.dto';

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class ReopenPetitionController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/reopen')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({ summary: 'Send a case back for rework after an unsatisfied rating (重办, supervisor)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async reopenPetition(@Param('id', PetitionIdPipe) id: string, @Body() body: ReopenPetitionDto, @WriteRequest() request: RequestMeta) {
    const result = await this.commandBus.execute(new ReopenPetitionCommand(id, body, commandMeta(request, ['supervisor'])));
    return { id, revision: result.revision, ...reopenedDetails(result) };
  }
}
