import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsCleanText } from '../shared/validators';

export class ReopenPetitionDto {
  @ApiProperty()
  @IsString()
  @Length(2, 1000)
  @IsCleanText()
  reason: string;
}
