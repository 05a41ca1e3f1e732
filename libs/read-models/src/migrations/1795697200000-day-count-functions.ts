import type { MigrationInterface, QueryRunner } from 'typeorm';
import { liveTables } from '@wenzheng/projector';
import { DEADLINE_FACTS, EVENT_FACTS, departmentPerformanceProjection } from '../department-performance/department-performance.projection';
import { EVENT_DAYS, dayTablesDdl } from '../department-performance/department-performance.days';

// The day tables' trigger functions as department-performance.days.ts now writes them (static
// statements for the live tables, nothing done for a statement that wrote no row), replacing
// those of a database whose day tables exist. The tables, triggers and counts stay as they are.

export class DayCountFunctions1795697200000 implements MigrationInterface {
  name = 'DayCountFunctions1795697200000';

  async up(q: QueryRunner): Promise<void> {
    const names = liveTables(departmentPerformanceProjection);
    const [{ days }] = (await q.query(`select to_regclass($1) as days`, [names[EVENT_DAYS]])) as { days: string | null }[];
    if (!days) return; // DepartmentPerformanceDays or the projection's createTables makes them, with these functions
    const tables = { deadlines: names[DEADLINE_FACTS], events: names[EVENT_FACTS] };
    for (const statement of dayTablesDdl(names, tables)) if (statement.startsWith('create or replace function')) await q.query(statement);
  }

  async down(): Promise<void> {
    // The functions belong to the projection: `npm run rebuild -- department_performance` makes them again.
  }
}
