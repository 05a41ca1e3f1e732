import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min, ValidateIf } from 'class-validator';
import { CALLBACK_OUTCOMES, CallbackOutcome, RATING_VIAS, RatingVia, SATISFACTIONS, Satisfaction } from '@wenzheng/petition';
import { IsCleanText } from '../shared/validators';

export class RatePetitionDto {
  @ApiPropertyOptional({
    enum: SATISFACTIONS,
    description: 'satisfied 满意, basically_satisfied 基本满意, unsatisfied 不满意; required unless outcome is unreachable',
  })
  @ValidateIf((o: RatePetitionDto) => o.outcome !== 'unreachable' || o.satisfaction !== undefined)
  @IsIn(SATISFACTIONS)
  satisfaction?: Satisfaction;

  @ApiPropertyOptional({ example: '处理及时，已恢复供水' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  @IsCleanText()
  comment?: string;

  @ApiPropertyOptional({ enum: RATING_VIAS, description: '回访: a reviewer records the rating for a caller after a call-back' })
  @IsOptional()
  @IsIn(RATING_VIAS)
  via?: RatingVia;

  @ApiPropertyOptional({
    enum: CALLBACK_OUTCOMES,
    default: 'reached',
    description: 'call-backs only: unreachable closes the case as no_rating_in_time',
  })
  @IsOptional()
  @IsIn(CALLBACK_OUTCOMES)
  outcome?: CallbackOutcome;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 20,
    example: 3,
    description: "call-backs only: attempts made; unreachable needs at least the policy's callbackAttempts",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  attempts?: number;
}
