import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { petitionViewTables } from '@wenzheng/read-models';
import { Clock } from '@wenzheng/petition-store';
import { ReferenceDataService } from '@wenzheng/read-models';
import { PG_POOL } from '@wenzheng/platform';
import { DEPARTMENT_QUEUE_DEFAULT_LIMIT, DUE_SOON_WORKING_DAYS, DepartmentQueueItem, DepartmentQueueView } from './department-queue.dto';
import { DepartmentQueueQuery } from './department-queue.query';

interface Row {
  petition_id: string;
  tracking_code: string;
  title: string;
  submitted_at: Date;
  status: string;
  kind: string;
  category_id: string | null;
  dispatched_at: Date;
  acknowledge_by: Date;
  respond_by: Date;
  acknowledged_at: Date | null;
  pending_extension: boolean;
  escalation_level: number;
  reopen_count: number;
  department_id: string;
  assisting_department_ids: string[] | null;
  assist_by: Date | null;
  passed_down_to: string | null;
  handler_name: string | null;
  total: string;
}

type List = 'awaitingAcknowledgement' | 'inProgress' | 'dueSoon' | 'overdue' | 'coHandling';

/** The lead's cases; 协办 and 下派 cases are the coHandling list's. */
const LEAD = 'department_id = $1';

// Each list: which of the department's ($1) open cases, its condition, its extra parameters
// (from $3; $2 is the limit) and its order.
function lists(now: Date, dueSoonUntil: Date): Record<List, { scope: string; where: string; params: unknown[]; order: string }> {
  return {
    awaitingAcknowledgement: { scope: LEAD, where: `status = 'dispatched'`, params: [], order: 'acknowledge_by, petition_id' },
    inProgress: { scope: LEAD, where: `status = 'in_progress'`, params: [], order: 'respond_by, petition_id' },
    dueSoon: { scope: LEAD, where: `respond_by >= $3 and respond_by <= $4`, params: [now, dueSoonUntil], order: 'respond_by, petition_id' },
    overdue: { scope: LEAD, where: `respond_by < $3`, params: [now], order: 'respond_by, petition_id' },
    // Owed a 协办 contribution, or passed down to (下派) and not answered up yet.
    coHandling: {
      scope: `($1 = any(assisting_department_ids) or passed_down_to = $1)`,
      where: 'true',
      params: [],
      order: 'coalesce(assist_by, respond_by), petition_id',
    },
  };
}

@QueryHandler(DepartmentQueueQuery)
export class DepartmentQueueHandler implements IQueryHandler<DepartmentQueueQuery, DepartmentQueueView> {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly clock: Clock,
    private readonly reference: ReferenceDataService,
  ) {}

  async execute({ departmentId, limit }: DepartmentQueueQuery): Promise<DepartmentQueueView> {
    const now = this.clock.now();
    const calendar = this.reference.calendar();
    const dueSoonUntil = calendar.addWorkingDays(now, DUE_SOON_WORKING_DAYS);
    const table = petitionViewTables().cases;
    const spec = lists(now, dueSoonUntil);
    const names = Object.keys(spec) as List[];
    const results = await Promise.all(
      names.map((name) =>
        this.pool.query<Row>(
          `select petition_id, tracking_code, title, submitted_at, status, kind, category_id, dispatched_at, acknowledge_by, respond_by, acknowledged_at,
                  pending_extension, escalation_level, reopen_count, department_id, assisting_department_ids, assist_by, passed_down_to,
                  handler_name, count(*) over () as total
             from ${table}
            where ${spec[name].scope} and status in ('dispatched', 'in_progress') and ${spec[name].where}
            order by ${spec[name].order}
            limit $2`,
          [departmentId.toLowerCase(), limit ?? DEPARTMENT_QUEUE_DEFAULT_LIMIT, ...spec[name].params],
        ),
      ),
    );
    const byList = Object.fromEntries(
      names.map((name, i) => [
        name,
        results[i].rows.map((r) => ({
          ...toItem(r, departmentId.toLowerCase()),
          ageWorkingDays: calendar.workingDaysBetween(r.submitted_at, now),
          ...(name === 'overdue' && { overdueWorkingDays: calendar.workingDaysBetween(r.respond_by, now) }),
        })),
      ]),
    ) as Record<List, DepartmentQueueItem[]>;
    const counts = Object.fromEntries(names.map((name, i) => [name, Number(results[i].rows[0]?.total ?? 0)])) as Record<List, number>;
    return { departmentId, asOf: now.toISOString(), dueSoonUntil: dueSoonUntil.toISOString(), ...byList, counts };
  }
}

function toItem(r: Row, departmentId: string): Omit<DepartmentQueueItem, 'ageWorkingDays'> {
  const role = r.department_id === departmentId ? 'lead' : r.passed_down_to === departmentId ? 'passed_down' : 'assisting';
  return {
    petitionId: r.petition_id,
    trackingCode: r.tracking_code,
    title: r.title,
    nextDeadline:
      r.status === 'dispatched'
        ? { kind: 'acknowledgement', due: r.acknowledge_by.toISOString() }
        : { kind: 'response', due: r.respond_by.toISOString() },
    status: r.status,
    kind: r.kind,
    ...(r.category_id && { categoryId: r.category_id }),
    dispatchedAt: r.dispatched_at.toISOString(),
    acknowledgeBy: r.acknowledge_by.toISOString(),
    respondBy: r.respond_by.toISOString(),
    ...(r.acknowledged_at && { acknowledgedAt: r.acknowledged_at.toISOString() }),
    pendingExtension: r.pending_extension,
    escalationLevel: r.escalation_level,
    reopenCount: r.reopen_count,
    role,
    ...(role !== 'lead' && { leadDepartmentId: r.department_id }),
    ...(role === 'assisting' && r.assist_by && { contributeBy: r.assist_by.toISOString() }),
    ...(role === 'lead' && r.handler_name && { handlerName: r.handler_name }),
  };
}
