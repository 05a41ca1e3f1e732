import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { IsCleanText } from '../shared/validators';

export class WithdrawPetitionDto {
  @ApiPropertyOptional({
    example: '问题已自行解决，申请撤回',
    description: 'why the submitter withdraws (撤回); shown to them and to staff, never published',
  })
  @IsOptional()
  @IsString()
  @Length(2, 1000)
  @IsCleanText()
  reason?: string;
}
