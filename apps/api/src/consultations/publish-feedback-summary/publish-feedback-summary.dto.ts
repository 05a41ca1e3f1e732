import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { ADOPTION_OUTCOMES, AdoptionOutcome } from '@wenzheng/consultation';
import { IsCleanText } from '../../petitions/shared/validators';
import { LowerCaseId } from '@wenzheng/read-models';

export class FeedbackItemDto {
  @ApiPropertyOptional({
    example: '0b9f3c6e-2f4d-4a8e-9c1d-5e7a8b9c0d1e',
    description: 'The opinion answered; omit for a group of opinions on one topic',
  })
  @IsOptional()
  @LowerCaseId()
  @IsUUID()
  opinionId?: string;

  @ApiProperty({ example: '听证期限' })
  @IsString()
  @Length(1, 200)
  @IsCleanText({ singleLine: true })
  topic: string;

  @ApiProperty({ enum: ADOPTION_OUTCOMES, example: 'adopted' })
  @IsIn(ADOPTION_OUTCOMES)
  outcome: AdoptionOutcome;

  @ApiProperty({ example: '已将第十二条听证期延长至30日' })
  @IsString()
  @Length(1, 2000)
  @IsCleanText()
  reason: string;
}

export class PublishFeedbackSummaryDto {
  @ApiProperty({ type: [FeedbackItemDto] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => FeedbackItemDto)
  items: FeedbackItemDto[];

  @ApiProperty({ example: '征求意见期间共收到意见12条，采纳5条，部分采纳3条，未采纳4条。' })
  @IsString()
  @Length(1, 20_000)
  @IsCleanText()
  text: string;
}
