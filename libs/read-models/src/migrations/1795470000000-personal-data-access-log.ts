import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who read a citizen's personal data through the audit routes, when and why (PIPL: access to
 * personal data is itself recorded). Insert only: triggers refuse UPDATE, DELETE and TRUNCATE, so
 * the application cannot rewrite or prune the record of its own reads.
 */
export class PersonalDataAccessLog1795470000000 implements MigrationInterface {
  name = 'PersonalDataAccessLog1795470000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create schema if not exists wz_audit`);
    await q.query(`
      create table wz_audit.personal_data_access (
        id bigint generated always as identity primary key,
        accessed_at timestamptz not null default now(),
        actor_sub text not null check (btrim(actor_sub) <> ''),
        actor_roles text[] not null,
        petition_id uuid not null,
        route text not null check (btrim(route) <> ''),
        reason text not null check (char_length(btrim(reason)) between 5 and 500)
      )`);
    await q.query(`create index personal_data_access_petition on wz_audit.personal_data_access (petition_id, id)`);
    await q.query(`create index personal_data_access_time on wz_audit.personal_data_access (accessed_at, id)`);
    await q.query(`
      create function wz_audit.refuse_change() returns trigger language plpgsql as $fn$
      begin
        raise exception '%.% is insert-only: % refused', tg_table_schema, tg_table_name, tg_op
          using errcode = 'insufficient_privilege';
      end
      $fn$`);
    await q.query(`
      create trigger personal_data_access_insert_only before update or delete on wz_audit.personal_data_access
        for each row execute function wz_audit.refuse_change()`);
    await q.query(`
      create trigger personal_data_access_no_truncate before truncate on wz_audit.personal_data_access
        for each statement execute function wz_audit.refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists wz_audit.personal_data_access`);
    await q.query(`drop function if exists wz_audit.refuse_change()`);
    await q.query(`drop schema if exists wz_audit`);
  }
}
