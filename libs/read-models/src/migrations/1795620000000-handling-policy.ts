import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Three policy fields of richer handling (docs/lifecycle.md): the working days within which a citizen
 * supplies requested information (补充材料, 5), the days comments stay open after closing (跟帖, 30)
 * and the working hours within which the hotline office reviews a case (审核, 24). The values are
 * frozen here, not read from the code's defaults, so a later change of a default does not change this.
 */
export class HandlingPolicy1795620000000 implements MigrationInterface {
  name = 'HandlingPolicy1795620000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table wz_ref.time_limit_policies
      add column supply_information_within_working_days integer not null default 5 check (supply_information_within_working_days > 0),
      add column comment_within_days_after_close integer not null default 30 check (comment_within_days_after_close >= 0),
      add column review_within_working_hours integer not null default 24 check (review_within_working_hours > 0)`);
    await q.query(`alter table wz_ref.time_limit_policies
      alter column supply_information_within_working_days drop default,
      alter column comment_within_days_after_close drop default,
      alter column review_within_working_hours drop default`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table wz_ref.time_limit_policies
      drop column review_within_working_hours, drop column comment_within_days_after_close, drop column supply_information_within_working_days`);
  }
}
