import type { PoolClient } from 'pg';
import { Column, columnsDdl, loadRows, upsertNewer } from './columns';
import type { ProjectedEvent, Projection, TableNames } from './projection';
import { Evolve, Revisioned, notStoredBefore, singleStreamRowProjection } from './single-stream-projection';

// The read models of the other aggregates (a consultation, an interview, a survey): one row per
// `<prefix><id>` stream, keyed by the id, stored through its column list, plus what its events emit
// (an opinion, a question, a response) in tables of their own. The projection says only what an
// event does (`evolve`) and how the emitted rows are written (`saveEmitted`).

/** A table by its column list (the first column is the key and the primary key). */
export interface TableSpec<Row> {
  /** The logical name (`liveTables` makes it `wz_rm.<name>`). */
  readonly name: string;
  readonly columns: readonly Column<Row>[];
  readonly notNull: readonly string[];
  /** What follows `create index on <table>`, e.g. `(published_at desc)`. */
  readonly indexes?: readonly string[];
}

/** Creates the table under its physical name if missing, then its indexes. */
export async function createTable(client: PoolClient, physical: string, table: TableSpec<any>): Promise<void> {
  await client.query(
    `create table if not exists ${physical} (\n  ${columnsDdl(table.columns, table.notNull)},\n  primary key (${table.columns[0][0]}))`,
  );
  for (const index of table.indexes ?? []) await client.query(`create index on ${physical} ${index}`);
}

export interface StreamRowProjectionOptions<Row extends Revisioned, E, Out = never> {
  readonly name: string;
  readonly version: number;
  /** The streams folded: `<streamPrefix><id>`, one row per id. */
  readonly streamPrefix: string;
  /** The stream's row. */
  readonly table: TableSpec<Row>;
  /** The tables of what the events emit, created after the stream's. */
  readonly emittedTables?: readonly TableSpec<any>[];
  /** The typed event as this projection may see it (the store's published copy). */
  eventOf(event: ProjectedEvent): E;
  readonly evolve: Evolve<Row, E, Out>;
  /** Writes what a batch's events emitted, in event order, after the rows. */
  saveEmitted?(client: PoolClient, emitted: readonly Out[], names: TableNames): Promise<void>;
}

/** A projection of one row per `<prefix><id>` stream; see the file's head. */
export function streamRowProjection<Row extends Revisioned, E, Out = never>(options: StreamRowProjectionOptions<Row, E, Out>): Projection {
  const { table, streamPrefix } = options;
  const tables = [table, ...(options.emittedTables ?? [])];
  return singleStreamRowProjection<Row, E, Out>({
    name: options.name,
    version: options.version,
    tables: tables.map((t) => t.name),
    filter: { streamPrefixes: [streamPrefix] },
    async createTables(client, names) {
      for (const t of tables) await createTable(client, names[t.name], t);
    },
    keyOf: (e) => (e.recorded.streamId.startsWith(streamPrefix) ? e.recorded.streamId.slice(streamPrefix.length) : null),
    eventOf: options.eventOf,
    evolve: options.evolve,
    load: (client, keys, names) => loadRows(client, names[table.name], table.columns, keys),
    async save(client, changes, names) {
      await upsertNewer(
        client,
        names[table.name],
        table.columns,
        changes.map((c) => c.row),
        { isNew: notStoredBefore(changes) },
      );
      const emitted = changes.flatMap((c) => c.emitted);
      if (options.saveEmitted && emitted.length) await options.saveEmitted(client, emitted, names);
    },
  });
}
