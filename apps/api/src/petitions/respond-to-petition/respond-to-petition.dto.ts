import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsCleanText } from '../shared/validators';

export class RespondToPetitionDto {
  @ApiProperty({ example: '已协调水务集团抢修，10月8日恢复供水。', description: '答复 / 办复' })
  @IsString()
  @Length(2, 10000)
  @IsCleanText()
  answer: string;
}
