import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { DISTRICT_CODE, MAILBOX_ID, PETITION_KINDS } from '@wenzheng/petition';
import { IsLocalDate, IsNotBefore } from '../../calendar/local-date.validator';
import { IsIntegerBetween, ToInteger } from '@wenzheng/read-models';
import { IsCleanText } from '../../petitions/shared/validators';
import { PUBLIC_STATUSES } from '../shared/public-petition-view';
import { LowerCaseId } from '@wenzheng/read-models';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export class ListPublicPetitionsDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @LowerCaseId()
  @IsUUID('all')
  departmentId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @LowerCaseId()
  @IsUUID('all')
  categoryId?: string;

  @ApiPropertyOptional({ example: '330302', description: 'cases in this district (6 digits, its streets included) or street (9 digits)' })
  @IsOptional()
  @Matches(DISTRICT_CODE, { message: '$property must be a 6-digit district or 9-digit street code' })
  district?: string;

  @ApiPropertyOptional({ example: 'mayor', description: "cases written to this leader's mailbox (GET /api/public/mailboxes)" })
  @IsOptional()
  @IsString()
  @Matches(MAILBOX_ID, { message: '$property must be a mailbox id (lower-case letters, digits and hyphens)' })
  mailbox?: string;

  @ApiPropertyOptional({ enum: PUBLIC_STATUSES })
  @IsOptional()
  @IsIn(PUBLIC_STATUSES)
  status?: string;

  @ApiPropertyOptional({ enum: PETITION_KINDS })
  @IsOptional()
  @IsIn(PETITION_KINDS)
  kind?: string;

  @ApiPropertyOptional({
    description: 'words to find in title, content and answer (Chinese is segmented; every word must occur)',
    example: '停水',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : value))
  @IsString()
  @Length(1, 100)
  @IsCleanText({ singleLine: true })
  q?: string;

  @ApiPropertyOptional({ example: '2026-10-01', description: 'submitted on or after this date (Asia/Shanghai)' })
  @IsOptional()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-10-31', description: 'submitted on or before this date (Asia/Shanghai)' })
  @IsOptional()
  @IsLocalDate()
  @IsNotBefore('from')
  to?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,500}$/, { message: '$property invalid' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, type: 'integer' })
  @IsOptional()
  @ToInteger()
  @IsIntegerBetween(1, MAX_PAGE_SIZE)
  limit?: number;
}
