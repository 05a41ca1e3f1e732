import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { INBOX_KINDS, InboxKind } from '@wenzheng/read-models';
import { IsIntegerBetween, ToInteger } from '@wenzheng/read-models';

export const SUPERVISOR_INBOX_MAX_LIMIT = 200;
export const SUPERVISOR_INBOX_DEFAULT_LIMIT = 50;

/** What the office is expected to do about each kind of item. */
export const DECISIONS = {
  extension_request: 'decide_extension',
  unsatisfied_rating: 'reopen_or_close',
  red_light: 'follow_up_red_light',
  auto_escalation: 'follow_up_escalation',
  returned: 'redispatch',
} as const satisfies Record<InboxKind, string>;

export class SupervisorInboxDto {
  @ApiPropertyOptional({ enum: INBOX_KINDS, description: 'only items of this kind' })
  @IsOptional()
  @IsIn(INBOX_KINDS, { message: `$property must be one of ${INBOX_KINDS.join(', ')}` })
  kind?: InboxKind;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page (of the same kind filter)' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,500}$/, { message: '$property invalid' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: SUPERVISOR_INBOX_MAX_LIMIT, default: SUPERVISOR_INBOX_DEFAULT_LIMIT, type: 'integer' })
  @IsOptional()
  @ToInteger()
  @IsIntegerBetween(1, SUPERVISOR_INBOX_MAX_LIMIT)
  limit?: number;
}

export class InboxDepartment {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiPropertyOptional({ example: '市综合行政执法局' }) name?: string;
}

export class InboxAction {
  @ApiProperty({ example: 'POST' }) method: 'POST';
  @ApiProperty({ example: '/api/petitions/0b9f3c6e-2f4d-4a8e-9c1d-5e7a8b9c0d1e/extension-decision' }) href: string;
  @ApiProperty({ example: 'supervisor', description: "the role that may send it (a re-dispatch is the hotline office's)" }) role: string;
}

export class InboxLinks {
  @ApiProperty({ example: '/api/petitions/0b9f3c6e-2f4d-4a8e-9c1d-5e7a8b9c0d1e' }) petition: string;
  @ApiProperty({ type: InboxAction }) act: InboxAction;
  @ApiPropertyOptional({
    type: [InboxAction],
    description: 'other commands that settle the item instead of act (an unsatisfied rating: close rather than reopen)',
    example: [{ method: 'POST', href: '/api/petitions/0b9f3c6e-2f4d-4a8e-9c1d-5e7a8b9c0d1e/close', role: 'supervisor' }],
  })
  alternatives?: InboxAction[];
}

export class SupervisorInboxItem {
  @ApiProperty({ enum: INBOX_KINDS, example: 'extension_request' }) kind: InboxKind;
  @ApiProperty({ format: 'uuid' }) petitionId: string;
  @ApiProperty({ example: 'WZ20261009-7K3M9Q' }) trackingCode: string;
  @ApiProperty({ description: 'the title as published (redacted)', example: '小区夜间施工噪音扰民' }) title: string;
  @ApiPropertyOptional({ type: InboxDepartment, description: 'the department holding the case (for a return: the one that returned it)' })
  department?: InboxDepartment;
  @ApiProperty({ format: 'date-time', description: 'when it began: the request, the rating, the missed deadline, the 督办, the return' })
  since: string;
  @ApiProperty({ enum: Object.values(DECISIONS), example: 'decide_extension' }) decision: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'extension: decided by then or approved by the system; return: to be re-dispatched by then',
  })
  dueBy?: string;
  @ApiProperty({
    description:
      'per kind: requestedRespondBy/currentRespondBy (extension), reopenCount (rating), deadline (red light), level/respondBy (督办)',
    example: { requestedRespondBy: '2026-10-23T15:59:59.999Z', currentRespondBy: '2026-10-13T15:59:59.999Z' },
  })
  detail: Record<string, string | number>;
  @ApiProperty({ type: InboxLinks }) links: InboxLinks;
}

export class SupervisorInboxCounts implements Record<InboxKind, number> {
  @ApiProperty({ example: 2 }) extension_request: number;
  @ApiProperty({ example: 1 }) unsatisfied_rating: number;
  @ApiProperty({ example: 3 }) red_light: number;
  @ApiProperty({ example: 0 }) auto_escalation: number;
  @ApiProperty({ example: 1 }) returned: number;
}

export class SupervisorInboxPage {
  @ApiProperty({ format: 'date-time', description: 'the instant the time-dependent items were judged at' }) asOf: string;
  @ApiProperty({ type: SupervisorInboxCounts, description: 'items per kind, whatever the filter' }) counts: SupervisorInboxCounts;
  @ApiProperty({ type: [SupervisorInboxItem] }) items: SupervisorInboxItem[];
  @ApiPropertyOptional() nextCursor?: string;
}
