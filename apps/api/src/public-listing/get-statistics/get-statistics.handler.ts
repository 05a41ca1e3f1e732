import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { addLocalDays, localDate, startOfLocalDay } from '@wenzheng/calendar';
import { Clock } from '@wenzheng/petition-store';
import { petitionViewTables } from '@wenzheng/read-models';
import { ReferenceDataService } from '@wenzheng/read-models';
import { reportDays, reportRate } from '../../reports/assessment-report/assessment-report.view';
import { onTimeRate } from '@wenzheng/scoring';
import { PG_POOL } from '@wenzheng/platform';
import { DepartmentStatistics, StatisticsFigures, StatisticsView } from './get-statistics.dto';
import { GetStatisticsQuery } from './get-statistics.query';
import { badInput } from '../../http/validation';

// A month's figures describe one cohort: the cases submitted in it (Asia/Shanghai), followed to
// where they stand now. So every figure of a row is about the same cases (answered ≤ accepted ≤
// received) and a month's figures settle as its cases close. Confidential cases (涉密) count:
// only figures leave this route, never a case.
//
// One grouped query over wz_rm.cases (index on submitted_at) gives the sums per month and department
// (at most a few thousand rows); the months', departments' and period's figures are added up from
// them here (grouping sets in SQL would sort or hash the million rows once per set).
//
// Working days to answer: the calendar (with the city's overrides) lives in Node, so it is handed
// to PostgreSQL as two arrays over the days from `from` (no case of the cohort was dispatched
// earlier) to the later of `to` and today: each day's first instant, and cum[i] = working days up to
// the i-th day. width_bucket finds an instant's day by binary search, and the working days between
// two instants (workingDaysBetween: local days d with start < d ≤ end) are cum[end] − cum[start].
// Months are found the same way. At 1M cases over three years the query takes about 1.6 s on a
// busy 2-core machine (a month: 50 ms); width_bucket was twice as fast as to_char and epoch
// arithmetic.

/** The local day of an instant as a 1-based index into the working-day array ($3: the days' first instants). */
const dayIndex = (column: string) => `width_bucket(${column}, $3::timestamptz[])`;

interface Counts {
  received: number;
  accepted: number;
  answered: number;
  answered_on_time: number;
  responded_met: number;
  responded_missed: number;
  acknowledged_on_time: number;
  satisfied: number;
  basically_satisfied: number;
  unsatisfied: number;
  working_days: number;
  timed: number;
}
interface Row extends Counts {
  /** 1-based index into the period's months (width_bucket over their first instants). */
  month: number;
  department_id: string | null;
}

const empty = (): Counts => ({
  received: 0,
  accepted: 0,
  answered: 0,
  answered_on_time: 0,
  responded_met: 0,
  responded_missed: 0,
  acknowledged_on_time: 0,
  satisfied: 0,
  basically_satisfied: 0,
  unsatisfied: 0,
  working_days: 0,
  timed: 0,
});
const addTo = (sum: Counts, r: Counts) => {
  for (const k of Object.keys(sum) as (keyof Counts)[]) sum[k] += r[k];
};

function figures(r: Counts): StatisticsFigures {
  const rated = r.satisfied + r.basically_satisfied + r.unsatisfied;
  return {
    received: r.received,
    accepted: r.accepted,
    answered: r.answered,
    answeredOnTime: r.answered_on_time,
    respondedOnTimeRate: reportRate(onTimeRate(r.responded_met, r.responded_missed)),
    acknowledgedOnTime: r.acknowledged_on_time,
    ratings: { satisfied: r.satisfied, basicallySatisfied: r.basically_satisfied, unsatisfied: r.unsatisfied },
    satisfactionRate: rated ? reportRate((r.satisfied + r.basically_satisfied) / rated) : null,
    averageWorkingDaysToAnswer: r.timed ? reportDays(r.working_days / r.timed) : null,
  };
}

/** Sums per month and department, added up into the month's and the period's totals and departments. */
class Tally {
  readonly total = empty();
  readonly departments = new Map<string, Counts>();

  add(r: Row): void {
    addTo(this.total, r);
    if (r.department_id === null) return;
    let d = this.departments.get(r.department_id);
    if (!d) this.departments.set(r.department_id, (d = empty()));
    addTo(d, r);
  }
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
    if (departmentId && !this.reference.department(departmentId)) throw badInput('departmentId', 'knownDepartment', 'unknown department');

    const monthList = monthsOf(from, to);
    const today = localDate(this.clock.now());
    const last = today > to ? today : to;
    const calendar = this.reference.calendar();
    const cumulative: number[] = [];
    const starts: string[] = [];
    let count = 0;
    for (let day = from; day <= last; day = addLocalDays(day, 1)) {
      cumulative.push((count += calendar.isWorkingDay(day) ? 1 : 0));
      starts.push(startOfLocalDay(day).toISOString());
    }

    // A returned case (退单) waits for the hotline office: it is no department's until dispatched again.
    const department = `case when status <> 'returned' then department_id end`;
    const { rows } = await this.pool.query<Row>(
      `with c as (
         select width_bucket(submitted_at, $6::timestamptz[]) as month,
                ${department} as department_id,
                accepted_at, responded_at, satisfaction,
                responded_at <= respond_by as answered_on_time,
                -- The rankings' deadline outcome (deadlineOutcome, @wenzheng/scoring) for the deadline in force:
                -- counted once it has passed ($7, now), met when answered by it; a withdrawal before it
                -- and a return (the case awaits a new dispatch) leave it out.
                case when respond_by < $7 and status <> 'returned'
                     then case when responded_at <= respond_by then 'met'
                               when responded_at is null and closed_at <= respond_by then null
                               else 'missed' end end as response_deadline,
                acknowledged_at <= acknowledge_by as acknowledged_on_time,
                case when responded_at >= dispatched_at
                     then ($4::int[])[${dayIndex('responded_at')}] - ($4::int[])[${dayIndex('dispatched_at')}] end as working_days
           from ${petitionViewTables().cases}
          where submitted_at >= $1 and submitted_at < $2 and ($5::text is null or ${department} = $5)
       )
       select month, department_id,
              count(*)::int as received,
              count(accepted_at)::int as accepted,
              count(responded_at)::int as answered,
              count(*) filter (where answered_on_time)::int as answered_on_time,
              count(*) filter (where response_deadline = 'met')::int as responded_met,
              count(*) filter (where response_deadline = 'missed')::int as responded_missed,
              count(*) filter (where acknowledged_on_time)::int as acknowledged_on_time,
              count(*) filter (where satisfaction = 'satisfied')::int as satisfied,
              count(*) filter (where satisfaction = 'basically_satisfied')::int as basically_satisfied,
              count(*) filter (where satisfaction = 'unsatisfied')::int as unsatisfied,
              coalesce(sum(working_days), 0)::float8 as working_days,
              count(working_days)::int as timed
         from c
        group by month, department_id`,
      [
        startOfLocalDay(from).toISOString(),
        startOfLocalDay(to).toISOString(),
        `{${starts.join(',')}}`,
        `{${cumulative.join(',')}}`,
        departmentId ?? null,
        `{${monthList.map((m) => startOfLocalDay(`${m}-01`).toISOString()).join(',')}}`,
        this.clock.now().toISOString(),
      ],
    );

    const period = new Tally();
    const months = monthList.map(() => new Tally());
    for (const r of rows) {
      period.add(r);
      months[r.month - 1].add(r);
    }
    const departmentRows = (tally: Tally): DepartmentStatistics[] =>
      [...tally.departments]
        .map(([id, counts]) => {
          const name = this.reference.departmentName(id);
          return { departmentId: id, ...(name && { departmentName: name }), ...figures(counts) };
        })
        .sort(
          (a, b) =>
            (a.departmentName ?? '\uffff').localeCompare(b.departmentName ?? '\uffff', 'zh-Hans-CN') ||
            a.departmentId.localeCompare(b.departmentId),
        );
    const view = (tally: Tally) => ({ total: figures(tally.total), departments: departmentRows(tally) });
    return {
      from,
      to,
      ...(departmentId && { departmentId }),
      ...view(period),
      months: months.map((tally, i) => ({ month: monthList[i], ...view(tally) })),
    };
  }
}
