import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags, ApiProperty } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest } from '../shared/command-request';
import { PetitionCommandHandler, PetitionCommandSlice, producedEvent } from '../shared/petition-command.handler';
import { ApiCommandResponse } from '../shared/command-response';
import { IsString, Length } from 'class-validator';
import { IsCleanText } from '../shared/validators';

export class ClosePetitionDto {
  @ApiProperty({
    example: '已按政策答复并向群众解释，诉求超出本级职责，不予重办',
    description: 'why the answer stands (办结 instead of 重办)',
  })
  @IsString()
  @Length(2, 1000)
  @IsCleanText()
  reason: string;
}

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
