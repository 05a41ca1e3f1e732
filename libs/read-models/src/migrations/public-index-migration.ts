import type { QueryRunner } from 'typeorm';

// An index of public_petitions that the projection creates with its tables, added to the tables
// that exist by a migration (1795697500000, 1795697600000, 1795697800000): found by its definition,
// since a rebuilt table's indexes carry the names of the fresh tables. No column changes, no rebuild.
// Building one reads the table once (seconds at a million cases) and holds the projector's writes to
// it meanwhile.

// The fresh table first, as a rebuild's swap takes them (it writes to the fresh table, then renames the
// live one): the other order, with a rebuild of an older release swapping meanwhile, could deadlock.
const TABLES = ['public_petitions__rebuild', 'public_petitions'];

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * An index as a migration makes it (`body`, written out so that it never changes with the
 * projection's) and as pg_indexes writes its definition (`definition`, from `USING` on).
 */
export interface PublicIndex {
  readonly body: string;
  readonly definition: string;
}

/** Creates the index on each table that exists and has none of that definition. */
export async function addPublicIndex(q: QueryRunner, { body, definition }: PublicIndex): Promise<void> {
  for (const table of TABLES)
    await q.query(`
        do $$
        begin
          if to_regclass(${literal(`wz_rm.${table}`)}) is null then return; end if;
          if not exists (select 1 from pg_indexes where schemaname = 'wz_rm' and tablename = ${literal(table)}
                           and indexdef like ${literal(`% ${definition}`)}) then
            create index on wz_rm.${table} ${body};
          end if;
        end $$`);
}

/** Drops every index of that definition, whatever its name. */
export async function dropPublicIndex(q: QueryRunner, { definition }: PublicIndex): Promise<void> {
  for (const table of TABLES)
    await q.query(`
        do $$
        begin
          execute coalesce((select string_agg(format('drop index %I.%I', schemaname, indexname), '; ') from pg_indexes
                             where schemaname = 'wz_rm' and tablename = ${literal(table)} and indexdef like ${literal(`% ${definition}`)}), 'select 1');
        end $$`);
}
