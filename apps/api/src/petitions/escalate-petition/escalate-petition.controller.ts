import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest, commandMeta } from '../shared/command-request';
import { EscalatePetitionCommand } from './escalate-petition.command';
import { EscalatePetitionDto } from './escalate-petition.dto';

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class EscalatePetitionController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/escalate')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({ summary: 'Escalate a case to supervision (督办, supervisor)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async escalatePetition(@Param('id', PetitionIdPipe) id: string, @Body() body: EscalatePetitionDto, @WriteRequest() request: RequestMeta) {
    const result = await this.commandBus.execute(new EscalatePetitionCommand(id, body, commandMeta(request, ['supervisor'])));
    return { id, revision: result.revision };
  }
}
