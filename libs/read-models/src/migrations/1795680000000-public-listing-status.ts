import type { MigrationInterface, QueryRunner } from 'typeorm';

// The public listing by status (?status=closed): the newest cases are still open and closed ones
// older, so walking the newest-first index with the status as a filter read thousands of rows
// before a page (issue 15 item 4). The projection creates this index with its tables; this adds
// it to tables that exist, under the name PostgreSQL gives the projection's unnamed one.
const TABLES = ['public_petitions', 'public_petitions__rebuild'];

export class PublicListingStatus1795680000000 implements MigrationInterface {
  name = 'PublicListingStatus1795680000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await q.query(`
        do $$
        begin
          if to_regclass('wz_rm.${table}') is null then return; end if;
          create index if not exists ${table}_status_submitted_at_petition_id_idx on wz_rm.${table} (status, submitted_at desc, petition_id desc);
        end $$`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(`drop index if exists wz_rm.${table}_status_submitted_at_petition_id_idx`);
  }
}
