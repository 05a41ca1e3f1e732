import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest } from '../shared/command-request';
import { ApiCommandResponse } from '../shared/command-response';
import { PetitionCommandHandler, PetitionCommandSlice, producedEvent } from '../shared/petition-command.handler';
import { IsCleanText, IsTrimmedLength } from '../shared/validators';

export class ProvideAssistanceDto {
  @ApiProperty({
    example: '我局已核发道路开挖许可，施工期间交通疏导由交警大队配合。',
    description: "协办意见: the assisting department's contribution, for the lead department (not shown to the citizen)",
  })
  @IsString()
  @IsTrimmedLength(2, 5000)
  @IsCleanText()
  text: string;
}

export const provideAssistance: PetitionCommandSlice<ProvideAssistanceDto> = {
  toCommand: (petitionId, body, context) => ({ type: 'ProvideAssistance', data: { petitionId, text: body.text.trim() }, context }),
  details: (result) => {
    const e = producedEvent(result, 'AssistanceProvided');
    return e ? { onTime: e.data.onTime, contributeBy: e.data.contributeBy } : {};
  },
};

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class ProvideAssistanceController {
  constructor(private readonly commands: PetitionCommandHandler) {}

  @Post(':id/assistance')
  @HttpCode(200)
  @ApiCommandResponse({ onTime: true, contributeBy: '2026-10-13T15:59:59.999Z' })
  @Roles('handler')
  @ApiOperation({
    summary: "Send an assisting department's contribution to the lead (协办意见, handler of an assisting department)",
    description:
      'Once per assisting department, while the lead handles the case (409 after its answer or a 退单); a department not ' +
      'named as assisting, the lead included, gets 403. Late is recorded and counts against the assisting department.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async provideAssistance(
    @Param('id', PetitionIdPipe) id: string,
    @Body() body: ProvideAssistanceDto,
    @WriteRequest() request: RequestMeta,
  ) {
    return this.commands.handle(provideAssistance, id, body, request);
  }
}
