import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags, ApiProperty } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest } from '../shared/command-request';
import { PetitionCommandHandler, PetitionCommandSlice, producedEvent } from '../shared/petition-command.handler';
import { ApiCommandResponse } from '../shared/command-response';
import { IsString, Length } from 'class-validator';
import { IsCleanText } from '../shared/validators';

export class ReopenPetitionDto {
  @ApiProperty({ example: '群众反映问题未解决，请重新办理' })
  @IsString()
  @Length(2, 1000)
  @IsCleanText()
  reason: string;
}

export const reopenPetition: PetitionCommandSlice<ReopenPetitionDto> = {
  toCommand: (petitionId, body, context) => ({ type: 'ReopenPetition', data: { petitionId, reason: body.reason.trim() }, context }),
  details: (result) => {
    const e = producedEvent(result, 'PetitionReopened');
    return e ? { respondBy: e.data.respondBy } : {};
  },
};

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class ReopenPetitionController {
  constructor(private readonly commands: PetitionCommandHandler) {}

  @Post(':id/reopen')
  @HttpCode(200)
  @ApiCommandResponse({ respondBy: '2026-11-13T15:59:59.999Z' })
  @Roles('supervisor')
  @ApiOperation({ summary: 'Send a case back for rework after an unsatisfied rating (重办, supervisor)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async reopenPetition(@Param('id', PetitionIdPipe) id: string, @Body() body: ReopenPetitionDto, @WriteRequest() request: RequestMeta) {
    return this.commands.handle(reopenPetition, id, body, request);
  }
}
