import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsCleanText, IsDateOrInstant } from '../shared/validators';

export class RequestExtensionDto {
  @ApiProperty({ example: '需多部门联合现场核查' })
  @IsString()
  @Length(2, 1000)
  @IsCleanText()
  reason: string;

  @ApiProperty({ example: '2026-10-30', description: 'YYYY-MM-DD (end of that day, Asia/Shanghai) or an ISO instant with offset' })
  @IsDateOrInstant()
  requestedRespondBy: string;
}
