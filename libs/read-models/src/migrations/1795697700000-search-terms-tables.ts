import type { MigrationInterface, QueryRunner } from 'typeorm';

// The GIN indexes over the words of cases and public_petitions (their `search` tsvector) move to
// tables of their own, case_terms and public_terms (petition-views.tables.ts), with a copy of the
// words. A status change rewrites a case's rows, and every index of a rewritten row takes a new
// entry (the status is indexed, so the update is never HOT): with the GIN indexes on those rows
// each status change wrote all of a case's words into them again, about half of PostgreSQL's cost
// of a status change at 1,000,000 cases and its slowest transactions (the pending list's merges).
// The terms are written on submission, publication, an answer and a change of department only. The
// rows keep their `search` column, unindexed: the newest-first window tests the rows it walks there.
//
// Up, in the migration's one transaction: (1) every rows table still with a GIN index over `search`
// (the live ones and a rebuild's fresh ones, the fresh first, as a rebuild's swap takes them) is
// locked in SHARE mode: reads go on, the projector's (and a rebuild's) writes wait, so no row is
// written between the copy and the end; (2) each terms table is made afresh from its rows table (a
// terms table left from an earlier run is replaced: the rows are what the running code wrote), its
// GIN indexes built; (3) only then are the rows tables' GIN indexes over `search` dropped. The same
// rows, no rebuild, except each terms row's last_revision, which is its case's (a rebuild writes the
// revision of the event that last changed the words or departments; the guard needs only that it
// never goes back). At a million cases the copies and index builds take minutes, the projector
// waiting meanwhile. Down: the rows tables' GIN indexes of the release before come back and the
// terms tables go. The release before runs on the tables up leaves too (its searches without their
// indexes, slow): going back, run down with this release's code (TypeORM's revert of the last migration).
// Written out here, so that it never changes with the projection's tables.

const PERIOD = `floor(extract(epoch from (submitted_at - timestamptz '1970-01-01 00:00:00+00')) / 604800)::int`;

interface Pair {
  readonly rows: string;
  readonly terms: string;
  readonly columns: string;
  readonly ddl: string;
  /** The GIN indexes over the words, on the terms table (up) or the rows table as before (down); `{t}` the table. */
  readonly searchIndexes: readonly string[];
}

const PAIRS: readonly Pair[] = [
  {
    rows: 'cases',
    terms: 'case_terms',
    columns: 'petition_id, department_id, dispatched_department_ids, submitted_at, last_revision, search',
    ddl: 'petition_id text not null, department_id text, dispatched_department_ids text[] not null, submitted_at timestamptz not null, last_revision bigint not null, search tsvector, primary key (petition_id)',
    searchIndexes: [
      'create index on {t} using gin (array_remove(dispatched_department_ids, department_id), search) where cardinality(array_remove(dispatched_department_ids, department_id)) > 0',
      'create index on {t} using gin (dispatched_department_ids, search)',
    ],
  },
  {
    rows: 'public_petitions',
    terms: 'public_terms',
    columns: 'petition_id, department_id, submitted_at, last_revision, search',
    ddl: 'petition_id text not null, department_id text, submitted_at timestamptz not null, last_revision bigint not null, search tsvector, primary key (petition_id)',
    searchIndexes: [`create index on {t} using gin ((array[department_id]), (array[${PERIOD}]), search)`],
  },
];

const SCHEMA = 'wz_rm';
const SUFFIXES = ['__rebuild', ''];

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
const indexes = (list: readonly string[], table: string) => list.map((i) => `${i.replace('{t}', table)};`).join('\n            ');
/** The GIN indexes of `table` over its `search` column. */
const searchGin = (table: string) =>
  `from pg_indexes where schemaname = ${literal(SCHEMA)} and tablename = ${literal(table)} and indexdef like '% USING gin %search%'`;

/** `body(p, rows, terms, suffix)` run for each pair, the rebuild's fresh tables first, each in a `do` block. */
async function eachPair(q: QueryRunner, body: (p: Pair, rows: string, terms: string, suffix: string) => string): Promise<void> {
  for (const suffix of SUFFIXES)
    for (const p of PAIRS)
      await q.query(`do $$\nbegin\n${body(p, `${SCHEMA}.${p.rows}${suffix}`, `${SCHEMA}.${p.terms}${suffix}`, suffix)}\nend $$`);
}

/** Nothing more of the block when the rows table is missing or has no GIN index over its words any more. */
const unlessIndexed = (p: Pair, rows: string, suffix: string) =>
  `if to_regclass(${literal(rows)}) is null or not exists (select 1 ${searchGin(p.rows + suffix)}) then return; end if;`;

export class SearchTermsTables1795697700000 implements MigrationInterface {
  name = 'SearchTermsTables1795697700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`select set_config('maintenance_work_mem', '256MB', true)`); // the GIN builds (as a rebuild's)
    await eachPair(q, (p, rows, _, suffix) => `${unlessIndexed(p, rows, suffix)}\n lock table ${rows} in share mode;`);
    await eachPair(
      q,
      (p, rows, terms, suffix) => `
        ${unlessIndexed(p, rows, suffix)}
        drop table if exists ${terms};
        create table ${terms} (${p.ddl});
        insert into ${terms} (${p.columns}) select ${p.columns} from ${rows};
        ${indexes(p.searchIndexes, terms)}
        analyze ${terms};`,
    );
    await eachPair(
      q,
      (p, rows, _, suffix) => `
        ${unlessIndexed(p, rows, suffix)}
        execute (select string_agg(format('drop index ${SCHEMA}.%I', indexname), '; ') ${searchGin(p.rows + suffix)});`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await eachPair(
      q,
      (p, rows, terms, suffix) => `
        if to_regclass(${literal(rows)}) is null or to_regclass(${literal(terms)}) is null then return; end if;
        if not exists (select 1 ${searchGin(p.rows + suffix)}) then
          ${indexes(p.searchIndexes, rows)}
        end if;
        drop table ${terms};`,
    );
  }
}
