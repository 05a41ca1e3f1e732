import type { MigrationInterface, QueryRunner } from 'typeorm';

// The words of cases and public_petitions (their `search` tsvector and the GIN indexes over it) move
// to tables of their own, case_terms and public_terms (petition-views.tables.ts). A status change
// rewrites a case's rows, and every index of a rewritten row takes a new entry (the status is
// indexed, so the update is never HOT): with the words on those rows each status change wrote all
// of a case's words into the GIN indexes again, about half of PostgreSQL's cost of a status change
// at 1,000,000 cases and its slowest transactions (the pending list's merges). The terms are written
// on submission, publication, an answer and a change of department only.
//
// Up: for the live tables and a rebuild's fresh ones (the fresh first, as a rebuild's swap takes
// them), the terms table is made from the rows' columns, its GIN indexes built, and the `search`
// column dropped (its indexes with it). The same rows, no rebuild. At a million cases it reads both
// tables once and builds the GIN indexes (minutes), holding the projector's writes meanwhile.
// Down: the column comes back, filled from the terms, with the indexes of the release before.
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
    columns: 'petition_id, department_id, dispatched_department_ids, last_revision, search',
    ddl: 'petition_id text not null, department_id text, dispatched_department_ids text[] not null, last_revision bigint not null, search tsvector, primary key (petition_id)',
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
/** Whether `table` has a `search` column. */
const hasSearch = (table: string) =>
  `exists (select 1 from information_schema.columns where table_schema = ${literal(SCHEMA)} and table_name = ${literal(table)} and column_name = 'search')`;

/** `body(p, rows, terms, suffix)` run for each pair, the rebuild's fresh tables first, each in a `do` block. */
async function eachPair(q: QueryRunner, body: (p: Pair, rows: string, terms: string, suffix: string) => string): Promise<void> {
  for (const suffix of SUFFIXES)
    for (const p of PAIRS)
      await q.query(`do $$\nbegin\n${body(p, `${SCHEMA}.${p.rows}${suffix}`, `${SCHEMA}.${p.terms}${suffix}`, suffix)}\nend $$`);
}

export class SearchTermsTables1795697700000 implements MigrationInterface {
  name = 'SearchTermsTables1795697700000';

  async up(q: QueryRunner): Promise<void> {
    await eachPair(
      q,
      (p, rows, terms, suffix) => `
        if to_regclass(${literal(rows)}) is null or not ${hasSearch(p.rows + suffix)} then return; end if;
        if to_regclass(${literal(terms)}) is null then
          create table ${terms} (${p.ddl});
          insert into ${terms} (${p.columns}) select ${p.columns} from ${rows};
          ${indexes(p.searchIndexes, terms)}
          analyze ${terms};
        end if;
        alter table ${rows} drop column search;`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await eachPair(
      q,
      (p, rows, terms, suffix) => `
        if to_regclass(${literal(rows)}) is null or to_regclass(${literal(terms)}) is null then return; end if;
        if not ${hasSearch(p.rows + suffix)} then
          alter table ${rows} add column search tsvector;
          update ${rows} r set search = t.search from ${terms} t where t.petition_id = r.petition_id;
          ${indexes(p.searchIndexes, rows)}
        end if;
        drop table ${terms};`,
    );
  }
}
