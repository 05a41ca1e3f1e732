import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsCleanText } from '../shared/validators';

export class ReplyInterimDto {
  @ApiProperty({ example: '已联系施工单位现场核查，预计下周完成整改，届时正式答复。', description: '阶段性答复, shown to the citizen' })
  @IsString()
  @Length(2, 5000)
  @IsCleanText()
  text: string;
}
