import type { MigrationInterface, QueryRunner } from 'typeorm';

// The public listing by street (?district= with a street's 9 digits): on the district index
// (1795697500000) a street's filter was checked on its district's entries one by one, so a street
// with few cases or none read all of its district's entries (at 1,000,000 seeded cases the bench's
// `by street` p95 was 45 ms with fsync on). The projection now creates STREET_LISTING_INDEX
// (listing-statements.ts) with its tables; this adds it to tables that exist (a rebuild's fresh
// ones too), found by definition since a rebuilt table's indexes carry the names of the fresh
// tables. No column changes, no rebuild. Building it reads the table once (seconds at a million
// cases) and holds the projector's writes to it meanwhile.

// As this migration makes it, written out so that it never changes with the projection's index.
const BODY = '(district_code, submitted_at desc, petition_id desc) where district_code is not null';
/** The same index as pg_indexes writes its definition. */
const DEFINITION = 'USING btree (district_code, submitted_at DESC, petition_id DESC) WHERE (district_code IS NOT NULL)';
// The fresh table first, as a rebuild's swap takes them (see 1795697500000).
const TABLES = ['public_petitions__rebuild', 'public_petitions'];

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

export class PublicListingStreet1795697600000 implements MigrationInterface {
  name = 'PublicListingStreet1795697600000';

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
