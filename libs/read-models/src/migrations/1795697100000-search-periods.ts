import type { MigrationInterface, QueryRunner } from 'typeorm';

// Plain public search at a million cases (issue 15 target 4): a word common overall but absent from
// the newest rows (退费, only in answers, which only older cases have) missed the newest-first window
// and then read every one of its GIN matches (28,636 rows, 195 ms p95 at 1M). The public search's
// GIN index now also holds each row's week, so the matches after the window are read a few weeks
// at a time, newest first (text-search-plan.ts). It replaces the department-and-words index of
// migration 1795692000000, which it serves alike (a multicolumn GIN index serves a condition on
// any of its columns); keeping both would write every row's words into two GIN indexes. The
// projection creates it with its tables (createTables); this brings existing tables to the same,
// found by definition as 1795692000000 does. No column or tsvector changes, no rebuild: the
// statements need it for speed only. Building it locks public_petitions against writes for about a
// minute at a million cases.
// The epoch constant is a LIKE wildcard: pg_indexes prints a timestamptz in the session's time zone
// ('1970-01-01 08:00:00+08' on a server set to Asia/Shanghai), where the index went unrecognised
// and running the migration again built a second one.
const CREATED =
  'USING gin ((ARRAY[department_id]), (ARRAY[(floor((EXTRACT(epoch FROM (submitted_at - %::timestamp with time zone)) / (604800)::numeric)))::integer]), search)';
const CREATE_SQL = `create index on wz_rm.public_petitions using gin ((array[department_id]), (array[floor(extract(epoch from (submitted_at - timestamptz '1970-01-01 00:00:00+00')) / 604800)::int]), search)`;
const REPLACED = 'USING gin ((ARRAY[department_id]), search)';

/** Runs `then` when public_petitions exists and has (or has not) an index of that definition. */
const ifIndex = (definition: string, exists: boolean, then: string) => `
  do $$
  begin
    if to_regclass('wz_rm.public_petitions') is null then return; end if;
    if ${exists ? '' : 'not'} exists (select 1 from pg_indexes where schemaname = 'wz_rm' and tablename = 'public_petitions' and indexdef like ${literal(`% ${definition}`)}) then
      ${then};
    end if;
  end $$`;

/** A SQL string literal (the definitions hold quotes). */
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** Drops public_petitions' indexes of that definition. */
const dropAll = (definition: string) =>
  `execute (select string_agg(format('drop index wz_rm.%I', indexname), '; ') from pg_indexes
             where schemaname = 'wz_rm' and tablename = 'public_petitions' and indexdef like ${literal(`% ${definition}`)})`;

export class SearchPeriods1795697100000 implements MigrationInterface {
  name = 'SearchPeriods1795697100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(ifIndex(CREATED, false, CREATE_SQL));
    await q.query(ifIndex(REPLACED, true, dropAll(REPLACED)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(ifIndex(REPLACED, false, `create index on wz_rm.public_petitions ${REPLACED}`));
    await q.query(ifIndex(CREATED, true, dropAll(CREATED)));
  }
}
