import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsIntegerBetween, ToInteger } from '@wenzheng/read-models';

/**
 * `?limit=&offset=` of a short list read a page at a time (consultations, a department's surveys): digits
 * only, as every paged route reads them (ToInteger). `@Type(() => Number)` took "" and " " for 0, 1e2 for
 * 100 and 0x10 for 16 (an attacking helper, 2026-12-07, on the deductions' route first).
 */
export class OffsetPageDto {
  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100, type: 'integer' })
  @IsOptional()
  @ToInteger()
  @IsIntegerBetween(1, 100)
  limit?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: 100_000, type: 'integer' })
  @IsOptional()
  @ToInteger()
  @IsIntegerBetween(0, 100_000)
  offset?: number;
}
