import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { SATISFACTIONS, Satisfaction } from '@wenzheng/petition';
import { IsCleanText } from '../shared/validators';

export class RatePetitionDto {
  @ApiProperty({ enum: SATISFACTIONS, description: 'satisfied 满意, basically_satisfied 基本满意, unsatisfied 不满意' })
  @IsIn(SATISFACTIONS)
  satisfaction: Satisfaction;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  @IsCleanText()
  comment?: string;
}
