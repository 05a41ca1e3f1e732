import { Inject, ServiceUnavailableException } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import {
  InvalidCursorError,
  ReferenceDataService,
  cursorInstantSql,
  decodeCursor,
  encodeCursor,
  petitionViewTables,
} from '@wenzheng/read-models';
import { Clock } from '@wenzheng/petition-store';
import { policyOfKind, ratingWindowClosed, ratingWindowEnds } from '@wenzheng/petition';
import { PG_POOL } from '@wenzheng/platform';
import { departmentRef } from '../review-queue/review-queue.handler';
import { CALLBACK_QUEUE_DEFAULT_LIMIT, CallbackQueueItem, CallbackQueuePage } from './callback-queue.dto';
import { CallbackQueueQuery } from './callback-queue.query';
import { badInput } from '../../http/validation';

export const CALLBACK_QUEUE_CURSOR = 'callback-queue';
const UNDEFINED_COLUMN = '42703';

interface Row {
  petition_id: string;
  tracking_code: string;
  title: string;
  kind: string;
  channel: string;
  department_id: string | null;
  responded_at: Date;
  reopen_count: number;
  sort_at: string;
}

/**
 * GET /api/queues/callbacks over the `cases` read model: answered cases whose rating the office takes
 * by a call-back (cases.rated_by_call_back, the decider's ratedByCallBack), on the partial index of
 * createPetitionViewTables, the longest answered first: their rating windows close first.
 */
@QueryHandler(CallbackQueueQuery)
export class CallbackQueueHandler implements IQueryHandler<CallbackQueueQuery, CallbackQueuePage> {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly reference: ReferenceDataService,
    private readonly clock: Clock,
  ) {}

  async execute({ page }: CallbackQueueQuery): Promise<CallbackQueuePage> {
    let after;
    try {
      after = page.cursor ? decodeCursor(CALLBACK_QUEUE_CURSOR, page.cursor) : undefined;
    } catch (e) {
      if (e instanceof InvalidCursorError) throw badInput('cursor', 'cursor', 'invalid');
      throw e;
    }
    const limit = page.limit ?? CALLBACK_QUEUE_DEFAULT_LIMIT;
    const params: unknown[] = [limit + 1];
    if (after) params.push(after.at, after.id);
    const { rows } = await this.query(after !== undefined, params);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    const now = this.clock.now();
    return {
      items: items.map((r) => this.toItem(r, now)),
      ...(rows.length > limit && last && { nextCursor: encodeCursor(CALLBACK_QUEUE_CURSOR, { at: last.sort_at, id: last.petition_id }) }),
    };
  }

  /** The page; 503 while the cases table predates rated_by_call_back (petition_views version 9, until its rebuild). Erased cases are left out: no phone to call, and the call-back is refused. */
  private async query(after: boolean, params: unknown[]) {
    try {
      return await this.pool.query<Row>(
        `select petition_id, tracking_code, title, kind, channel, department_id, responded_at, reopen_count,
              ${cursorInstantSql('responded_at')} as sort_at
         from ${petitionViewTables().cases}
        where status = 'responded' and rated_by_call_back and not personal_data_erased and responded_at is not null
          ${after ? `and (responded_at, petition_id) > ($2::timestamptz, $3)` : ''}
        order by responded_at, petition_id
        limit $1`,
        params,
      );
    } catch (e) {
      if ((e as { code?: string }).code === UNDEFINED_COLUMN) {
        throw new ServiceUnavailableException('待回访 needs the cases read model of this release: run npm run rebuild -- petition_views');
      }
      throw e;
    }
  }

  private toItem(r: Row, now: Date): CallbackQueueItem {
    const calendar = this.reference.calendar();
    const policy = policyOfKind(this.reference.policies(), r.kind);
    return {
      petitionId: r.petition_id,
      trackingCode: r.tracking_code,
      title: r.title,
      kind: r.kind,
      channel: r.channel,
      ...(r.department_id && { department: departmentRef(this.reference, r.department_id) }),
      respondedAt: r.responded_at.toISOString(),
      ...(policy && {
        rateBy: ratingWindowEnds(r.responded_at, calendar, policy).toISOString(),
        windowClosed: ratingWindowClosed(r.responded_at, now, calendar, policy),
        attemptsBeforeUnreachable: policy.callbackAttempts,
      }),
      workingDaysSinceAnswer: calendar.workingDaysBetween(r.responded_at, now),
      reopenCount: r.reopen_count,
      url: `/api/petitions/${r.petition_id}`,
    };
  }
}
