import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags, ApiProperty } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest } from '../shared/command-request';
import { PetitionCommandHandler, PetitionCommandSlice } from '../shared/petition-command.handler';
import { ApiCommandResponse } from '../shared/command-response';
import { IsString, Length } from 'class-validator';
import { IsCleanText } from '../shared/validators';

export class EscalatePetitionDto {
  @ApiProperty({ example: '超期未办复，请于三个工作日内办结' })
  @IsString()
  @Length(2, 1000)
  @IsCleanText()
  reason: string;
}

export const escalatePetition: PetitionCommandSlice<EscalatePetitionDto> = {
  toCommand: (petitionId, body, context) => ({ type: 'EscalatePetition', data: { petitionId, reason: body.reason.trim() }, context }),
};

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class EscalatePetitionController {
  constructor(private readonly commands: PetitionCommandHandler) {}

  @Post(':id/escalate')
  @HttpCode(200)
  @ApiCommandResponse()
  @Roles('supervisor')
  @ApiOperation({ summary: 'Escalate a case to supervision (督办, supervisor)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async escalatePetition(@Param('id', PetitionIdPipe) id: string, @Body() body: EscalatePetitionDto, @WriteRequest() request: RequestMeta) {
    return this.commands.handle(escalatePetition, id, body, request);
  }
}
