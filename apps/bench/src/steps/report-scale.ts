import type { Pool } from 'pg';
import { ensureProjectorSchema, ensureTables, liveTables } from '@wenzheng/projector';
import {
  CONSULTATION_SUMMARY_FACTS,
  DEADLINE_FACTS,
  EVENT_FACTS,
  PETITION_STATE,
  consultationSummaryFactsProjection,
  departmentPerformanceProjection,
} from '@wenzheng/read-models';
import { HOTLINE_OFFICE } from '@wenzheng/scoring';

// The one-year assessment report at a size the full bench reaches only after an hour of seeding:
// the fact tables it reads (department_deadline_facts, department_event_facts,
// consultation_summary_facts, and department_petition_state for the case count) are filled with
// synthetic rows straight in SQL (generate_series), in the proportions a real seeded data set has
// (REPORT_PROFILE, measured by `calibrate` on the bench generator's 20,000 cases), then the
// report is asked for over HTTP as `npm run bench`'s report step does.

/** Per deadline kind: rows per case, hours from set to due, and the share of each outcome class. */
export interface DeadlineProfile {
  readonly perCase: number;
  readonly leadHours: number;
  /** Hours after the due time a late act or a red light comes, on average. */
  readonly lateHours: number;
  readonly classes: Readonly<Record<DeadlineClass, number>>;
}

/** How a deadline row ends: met on time, late (with or without a red light), never acted on, replaced, withdrawn. */
export type DeadlineClass = 'met' | 'late' | 'red_late' | 'red' | 'none' | 'superseded' | 'withdrawn';
const CLASSES: readonly DeadlineClass[] = ['met', 'late', 'red_late', 'red', 'none', 'superseded', 'withdrawn'];

export interface ReportProfile {
  /** Cases the profile was measured on, and their year. */
  readonly measuredOn: { readonly cases: number; readonly year: number };
  readonly confidentialShare: number;
  readonly deadlines: Readonly<Record<'acknowledgement' | 'response' | 'assistance', DeadlineProfile>>;
  /** Event facts per case by type ('rating:<satisfaction>' for ratings). */
  readonly eventsPerCase: Readonly<Record<string, number>>;
  /** Average days from the start of handling to the answer. */
  readonly responseDays: number;
  /** Share of each department among the deadline rows. */
  readonly departments: Readonly<Record<string, number>>;
  readonly summaries: { readonly perCase: number; readonly missedShare: number };
}

/**
 * Measured by `npm run bench:report-scale -- --calibrate 20000` (the bench generator, seed
 * "wenzheng", year 2025, projected by the real projections) on 2026-12-01.
 */
export const REPORT_PROFILE: ReportProfile = {
  measuredOn: {
    cases: 20000,
    year: 2025,
  },
  confidentialShare: 0.02236,
  deadlines: {
    acknowledgement: {
      perCase: 0.95255,
      leadHours: 47.59366,
      lateHours: 0.27342,
      classes: {
        met: 0.89087,
        late: 0,
        red_late: 0.07653,
        red: 0.00252,
        none: 0.00031,
        superseded: 0,
        withdrawn: 0.02976,
      },
    },
    response: {
      perCase: 1.03565,
      leadHours: 288.89573,
      lateHours: 0.2762,
      classes: {
        met: 0.78588,
        late: 0,
        red_late: 0.09313,
        red: 0.00087,
        none: 0.00034,
        superseded: 0.073,
        withdrawn: 0.04678,
      },
    },
    assistance: {
      perCase: 0.0449,
      leadHours: 183.33266,
      lateHours: 40.98307,
      classes: {
        met: 0.4755,
        late: 0.20824,
        red_late: 0,
        red: 0,
        none: 0.05345,
        superseded: 0,
        withdrawn: 0.26281,
      },
    },
  },
  eventsPerCase: {
    escalation_automatic: 0.01915,
    escalation_manual: 0.0128,
    extension_approved: 0.03945,
    extension_requested: 0.0506,
    'rating:basically_satisfied': 0.114,
    'rating:satisfied': 0.4581,
    'rating:unsatisfied': 0.0625,
    received: 0.9562,
    red_light_acknowledgement: 0.0753,
    red_light_response: 0.09735,
    red_light_review: 0.0285,
    response: 0.916,
    return: 0.0306,
  },
  responseDays: 9.89969,
  departments: {
    '065cc557-6fd5-4688-92b2-58ba96510908': 0.03947,
    '1bd843f5-d442-4e70-b30c-30391e2af8da': 0.02639,
    '1cb7c79d-912b-4f17-8ce5-88c333f6dfe8': 0.03984,
    '1d10d9e8-98c7-46a0-a88e-7c0b79f75708': 0.01402,
    '1f9c0c36-18f4-4b47-be25-baab2a5f69fe': 0.05713,
    '41b0551c-b633-498a-a361-48ed034f2494': 0.06291,
    '4262b16f-c09f-4dfb-9b65-f2c26a21b233': 0.01808,
    '5fac64be-b116-4d0b-9ee7-f766c15f2423': 0.03505,
    '61b52599-0632-4111-a5c7-3accf7c8d822': 0.02039,
    '7f0ffb10-cb95-4ffd-912f-603ca9d10d7c': 0.01321,
    '81c9a36b-0b3a-44f9-a80d-7e9521b4101a': 0.00516,
    '836af0b0-0421-4628-b49c-fe7970ca6cc1': 0.02142,
    '877b87b8-3189-4c6c-827a-1739a41c1a42': 0.06593,
    '88a58d10-8e9b-4df8-9d2e-8da99774d77b': 0.05588,
    'a1cf0106-ec37-492e-9f04-4faf4b5bef63': 0.02044,
    'b7255a7e-cf30-483d-9f12-19b6fe8ab244': 0.02002,
    'b83039c9-130e-46fb-9c09-4db40b7b4dbd': 0.03775,
    'bcdc1794-6156-4dd1-9236-7436795b43cf': 0.05494,
    'bebc8e47-f69e-4840-9377-38594116f59a': 0.0347,
    'd0a3556f-8bd3-493e-9c13-9323bf9f9ac0': 0.00728,
    'd2446135-67c2-41e5-9be5-dbde140bd902': 0.03536,
    'd2ac3be5-26ce-4dbb-bdc7-527ad82d6ce5': 0.10014,
    'd2d79721-6e53-4821-8a7d-9562673da677': 0.04498,
    'e066d86b-bcb3-4e7c-b60c-cf4739225a1b': 0.05401,
    'f1bdda95-4f1d-4b9d-8c27-acc5901b8505': 0.10998,
    'f240d2ab-70f2-4189-86f3-aa74eeb180df': 0.00553,
  },
  summaries: {
    perCase: 0,
    missedShare: 0,
  },
};

const DAY_MS = 86_400_000;
const localMidnight = (date: string) => new Date(`${date}T00:00:00+08:00`);
const yearOf = (year: number) => ({ from: localMidnight(`${year}-01-01`), to: localMidnight(`${year + 1}-01-01`) });

/** The proportions of a real data set whose projections are at the head: what the fill reproduces. */
export async function calibrate(pool: Pool, year: number): Promise<ReportProfile> {
  const t = { ...liveTables(departmentPerformanceProjection), ...liveTables(consultationSummaryFactsProjection) };
  const { from, to } = yearOf(year);
  const period = [from.toISOString(), to.toISOString()];
  const cases = Number((await pool.query(`select count(*) as n from ${t[PETITION_STATE]}`)).rows[0].n);
  const q = async <R>(sql: string) => (await pool.query(sql, period)).rows as R[];
  const deadlineRows = await q<{ kind: string; class: DeadlineClass; n: string; lead: number; late: number | null }>(
    `select kind,
            case when superseded_at is not null then 'superseded'
                 when withdrawn_at is not null and withdrawn_at <= due_at and not (act_at is not null and act_at <= withdrawn_at) then 'withdrawn'
                 when act_at is not null and act_at <= due_at then 'met'
                 when missed_event_id is not null and act_at is not null then 'red_late'
                 when missed_event_id is not null then 'red'
                 when act_at is not null then 'late'
                 else 'none' end as class,
            count(*) as n,
            avg(extract(epoch from due_at - set_at) / 3600)::float8 as lead,
            avg(extract(epoch from coalesce(missed_at, act_at) - due_at) / 3600) filter (where coalesce(missed_at, act_at) > due_at)::float8 as late
       from ${t[DEADLINE_FACTS]} where due_at >= $1 and due_at < $2 group by 1, 2`,
  );
  const deadlines = {} as Record<string, DeadlineProfile>;
  for (const kind of ['acknowledgement', 'response', 'assistance'] as const) {
    const rows = deadlineRows.filter((r) => r.kind === kind);
    const total = rows.reduce((s, r) => s + Number(r.n), 0);
    const weighted = (f: (r: (typeof rows)[number]) => number | null) => {
      const with_ = rows.filter((r) => f(r) !== null);
      const n = with_.reduce((s, r) => s + Number(r.n), 0);
      return n ? with_.reduce((s, r) => s + Number(r.n) * (f(r) as number), 0) / n : 0;
    };
    deadlines[kind] = {
      perCase: round(total / cases),
      leadHours: round(weighted((r) => r.lead)),
      lateHours: round(weighted((r) => r.late)),
      classes: Object.fromEntries(CLASSES.map((c) => [c, round(Number(rows.find((r) => r.class === c)?.n ?? 0) / (total || 1))])) as Record<
        DeadlineClass,
        number
      >,
    };
  }
  const events = await q<{ type: string; n: string }>(
    `select type || coalesce(':' || satisfaction, '') as type, count(*) as n from ${t[EVENT_FACTS]} where at >= $1 and at < $2 group by 1 order by 1`,
  );
  const [response] = await q<{ days: number | null }>(
    `select avg(extract(epoch from at - started_at) / 86400)::float8 as days from ${t[EVENT_FACTS]}
      where at >= $1 and at < $2 and type = 'response' and started_at is not null`,
  );
  const byDepartment = await q<{ department_id: string; n: string }>(
    `select department_id, count(*) as n from ${t[DEADLINE_FACTS]} where due_at >= $1 and due_at < $2 group by 1 order by 1`,
  );
  const allDeadlines = byDepartment.reduce((s, r) => s + Number(r.n), 0) || 1;
  const [conf] = await q<{ share: number }>(
    `select coalesce(avg(confidential::int), 0)::float8 as share from ${t[DEADLINE_FACTS]} where due_at >= $1 and due_at < $2`,
  );
  const [summaries] = await q<{ n: string; missed: string }>(
    `select count(*) as n, count(*) filter (where summary_at is null or summary_at > due_at) as missed
       from ${t[CONSULTATION_SUMMARY_FACTS]} where due_at >= $1 and due_at < $2`,
  );
  return {
    measuredOn: { cases, year },
    confidentialShare: round(conf.share),
    deadlines: deadlines as ReportProfile['deadlines'],
    eventsPerCase: Object.fromEntries(events.map((e) => [e.type, round(Number(e.n) / cases)])),
    responseDays: round(response.days ?? 0),
    departments: Object.fromEntries(byDepartment.map((r) => [r.department_id, round(Number(r.n) / allDeadlines)])),
    summaries: { perCase: round(Number(summaries.n) / cases), missedShare: round(Number(summaries.missed) / (Number(summaries.n) || 1)) },
  };
}

const round = (x: number) => Math.round(x * 1e5) / 1e5;

export interface FillResult {
  readonly cases: number;
  readonly deadlineFacts: number;
  readonly eventFacts: number;
  readonly summaryFacts: number;
  readonly fillSeconds: number;
  /** Table and index sizes after the fill, MB. */
  readonly tableMb: Record<string, number>;
}

/**
 * The report's tables, created by the projections themselves (their DDL and indexes), filled for
 * `cases` cases dispatched evenly over `year`. Row i of a kind belongs to case i mod cases; its
 * class, department and times come from hashes of its number, so a fill is the same every time.
 */
export async function fillReportFacts(
  pool: Pool,
  o: { cases: number; year: number; profile: ReportProfile; log?: (m: string) => void },
): Promise<FillResult> {
  const started = Date.now();
  const p = o.profile;
  const t = { ...liveTables(departmentPerformanceProjection), ...liveTables(consultationSummaryFactsProjection) };
  // The projections' own tables and indexes, as the projector creates them.
  await ensureProjectorSchema(pool);
  const client = await pool.connect();
  try {
    for (const projection of [departmentPerformanceProjection, consultationSummaryFactsProjection])
      await ensureTables(client, projection, liveTables(projection));
    await client.query(`truncate ${Object.values(t).join(', ')}`);
    await client.query('set synchronous_commit = off');
    const { from, to } = yearOf(o.year);
    const yearMs = to.getTime() - from.getTime();
    // Deterministic uniform numbers in [0, 1) from a row number and a salt.
    const u = (expr: string, salt: string) => `(('x' || substr(md5(${expr}::text || ':${salt}'), 1, 8))::bit(32)::bigint / 4294967296.0)`;
    const department = departmentCase(p.departments, u('i', 'dept'));
    const petitionId = (expr: string) => `md5('case' || ${expr})::uuid`;
    const tracking = (expr: string) =>
      `'WZ' || to_char(to_timestamp(0) + ${expr} * interval '1 millisecond', 'YYYYMMDD') || '-' || upper(substr(md5('tc' || ${expr}), 1, 10))`;
    // A case's dispatch: evenly over the year (its index), the report's year holding every due time is close enough.
    const dispatchedMs = (expr: string) => `(${from.getTime()}::float8 + (${expr})::float8 * ${yearMs / o.cases})`;
    const ts = (ms: string) => `to_timestamp((${ms}) / 1000.0)`;

    o.log?.(`filling ${o.cases} cases' facts for ${o.year}`);
    await client.query(
      `insert into ${t[PETITION_STATE]} (petition_id, tracking_code, confidential, department_id, last_revision, handling_started_at)
       select ${petitionId('i')}, ${tracking(dispatchedMs('i'))}, ${u('i', 'conf')} < ${p.confidentialShare}, ${department}, 12,
              ${ts(dispatchedMs('i'))}
         from generate_series(0, ${o.cases - 1}) i`,
    );

    let kindNo = 0;
    for (const [kind, d] of Object.entries(p.deadlines)) {
      const rows = Math.round(d.perCase * o.cases);
      if (!rows) continue;
      const salt = `k${kindNo++}`;
      // Row j is case j mod cases (a second response deadline belongs to a case already counted).
      const caseOf = `(j % ${o.cases})`;
      const setMs = dispatchedMs(caseOf);
      const dueMs = `(${setMs} + ${d.leadHours * 3_600_000})`;
      const lateMs = `(${dueMs} + 60000 + ${u('j', `${salt}late`)} * ${2 * d.lateHours * 3_600_000})`;
      const earlyMs = `(${setMs} + ${u('j', `${salt}early`)} * ${d.leadHours * 3_600_000})`;
      const c = d.classes;
      // Cumulative thresholds: the class of row j.
      let acc = 0;
      const cls = CLASSES.map((name) => {
        acc += c[name];
        return `when ${u('j', `${salt}cls`)} < ${acc} then '${name}'`;
      }).join(' ');
      const eventId = (tag: string) => `md5('${salt}${tag}:' || j)::uuid`;
      await client.query(
        `insert into ${t[DEADLINE_FACTS]} (source_event_id, kind, petition_id, tracking_code, department_id, confidential, due_at, set_at,
                act_event_id, act_at, missed_event_id, missed_at, superseded_by_event_id, superseded_at, withdrawn_by_event_id, withdrawn_at)
         select ${eventId('set')}, '${kind}', ${petitionId(caseOf)}, ${tracking(setMs)}, ${departmentCase(p.departments, u(caseOf, 'dept'))},
                ${u(caseOf, 'conf')} < ${p.confidentialShare}, ${ts(dueMs)}, ${ts(setMs)},
                case when cls in ('met', 'late', 'red_late') then ${eventId('act')} end,
                case when cls = 'met' then ${ts(earlyMs)} when cls in ('late', 'red_late') then ${ts(lateMs)} end,
                case when cls in ('red', 'red_late') then ${eventId('red')} end,
                case when cls in ('red', 'red_late') then ${ts(`${dueMs} + 60000`)} end,
                case when cls = 'superseded' then ${eventId('sup')} end,
                case when cls = 'superseded' then ${ts(earlyMs)} end,
                case when cls = 'withdrawn' then ${eventId('wd')} end,
                case when cls = 'withdrawn' then ${ts(earlyMs)} end
           from (select j, case ${cls} else 'none' end as cls from generate_series(0, ${rows - 1}) j) r`,
      );
    }

    let typeNo = 0;
    for (const [key, perCase] of Object.entries(p.eventsPerCase)) {
      const rows = Math.round(perCase * o.cases);
      if (!rows) continue;
      const [type, satisfaction] = key.split(':');
      const salt = `e${typeNo++}`;
      const caseOf = `(j % ${o.cases})`;
      // After the dispatch, within the handling time; responses record where handling started.
      const atMs = `(${dispatchedMs(caseOf)} + ${u('j', `${salt}at`)} * ${2 * p.responseDays * DAY_MS})`;
      const owner = type === 'red_light_review' ? `'${HOTLINE_OFFICE}'` : departmentCase(p.departments, u(caseOf, 'dept'));
      await client.query(
        `insert into ${t[EVENT_FACTS]} (event_id, type, petition_id, tracking_code, department_id, confidential, at, local_day,
                satisfaction, due_at, started_at, on_time)
         select md5('${salt}:' || j)::uuid, '${type}', ${petitionId(caseOf)}, ${tracking(dispatchedMs(caseOf))}, ${owner},
                ${u(caseOf, 'conf')} < ${p.confidentialShare}, ${ts(atMs)}, (${ts(atMs)} at time zone 'Asia/Shanghai')::date,
                ${satisfaction ? `'${satisfaction}'` : 'null'},
                ${['response', 'escalation_automatic', 'extension_requested', 'extension_approved'].includes(type) || type.startsWith('red_light') ? ts(`${dispatchedMs(caseOf)} + ${p.deadlines.response.leadHours * 3_600_000}`) : 'null'},
                ${type === 'response' ? ts(dispatchedMs(caseOf)) : 'null'},
                ${type === 'response' ? `${u('j', `${salt}late`)} > 0.1` : 'null'}
           from generate_series(0, ${rows - 1}) j`,
      );
    }

    const summaries = Math.round(p.summaries.perCase * o.cases);
    if (summaries) {
      const setMs = `(${from.getTime()}::float8 + j::float8 * ${yearMs / summaries})`;
      const dueMs = `(${setMs} + ${14 * DAY_MS})`;
      await client.query(
        `insert into ${t[CONSULTATION_SUMMARY_FACTS]} (consultation_id, last_revision, department_id, source_event_id, set_at, due_at,
                summary_event_id, summary_at, overdue_event_id, overdue_at)
         select md5('cons' || j)::uuid, 5, ${departmentCase(p.departments, u('j', 'cdept'))}, md5('cpub' || j)::uuid::text, ${ts(setMs)}, ${ts(dueMs)},
                md5('csum' || j)::uuid::text,
                case when ${u('j', 'cmiss')} < ${p.summaries.missedShare} then ${ts(`${dueMs} + ${DAY_MS}`)} else ${ts(`${dueMs} - ${DAY_MS}`)} end,
                case when ${u('j', 'cmiss')} < ${p.summaries.missedShare} then md5('cod' || j)::uuid::text end,
                case when ${u('j', 'cmiss')} < ${p.summaries.missedShare} then ${ts(`${dueMs} + 60000`)} end
           from generate_series(0, ${summaries - 1}) j`,
      );
    }
    for (const table of Object.values(t)) await client.query(`vacuum analyze ${table}`);
    const count = async (table: string) => Number((await client.query(`select count(*) as n from ${table}`)).rows[0].n);
    const sizes = await client.query<{ name: string; mb: number }>(
      `select c.relname as name, round(pg_total_relation_size(c.oid) / 1048576.0)::int as mb
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'wz_rm' and c.relname = any($1)`,
      [Object.values(t).map((x) => x.split('.')[1])],
    );
    return {
      cases: o.cases,
      deadlineFacts: await count(t[DEADLINE_FACTS]),
      eventFacts: await count(t[EVENT_FACTS]),
      summaryFacts: await count(t[CONSULTATION_SUMMARY_FACTS]),
      fillSeconds: (Date.now() - started) / 1000,
      tableMb: Object.fromEntries(sizes.rows.map((r) => [r.name, r.mb])),
    };
  } finally {
    client.release();
  }
}

/** A department drawn by the uniform `x` with the profile's shares (SQL). */
function departmentCase(shares: Readonly<Record<string, number>>, x: string): string {
  const entries = Object.entries(shares).filter(([, s]) => s > 0);
  if (!entries.length) return `'${HOTLINE_OFFICE}'`;
  let acc = 0;
  const whens = entries.slice(0, -1).map(([id, s]) => {
    acc += s;
    return `when ${x} < ${acc} then '${id}'`;
  });
  return `(case ${whens.join(' ')} else '${entries[entries.length - 1][0]}' end)`;
}
