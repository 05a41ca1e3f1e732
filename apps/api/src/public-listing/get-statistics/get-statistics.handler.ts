import { BadRequestException, Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { addLocalDays, localDate, startOfLocalDay } from '@wenzheng/calendar';
import { Clock } from '../../petitions/shared/clock';
import { petitionViewTables } from '../../read-models/petition-views';
import { ReferenceDataService } from '../../reference/reference-data.service';
import { reportDays, reportRate } from '../../reports/assessment-report/assessment-report.view';
import { PG_POOL } from '../../tokens';
import { DepartmentStatistics, MonthStatistics, StatisticsFigures, StatisticsView } from './get-statistics.dto';
import { GetStatisticsQuery } from './get-statistics.query';

// A month's figures describe one cohort: the cases submitted in it (Asia/Shanghai), followed to
// where they stand now. So every figure of a row is about the same cases (answered ≤ accepted ≤
// received) and a month's figures settle as its cases close. Confidential cases (涉密) count:
// only figures leave this route, never a case.
//
// One grouped query over wz_rm.cases (index on submitted_at) with grouping sets gives the rows per
// month and department, per month, per department and the whole period at once.
//
// Working days to answer: the calendar (with the city's overrides) lives in Node, so it is handed
// to PostgreSQL as one int[]: cum[i] = working days from `from` to the i-th day. Working days
// between two instants (workingDaysBetween: local days d with start < d ≤ end) are then
// cum[end] − cum[start], two array lookups per row. The array runs from `from` (no case of the
// cohort was dispatched earlier) to the later of `to` and today, a few thousand ints at most.

const DAY_MS = 86_400_000;
const epochDay = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
/** The local day of an instant as an index into the working-day array (1-based, clamped). */
const dayIndex = (column: string) => `least(greatest(floor((extract(epoch from ${column}) + 28800) / 86400)::int - $3 + 1, 1), cardinality($4::int[]))`;

interface Row {
  month: string | null;
  department_id: string | null;
  by_month: boolean;
  by_department: boolean;
  received: number;
  accepted: number;
  answered: number;
  answered_on_time: number;
  acknowledged_on_time: number;
  satisfied: number;
  basically_satisfied: number;
  unsatisfied: number;
  working_days: string;
  timed: number;
}

const EMPTY: Omit<Row, 'month' | 'department_id' | 'by_month' | 'by_department'> = {
  received: 0, accepted: 0, answered: 0, answered_on_time: 0, acknowledged_on_time: 0,
  satisfied: 0, basically_satisfied: 0, unsatisfied: 0, working_days: '0', timed: 0,
};

function figures(r: typeof EMPTY): StatisticsFigures {
  const rated = r.satisfied + r.basically_satisfied + r.unsatisfied;
  return {
    received: r.received,
    accepted: r.accepted,
    answered: r.answered,
    answeredOnTime: r.answered_on_time,
    acknowledgedOnTime: r.acknowledged_on_time,
    ratings: { satisfied: r.satisfied, basicallySatisfied: r.basically_satisfied, unsatisfied: r.unsatisfied },
    satisfactionRate: rated ? reportRate((r.satisfied + r.basically_satisfied) / rated) : null,
    averageWorkingDaysToAnswer: r.timed ? reportDays(Number(r.working_days) / r.timed) : null,
  };
}

/** 'YYYY-MM' of every month overlapping [from, to). */
function monthsOf(from: string, to: string): string[] {
  const last = addLocalDays(to, -1).slice(0, 7);
  const months: string[] = [];
  for (let [y, m] = from.slice(0, 7).split('-').map(Number); ; m === 12 ? ((y += 1), (m = 1)) : (m += 1)) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    months.push(month);
    if (month >= last) return months;
  }
}

@QueryHandler(GetStatisticsQuery)
export class GetStatisticsHandler implements IQueryHandler<GetStatisticsQuery, StatisticsView> {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly reference: ReferenceDataService,
    private readonly clock: Clock,
  ) {}

  async execute({ request }: GetStatisticsQuery): Promise<StatisticsView> {
    const { from, to } = request;
    const departmentId = request.departmentId?.toLowerCase();
    if (departmentId && !this.reference.department(departmentId)) throw new BadRequestException('departmentId: unknown department');

    const today = localDate(this.clock.now());
    const last = today > to ? today : to;
    const calendar = this.reference.calendar();
    const cumulative: number[] = [];
    let count = 0;
    for (let day = from; day <= last; day = addLocalDays(day, 1)) cumulative.push((count += calendar.isWorkingDay(day) ? 1 : 0));

    // A returned case (退单) waits for the hotline office: it is no department's until dispatched again.
    const department = `case when status <> 'returned' then department_id end`;
    const { rows } = await this.pool.query<Row>(
      `with c as (
         select to_char((submitted_at at time zone 'UTC') + interval '8 hours', 'YYYY-MM') as month,
                ${department} as department_id,
                accepted_at, responded_at, satisfaction,
                responded_at <= respond_by as answered_on_time,
                acknowledged_at <= acknowledge_by as acknowledged_on_time,
                case when responded_at >= dispatched_at
                     then ($4::int[])[${dayIndex('responded_at')}] - ($4::int[])[${dayIndex('dispatched_at')}] end as working_days
           from ${petitionViewTables().cases}
          where submitted_at >= $1 and submitted_at < $2 and ($5::text is null or ${department} = $5)
       )
       select month, department_id, grouping(month) = 0 as by_month, grouping(department_id) = 0 as by_department,
              count(*)::int as received,
              count(accepted_at)::int as accepted,
              count(responded_at)::int as answered,
              count(*) filter (where answered_on_time)::int as answered_on_time,
              count(*) filter (where acknowledged_on_time)::int as acknowledged_on_time,
              count(*) filter (where satisfaction = 'satisfied')::int as satisfied,
              count(*) filter (where satisfaction = 'basically_satisfied')::int as basically_satisfied,
              count(*) filter (where satisfaction = 'unsatisfied')::int as unsatisfied,
              coalesce(sum(working_days), 0)::text as working_days,
              count(working_days)::int as timed
         from c
        group by grouping sets ((month, department_id), (month), (department_id), ())`,
      [startOfLocalDay(from).toISOString(), startOfLocalDay(to).toISOString(), epochDay(from), `{${cumulative.join(',')}}`, departmentId ?? null],
    );

    const departmentRows = (list: Row[]): DepartmentStatistics[] =>
      list
        .filter((r) => r.by_department && r.department_id !== null)
        .map((r) => {
          const name = this.reference.department(r.department_id as string)?.name;
          return { departmentId: r.department_id as string, ...(name && { departmentName: name }), ...figures(r) };
        })
        .sort((a, b) => (a.departmentName ?? '\uffff').localeCompare(b.departmentName ?? '\uffff', 'zh-Hans-CN') || a.departmentId.localeCompare(b.departmentId));
    const totalOf = (list: Row[]) => figures(list.find((r) => !r.by_department) ?? EMPTY);

    const byMonth = new Map<string, Row[]>();
    for (const r of rows) if (r.by_month) byMonth.set(r.month as string, [...(byMonth.get(r.month as string) ?? []), r]);
    const overall = rows.filter((r) => !r.by_month);
    const months: MonthStatistics[] = monthsOf(from, to).map((month) => {
      const list = byMonth.get(month) ?? [];
      return { month, total: totalOf(list), departments: departmentRows(list) };
    });
    return { from, to, ...(departmentId && { departmentId }), total: totalOf(overall), departments: departmentRows(overall), months };
  }
}
