import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest } from '../shared/command-request';
import { PetitionCommandHandler, PetitionCommandSlice, producedEvent } from '../shared/petition-command.handler';
import { ApiCommandResponse } from '../shared/command-response';

/**
 * Acknowledging takes no fields, and says so: the validation pipe refuses any field sent (400
 * naming it), and the OpenAPI document the web is typed against shows an empty object.
 */
export class AcknowledgePetitionDto {}

export const acknowledgePetition: PetitionCommandSlice<AcknowledgePetitionDto> = {
  toCommand: (petitionId, _body, context) => ({ type: 'AcknowledgePetition', data: { petitionId }, context }),
  details: (result) => {
    const e = producedEvent(result, 'PetitionAcknowledged');
    return e ? { onTime: e.data.onTime } : {};
  },
};

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class AcknowledgePetitionController {
  constructor(private readonly commands: PetitionCommandHandler) {}

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiCommandResponse({ onTime: true })
  @Roles('handler')
  @ApiOperation({ summary: 'Sign for a case (签收/回应) as its department (handler)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async acknowledgePetition(
    @Param('id', PetitionIdPipe) id: string,
    @Body() body: AcknowledgePetitionDto,
    @WriteRequest() request: RequestMeta,
  ) {
    return this.commands.handle(acknowledgePetition, id, body, request);
  }
}
