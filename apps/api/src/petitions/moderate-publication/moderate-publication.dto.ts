import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, Length, ValidateIf } from 'class-validator';
import { MODERATION_ACTIONS, MODERATION_TARGETS, ModerationAction, ModerationTarget } from '@wenzheng/petition';
import { IsCleanText } from '../shared/validators';

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
  @IsUUID()
  commentId?: string;

  @ApiProperty({ enum: MODERATION_ACTIONS })
  @IsIn(MODERATION_ACTIONS)
  action: ModerationAction;

  @ApiProperty({ example: '跟帖含有辱骂内容', description: 'internal: never published' })
  @IsString()
  @Length(2, 1000)
  @IsCleanText()
  reason: string;
}
