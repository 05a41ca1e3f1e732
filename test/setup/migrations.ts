import type { Pool } from 'pg';
import type { DataSource, MigrationInterface } from 'typeorm';

/** Every index of `table` (schema.name) as its definition without its name (`USING …`), sorted. */
export async function indexBodies(pool: Pool, table: string): Promise<string[]> {
  const [schema, name] = table.split('.');
  const { rows } = await pool.query<{ body: string }>(
    `select regexp_replace(indexdef, '^.* ON \\S+ ', '') as body from pg_indexes where schemaname = $1 and tablename = $2 order by 1`,
    [schema, name],
  );
  return rows.map((r) => r.body);
}

/** One step of a migration on its own query runner, as TypeORM runs it. */
export async function runMigration(dataSource: DataSource, migration: MigrationInterface, step: 'up' | 'down'): Promise<void> {
  const runner = dataSource.createQueryRunner();
  try {
    await migration[step](runner);
  } finally {
    await runner.release();
  }
}

/**
 * An index migration's round trip: up (twice: the second changes nothing) gives `fresh`, the set a
 * fresh install has; down (twice) gives `before` back; up again gives `fresh`.
 */
export async function expectIndexMigrationRoundTrip(
  run: (step: 'up' | 'down') => Promise<void>,
  indexes: () => Promise<string[]>,
  sets: { fresh: string[]; before: string[] },
): Promise<void> {
  for (const [step, expected] of [
    ['up', sets.fresh],
    ['up', sets.fresh],
    ['down', sets.before],
    ['down', sets.before],
    ['up', sets.fresh],
  ] as const) {
    await run(step);
    expect(await indexes()).toEqual(expected);
  }
}
