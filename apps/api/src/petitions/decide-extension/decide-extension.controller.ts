import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest } from '../shared/command-request';
import { toDeadline } from '../shared/deadline-input';
import { PetitionCommandHandler, PetitionCommandSlice, producedEvent } from '../shared/petition-command.handler';
import { ApiCommandResponse } from '../shared/command-response';
import { IsBoolean, IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import { IsCleanText, IsDateOrInstant } from '../shared/validators';

export class DecideExtensionDto {
  @ApiProperty({ example: true })
  @IsBoolean()
  approved: boolean;

  @ApiPropertyOptional({ example: '期限内可办结', description: 'required when refused' })
  @ValidateIf((o: DecideExtensionDto) => !o.approved || o.reason !== undefined)
  @IsString()
  @Length(2, 1000)
  @IsCleanText()
  reason?: string;

  @ApiPropertyOptional({ example: '2026-10-30', description: 'approved date; default: the requested one' })
  @IsOptional()
  @IsDateOrInstant()
  respondBy?: string;
}

export const decideExtension: PetitionCommandSlice<DecideExtensionDto> = {
  toCommand: (petitionId, body, context) => ({
    type: 'DecideExtension',
    data: {
      petitionId,
      approved: body.approved,
      ...(body.reason !== undefined && { reason: body.reason.trim() }),
      ...(body.respondBy !== undefined && { respondBy: toDeadline(body.respondBy) }),
    },
    context,
  }),
  details: (result) => {
    const e = producedEvent(result, 'ExtensionDecided');
    return e ? { approved: e.data.approved, ...(e.data.respondBy ? { respondBy: e.data.respondBy } : {}) } : {};
  },
};

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class DecideExtensionController {
  constructor(private readonly commands: PetitionCommandHandler) {}

  @Post(':id/extension-decision')
  @HttpCode(200)
  @ApiCommandResponse({ approved: true, respondBy: '2026-10-23T15:59:59.999Z' })
  @Roles('supervisor')
  @ApiOperation({ summary: 'Approve or refuse a pending extension request (supervisor)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async decideExtension(@Param('id', PetitionIdPipe) id: string, @Body() body: DecideExtensionDto, @WriteRequest() request: RequestMeta) {
    return this.commands.handle(decideExtension, id, body, request);
  }
}
