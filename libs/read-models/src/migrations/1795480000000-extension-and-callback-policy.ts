import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two policy fields added after the first install (docs/lifecycle.md, "Time limits"): the working days within
 * which a supervisor decides an extension request before the system approves it, and the call-back
 * attempts (回访) before a caller may be recorded unreachable. The values are frozen here (1 and 3),
 * not read from the code's defaults, so a later change of a default does not change this migration.
 */
export class ExtensionAndCallbackPolicy1795480000000 implements MigrationInterface {
  name = 'ExtensionAndCallbackPolicy1795480000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table wz_ref.time_limit_policies
      add column decide_extension_within_working_days integer not null default 1 check (decide_extension_within_working_days > 0),
      add column callback_attempts integer not null default 3 check (callback_attempts > 0)`);
    // The defaults seeded the existing rows; new rows say their values.
    await q.query(`alter table wz_ref.time_limit_policies
      alter column decide_extension_within_working_days drop default,
      alter column callback_attempts drop default`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table wz_ref.time_limit_policies drop column callback_attempts, drop column decide_extension_within_working_days`);
  }
}
