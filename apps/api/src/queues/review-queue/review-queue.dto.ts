import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { ADDRESSEE_TYPES, CHANNELS, PETITION_KINDS } from '@wenzheng/petition';
import { IsIntegerBetween, ToInteger } from '@wenzheng/read-models';

export const REVIEW_QUEUE_MAX_LIMIT = 200;
export const REVIEW_QUEUE_DEFAULT_LIMIT = 50;

export class ReviewQueueDto {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,500}$/, { message: '$property invalid' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: REVIEW_QUEUE_MAX_LIMIT, default: REVIEW_QUEUE_DEFAULT_LIMIT, type: 'integer' })
  @IsOptional()
  @ToInteger()
  @IsIntegerBetween(1, REVIEW_QUEUE_MAX_LIMIT)
  limit?: number;
}

export class QueueDepartment {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiPropertyOptional({ example: '市综合行政执法局' }) name?: string;
}

export class ReturnedBy {
  @ApiProperty({ type: QueueDepartment, description: 'the department that returned it (退单)' }) department: QueueDepartment;
  @ApiProperty({ description: "the department's reason, redacted when written" }) reason: string;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class ReviewQueueItem {
  @ApiProperty({ format: 'uuid' }) petitionId: string;
  @ApiProperty() trackingCode: string;
  @ApiProperty({ description: 'as published: redacted when written' }) title: string;
  @ApiProperty({ enum: ['submitted', 'returned'], description: 'submitted: awaiting review; returned: awaiting re-dispatch (转办)' })
  status: string;
  @ApiProperty({ enum: PETITION_KINDS }) kind: string;
  @ApiProperty({ enum: CHANNELS }) channel: string;
  @ApiPropertyOptional({ enum: ADDRESSEE_TYPES }) addresseeType?: string;
  @ApiPropertyOptional({ format: 'uuid' }) addresseeDepartmentId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) categoryId?: string;
  @ApiProperty() confidential: boolean;
  @ApiProperty() publicConsent: boolean;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiPropertyOptional({ format: 'date-time' }) returnedAt?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the department that returned it (退单)' }) returnedFromDepartmentId?: string;
  @ApiProperty({
    format: 'date-time',
    description: 'since when it waits: submission, or the return (no deadline runs while a case awaits review)',
  })
  waitingSince: string;
  @ApiProperty({ description: 'working days since submission' }) ageWorkingDays: number;
  @ApiPropertyOptional({
    format: 'date-time',
    description:
      "awaiting review (status submitted): by when the hotline office reviews it (审核时限, the kind's reviewWithinWorkingHours " +
      'counted in hours of working days); absent on a returned case',
  })
  reviewBy?: string;
  @ApiPropertyOptional({ description: 'reviewBy has passed: the office has a red light (亮红灯) for this case' }) reviewOverdue?: boolean;
  @ApiPropertyOptional({ type: ReturnedBy, description: 'returned cases: who returned it, why and when' }) returned?: ReturnedBy;
  @ApiProperty() escalationLevel: number;
}

export class ReviewQueuePage {
  @ApiProperty({ type: [ReviewQueueItem] }) items: ReviewQueueItem[];
  @ApiPropertyOptional() nextCursor?: string;
}
