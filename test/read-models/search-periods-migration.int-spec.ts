import { SearchTermsTables1795697700000 } from '../../libs/read-models/src/migrations/1795697700000-search-terms-tables';
import { SearchPeriods1795697100000 } from '../../libs/read-models/src/migrations/1795697100000-search-periods';
import { TestApp, createTestApp } from '../setup/app';
import { expectIndexMigrationRoundTrip, indexBodies, runMigration } from '../setup/migrations';

// An install upgraded from the release before the search periods has public_petitions' GIN index on
// the department and the words; the migration must leave exactly the index set a fresh createTables
// makes (the department, the week and the words in one GIN index, the old one gone: both would
// write every row's words twice), and running it again must change nothing; down restores it.

jest.setTimeout(120_000);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // The words back on cases and public_petitions, as before migration 1795697700000 moved them to
  // tables of their own: the tables this migration met.
  await runMigration(t.runtime.dataSource, new SearchTermsTables1795697700000(), 'down');
});
afterAll(async () => t?.close());

const PERIODS = 'USING gin ((ARRAY[department_id]), (ARRAY[(floor((EXTRACT(epoch FROM';
const BEFORE = 'USING gin ((ARRAY[department_id]), search)';

const indexes = () => indexBodies(t.runtime.pool, 'wz_rm.public_petitions');
const run = (step: 'up' | 'down') => runMigration(t.runtime.dataSource, new SearchPeriods1795697100000(), step);

describe('migration 1795697100000 (search periods) on tables of the release before', () => {
  it('replaces the department-and-words GIN index with the one createTables makes, once', async () => {
    const fresh = await indexes();
    expect(fresh.filter((i) => i.startsWith(PERIODS))).toHaveLength(1);
    expect(fresh.filter((i) => i === BEFORE)).toEqual([]);

    // The previous release's index set.
    const { rows } = await t.runtime.pool.query<{ indexname: string }>(
      `select indexname from pg_indexes where schemaname = 'wz_rm' and tablename = 'public_petitions' and position($1 in indexdef) > 0`,
      [PERIODS],
    );
    expect(rows).toHaveLength(1);
    await t.runtime.pool.query(`drop index wz_rm.${rows[0].indexname}`);
    await t.runtime.pool.query(`create index on wz_rm.public_petitions using gin ((array[department_id]), search)`);
    const before = await indexes();
    expect(before).not.toEqual(fresh);

    await expectIndexMigrationRoundTrip(run, indexes, { fresh, before });
  });
});
