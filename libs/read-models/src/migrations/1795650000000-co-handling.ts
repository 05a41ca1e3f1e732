import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Co-handling (docs/lifecycle.md, "Several departments"): the working days an assisting department
 * (协办) has for its contribution to the lead (5, frozen here rather than read from the code's
 * default), and the department tree (市 → 区县 → 街道 → 社区) as an optional parent per department.
 * A department is never its own parent; longer cycles are refused by the admin route, which checks
 * the whole chain under a lock.
 */
export class CoHandling1795650000000 implements MigrationInterface {
  name = 'CoHandling1795650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table wz_ref.time_limit_policies
      add column assist_within_working_days integer not null default 5 check (assist_within_working_days > 0)`);
    await q.query(`alter table wz_ref.time_limit_policies alter column assist_within_working_days drop default`);
    await q.query(`alter table wz_ref.departments
      add column parent_id uuid null references wz_ref.departments (id),
      add constraint departments_parent_not_self check (parent_id is null or parent_id <> id)`);
    await q.query(`create index on wz_ref.departments (parent_id) where parent_id is not null`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table wz_ref.departments drop constraint departments_parent_not_self, drop column parent_id`);
    await q.query(`alter table wz_ref.time_limit_policies drop column assist_within_working_days`);
  }
}
