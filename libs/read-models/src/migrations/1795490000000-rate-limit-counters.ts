import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rate-limit counters shared by every API process. UNLOGGED: no WAL for a write per anonymous
 * request, and a crash of PostgreSQL empties the table, which only forgives a minute of counting.
 */
export class RateLimitCounters1795490000000 implements MigrationInterface {
  name = 'RateLimitCounters1795490000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create schema if not exists wz_http`);
    await q.query(`
      create unlogged table wz_http.rate_limit_counters (
        key text primary key,
        hits integer not null,
        window_ends_at timestamptz not null
      )`);
    await q.query(`create index rate_limit_counters_window on wz_http.rate_limit_counters (window_ends_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists wz_http.rate_limit_counters`);
    await q.query(`drop schema if exists wz_http`);
  }
}
