import type { MigrationInterface, QueryRunner } from 'typeorm';

// The public listing by district (?district=330302, or a street's 9 digits): the filter was a
// prefix match on the newest-first index, so a district or street with few cases or none read every
// public row (138 ms at 100,000 cases for a code with no case, growing with the table; issue 15
// item 4). The projection now creates DISTRICT_LISTING_INDEX (listing-statements.ts) with its
// tables; this adds it to tables that exist (a rebuild's fresh ones too), found by definition since
// a rebuilt table's indexes carry the names of the fresh tables. No column changes, no rebuild.
// Building it reads the table once (seconds at a million cases) and holds the projector's writes
// to it meanwhile.

// As this migration makes it, written out so that it never changes with the projection's index.
const BODY = '((left(district_code, 6)), submitted_at desc, petition_id desc, district_code) where district_code is not null';
/** The same index as pg_indexes writes its definition. */
const DEFINITION =
  'USING btree ("left"(district_code, 6), submitted_at DESC, petition_id DESC, district_code) WHERE (district_code IS NOT NULL)';
// The fresh table first, as a rebuild's swap takes them (it writes to the fresh table, then renames the
// live one): the other order, with a rebuild of an older release swapping meanwhile, could deadlock.
const TABLES = ['public_petitions__rebuild', 'public_petitions'];

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

export class PublicListingDistrict1795697500000 implements MigrationInterface {
  name = 'PublicListingDistrict1795697500000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of TABLES)
      await q.query(`
        do $$
        begin
          if to_regclass(${literal(`wz_rm.${table}`)}) is null then return; end if;
          if not exists (select 1 from pg_indexes where schemaname = 'wz_rm' and tablename = ${literal(table)}
                           and indexdef like ${literal(`% ${DEFINITION}`)}) then
            create index on wz_rm.${table} ${BODY};
          end if;
        end $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES)
      await q.query(`
        do $$
        begin
          execute coalesce((select string_agg(format('drop index %I.%I', schemaname, indexname), '; ') from pg_indexes
                             where schemaname = 'wz_rm' and tablename = ${literal(table)} and indexdef like ${literal(`% ${DEFINITION}`)}), 'select 1');
        end $$`);
  }
}
