import type { MigrationInterface, QueryRunner } from 'typeorm';

// Word searches within one department at a million cases (issue 15 item 4): the public listing with
// a department and q, and a handler's q over its own department's cases (the cases ever dispatched
// to it, an array), read every GIN match of a common word in the whole table and filtered the
// department afterwards (97 and 93 ms p95). Now the department and the words are intersected in
// one GIN index (an array column, or the department as a one-element array: no btree_gin needed),
// and a handler's search walks the cases its department holds newest first, adding the few it was
// dispatched and no longer holds (listing-statements.ts). The projection creates these indexes with
// its tables; this adds them to tables that exist, under the names PostgreSQL gives the
// projection's unnamed ones. No column or tsvector changes: nothing to rebuild. An interrupted
// rebuild's fresh tables get them when it finishes (it builds every index createTables makes).
const INDEXES: ReadonlyArray<readonly [string, string, string]> = [
  ['public_petitions', 'array_search_idx', 'using gin ((array[department_id]), search)'],
  ['cases', 'department_id_submitted_at_petition_id_idx', '(department_id, submitted_at desc, petition_id desc)'],
  ['cases', 'dispatched_department_ids_search_idx', 'using gin (dispatched_department_ids, search)'],
  [
    'cases',
    'array_remove_search_idx',
    'using gin (array_remove(dispatched_department_ids, department_id), search) where cardinality(array_remove(dispatched_department_ids, department_id)) > 0',
  ],
];

export class DepartmentSearch1795692000000 implements MigrationInterface {
  name = 'DepartmentSearch1795692000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, name, body] of INDEXES) {
      await q.query(`
        do $$
        begin
          if to_regclass('wz_rm.${table}') is null then return; end if;
          create index if not exists ${table}_${name} on wz_rm.${table} ${body};
        end $$`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, name] of INDEXES) await q.query(`drop index if exists wz_rm.${table}_${name}`);
  }
}
