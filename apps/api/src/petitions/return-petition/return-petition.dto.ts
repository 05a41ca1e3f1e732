import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsCleanText } from '../shared/validators';

export class ReturnPetitionDto {
  @ApiProperty({ example: '供水属水务集团职责，非本单位', description: 'why the case is not for this department (退单理由)' })
  @IsString()
  @Length(2, 1000)
  @IsCleanText()
  reason: string;
}
