import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags, ApiProperty } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest } from '../shared/command-request';
import { PetitionCommandHandler, PetitionCommandSlice } from '../shared/petition-command.handler';
import { ApiCommandResponse } from '../shared/command-response';
import { IsString } from 'class-validator';
import { IsCleanText, IsTrimmedLength } from '../shared/validators';

export class ReturnPetitionDto {
  @ApiProperty({ example: '供水属水务集团职责，非本单位', description: 'why the case is not for this department (退单理由)' })
  @IsString()
  @IsTrimmedLength(2, 1000)
  @IsCleanText()
  reason: string;
}

export const returnPetition: PetitionCommandSlice<ReturnPetitionDto> = {
  toCommand: (petitionId, body, context) => ({ type: 'ReturnPetition', data: { petitionId, reason: body.reason.trim() }, context }),
};

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class ReturnPetitionController {
  constructor(private readonly commands: PetitionCommandHandler) {}

  @Post(':id/return')
  @HttpCode(200)
  @ApiCommandResponse()
  @Roles('handler')
  @ApiOperation({ summary: 'Return a case that is not for this department (退单, handler)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async returnPetition(@Param('id', PetitionIdPipe) id: string, @Body() body: ReturnPetitionDto, @WriteRequest() request: RequestMeta) {
    return this.commands.handle(returnPetition, id, body, request);
  }
}
