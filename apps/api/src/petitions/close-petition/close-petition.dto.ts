import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsCleanText } from '../shared/validators';

export class ClosePetitionDto {
  @ApiProperty({
    example: '已按政策答复并向群众解释，诉求超出本级职责，不予重办',
    description: 'why the answer stands (办结 instead of 重办)',
  })
  @IsString()
  @Length(2, 1000)
  @IsCleanText()
  reason: string;
}
