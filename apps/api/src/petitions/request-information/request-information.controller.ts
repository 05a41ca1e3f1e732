import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest } from '../shared/command-request';
import { ApiCommandResponse } from '../shared/command-response';
import { PetitionCommandHandler, PetitionCommandSlice, producedEvent } from '../shared/petition-command.handler';
import { IsCleanText } from '../shared/validators';

export class RequestInformationDto {
  @ApiProperty({
    example: '请补充漏水位置的照片及具体楼栋单元号，以便安排现场查看。',
    description: '补充材料: what the department asks of the citizen (shown to them; sealed like other free text)',
  })
  @IsString()
  @Length(5, 2000)
  @IsCleanText()
  question: string;
}

export const requestInformation: PetitionCommandSlice<RequestInformationDto, { supplyBy?: string }> = {
  toCommand: (petitionId, body, context) => ({ type: 'RequestInformation', data: { petitionId, question: body.question.trim() }, context }),
  details: (result) => {
    const e = producedEvent(result, 'InformationRequested');
    return e ? { supplyBy: e.data.supplyBy } : {};
  },
};

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class RequestInformationController {
  constructor(private readonly commands: PetitionCommandHandler) {}

  @Post(':id/information-request')
  @HttpCode(200)
  @ApiCommandResponse({ supplyBy: '2026-10-16T15:59:59.999Z' })
  @Roles('handler')
  @ApiOperation({
    summary: 'Ask the citizen for more information (补充材料, handler of the current department)',
    description:
      'While the case is in progress and its response deadline has not passed. The response clock pauses until the citizen ' +
      "supplies it (POST /api/petitions/{ref}/information) or the policy's supplyInformationWithinWorkingDays pass; " +
      'respondBy then moves by the paused working days. One request at a time, not while an extension request is pending (409).',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async requestInformation(
    @Param('id', PetitionIdPipe) id: string,
    @Body() body: RequestInformationDto,
    @WriteRequest() request: RequestMeta,
  ) {
    return this.commands.handle(requestInformation, id, body, request);
  }
}
