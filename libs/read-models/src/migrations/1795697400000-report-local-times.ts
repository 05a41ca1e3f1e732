import type { MigrationInterface, QueryRunner } from 'typeorm';
import { liveTables, rebuildTables } from '@wenzheng/projector';
import { DEADLINE_FACTS, EVENT_FACTS, departmentPerformanceProjection } from '../department-performance/department-performance.projection';
import {
  LOCAL_DEADLINE_TIMES,
  LOCAL_EVENT_TIMES,
  MISSED_CANDIDATES_INDEX,
  MISSED_CANDIDATE_COLUMNS,
  localTimesDdl,
  oneReplaceAtATime,
} from '../department-performance/department-performance.days';
import { MISSED_CANDIDATES_INDEX_1795697300000 } from './1795697300000-missed-candidates-index';

// The one-year assessment report at a million cases (issue 15 target 3): the deductions' local
// times (dueAt, at) were formatted by to_char for every deduction of every report, about a third
// of their rendering in PostgreSQL. The fact tables now carry them, written with each fact
// (generated columns: department-performance.days.ts localTimesDdl), and the index of the
// deadline facts that can be missed carries them too, so the deductions still come from the index
// alone. The projection creates all this with its tables (createTables); this brings an existing
// database to the same. Adding the columns rewrites both fact tables (at 1M cases about 850 MB,
// a minute or two, the projector's writes to them blocked meanwhile); the new index then replaces
// the one 1795697300000 made, all in one transaction. A rewritten table has no visibility map:
// until vacuum has run on it, PostgreSQL visits the table's pages to check what the index gives
// (as before 1795697300000), and autovacuum does not count a rewrite as work to do. So the
// migration runs outside TypeORM's transaction and vacuums both tables once its own has committed
// (seconds at 1M cases). Interrupted between the two, it runs again at the next start: every step
// is skipped when already done.

const CREATED = `USING btree (due_at) INCLUDE (${MISSED_CANDIDATE_COLUMNS.join(', ')}) WHERE (met IS NOT TRUE)`;
const REPLACED = MISSED_CANDIDATES_INDEX_1795697300000.definition;

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** The statements in one transaction of the query runner's (rolled back if one fails). */
async function inTransaction(q: QueryRunner, statements: string[]): Promise<void> {
  await q.startTransaction();
  try {
    for (const statement of statements) await q.query(statement);
    await q.commitTransaction();
  } catch (e) {
    await q.rollbackTransaction();
    throw e;
  }
}

export class ReportLocalTimes1795697400000 implements MigrationInterface {
  name = 'ReportLocalTimes1795697400000';
  /** Its own transaction, then vacuum (which cannot run in one). */
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    const { deadlines, events } = this.tables();
    if (!(await this.bothExist(q))) return; // the projection's createTables makes them in this shape
    await inTransaction(q, [
      // Its create or replace of wz_local_iso under the functions' lock, as the tables' ensuring
      // takes it: another process ensuring them at the same moment would fail "tuple concurrently updated".
      ...localTimesDdl(deadlines.split('.')[0], { deadlines, events }).map(oneReplaceAtATime),
      // A rebuild under way (its fresh tables made by the release before) gets them too: a resumed
      // rebuild builds this release's indexes on its tables, then swaps them in for the live ones.
      ...this.forRebuild((facts) => localTimesDdl(deadlines.split('.')[0], facts).filter((d) => d.startsWith('alter table'))),
      this.ifIndex(CREATED, false, `create index on ${deadlines} ${MISSED_CANDIDATES_INDEX}`),
      this.ifIndex(REPLACED, true, this.dropAll(REPLACED)),
    ]);
    // Both vacuumed before either is analysed: vacuum (analyze) one table after the other left the
    // second without its visibility map (seen in the spec), as if the first one's analyse held it back.
    await q.query(`vacuum ${deadlines}, ${events}`);
    await q.query(`analyze ${deadlines}, ${events}`);
  }

  async down(q: QueryRunner): Promise<void> {
    const { deadlines, events } = this.tables();
    if (!(await this.bothExist(q))) return; // as up: nothing of one table without the other
    const drop = (times: readonly string[]) => times.map((t) => `drop column if exists ${t}_local`).join(', ');
    await inTransaction(q, [
      this.ifIndex(CREATED, true, `create index on ${deadlines} ${MISSED_CANDIDATES_INDEX_1795697300000.body}`, REPLACED),
      this.ifIndex(CREATED, true, this.dropAll(CREATED)),
      // Dropping the columns drops nothing else: the new index is gone. The function stays (a
      // rebuild's fresh tables, if one is under way, use it too).
      `alter table ${deadlines} ${drop(LOCAL_DEADLINE_TIMES)}`,
      `alter table ${events} ${drop(LOCAL_EVENT_TIMES)}`,
      ...this.forRebuild((facts) => [
        `alter table ${facts.deadlines} ${drop(LOCAL_DEADLINE_TIMES)}`,
        `alter table ${facts.events} ${drop(LOCAL_EVENT_TIMES)}`,
      ]),
    ]);
  }

  private tables(): { deadlines: string; events: string } {
    const names = liveTables(departmentPerformanceProjection);
    return { deadlines: names[DEADLINE_FACTS], events: names[EVENT_FACTS] };
  }

  /** Whether both live fact tables exist (the projection creates them together). */
  private async bothExist(q: QueryRunner): Promise<boolean> {
    const { deadlines, events } = this.tables();
    const [{ exists }] = (await q.query(`select to_regclass($1) is not null and to_regclass($2) is not null as exists`, [
      deadlines,
      events,
    ])) as { exists: boolean }[];
    return exists;
  }

  /** `statements` over a rebuild's fresh fact tables, each run only if both exist. */
  private forRebuild(statements: (facts: { deadlines: string; events: string }) => string[]): string[] {
    const names = rebuildTables(departmentPerformanceProjection);
    const facts = { deadlines: names[DEADLINE_FACTS], events: names[EVENT_FACTS] };
    return statements(facts).map(
      (statement) =>
        `do $$ begin if to_regclass(${literal(facts.deadlines)}) is not null and to_regclass(${literal(facts.events)}) is not null then
           execute ${literal(statement)}; end if; end $$`,
    );
  }

  /**
   * Runs `then` when the live deadline facts exist and have (or have not) an index of that
   * definition, and (with `unless`) have no index of the definition `unless`.
   */
  private ifIndex(definition: string, exists: boolean, then: string, unless?: string): string {
    const table = this.tables().deadlines;
    const [schema, name] = table.split('.');
    const has = (d: string) =>
      `exists (select 1 from pg_indexes where schemaname = ${literal(schema)} and tablename = ${literal(name)} and indexdef like ${literal(`% ${d}`)})`;
    return `
      do $$
      begin
        if to_regclass(${literal(table)}) is null then return; end if;
        if ${exists ? '' : 'not'} ${has(definition)} ${unless ? `and not ${has(unless)}` : ''} then
          ${then.startsWith('execute') ? then : `execute ${literal(then)}`};
        end if;
      end $$`;
  }

  /** Drops the live deadline facts' indexes of that definition. */
  private dropAll(definition: string): string {
    const [schema, name] = this.tables().deadlines.split('.');
    return `execute (select string_agg(format('drop index %I.%I', schemaname, indexname), '; ') from pg_indexes
             where schemaname = ${literal(schema)} and tablename = ${literal(name)} and indexdef like ${literal(`% ${definition}`)})`;
  }
}
