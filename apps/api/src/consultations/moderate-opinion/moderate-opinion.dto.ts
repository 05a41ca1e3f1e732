import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { OPINION_DECISIONS, OpinionDecision } from '@wenzheng/consultation';
import { IsCleanText } from '../../petitions/shared/validators';

export class ModerateOpinionDto {
  @ApiProperty({ enum: OPINION_DECISIONS, example: 'published' })
  @IsIn(OPINION_DECISIONS)
  decision: OpinionDecision;

  @ApiPropertyOptional({ example: '与本草案无关', description: 'Why (kept for the record; not published)' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  @IsCleanText()
  reason?: string;
}
