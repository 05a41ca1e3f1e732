import { SearchTermsTables1795697700000 } from '../../libs/read-models/src/migrations/1795697700000-search-terms-tables';
import { DepartmentSearch1795692000000 } from '../../libs/read-models/src/migrations/1795692000000-department-search';
import { SearchPeriods1795697100000 } from '../../libs/read-models/src/migrations/1795697100000-search-periods';
import { TestApp, createTestApp } from '../setup/app';
import { runMigration } from '../setup/migrations';

// An install upgraded from the release before issue 15 item 4 has the petition_views tables of that
// release: a GIN index on the words alone on each table, none of the department indexes. The
// migration must leave them with exactly the indexes a fresh createTables makes (the words-only
// ones gone: with both, the planner took them for a department's search), and running it again
// (a second process starting) must change nothing. Since 1795697100000 the public words' index also
// holds the week (search-periods-migration.int-spec.ts): an upgrade runs both, in order.

jest.setTimeout(120_000);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // The words back on cases and public_petitions, as before migration 1795697700000 moved them to
  // tables of their own: the tables this migration met.
  await runMigration(t.runtime.dataSource, new SearchTermsTables1795697700000(), 'down');
});
afterAll(async () => t?.close());

const TABLES = ['cases', 'public_petitions'];
const NEW = [
  ['public_petitions', 'USING gin ((ARRAY[department_id]), (ARRAY[(floor((EXTRACT(epoch FROM'],
  ['cases', 'USING btree (department_id, submitted_at DESC, petition_id DESC)'],
  ['cases', 'USING gin (dispatched_department_ids, search)'],
  ['cases', 'USING gin (array_remove(dispatched_department_ids, department_id), search) WHERE'],
];

/** Every index of the two tables as `table definition` without its name, sorted. */
async function indexes(): Promise<string[]> {
  const { rows } = await t.runtime.pool.query<{ tablename: string; body: string }>(
    `select tablename, regexp_replace(indexdef, '^.* ON wz_rm\\.\\S+ ', '') as body
       from pg_indexes where schemaname = 'wz_rm' and tablename = any($1) order by 1, 2`,
    [TABLES],
  );
  return rows.map((r) => `${r.tablename} ${r.body}`);
}

async function migrate(): Promise<void> {
  const runner = t.runtime.dataSource.createQueryRunner();
  try {
    await new DepartmentSearch1795692000000().up(runner);
    await new SearchPeriods1795697100000().up(runner);
  } finally {
    await runner.release();
  }
}

describe('migrations 1795692000000 (department search indexes) and 1795697100000 on tables of the release before', () => {
  it('replaces the words-only GIN indexes with the ones createTables makes, once', async () => {
    const fresh = await indexes();
    for (const [table, body] of NEW) expect(fresh.filter((i) => i.startsWith(`${table} ${body}`))).toHaveLength(1);
    expect(fresh.filter((i) => i.endsWith('USING gin (search)'))).toEqual([]);

    // The previous release's index set: the new ones absent, a GIN index on the words alone on each table.
    for (const [table, body] of NEW) {
      const { rows } = await t.runtime.pool.query<{ indexname: string }>(
        `select indexname from pg_indexes where schemaname = 'wz_rm' and tablename = $1 and position($2 in indexdef) > 0`,
        [table, ` ${body}`],
      );
      expect(rows).toHaveLength(1);
      await t.runtime.pool.query(`drop index wz_rm.${rows[0].indexname}`);
    }
    for (const table of TABLES) await t.runtime.pool.query(`create index on wz_rm.${table} using gin (search)`);
    expect(await indexes()).not.toEqual(fresh);

    await migrate();
    expect(await indexes()).toEqual(fresh);
    await migrate();
    expect(await indexes()).toEqual(fresh);
  });
});
