import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsCleanText } from '../shared/validators';

export class CommentOnPetitionDto {
  @ApiProperty({ description: '跟帖 text; personal data in it is masked on publication' })
  @IsString()
  @Length(1, 1000)
  @IsCleanText()
  text: string;
}
