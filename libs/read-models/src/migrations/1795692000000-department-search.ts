import type { MigrationInterface, QueryRunner } from 'typeorm';

// Word searches within one department at a million cases (issue 15 item 4): the public listing with
// a department and q, and a handler's q over its own department's cases (the cases ever dispatched
// to it, an array), read every GIN match of a word in the whole table and filtered the department
// afterwards (97 and 93 ms p95). Now the department and the words are intersected in one GIN
// index (an array column, or the department as a one-element array: no btree_gin extension
// needed), which also serves the words alone and replaces the GIN index on the words (with both,
// the planner took the words-only one and filtered); a handler's search walks the cases its
// department holds newest first and adds the few it was dispatched and no longer holds
// (listing-statements.ts). The projection creates these indexes with its tables (createTables);
// this brings existing tables to the same. Indexes are found by their definition, not their name: a
// rebuilt table keeps the names of its `__rebuild` build. No column or tsvector changes, so no
// rebuild is needed; the statements need the new indexes only for speed, not for their answers.
// Building them locks the tables against writes for about a minute at a million cases.
const CREATE: ReadonlyArray<readonly [string, string]> = [
  ['public_petitions', 'USING gin ((ARRAY[department_id]), search)'],
  ['cases', 'USING btree (department_id, submitted_at DESC, petition_id DESC)'],
  ['cases', 'USING gin (dispatched_department_ids, search)'],
  [
    'cases',
    'USING gin (array_remove(dispatched_department_ids, department_id), search) WHERE (cardinality(array_remove(dispatched_department_ids, department_id)) > 0)',
  ],
];
const REPLACED = 'USING gin (search)';

/** `create index` / `drop index` of the read model's table for a definition, when one exists (or not). */
const ifIndex = (table: string, definition: string, exists: boolean, then: string) => `
  do $$
  begin
    if to_regclass('wz_rm.${table}') is null then return; end if;
    if ${exists ? '' : 'not'} exists (select 1 from pg_indexes where schemaname = 'wz_rm' and tablename = '${table}' and indexdef like '% ${definition}') then
      ${then};
    end if;
  end $$`;

/** Drops the read model's indexes of that definition (run when one exists). */
const dropAll = (table: string, definition: string) =>
  `execute (select string_agg(format('drop index wz_rm.%I', indexname), '; ') from pg_indexes
             where schemaname = 'wz_rm' and tablename = '${table}' and indexdef like '% ${definition}')`;

export class DepartmentSearch1795692000000 implements MigrationInterface {
  name = 'DepartmentSearch1795692000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, definition] of CREATE)
      await q.query(ifIndex(table, definition, false, `create index on wz_rm.${table} ${definition}`));
    for (const table of ['public_petitions', 'cases']) await q.query(ifIndex(table, REPLACED, true, dropAll(table, REPLACED)));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['public_petitions', 'cases'])
      await q.query(ifIndex(table, REPLACED, false, `create index on wz_rm.${table} ${REPLACED}`));
    for (const [table, definition] of CREATE) await q.query(ifIndex(table, definition, true, dropAll(table, definition)));
  }
}
