import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags, ApiProperty } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest } from '../shared/command-request';
import { ApiCommandResponse } from '../shared/command-response';
import { PetitionCommandHandler, PetitionCommandSlice } from '../shared/petition-command.handler';
import { IsString, Length } from 'class-validator';
import { IsCleanText } from '../shared/validators';

export class ReplyInterimDto {
  @ApiProperty({ example: '已联系施工单位现场核查，预计下周完成整改，届时正式答复。', description: '阶段性答复, shown to the citizen' })
  @IsString()
  @Length(2, 5000)
  @IsCleanText()
  text: string;
}

export const replyInterim: PetitionCommandSlice<ReplyInterimDto> = {
  toCommand: (petitionId, body, context) => ({ type: 'ReplyInterim', data: { petitionId, text: body.text.trim() }, context }),
};

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class ReplyInterimController {
  constructor(private readonly commands: PetitionCommandHandler) {}

  @Post(':id/interim-reply')
  @HttpCode(200)
  @ApiCommandResponse()
  @Roles('handler')
  @ApiOperation({
    summary: 'Give an interim reply (阶段性答复, handler of the current department)',
    description:
      'While the case is in progress (acknowledged, not answered: 409 otherwise). The response deadline keeps running; ' +
      'the citizen sees the text and gets a text message; the public page shows only that one was given.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async replyInterim(@Param('id', PetitionIdPipe) id: string, @Body() body: ReplyInterimDto, @WriteRequest() request: RequestMeta) {
    return this.commands.handle(replyInterim, id, body, request);
  }
}
