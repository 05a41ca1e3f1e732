import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHANNELS, PETITION_KINDS } from '@wenzheng/petition';
import { QueueDepartment, ReviewQueueDto } from '../review-queue/review-queue.dto';

export const CALLBACK_QUEUE_DEFAULT_LIMIT = 50;

/** The same page parameters as the review queue's (cursor, limit 1–200). */
export class CallbackQueueDto extends ReviewQueueDto {}

export class CallbackQueueItem {
  @ApiProperty({ format: 'uuid' }) petitionId: string;
  @ApiProperty() trackingCode: string;
  @ApiProperty({ description: 'as published: redacted when written' }) title: string;
  @ApiProperty({ enum: PETITION_KINDS }) kind: string;
  @ApiProperty({ enum: CHANNELS }) channel: string;
  @ApiPropertyOptional({ type: QueueDepartment, description: 'the department that answered' }) department?: QueueDepartment;
  @ApiProperty({ format: 'date-time', description: 'when the department answered (办复)' }) respondedAt: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description:
      "回访截止: the end of the rating window (the kind's rateWithinWorkingDays after the answer); after it the case closes " +
      'as no_rating_in_time and a call-back is refused',
  })
  rateBy?: string;
  @ApiPropertyOptional({ description: 'rateBy has passed: the watcher closes the case unrated at its next run' }) windowClosed?: boolean;
  @ApiPropertyOptional({
    description: "the kind's callbackAttempts: attempts before the caller may be recorded unreachable (outcome unreachable)",
  })
  attemptsBeforeUnreachable?: number;
  @ApiProperty({ description: 'working days since the answer' }) workingDaysSinceAnswer: number;
  @ApiProperty({ description: 'times a supervisor reopened it (重办): the caller was unsatisfied before' }) reopenCount: number;
  @ApiProperty({ description: 'the staff view of the case (its phone for the call)' }) url: string;
}

export class CallbackQueuePage {
  @ApiProperty({ type: [CallbackQueueItem] }) items: CallbackQueueItem[];
  @ApiPropertyOptional() nextCursor?: string;
}
