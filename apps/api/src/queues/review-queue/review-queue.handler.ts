import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { InvalidCursorError, cursorInstantSql, decodeCursor, encodeCursor } from '@wenzheng/read-models';
import { petitionViewTables } from '@wenzheng/read-models';
import { Clock } from '@wenzheng/petition-store';
import { policyOfKind, reviewDueBy, reviewOverdue } from '@wenzheng/petition';
import { ReferenceDataService } from '@wenzheng/read-models';
import { PG_POOL } from '@wenzheng/platform';
import { REVIEW_QUEUE_DEFAULT_LIMIT, ReviewQueueItem, ReviewQueuePage } from './review-queue.dto';
import { ReviewQueueQuery } from './review-queue.query';
import { badInput } from '../../http/validation';

export const REVIEW_QUEUE_CURSOR = 'review-queue';

// Must match the partial index of createPetitionViewTables for the queue to be an index scan.
const WAITING_SINCE = `(case when status = 'returned' then returned_at else submitted_at end)`;

interface Row {
  petition_id: string;
  tracking_code: string;
  status: string;
  kind: string;
  channel: string;
  addressee_type: string | null;
  addressee_department_id: string | null;
  category_id: string | null;
  confidential: boolean;
  public_consent: boolean;
  submitted_at: Date;
  returned_at: Date | null;
  returned_from_department_id: string | null;
  return_reason: string | null;
  title: string;
  waiting_since: Date;
  sort_at: string;
  escalation_level: number;
}

@QueryHandler(ReviewQueueQuery)
export class ReviewQueueHandler implements IQueryHandler<ReviewQueueQuery, ReviewQueuePage> {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly reference: ReferenceDataService,
    private readonly clock: Clock,
  ) {}

  async execute({ page }: ReviewQueueQuery): Promise<ReviewQueuePage> {
    let after;
    try {
      after = page.cursor ? decodeCursor(REVIEW_QUEUE_CURSOR, page.cursor) : undefined;
    } catch (e) {
      if (e instanceof InvalidCursorError) throw badInput('cursor', 'cursor', 'invalid');
      throw e;
    }
    const limit = page.limit ?? REVIEW_QUEUE_DEFAULT_LIMIT;
    const params: unknown[] = [limit + 1];
    if (after) params.push(after.at, after.id);
    const { rows } = await this.pool.query<Row>(
      `select petition_id, tracking_code, status, kind, channel, addressee_type, addressee_department_id, category_id, confidential,
              public_consent, submitted_at, returned_at, returned_from_department_id, return_reason, title, escalation_level,
              ${WAITING_SINCE} as waiting_since, ${cursorInstantSql(WAITING_SINCE)} as sort_at
         from ${petitionViewTables().cases}
        where status in ('submitted', 'returned') and (status = 'returned' or review_outcome is null)
          ${after ? `and (${WAITING_SINCE}, petition_id) > ($2::timestamptz, $3)` : ''}
        order by ${WAITING_SINCE}, petition_id
        limit $1`,
      params,
    );
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    const now = this.clock.now();
    const reviewDeadline = this.reviewDeadline();
    return {
      items: items.map((r) => ({ ...this.toItem(r, now), ...reviewDeadline(r, now) })),
      ...(rows.length > limit && last && { nextCursor: encodeCursor(REVIEW_QUEUE_CURSOR, { at: last.sort_at, id: last.petition_id }) }),
    };
  }

  /** 审核时限 of a case awaiting review, as the decider and the watcher count it (rules.reviewDueBy). */
  private reviewDeadline() {
    const calendar = this.reference.calendar();
    const policies = this.reference.policies();
    return (r: Row, now: Date): Pick<ReviewQueueItem, 'reviewBy' | 'reviewOverdue'> => {
      const policy = policyOfKind(policies, r.kind);
      if (r.status !== 'submitted' || !policy) return {};
      return {
        reviewBy: reviewDueBy(r.submitted_at, calendar, policy).toISOString(),
        reviewOverdue: reviewOverdue(r.submitted_at, now, calendar, policy),
      };
    };
  }

  private toItem(r: Row, now: Date): ReviewQueueItem {
    const returnedBy = r.status === 'returned' && r.returned_from_department_id ? r.returned_from_department_id : undefined;
    return {
      ...toItem(r),
      title: r.title,
      ageWorkingDays: this.reference.calendar().workingDaysBetween(r.submitted_at, now),
      ...(returnedBy &&
        r.returned_at && {
          returned: {
            department: departmentRef(this.reference, returnedBy),
            reason: r.return_reason ?? '',
            at: r.returned_at.toISOString(),
          },
        }),
    };
  }
}

/** A department as queue items name it: its id, and its name while the reference data has it. */
export function departmentRef(reference: ReferenceDataService, id: string): { id: string; name?: string } {
  const name = reference.department(id)?.name;
  return { id, ...(name && { name }) };
}

function toItem(r: Row): Omit<ReviewQueueItem, 'title' | 'ageWorkingDays'> {
  return {
    petitionId: r.petition_id,
    trackingCode: r.tracking_code,
    status: r.status,
    kind: r.kind,
    channel: r.channel,
    ...(r.addressee_type && { addresseeType: r.addressee_type }),
    ...(r.addressee_department_id && { addresseeDepartmentId: r.addressee_department_id }),
    ...(r.category_id && { categoryId: r.category_id }),
    confidential: r.confidential,
    publicConsent: r.public_consent,
    submittedAt: r.submitted_at.toISOString(),
    ...(r.status === 'returned' && r.returned_at && { returnedAt: r.returned_at.toISOString() }),
    ...(r.status === 'returned' && r.returned_from_department_id && { returnedFromDepartmentId: r.returned_from_department_id }),
    waitingSince: r.waiting_since.toISOString(),
    escalationLevel: r.escalation_level,
  };
}
