import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsCleanText } from '../shared/validators';

export class EscalatePetitionDto {
  @ApiProperty({ example: '超期未办复，请于三个工作日内办结' })
  @IsString()
  @Length(2, 1000)
  @IsCleanText()
  reason: string;
}
