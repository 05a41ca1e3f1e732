import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { PETITION_KINDS } from '@wenzheng/petition';
import { IsIntegerBetween, ToInteger } from '@wenzheng/read-models';

export const DEPARTMENT_QUEUE_MAX_LIMIT = 500;
export const DEPARTMENT_QUEUE_DEFAULT_LIMIT = 100;
/** 临期: the answer is due within this many working days. */
export const DUE_SOON_WORKING_DAYS = 2;

export class DepartmentQueueDto {
  @ApiPropertyOptional({
    description: 'most cases per list',
    minimum: 1,
    maximum: DEPARTMENT_QUEUE_MAX_LIMIT,
    default: DEPARTMENT_QUEUE_DEFAULT_LIMIT,
    type: 'integer',
  })
  @IsOptional()
  @ToInteger()
  @IsIntegerBetween(1, DEPARTMENT_QUEUE_MAX_LIMIT)
  limit?: number;
}

export class NextDeadline {
  @ApiProperty({ enum: ['acknowledgement', 'response'] }) kind: string;
  @ApiProperty({ format: 'date-time' }) due: string;
}

export class DepartmentQueueItem {
  @ApiProperty({ format: 'uuid' }) petitionId: string;
  @ApiProperty() trackingCode: string;
  @ApiProperty({ description: 'as published: redacted when written' }) title: string;
  @ApiProperty({ description: 'working days since submission' }) ageWorkingDays: number;
  @ApiProperty({
    type: NextDeadline,
    description: 'the deadline that matters next: 回应 (acknowledgeBy) until acknowledged, then 办复 (respondBy)',
  })
  nextDeadline: NextDeadline;
  @ApiProperty({ enum: ['dispatched', 'in_progress'] }) status: string;
  @ApiProperty({ enum: PETITION_KINDS }) kind: string;
  @ApiPropertyOptional({ format: 'uuid' }) categoryId?: string;
  @ApiProperty({ format: 'date-time' }) dispatchedAt: string;
  @ApiProperty({ format: 'date-time', description: '回应 deadline' }) acknowledgeBy: string;
  @ApiProperty({ format: 'date-time', description: '办复 deadline (after approved extensions)' }) respondBy: string;
  @ApiPropertyOptional({ format: 'date-time' }) acknowledgedAt?: string;
  @ApiProperty({ description: 'an extension request (延期申请) awaits the supervisor' }) pendingExtension: boolean;
  @ApiProperty({ description: '督办 level, 0 when not escalated' }) escalationLevel: number;
  @ApiProperty({ description: '重办 count' }) reopenCount: number;
  @ApiPropertyOptional({ description: 'overdue list only: working days past respondBy' }) overdueWorkingDays?: number;
  @ApiProperty({
    enum: ['lead', 'assisting', 'passed_down'],
    description:
      'lead (主办): the department answers the citizen; assisting (协办): it owes the lead a contribution; passed_down (下派): it works the case for the lead and answers up',
  })
  role: 'lead' | 'assisting' | 'passed_down';
  @ApiPropertyOptional({ format: 'uuid', description: 'assisting and passed_down: the lead department' }) leadDepartmentId?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'assisting: when the contribution to the lead is due' }) contributeBy?: string;
  @ApiPropertyOptional({ example: '李工', description: 'lead: the named handler (承办人), when one is assigned' }) handlerName?: string;
}

export class DepartmentQueueCounts {
  @ApiProperty() awaitingAcknowledgement: number;
  @ApiProperty() inProgress: number;
  @ApiProperty() dueSoon: number;
  @ApiProperty() overdue: number;
  @ApiProperty() coHandling: number;
}

export class DepartmentQueueView {
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty({ format: 'date-time' }) asOf: string;
  @ApiProperty({
    format: 'date-time',
    description: `end of the ${DUE_SOON_WORKING_DAYS}nd working day after today: dueSoon holds answers due by then`,
  })
  dueSoonUntil: string;
  @ApiProperty({ type: [DepartmentQueueItem], description: '待签收, acknowledgeBy first' }) awaitingAcknowledgement: DepartmentQueueItem[];
  @ApiProperty({ type: [DepartmentQueueItem], description: '办理中, respondBy first' }) inProgress: DepartmentQueueItem[];
  @ApiProperty({ type: [DepartmentQueueItem], description: '临期: not answered, respondBy within 2 working days' })
  dueSoon: DepartmentQueueItem[];
  @ApiProperty({ type: [DepartmentQueueItem], description: '超期: not answered, respondBy passed' }) overdue: DepartmentQueueItem[];
  @ApiProperty({
    type: [DepartmentQueueItem],
    description: '协办/下派: cases of other departments this one assists (contribution owed) or that were passed down to it',
  })
  coHandling: DepartmentQueueItem[];
  @ApiProperty({ type: DepartmentQueueCounts, description: 'the full size of each list (lists are cut at limit)' })
  counts: DepartmentQueueCounts;
}
