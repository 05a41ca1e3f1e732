import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest } from '../shared/command-request';
import { ApiCommandResponse } from '../shared/command-response';
import { PetitionCommandHandler, PetitionCommandSlice, producedEvent } from '../shared/petition-command.handler';
import { IsCleanText } from '../shared/validators';

export class AssignHandlerDto {
  @ApiPropertyOptional({
    example: 'staff-017',
    description: "the staff member's user id (the `sub` of their token); omitted: the caller takes the case",
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._:@-]{1,128}$/, { message: 'handlerId must be a user id: letters, digits and . _ : @ -, at most 128' })
  handlerId?: string;

  @ApiProperty({ example: '李工', description: "承办人: the display name the department's queue shows" })
  @IsString()
  @Length(1, 50)
  @IsCleanText({ singleLine: true })
  handlerName: string;
}

export const assignHandler: PetitionCommandSlice<AssignHandlerDto> = {
  // The caller's own id by default: the token's sub is the staff member's user id.
  toCommand: (petitionId, body, context) => ({
    type: 'AssignHandler',
    data: { petitionId, handlerId: body.handlerId ?? context.actor.id, handlerName: body.handlerName.trim() },
    context,
  }),
  details: (result) => {
    const e = producedEvent(result, 'HandlerAssigned');
    return e ? { handlerId: e.data.handlerId, handlerName: e.data.handlerName } : {};
  },
};

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class AssignHandlerController {
  constructor(private readonly commands: PetitionCommandHandler) {}

  @Post(':id/handler')
  @HttpCode(200)
  @ApiCommandResponse({ handlerId: 'staff-017', handlerName: '李工' })
  @Roles('handler')
  @ApiOperation({
    summary: 'Name the staff member handling the case (承办人, handler of the lead department)',
    description:
      'While the lead department holds the case (409 once answered); another department, an assisting one included: 403. ' +
      "The same person again: 409 handler_already_assigned. Shown in the department's queue and its per-person figures, never publicly.",
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async assignHandler(@Param('id', PetitionIdPipe) id: string, @Body() body: AssignHandlerDto, @WriteRequest() request: RequestMeta) {
    return this.commands.handle(assignHandler, id, body, request);
  }
}
