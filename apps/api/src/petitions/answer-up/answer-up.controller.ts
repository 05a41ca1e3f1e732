import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest } from '../shared/command-request';
import { ApiCommandResponse } from '../shared/command-response';
import { PetitionCommandHandler, PetitionCommandSlice, producedEvent } from '../shared/petition-command.handler';
import { IsCleanText, IsTrimmedLength } from '../shared/validators';

export class AnswerUpDto {
  @ApiProperty({
    example: '街道已组织现场核查，涉事井盖已于10月9日更换，请区局答复市民。',
    description: "下派反馈: the unit's handling, for the department that passed the case down (not shown to the citizen)",
  })
  @IsString()
  @IsTrimmedLength(2, 5000)
  @IsCleanText()
  text: string;
}

export const answerUp: PetitionCommandSlice<AnswerUpDto> = {
  toCommand: (petitionId, body, context) => ({ type: 'AnswerUp', data: { petitionId, text: body.text.trim() }, context }),
  details: (result) => {
    const e = producedEvent(result, 'PetitionAnsweredUp');
    return e ? { toDepartmentId: e.data.toDepartmentId } : {};
  },
};

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class AnswerUpController {
  constructor(private readonly commands: PetitionCommandHandler) {}

  @Post(':id/answer-up')
  @HttpCode(200)
  @ApiCommandResponse({ toDepartmentId: '6f1c2a9e-3b7d-4c5e-8a9f-1d2e3f4a5b6c' })
  @Roles('handler')
  @ApiOperation({
    summary: "Report a passed-down case's handling up (下派反馈, handler of the unit holding it)",
    description:
      'The case goes back to the department that passed it down; the lead answers the citizen. Only the unit holding it ' +
      '(403 otherwise); a case not passed down: 409 not_passed_down.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async answerUp(@Param('id', PetitionIdPipe) id: string, @Body() body: AnswerUpDto, @WriteRequest() request: RequestMeta) {
    return this.commands.handle(answerUp, id, body, request);
  }
}
