import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, ValidateIf } from 'class-validator';
import { REVIEW_OUTCOMES, ReviewOutcome } from '@wenzheng/petition';
import { IsCleanText } from '../shared/validators';

export class ReviewPetitionDto {
  @ApiProperty({ enum: REVIEW_OUTCOMES })
  @IsIn(REVIEW_OUTCOMES)
  outcome: ReviewOutcome;

  @ApiPropertyOptional({ description: 'required unless accepted' })
  @ValidateIf((o: ReviewPetitionDto) => o.outcome !== 'accepted' || o.reason !== undefined)
  @IsString()
  @Length(2, 1000)
  @IsCleanText()
  reason?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  categoryId?: string;

  @ApiPropertyOptional({ description: '涉密: never published' })
  @IsOptional()
  @IsBoolean()
  confidential?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'required for duplicate' })
  @ValidateIf((o: ReviewPetitionDto) => o.outcome === 'duplicate' || o.duplicateOf !== undefined)
  @IsUUID()
  duplicateOf?: string;
}
