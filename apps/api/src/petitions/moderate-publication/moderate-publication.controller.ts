import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest } from '../shared/command-request';
import { ApiCommandResponse } from '../shared/command-response';
import { PetitionCommandHandler, PetitionCommandSlice } from '../shared/petition-command.handler';
import { IsIn, IsString, IsUUID, ValidateIf } from 'class-validator';
import { MODERATION_ACTIONS, MODERATION_TARGETS, ModerationAction, ModerationTarget } from '@wenzheng/petition';
import { IsCleanText, IsTrimmedLength } from '../shared/validators';
import { LowerCaseId } from '@wenzheng/read-models';
import { badInput } from '../../http/validation';

export class ModeratePublicationDto {
  @ApiProperty({
    enum: MODERATION_TARGETS,
    description: 'case: the whole case leaves the listing, search and its page; answer; comment (with commentId)',
  })
  @IsIn(MODERATION_TARGETS)
  target: ModerationTarget;

  @ApiPropertyOptional({
    format: 'uuid',
    example: '3f6c2a1e-8b4d-4c9a-9e2f-1a2b3c4d5e6f',
    description: "target comment only: the comment's id on the public page",
  })
  @ValidateIf((o: ModeratePublicationDto) => o.target === 'comment' || o.commentId !== undefined)
  @LowerCaseId()
  @IsUUID()
  commentId?: string;

  @ApiProperty({ enum: MODERATION_ACTIONS })
  @IsIn(MODERATION_ACTIONS)
  action: ModerationAction;

  @ApiProperty({ example: '跟帖含有辱骂内容', description: 'internal: never published' })
  @IsString()
  @IsTrimmedLength(2, 1000)
  @IsCleanText()
  reason: string;
}

export const moderatePublication: PetitionCommandSlice<ModeratePublicationDto> = {
  // The decider does not keep comment ids (they are the comments' event ids): the stream says which exist.
  async check(petitionId, body, lookups) {
    if (body.target !== 'comment' || body.commentId === undefined) return;
    const ids = await lookups.eventIdsOf(petitionId, 'PetitionCommented');
    if (ids.length > 0 && !ids.includes(body.commentId.toLowerCase()))
      throw badInput('commentId', 'knownComment', 'no such comment on this case');
  },
  toCommand: (petitionId, body, context) => ({
    type: 'ModeratePublication',
    data: {
      petitionId,
      target: body.target,
      ...(body.commentId !== undefined && { commentId: body.commentId.toLowerCase() }),
      action: body.action,
      reason: body.reason.trim(),
    },
    context,
  }),
};

@ApiTags('petitions')
@ApiBearerAuth()
@Controller('petitions')
export class ModeratePublicationController {
  constructor(private readonly commands: PetitionCommandHandler) {}

  @Post(':id/moderation')
  @HttpCode(200)
  @ApiCommandResponse()
  @Roles('reviewer', 'supervisor')
  @ApiOperation({
    summary: 'Hide or restore a published case, its answer or a comment (内容管理, hotline office or supervision office)',
    description:
      'Takes effect on the public listing, search and page as soon as the projection has the event. The reason is internal. ' +
      'A case that is not published, hiding what is hidden or restoring what is not: 409.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async moderatePublication(
    @Param('id', PetitionIdPipe) id: string,
    @Body() body: ModeratePublicationDto,
    @WriteRequest() request: RequestMeta,
  ) {
    return this.commands.handle(moderatePublication, id, body, request);
  }
}
