import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { IsDateOrInstant } from '../../petitions/shared/validators';
import { IsIntegerBetween, ToInteger } from '@wenzheng/read-models';
import { LowerCaseId } from '@wenzheng/read-models';

export const ACCESS_LOG_MAX_PAGE = 200;
export const ACCESS_LOG_DEFAULT_PAGE = 50;

export class ListAccessLogDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @LowerCaseId()
  @IsUUID('all')
  petitionId?: string;

  @ApiPropertyOptional({
    example: '2026-10-01',
    description: 'accessed at or after: a date (Asia/Shanghai, from its start) or an ISO instant',
  })
  @IsOptional()
  @IsDateOrInstant()
  from?: string;

  @ApiPropertyOptional({
    example: '2026-10-31',
    description: 'accessed at or before: a date (Asia/Shanghai, to its end) or an ISO instant',
  })
  @IsOptional()
  @IsDateOrInstant()
  to?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: '$property invalid' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: ACCESS_LOG_MAX_PAGE, default: ACCESS_LOG_DEFAULT_PAGE, type: 'integer' })
  @IsOptional()
  @ToInteger()
  @IsIntegerBetween(1, ACCESS_LOG_MAX_PAGE)
  limit?: number;
}
