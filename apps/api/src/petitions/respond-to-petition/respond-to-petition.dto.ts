import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsCleanText } from '../shared/validators';

export class RespondToPetitionDto {
  @ApiProperty({ description: '答复 / 办复' })
  @IsString()
  @Length(2, 10000)
  @IsCleanText()
  answer: string;
}
