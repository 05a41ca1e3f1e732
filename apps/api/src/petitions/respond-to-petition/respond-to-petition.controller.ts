import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags, ApiProperty } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest } from '../shared/command-request';
import { PetitionCommandHandler, PetitionCommandSlice, producedEvent } from '../shared/petition-command.handler';
import { ApiCommandResponse } from '../shared/command-response';
import { IsString, Length } from 'class-validator';
import { IsCleanText } from '../shared/validators';

export class RespondToPetitionDto {
  @ApiProperty({ example: '已协调水务集团抢修，10月8日恢复供水。', description: '答复 / 办复' })
  @IsString()
  @Length(2, 10000)
  @IsCleanText()
  answer: string;
}

export const respondToPetition: PetitionCommandSlice<RespondToPetitionDto> = {
  toCommand: (petitionId, body, context) => ({ type: 'RespondToPetition', data: { petitionId, answer: body.answer.trim() }, context }),
  details: (result) => {
    const e = producedEvent(result, 'PetitionResponded');
    return e ? { onTime: e.data.onTime } : {};
  },
};

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class RespondToPetitionController {
  constructor(private readonly commands: PetitionCommandHandler) {}

  @Post(':id/respond')
  @HttpCode(200)
  @ApiCommandResponse({ onTime: true })
  @Roles('handler')
  @ApiOperation({ summary: 'Answer a case (答复/办复, handler)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async respondToPetition(
    @Param('id', PetitionIdPipe) id: string,
    @Body() body: RespondToPetitionDto,
    @WriteRequest() request: RequestMeta,
  ) {
    return this.commands.handle(respondToPetition, id, body, request);
  }
}
