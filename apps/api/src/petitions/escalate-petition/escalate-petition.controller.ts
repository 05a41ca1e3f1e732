import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest } from '../shared/command-request';
import { PetitionCommandHandler, PetitionCommandSlice } from '../shared/petition-command.handler';
import { EscalatePetitionDto } from './escalate-petition.dto';
import { ApiCommandResponse } from '../shared/command-response';

export const escalatePetition: PetitionCommandSlice<EscalatePetitionDto> = {
  toCommand: (petitionId, body, context) => ({ type: 'EscalatePetition', data: { petitionId, reason: body.reason.trim() }, context }),
};

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class EscalatePetitionController {
  constructor(private readonly commands: PetitionCommandHandler) {}

  @Post(':id/escalate')
  @HttpCode(200)
  @ApiCommandResponse()
  @Roles('supervisor')
  @ApiOperation({ summary: 'Escalate a case to supervision (督办, supervisor)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async escalatePetition(@Param('id', PetitionIdPipe) id: string, @Body() body: EscalatePetitionDto, @WriteRequest() request: RequestMeta) {
    return this.commands.handle(escalatePetition, id, body, request);
  }
}
