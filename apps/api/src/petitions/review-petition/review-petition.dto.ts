import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, ValidateIf } from 'class-validator';
import { REVIEW_OUTCOMES, ReviewOutcome } from '@wenzheng/petition';
import { IsCleanText } from '../shared/validators';

export class ReviewPetitionDto {
  @ApiProperty({ enum: REVIEW_OUTCOMES })
  @IsIn(REVIEW_OUTCOMES)
  outcome: ReviewOutcome;

  @ApiPropertyOptional({ example: '诉求不属于受理范围', description: 'required unless accepted' })
  @ValidateIf((o: ReviewPetitionDto) => o.outcome !== 'accepted' || o.reason !== undefined)
  @IsString()
  @Length(2, 1000)
  @IsCleanText()
  reason?: string;

  @ApiPropertyOptional({ example: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  categoryId?: string;

  @ApiPropertyOptional({ example: false, description: '涉密: never published' })
  @IsOptional()
  @IsBoolean()
  confidential?: boolean;

  @ApiPropertyOptional({ example: '0b9f3c6e-2f4d-4a8e-9c1d-5e7a8b9c0d1e', format: 'uuid', description: 'required for duplicate' })
  @ValidateIf((o: ReviewPetitionDto) => o.outcome === 'duplicate' || o.duplicateOf !== undefined)
  @IsUUID()
  duplicateOf?: string;
}
