import path from 'node:path';
import { Pool } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { EventStore, EventStoreDbEventStore, PostgresEventStore, usePreparedStatements } from '@wenzheng/event-store';
import { AppConfig } from './config';
import { EMBEDDED_DATABASE, RunningPostgres, startEmbeddedPostgres } from './embedded-postgres';

/** How long an idle connection of the runtime's pool is kept (see createRuntime). */
export const POOL_IDLE_MS = 5 * 60_000;

/** Everything a process of Wenzheng shares: one database pool, the event store, the read-model data source. */
export interface Runtime {
  readonly config: AppConfig;
  readonly databaseUrl: string;
  /** 'embedded' when this process started PostgreSQL itself or connected to the one another process started on its data folder. */
  readonly databaseSource: 'embedded' | 'DATABASE_URL';
  readonly pool: Pool;
  readonly eventStore: EventStore;
  readonly dataSource: DataSource;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  readonly entities?: DataSourceOptions['entities'];
  readonly migrations?: DataSourceOptions['migrations'];
  /** Tests pass a database they made; otherwise DATABASE_URL or the embedded server. */
  readonly databaseUrl?: string;
  readonly poolSize?: number;
  readonly log?: (message: string) => void;
  /**
   * The API: start the embedded PostgreSQL or refuse when another live process runs it on the same
   * data folder. Otherwise (CLIs, projector, worker) connect to that server and leave it running.
   */
  readonly ownEmbedded?: boolean;
}

export async function createRuntime(config: AppConfig, options: RuntimeOptions = {}): Promise<Runtime> {
  const log = options.log ?? (() => undefined);
  let embedded: RunningPostgres | undefined;
  let databaseUrl = options.databaseUrl ?? config.databaseUrl;
  if (!databaseUrl) {
    const dataDir = path.resolve(config.embeddedPgDataDir);
    log(`embedded PostgreSQL: data in ${dataDir}`);
    embedded = await startEmbeddedPostgres({
      dataDir,
      port: config.embeddedPgPort,
      persistent: true,
      sharedBuffers: config.embeddedPgSharedBuffers,
      logFile: path.join(path.dirname(dataDir), 'postgres.log'),
      join: !options.ownEmbedded,
    });
    log(
      embedded.joined
        ? `embedded PostgreSQL: connected to the one process ${embedded.joined.pid} runs on port ${embedded.joined.port} (left running)`
        : `embedded PostgreSQL: started on port ${config.embeddedPgPort}, shared_buffers ${embedded.sharedBuffers ?? '?'}` +
            (embedded.hugePages ? `; ${embedded.hugePages}` : ''),
    );
    // The application connects as a role that owns its database but is no superuser (docs/security.md, "The embedded database").
    databaseUrl = await embedded.appDatabase(EMBEDDED_DATABASE).catch(async (e: unknown) => {
      await embedded?.stop();
      throw e;
    });
  }
  // Named (prepared once per connection) unless a pooler in front drops them (DATABASE_PREPARED_STATEMENTS).
  usePreparedStatements(config.databasePreparedStatements);
  // An idle connection is kept 5 minutes (node-postgres closes it after 10 s). A new connection is
  // a new PostgreSQL process, which maps every shared buffer it reads for the first time: the one-year
  // report at 100,000 cases took twice PostgreSQL's CPU on fresh connections (600 against 300 ms),
  // so a supervisor's report a minute after the last paid it every time.
  const pool = new Pool({ connectionString: databaseUrl, max: options.poolSize ?? 20, idleTimeoutMillis: POOL_IDLE_MS });
  // A connection dropped by the server (failover, restart, pg_terminate_backend) must fail the
  // query using it, not crash the process: idle and checked-out clients both get a listener.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  let eventStore: EventStore;
  try {
    if (config.eventStoreConnectionString) {
      eventStore = new EventStoreDbEventStore({
        connectionString: config.eventStoreConnectionString,
        timeoutMs: config.eventStoreTimeoutMs,
      });
    } else {
      const pg = new PostgresEventStore({ pool });
      await pg.migrate();
      eventStore = pg;
    }
  } catch (e) {
    await pool.end();
    await embedded?.stop();
    throw e;
  }
  const dataSource = new DataSource({
    type: 'postgres',
    url: databaseUrl,
    entities: options.entities ?? [],
    migrations: options.migrations ?? [],
    migrationsTableName: 'wz_read_migrations',
    synchronize: false,
    logging: false,
    // TypeORM's own pool of node-postgres connections: kept as long as the runtime's (see above).
    extra: { max: options.poolSize ?? 20, idleTimeoutMillis: POOL_IDLE_MS },
  });
  await dataSource.initialize();
  // Several processes (API, projector, worker) may start together: migrate under one lock.
  const lock = await pool.connect();
  try {
    await lock.query(`select pg_advisory_lock(hashtext('wz_read_migrations'))`);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lock.query(`select pg_advisory_unlock(hashtext('wz_read_migrations'))`).catch(() => undefined);
    lock.release();
  }
  return {
    config,
    databaseUrl,
    databaseSource: embedded ? 'embedded' : 'DATABASE_URL',
    pool,
    eventStore,
    dataSource,
    close: async () => {
      await eventStore.close().catch(() => undefined);
      await dataSource.destroy().catch(() => undefined);
      await pool.end().catch(() => undefined);
      await embedded?.stop();
    },
  };
}
