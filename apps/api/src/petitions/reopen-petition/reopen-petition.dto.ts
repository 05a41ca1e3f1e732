import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsCleanText } from '../shared/validators';

export class ReopenPetitionDto {
  @ApiProperty({ example: '群众反映问题未解决，请重新办理' })
  @IsString()
  @Length(2, 1000)
  @IsCleanText()
  reason: string;
}
