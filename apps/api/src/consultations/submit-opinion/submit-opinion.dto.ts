import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length } from 'class-validator';
import { IsCleanText } from '../../petitions/shared/validators';

export class SubmitOpinionDto {
  @ApiProperty({
    example: '建议第十二条的听证期延长至30日。联系电话13912345678',
    description:
      'Phone numbers, ID numbers, e-mail addresses and card numbers typed in are masked in every public copy (a name is not recognised: the moderator publishes)',
  })
  @IsString()
  @Length(1, 5000)
  @IsCleanText()
  text: string;

  @ApiPropertyOptional({ example: false, default: false, description: 'Counted, never published (the department still reads it)' })
  @IsOptional()
  @IsBoolean()
  private?: boolean;

  @ApiPropertyOptional({ example: false, default: false, description: 'Signed in, but the account is not recorded with the opinion' })
  @IsOptional()
  @IsBoolean()
  anonymous?: boolean;
}
