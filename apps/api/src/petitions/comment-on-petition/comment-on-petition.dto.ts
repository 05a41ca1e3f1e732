import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsCleanText } from '../shared/validators';

export class CommentOnPetitionDto {
  @ApiProperty({ example: '同小区，我家也停水了', description: '跟帖 text; personal data in it is masked on publication' })
  @IsString()
  @Length(1, 1000)
  @IsCleanText()
  text: string;
}
