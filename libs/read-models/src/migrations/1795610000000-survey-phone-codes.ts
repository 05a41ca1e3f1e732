import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SMS codes that verify a phone for one survey. A table, not events: a code is a short-lived
 * secret with a counter of guesses; kept forever in a stream, a hash of six digits would be
 * reversible by anyone reading the store, and nothing about it needs replaying. Rows hold only
 * keyed hashes (of the number, of the code), never the number.
 */
export class SurveyPhoneCodes1795610000000 implements MigrationInterface {
  name = 'SurveyPhoneCodes1795610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create schema if not exists wz_survey`);
    await q.query(`
      create table wz_survey.phone_codes (
        survey_id uuid not null,
        phone_key text not null,
        code_hash text,
        expires_at timestamptz,
        last_sent_at timestamptz,
        sends_window_started_at timestamptz,
        sends_in_window integer not null default 0,
        failed_attempts integer not null default 0,
        locked_until timestamptz,
        primary key (survey_id, phone_key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists wz_survey.phone_codes`);
    await q.query(`drop schema if exists wz_survey`);
  }
}
