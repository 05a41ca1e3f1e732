import type { MigrationInterface, QueryRunner } from 'typeorm';
import { liveTables } from '@wenzheng/projector';
import { DEADLINE_FACTS, departmentPerformanceProjection } from '../department-performance/department-performance.projection';

// The one-year assessment report at a million cases (issue 15 target 3): its missed-deadline
// deductions read the year's deadline facts that can be missed (met is not true) through a partial
// index on due_at, then every page of the table they are spread over (379 MB at 1M cases, 500 ms
// of each of three processes). The partial index now carries the columns those deductions read
// (MISSED_CANDIDATES_INDEX), so they come from the index alone (64 MB). It replaces the index
// without them, which it serves alike; keeping both would write each candidate row twice. The
// projection creates it with its tables (createTables); this brings an existing table to the same,
// found by definition as 1795697100000 does. No column changes, no rebuild. Building it reads the
// table once (seconds at a million cases) and blocks the projector's writes to it meanwhile.

// The index as this migration made it (1795697400000 adds the local times to it): its columns are
// written out here, so that what this migration does never changes with the projection's index.
const COLUMNS = [
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
];
/** The index this migration makes (as pg_indexes writes its definition, then as created). */
export const MISSED_CANDIDATES_INDEX_1795697300000 = {
  definition: `USING btree (due_at) INCLUDE (${COLUMNS.join(', ')}) WHERE (met IS NOT TRUE)`,
  body: `(due_at) include (${COLUMNS.join(', ')}) where (met is not true)`,
};
const CREATED = MISSED_CANDIDATES_INDEX_1795697300000.definition;
const REPLACED = 'USING btree (due_at) WHERE (met IS NOT TRUE)';

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

export class MissedCandidatesIndex1795697300000 implements MigrationInterface {
  name = 'MissedCandidatesIndex1795697300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(this.ifIndex(CREATED, false, `create index on ${this.table()} ${MISSED_CANDIDATES_INDEX_1795697300000.body}`));
    await q.query(this.ifIndex(REPLACED, true, this.dropAll(REPLACED)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(this.ifIndex(REPLACED, false, `create index on ${this.table()} (due_at) where (met is not true)`));
    await q.query(this.ifIndex(CREATED, true, this.dropAll(CREATED)));
  }

  private table(): string {
    return liveTables(departmentPerformanceProjection)[DEADLINE_FACTS];
  }

  /** Runs `then` when the live deadline facts exist and have (or have not) an index of that definition. */
  private ifIndex(definition: string, exists: boolean, then: string): string {
    const [schema, name] = this.table().split('.');
    return `
      do $$
      begin
        if to_regclass(${literal(this.table())}) is null then return; end if;
        if ${exists ? '' : 'not'} exists (select 1 from pg_indexes where schemaname = ${literal(schema)} and tablename = ${literal(name)}
                                            and indexdef like ${literal(`% ${definition}`)}) then
          ${then};
        end if;
      end $$`;
  }

  /** Drops the live deadline facts' indexes of that definition. */
  private dropAll(definition: string): string {
    const [schema, name] = this.table().split('.');
    return `execute (select string_agg(format('drop index %I.%I', schemaname, indexname), '; ') from pg_indexes
             where schemaname = ${literal(schema)} and tablename = ${literal(name)} and indexdef like ${literal(`% ${definition}`)})`;
  }
}
