import type { MigrationInterface, QueryRunner } from 'typeorm';
import { categories, departments } from '@wenzheng/reference-data';

/**
 * The time limits as they were when this migration was written, frozen here rather than read from
 * the code's defaults: editing a default later must not change what a fresh install's migration writes
 * (an existing install would keep the old values, a new one would silently get the new ones).
 */
const SEEDED_POLICIES = {
  kinds: ['consultation', 'complaint', 'suggestion', 'help', 'report', 'praise'],
  acknowledgeWithinWorkingDays: 1,
  respondWithinWorkingDays: 8,
  escalateAfterOverdueWorkingDays: 3,
  maxExtensionWorkingDays: 15,
  rateWithinWorkingDays: 5,
  maxReopens: 1,
} as const;

/**
 * Admin-editable reference data in schema wz_ref, seeded once from @wenzheng/reference-data and
 * the default time limits. Later seed changes do not reach an existing install: from here on
 * the tables are the truth and admins change them through the API.
 */
export class ReferenceData1795365353010 implements MigrationInterface {
  name = 'ReferenceData1795365353010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create schema if not exists wz_ref`);
    await q.query(`
      create table wz_ref.departments (
        id uuid primary key,
        code text not null unique check (code ~ '^[a-z][a-z0-9_-]{0,31}$'),
        name text not null check (btrim(name) <> ''),
        kind text not null check (kind in ('district_government', 'county_government', 'municipal_bureau', 'public_utility')),
        active boolean not null default true,
        updated_at timestamptz not null default now()
      )`);
    await q.query(`
      create table wz_ref.categories (
        id uuid primary key,
        code text not null unique check (code ~ '^[a-z][a-z0-9_-]{0,31}$'),
        name text not null check (btrim(name) <> ''),
        default_department_id uuid not null references wz_ref.departments (id),
        active boolean not null default true,
        updated_at timestamptz not null default now()
      )`);
    await q.query(`
      create table wz_ref.time_limit_policies (
        kind text primary key check (kind in ('consultation', 'complaint', 'suggestion', 'help', 'report', 'praise')),
        acknowledge_within_working_days integer not null check (acknowledge_within_working_days > 0),
        respond_within_working_days integer not null check (respond_within_working_days > 0),
        escalate_after_overdue_working_days integer not null check (escalate_after_overdue_working_days > 0),
        max_extension_working_days integer not null check (max_extension_working_days > 0),
        rate_within_working_days integer not null check (rate_within_working_days > 0),
        max_reopens integer not null check (max_reopens >= 0),
        updated_at timestamptz not null default now()
      )`);
    await q.query(`
      create table wz_ref.calendar_overrides (
        date date primary key,
        working_day boolean not null,
        name text not null check (btrim(name) <> ''),
        note text,
        updated_at timestamptz not null default now()
      )`);
    await q.query(`
      create table wz_ref.calendar_published_years (
        year integer primary key check (year between 1900 and 9999),
        note text,
        updated_at timestamptz not null default now()
      )`);

    await q.query(
      `insert into wz_ref.departments (id, code, name, kind, active)
       select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::boolean[])`,
      [
        departments.map((d) => d.id),
        departments.map((d) => d.code),
        departments.map((d) => d.name),
        departments.map((d) => d.kind),
        departments.map((d) => d.active),
      ],
    );
    await q.query(
      `insert into wz_ref.categories (id, code, name, default_department_id, active)
       select id, code, name, dep, true from unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[]) as t(id, code, name, dep)`,
      [
        categories.map((c) => c.id),
        categories.map((c) => c.code),
        categories.map((c) => c.name),
        categories.map((c) => c.defaultDepartmentId),
      ],
    );
    const { kinds } = SEEDED_POLICIES;
    const column = (value: number) => kinds.map(() => value);
    await q.query(
      `insert into wz_ref.time_limit_policies (kind, acknowledge_within_working_days, respond_within_working_days,
         escalate_after_overdue_working_days, max_extension_working_days, rate_within_working_days, max_reopens)
       select * from unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[])`,
      [
        [...kinds],
        column(SEEDED_POLICIES.acknowledgeWithinWorkingDays),
        column(SEEDED_POLICIES.respondWithinWorkingDays),
        column(SEEDED_POLICIES.escalateAfterOverdueWorkingDays),
        column(SEEDED_POLICIES.maxExtensionWorkingDays),
        column(SEEDED_POLICIES.rateWithinWorkingDays),
        column(SEEDED_POLICIES.maxReopens),
      ],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists wz_ref.calendar_published_years`);
    await q.query(`drop table if exists wz_ref.calendar_overrides`);
    await q.query(`drop table if exists wz_ref.time_limit_policies`);
    await q.query(`drop table if exists wz_ref.categories`);
    await q.query(`drop table if exists wz_ref.departments`);
    await q.query(`drop schema if exists wz_ref`);
  }
}
