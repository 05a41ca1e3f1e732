import type { TableNames } from '@wenzheng/projector';

// The facts counted per department and local day, so a year's figures read O(departments × days)
// rows instead of every fact of the year (issue 15 item 3). PostgreSQL keeps them: statement
// triggers on the fact tables add what a write inserted and take away what an update replaced,
// so the live projector, a rebuild (whatever way it writes its fresh tables) and the migration
// that adds them to an existing database all count the same way, in the same transaction as the
// facts. A deadline is counted under its final outcome (deadlineOutcome with the report time at
// infinity); the report corrects the rows not yet settled at its report time from the facts.

export const DEADLINE_DAYS = 'department_deadline_days';
export const EVENT_DAYS = 'department_event_days';

/** The Asia/Shanghai calendar day of a timestamptz column (the calendar's local day; no daylight saving there). */
export const localDaySql = (column: string) => `((${column} at time zone 'UTC') + interval '8 hours')::date`;

/**
 * deadlineOutcome of @wenzheng/scoring over a deadline fact row at the report time `now` (an SQL
 * expression): superseded, withdrawn (before its due time and any act), pending, met or missed.
 */
export const deadlineOutcomeSql = (now: string) => `case
          when superseded_at is not null and superseded_at <= ${now} then 'superseded'
          when withdrawn_at is not null and withdrawn_at <= ${now} and withdrawn_at <= due_at
               and not (act_at is not null and act_at <= ${now} and act_at <= withdrawn_at) then 'withdrawn'
          when ${now} <= due_at then 'pending'
          when act_at is not null and act_at <= ${now} and act_at <= due_at then 'met'
          else 'missed'
        end`;

/**
 * From this instant on a deadline row's outcome no longer depends on the report time: every
 * instant it is compared with has passed. Before it (strictly after, for the report time), the
 * report takes the row from the facts.
 */
export const SETTLED_AT = 'greatest(set_at, due_at, act_at, superseded_at, withdrawn_at)';

/** The event facts that are deductions (automatic escalation, review red light, unsatisfied rating): a partial index's predicate. */
export const DEDUCTION_EVENTS = `(type in ('escalation_automatic', 'red_light_review') or (type = 'rating' and satisfaction = 'unsatisfied'))`;

/** The deadline facts that can be missed: not met on time (a partial index's predicate). */
export const MAYBE_MISSED = '(met is not true)';

const finalDeadline = `department_id, kind, confidential, ${localDaySql('due_at')} as due_day, ${deadlineOutcomeSql(`'infinity'::timestamptz`)} as outcome`;
const deadlineKey = 'department_id, kind, confidential, due_day, outcome';
const countedEvent = `department_id, type, satisfaction, confidential, ${localDaySql('at')} as day,
       case when type = 'response' then ${localDaySql('started_at')} end as started_day`;
const eventKey = 'department_id, type, satisfaction, confidential, day, started_day';

/** The timestamp columns of the deadline facts whose local time the report renders (…_at, rendered as …_local). */
export const LOCAL_DEADLINE_TIMES = ['due', 'act', 'missed'] as const;
/** The same of the event facts. */
export const LOCAL_EVENT_TIMES = ['at', 'due'] as const;

/** The timestamp column a local time renders: `at` for at_local, `<time>_at` for the others. */
export const localTimeSource = (time: string) => (time === 'at' ? 'at' : `${time}_at`);

/** toLocalIso without its offset, in SQL (the schema's function): the report appends "+08:00". */
export const localIsoSql = (schema: string, column: string) => `${schema}.wz_local_iso(${column})`;

/**
 * The local times the report renders, written with each fact (generated columns) instead of
 * formatted for every deduction of every report: at 1M cases to_char was about a third of the
 * deductions' rendering in PostgreSQL. wz_local_iso is toLocalIso in SQL without the offset:
 * Asia/Shanghai wall-clock time (no daylight saving there) to the millisecond, truncated as the pg
 * driver reads it. It is declared immutable, as a generated column needs: to_char is marked stable
 * only because some of its patterns follow the locale, and this one uses none. Adding the columns to
 * a table with rows rewrites it (the migration that brings an existing database to this shape).
 * PL/pgSQL, not SQL: an immutable SQL function whose body is only stable is never inlined, so each
 * column of each row ran it as a query of its own (an executor started and ended: 2.1 s a million
 * calls against 0.95 s in PL/pgSQL, whose one expression is planned once a session); strict, so a
 * missing instant (a deadline not acted on or not missed, an event without a due time) calls nothing. The
 * tables' ensuring replaces the SQL body of an older database; the values are the same.
 */
export function localTimesDdl(schema: string, facts: { deadlines: string; events: string }): string[] {
  const local = (time: string) =>
    `add column if not exists ${time}_local text generated always as (${localIsoSql(schema, localTimeSource(time))}) stored`;
  return [
    `create or replace function ${schema}.wz_local_iso(t timestamptz) returns text language plpgsql immutable strict parallel safe
       as $$ begin return to_char((t at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD"T"HH24:MI:SS.MS'); end $$`,
    `alter table ${facts.deadlines} ${LOCAL_DEADLINE_TIMES.map(local).join(', ')}`,
    `alter table ${facts.events} ${LOCAL_EVENT_TIMES.map(local).join(', ')}`,
  ];
}

/**
 * A `create or replace function` of this file, run so that no other session replaces the same
 * function at the same moment: two at once fail with "tuple concurrently updated" (a rebuild
 * creating its fresh tables while another process creates the live ones, on a new database). The
 * lock is a transaction's, so it also holds inside a transaction that is rolled back later (the
 * rebuild's dry run of createTables). Any other statement is returned as it is.
 */
export function oneReplaceAtATime(statement: string): string {
  if (!statement.startsWith('create or replace function')) return statement;
  return `do $replace$ begin perform pg_advisory_xact_lock(hashtext('wz_rm:functions')); execute $ddl$${statement}$ddl$; end $replace$`;
}

/** The day tables, their triggers on the fact tables, the report's local times and the fact indexes the report reads through. */
export function dayTablesDdl(names: TableNames, facts: { deadlines: string; events: string }): string[] {
  const schema = names[DEADLINE_DAYS].split('.')[0];
  const deadlineFn = `${schema}.department_deadline_days_count`;
  const eventFn = `${schema}.department_event_days_count`;
  // The day table of a fact table by its name at the time of the write: a rebuild's fresh tables
  // (…__rebuild) count into theirs, and keep doing so once renamed into place.
  const target = (fact: string, day: string) => `format('%I.%I', TG_TABLE_SCHEMA, replace(TG_TABLE_NAME, '${fact}', '${day}'))`;
  // The live tables' statements are static SQL, so PL/pgSQL plans them once per session; a
  // rebuild's fresh tables (named at the time of the write) go through EXECUTE, planned each time.
  const liveDeadlineDays = `${schema}.department_deadline_days`;
  const deadlineInserted = (days: string) => `insert into ${days} as d (${deadlineKey}, n)
           select ${deadlineKey}, count(*) from (select ${finalDeadline} from new_rows) x group by ${deadlineKey}
           on conflict (${deadlineKey}) do update set n = d.n + excluded.n`;
  // Two statements (one EXECUTE each): the counts moved, then an outcome no row has any more
  // leaves no row behind (a rebuild, writing in other batches, would have none).
  const deadlineMoved = (days: string) => `insert into ${days} as d (${deadlineKey}, n)
           select ${deadlineKey}, sum(n) from (
             select ${finalDeadline}, 1 as n from new_rows union all select ${finalDeadline}, -1 from old_rows) x
           group by ${deadlineKey} having sum(n) <> 0
           on conflict (${deadlineKey}) do update set n = d.n + excluded.n`;
  const deadlineEmptied = (days: string) => `delete from ${days} d using (select ${finalDeadline} from old_rows) o
           where d.n = 0 and (d.department_id, d.kind, d.confidential, d.due_day, d.outcome) = (o.department_id, o.kind, o.confidential, o.due_day, o.outcome)`;
  const eventInserted = (days: string) => `insert into ${days} as d (${eventKey}, n)
         select ${eventKey}, count(*) from (select ${countedEvent} from new_rows) x group by ${eventKey}
         on conflict (${eventKey}) do update set n = d.n + excluded.n`;
  return [
    ...localTimesDdl(schema, facts),
    `create table if not exists ${names[DEADLINE_DAYS]} (
      department_id text not null,
      kind text not null,
      confidential boolean not null,
      due_day date not null,
      outcome text not null,
      n integer not null,
      primary key (department_id, kind, confidential, due_day, outcome)
    )`,
    `create table if not exists ${names[EVENT_DAYS]} (
      department_id text not null,
      type text not null,
      satisfaction text null,
      confidential boolean not null,
      day date not null,
      started_day date null,
      n integer not null,
      unique nulls not distinct (${eventKey})
    )`,
    `create or replace function ${deadlineFn}() returns trigger language plpgsql as $fn$
     declare days text;
     begin
       -- An upsert fires both statement triggers, mostly one of them with no rows: nothing to count.
       if not exists (select from new_rows) then return null; end if;
       if TG_TABLE_SCHEMA = '${schema}' and TG_TABLE_NAME = 'department_deadline_facts' then
         if TG_OP = 'INSERT' then
           ${deadlineInserted(liveDeadlineDays)};
         else
           ${deadlineMoved(liveDeadlineDays)};
           ${deadlineEmptied(liveDeadlineDays)};
         end if;
         return null;
       end if;
       days := ${target('department_deadline_facts', 'department_deadline_days')};
       if TG_OP = 'INSERT' then
         execute format($q$${deadlineInserted('%s')}$q$, days);
       else
         execute format($q$${deadlineMoved('%s')}$q$, days);
         execute format($q$${deadlineEmptied('%s')}$q$, days);
       end if;
       return null;
     end $fn$`,
    `create or replace function ${eventFn}() returns trigger language plpgsql as $fn$
     begin
       if not exists (select from new_rows) then return null; end if;
       if TG_TABLE_SCHEMA = '${schema}' and TG_TABLE_NAME = 'department_event_facts' then
         ${eventInserted(`${schema}.department_event_days`)};
       else
         execute format($q$${eventInserted('%s')}$q$, ${target('department_event_facts', 'department_event_days')});
       end if;
       return null;
     end $fn$`,
    `create or replace trigger days_insert after insert on ${facts.deadlines}
       referencing new table as new_rows for each statement execute function ${deadlineFn}()`,
    `create or replace trigger days_update after update on ${facts.deadlines}
       referencing old table as old_rows new table as new_rows for each statement execute function ${deadlineFn}()`,
    // Event facts are only ever inserted (on conflict do nothing).
    `create or replace trigger days_insert after insert on ${facts.events}
       referencing new table as new_rows for each statement execute function ${eventFn}()`,
    // Unnamed, as the projection's other indexes (a rebuild's are renamed into place).
    ...factIndexes(facts).map((i) => `create index on ${i.table} ${i.body}`),
  ];
}

/** The statements that switch off, or on again, the triggers dayTablesDdl puts on the fact tables (a rebuild's bulk load). */
export function dayTriggersSql(facts: { deadlines: string; events: string }, state: 'enable' | 'disable'): string[] {
  return [
    `alter table ${facts.deadlines} ${state} trigger days_insert, ${state} trigger days_update`,
    `alter table ${facts.events} ${state} trigger days_insert`,
  ];
}

/**
 * The deadline facts' columns the report's missed-deadline deductions read besides due_at and met:
 * carried in the index of the rows that can be missed, so the year's candidates are read from it
 * alone (an index-only scan, once vacuum has marked the pages all-visible) instead of from every
 * page of the table they are spread over (at 1M cases: 64 MB of index instead of 379 MB of table).
 */
export const MISSED_CANDIDATE_COLUMNS = [
  'department_id',
  'kind',
  'petition_id',
  'tracking_code',
  'source_event_id',
  'confidential',
  'set_at',
  'act_event_id',
  'act_at',
  'missed_event_id',
  'missed_at',
  'superseded_at',
  'withdrawn_at',
  ...LOCAL_DEADLINE_TIMES.map((c) => `${c}_local`),
] as const;

/** The index of the deadline facts that can be missed, covering the deductions' columns (MISSED_CANDIDATE_COLUMNS). */
export const MISSED_CANDIDATES_INDEX = `(due_at) include (${MISSED_CANDIDATE_COLUMNS.join(', ')}) where ${MAYBE_MISSED}`;

/** The fact indexes the report reads through: the rows not settled at a report time, and the deductions. */
export function factIndexes(facts: { deadlines: string; events: string }): { table: string; body: string }[] {
  return [
    { table: facts.deadlines, body: `((${SETTLED_AT}))` },
    { table: facts.deadlines, body: MISSED_CANDIDATES_INDEX },
    { table: facts.events, body: `(at) where ${DEDUCTION_EVENTS}` },
  ];
}

/** The day tables counted afresh from the facts (the migration that adds them to a database with facts). */
export function fillDayTablesSql(names: TableNames, facts: { deadlines: string; events: string }): string[] {
  return [
    ...countDayTablesSql(names, facts),
    // Statistics of the new expression index: without them the planner takes the rows not settled
    // at a report time for a third of the table and scans it all.
    `analyze ${facts.deadlines}`,
    `analyze ${facts.events}`,
    `analyze ${names[DEADLINE_DAYS]}`,
    `analyze ${names[EVENT_DAYS]}`,
  ];
}

/** The day tables emptied and counted from the facts (what the triggers would have counted row by row). */
export function countDayTablesSql(names: TableNames, facts: { deadlines: string; events: string }): string[] {
  return [
    `truncate ${names[DEADLINE_DAYS]}, ${names[EVENT_DAYS]}`,
    `insert into ${names[DEADLINE_DAYS]} (${deadlineKey}, n)
       select ${deadlineKey}, count(*) from (select ${finalDeadline} from ${facts.deadlines}) x group by ${deadlineKey}`,
    `insert into ${names[EVENT_DAYS]} (${eventKey}, n)
       select ${eventKey}, count(*) from (select ${countedEvent} from ${facts.events}) x group by ${eventKey}`,
  ];
}
