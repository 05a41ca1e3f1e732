import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest } from '../shared/command-request';
import { ApiCommandResponse } from '../shared/command-response';
import { PetitionCommandHandler, PetitionCommandSlice } from '../shared/petition-command.handler';
import { ReplyInterimDto } from './reply-interim.dto';

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
