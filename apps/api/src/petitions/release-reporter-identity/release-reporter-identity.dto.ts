import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { IsReasonLength, REASON_MAX, REASON_MIN } from '../../audit/shared/audit-read.dto';
import { IsCleanText } from '../shared/validators';

export class ReleaseReporterIdentityDto {
  @ApiProperty({ minLength: REASON_MIN, maxLength: REASON_MAX, example: '核实举报事项需当面询问举报人，督查室 2026-031 号批准' })
  @IsString()
  @IsReasonLength()
  @IsCleanText({ singleLine: true })
  reason: string;
}
