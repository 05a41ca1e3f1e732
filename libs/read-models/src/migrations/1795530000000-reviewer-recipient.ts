import type { MigrationInterface, QueryRunner } from 'typeorm';

// The tables that hold SMS recipients were created with a CHECK naming three kinds; the reviewers'
// duty phone (值班员) is a fourth. The tables are created by their owners (the outbox projection,
// the sender), so this only widens an existing check, whatever it was named (a rebuilt outbox
// carries its rebuild's constraint name). Fresh tables are created with the wider check.
const TABLES = ['wz_rm.notification_outbox', 'wz_rm.notification_outbox__rebuild', 'wz_notify.notification_deliveries'];
const KINDS = `'citizen', 'department', 'supervisor', 'reviewer'`;

export class ReviewerRecipient1795530000000 implements MigrationInterface {
  name = 'ReviewerRecipient1795530000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await q.query(`
        do $$
        declare c record;
        begin
          if to_regclass('${table}') is null then return; end if;
          for c in select conname from pg_constraint
                    where conrelid = '${table}'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%recipient%'
          loop
            execute format('alter table ${table} drop constraint %I', c.conname);
          end loop;
          alter table ${table} add check (recipient in (${KINDS}));
        end $$`);
    }
  }

  async down(): Promise<void> {
    // Narrowing again would fail on stored reviewer rows; the wider check is harmless.
  }
}
