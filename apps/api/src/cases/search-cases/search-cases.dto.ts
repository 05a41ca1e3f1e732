import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { CHANNELS, MAILBOX_ID, PETITION_KINDS, PETITION_STATUSES } from '@wenzheng/petition';
import { IsLocalDate, IsNotBefore } from '../../calendar/local-date.validator';
import { IsIntegerBetween, ToInteger } from '@wenzheng/read-models';
import { IsCleanText } from '../../petitions/shared/validators';
import { LowerCaseId } from '@wenzheng/read-models';

export const CASE_SEARCH_MAX_LIMIT = 100;
export const CASE_SEARCH_DEFAULT_LIMIT = 20;
export const CASE_STATUSES = PETITION_STATUSES.filter((s) => s !== 'initial');

const blankAsAbsent = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : value));
const toBoolean = () => Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

export class SearchCasesDto {
  @ApiPropertyOptional({
    description: 'words of the redacted title and content (Chinese is segmented; every word must occur)',
    example: '噪音',
  })
  @IsOptional()
  @blankAsAbsent()
  @IsString()
  @Length(1, 100)
  @IsCleanText({ singleLine: true })
  q?: string;

  @ApiPropertyOptional({
    description: '查询码 as the SMS gives it (any case; Crockford look-alikes I, L, O accepted)',
    example: 'WZ20261012-7K3M9Q2XAB',
  })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  trackingCode?: string;

  @ApiPropertyOptional({
    description:
      "the citizen's mobile or landline, written any way (+86, spaces, dashes). Reviewers: every case; handlers: their current cases",
    example: '138 1234 5678',
  })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  phone?: string;

  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES)
  status?: string;

  @ApiPropertyOptional({ enum: PETITION_KINDS })
  @IsOptional()
  @IsIn(PETITION_KINDS)
  kind?: string;

  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the department the case is (or was last) dispatched to' })
  @IsOptional()
  @LowerCaseId()
  @IsUUID('all')
  departmentId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @LowerCaseId()
  @IsUUID('all')
  categoryId?: string;

  @ApiPropertyOptional({ example: 'mayor', description: "cases written to this leader's mailbox (GET /api/admin/mailboxes)" })
  @IsOptional()
  @IsString()
  @Matches(MAILBOX_ID, { message: '$property must be a mailbox id (lower-case letters, digits and hyphens)' })
  mailbox?: string;

  @ApiPropertyOptional({ example: '2026-10-01', description: 'submitted on or after this date (Asia/Shanghai)' })
  @IsOptional()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-10-31', description: 'submitted on or before this date (Asia/Shanghai)' })
  @IsOptional()
  @IsLocalDate()
  @IsNotBefore('from')
  to?: string;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'true: a red light is lit (a deadline missed and not yet met); false: none lit',
  })
  @IsOptional()
  @toBoolean()
  @IsBoolean({ message: '$property must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: 督办 (escalation level above 0); false: not escalated' })
  @IsOptional()
  @toBoolean()
  @IsBoolean({ message: '$property must be true or false' })
  escalated?: boolean;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page (same filters)' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,500}$/, { message: '$property invalid' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: CASE_SEARCH_MAX_LIMIT, default: CASE_SEARCH_DEFAULT_LIMIT, type: 'integer' })
  @IsOptional()
  @ToInteger()
  @IsIntegerBetween(1, CASE_SEARCH_MAX_LIMIT)
  limit?: number;
}

export class CaseDepartment {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiPropertyOptional({ example: '市综合行政执法局' }) name?: string;
}

export class CaseDeadlines {
  @ApiPropertyOptional({ format: 'date-time', description: '回应 (acknowledgement) deadline of the current dispatch' })
  acknowledgeBy?: string;
  @ApiPropertyOptional({ format: 'date-time', description: '办复 (answer) deadline, after approved extensions' }) respondBy?: string;
}

export class CaseSearchItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'WZ20261012-7K3M9Q2XAB' }) trackingCode: string;
  @ApiProperty({ description: 'as published: redacted when written' }) title: string;
  @ApiProperty({ enum: CASE_STATUSES }) status: string;
  @ApiProperty({ enum: PETITION_KINDS }) kind: string;
  @ApiProperty({ enum: CHANNELS }) channel: string;
  @ApiPropertyOptional({ type: CaseDepartment, description: 'the department it is (or was last) dispatched to' })
  department?: CaseDepartment;
  @ApiPropertyOptional({ format: 'uuid' }) categoryId?: string;
  @ApiPropertyOptional() categoryName?: string;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiProperty({ type: CaseDeadlines }) deadlines: CaseDeadlines;
  @ApiProperty({
    enum: ['acknowledgement', 'response'],
    isArray: true,
    description: '亮红灯: deadlines of the current dispatch recorded as missed',
  })
  redLights: string[];
  @ApiProperty({ description: 'a red light is still lit: a missed deadline not yet met' }) overdue: boolean;
  @ApiProperty({ description: '督办 level, 0 when not escalated' }) escalationLevel: number;
  @ApiProperty({ description: 'an extension request (延期申请) awaits a decision' }) pendingExtension: boolean;
  @ApiProperty({ description: 'working days from submission to now, or to the close' }) ageWorkingDays: number;
  @ApiPropertyOptional({ format: 'uuid', description: 'the original, for a case closed as a duplicate' }) duplicateOf?: string;
  @ApiProperty({ example: '/api/petitions/0b9f3c1e-5d1a-4c1e-9a59-2f0c8f3f2a10' }) url: string;
}

export class CaseSearchPage {
  @ApiProperty({ type: [CaseSearchItem], description: 'newest first' }) items: CaseSearchItem[];
  @ApiPropertyOptional({ description: 'pass as ?cursor= with the same filters for the next page' }) nextCursor?: string;
}
