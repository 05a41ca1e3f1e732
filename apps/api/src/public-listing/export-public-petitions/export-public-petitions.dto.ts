import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsLocalDate } from '../../calendar/local-date.validator';
import { IsPeriodEnd } from '../get-statistics/get-statistics.dto';

export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export class ExportPublicPetitionsDto {
  @ApiPropertyOptional({
    example: '2026-10-01',
    description: 'submitted on or after this day (Asia/Shanghai); default: from the first case',
  })
  @IsOptional()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({
    example: '2026-11-01',
    description: 'submitted before this day, EXCLUSIVE (00:00+08:00 of it); default: up to now',
  })
  @IsOptional()
  @IsLocalDate()
  @IsPeriodEnd('from')
  to?: string;

  @ApiPropertyOptional({
    enum: EXPORT_FORMATS,
    default: 'csv',
    description: 'csv: UTF-8 with BOM, a licence line, then a header; json: { licence, columns, items }',
  })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;
}
