import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags, ApiProperty } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest } from '../shared/command-request';
import { toDeadline } from '../shared/deadline-input';
import { PetitionCommandHandler, PetitionCommandSlice } from '../shared/petition-command.handler';
import { ApiCommandResponse } from '../shared/command-response';
import { IsString } from 'class-validator';
import { IsCleanText, IsDateOrInstant, IsTrimmedLength } from '../shared/validators';

export class RequestExtensionDto {
  @ApiProperty({ example: '需多部门联合现场核查' })
  @IsString()
  @IsTrimmedLength(2, 1000)
  @IsCleanText()
  reason: string;

  @ApiProperty({ example: '2026-10-30', description: 'YYYY-MM-DD (end of that day, Asia/Shanghai) or an ISO instant with offset' })
  @IsDateOrInstant()
  requestedRespondBy: string;
}

export const requestExtension: PetitionCommandSlice<RequestExtensionDto> = {
  toCommand: (petitionId, body, context) => ({
    type: 'RequestExtension',
    data: { petitionId, reason: body.reason.trim(), requestedRespondBy: toDeadline(body.requestedRespondBy) },
    context,
  }),
};

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class RequestExtensionController {
  constructor(private readonly commands: PetitionCommandHandler) {}

  @Post(':id/extension-request')
  @HttpCode(200)
  @ApiCommandResponse()
  @Roles('handler')
  @ApiOperation({ summary: 'Ask for more time (延期申请, handler)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async requestExtension(@Param('id', PetitionIdPipe) id: string, @Body() body: RequestExtensionDto, @WriteRequest() request: RequestMeta) {
    return this.commands.handle(requestExtension, id, body, request);
  }
}
