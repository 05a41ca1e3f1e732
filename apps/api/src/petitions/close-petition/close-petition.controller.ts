import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest } from '../shared/command-request';
import { PetitionCommandHandler, PetitionCommandSlice, producedEvent } from '../shared/petition-command.handler';
import { ClosePetitionDto } from './close-petition.dto';
import { ApiCommandResponse } from '../shared/command-response';

export const closePetition: PetitionCommandSlice<ClosePetitionDto> = {
  toCommand: (petitionId, body, context) => ({ type: 'ClosePetition', data: { petitionId, reason: body.reason.trim() }, context }),
  details: (result) => {
    const e = producedEvent(result, 'PetitionClosed');
    return e ? { closeReason: e.data.reason } : {};
  },
};

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class ClosePetitionController {
  constructor(private readonly commands: PetitionCommandHandler) {}

  @Post(':id/close')
  @HttpCode(200)
  @ApiCommandResponse({ closeReason: 'rated' })
  @Roles('supervisor')
  @ApiOperation({
    summary: 'Close a case rated unsatisfied instead of reopening it (办结, supervisor)',
    description:
      'The other answer to an unsatisfied rating than 重办: the case closes as rated, with the reason. ' +
      'Only while the case is rated unsatisfied (409 otherwise).',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async closePetition(@Param('id', PetitionIdPipe) id: string, @Body() body: ClosePetitionDto, @WriteRequest() request: RequestMeta) {
    return this.commands.handle(closePetition, id, body, request);
  }
}
