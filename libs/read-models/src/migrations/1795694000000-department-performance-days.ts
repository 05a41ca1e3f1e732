import type { MigrationInterface, QueryRunner } from 'typeorm';
import { liveTables } from '@wenzheng/projector';
import { DEADLINE_FACTS, EVENT_FACTS, departmentPerformanceProjection } from '../department-performance/department-performance.projection';
import { EVENT_DAYS, dayTablesDdl, fillDayTablesSql } from '../department-performance/department-performance.days';

// The assessment report's facts counted per department and day (issue 15 item 3), added to a
// database whose department_performance tables exist: the day tables, the triggers that keep
// them and the report's indexes, then the counts of the facts already there. One transaction:
// the triggers' lock holds the projector's writes back until the counts are in, so no write is
// counted twice or missed. A new database gets them from the projection's createTables.

export class DepartmentPerformanceDays1795694000000 implements MigrationInterface {
  name = 'DepartmentPerformanceDays1795694000000';

  async up(q: QueryRunner): Promise<void> {
    const names = liveTables(departmentPerformanceProjection);
    const [{ facts, days }] = (await q.query(`select to_regclass($1) as facts, to_regclass($2) as days`, [
      names[DEADLINE_FACTS],
      names[EVENT_DAYS],
    ])) as { facts: string | null; days: string | null }[];
    if (!facts || days) return;
    const tables = { deadlines: names[DEADLINE_FACTS], events: names[EVENT_FACTS] };
    for (const statement of [...dayTablesDdl(names, tables), ...fillDayTablesSql(names, tables)]) await q.query(statement);
    // An interrupted rebuild's fresh tables have no day tables: it starts again from the beginning (rebuild.ts resumes only from its checkpoint).
    const [{ checkpoints }] = (await q.query(`select to_regclass('wz_rm.projection_checkpoints') as checkpoints`)) as {
      checkpoints: string | null;
    }[];
    if (checkpoints)
      await q.query(`delete from wz_rm.projection_checkpoints where name = $1`, [`${departmentPerformanceProjection.name}__rebuild`]);
  }

  async down(): Promise<void> {
    // The tables belong to the projection: `npm run rebuild -- department_performance` makes them again.
  }
}
