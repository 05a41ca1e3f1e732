import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '@wenzheng/platform';

export interface BenchPostgres {
  /** Connection string of a maintenance database: databases are created from it. */
  readonly adminUrl: string;
  readonly source: 'embedded' | 'DATABASE_URL';
  readonly serverVersion: string;
  /** fsync and synchronous_commit on: every commit waits for the disk, as a government deployment runs. */
  readonly durable: boolean;
  /** The settings that matter for the figures, as the server reports them. */
  readonly settings: Record<string, string>;
  /** A fresh database (dropped first if it exists); returns its URL. */
  createDatabase(name: string): Promise<string>;
  urlFor(name: string): string;
  dropDatabases(): Promise<void>;
  stop(): Promise<void>;
}

export interface BenchPostgresOptions {
  /** An existing server; otherwise an embedded one is started in a temporary folder. */
  readonly databaseUrl?: string;
  /** fsync, synchronous_commit and full_page_writes on: every commit waits for the disk. */
  readonly durable?: boolean;
  readonly logFile?: string;
  /** Server settings on the command line of an embedded server (e.g. --profile's pg_stat_statements). */
  readonly settings?: Readonly<Record<string, string>>;
  /** An embedded server's shared_buffers: 'auto' (as npm start) or a size (EmbeddedPostgresOptions.sharedBuffers). */
  readonly sharedBuffers?: string;
}

/** Settings that can change without a restart (the embedded server is started by libs/platform). */
const TUNING: Record<string, string> = {
  max_wal_size: '8GB',
  checkpoint_timeout: '30min',
  maintenance_work_mem: '512MB',
  effective_cache_size: '8GB',
  work_mem: '16MB',
};
const REPORTED = [
  'server_version',
  'shared_buffers',
  'fsync',
  'synchronous_commit',
  'full_page_writes',
  'max_wal_size',
  'work_mem',
  'max_connections',
  // PostgreSQL 17+: whether the shared memory is on huge pages (a backend then maps the buffers it
  // reads in 2 MB pages; on 4 kB pages a fresh connection's first report costs about twice the CPU).
  'huge_pages_status',
];

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

async function withClient<T>(url: string, work: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/**
 * The PostgreSQL every step of a run shares: one server, one database per contestant. Started
 * embedded (never the developer's .data) unless a DATABASE_URL is given.
 */
export async function startBenchPostgres(o: BenchPostgresOptions = {}): Promise<BenchPostgres> {
  let adminUrl: string;
  let stopServer = async () => undefined as void;
  let source: BenchPostgres['source'];
  if (o.databaseUrl) {
    adminUrl = o.databaseUrl;
    source = 'DATABASE_URL';
  } else {
    // A throw-away cluster is started with fsync, synchronous_commit and full_page_writes off on
    // its command line, which no ALTER SYSTEM can override; a durable run therefore starts the
    // server as a kept one (PostgreSQL's own defaults: all three on) in a temporary folder of its
    // own, removed when the run ends.
    const folder = o.durable ? await mkdtemp(path.join(tmpdir(), 'wenzheng-bench-pg-')) : undefined;
    if (folder) await chmod(folder, 0o755); // as root the server runs as the postgres user, who must get in
    const pg = await startEmbeddedPostgres({
      port: await freePort(),
      persistent: o.durable === true,
      dataDir: folder && path.join(folder, 'data'),
      logFile: o.logFile ?? path.resolve('bench-results', 'postgres.log'),
      settings: o.settings,
      sharedBuffers: o.sharedBuffers ?? 'auto', // as npm start runs: a bench measures the product's default
    });
    adminUrl = pg.adminUrl;
    stopServer = async () => {
      await pg.stop();
      if (folder) await rm(folder, { recursive: true, force: true }).catch(() => undefined);
    };
    source = 'embedded';
    await withClient(adminUrl, async (c) => {
      for (const [k, v] of Object.entries(TUNING)) await c.query(`alter system set ${k} = '${v}'`);
      await c.query('select pg_reload_conf()');
    });
  }
  const created = new Set<string>();
  const urlFor = (name: string) => {
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    return u.toString();
  };
  const settings = await withClient(adminUrl, async (c) => {
    const { rows } = await c.query<{ name: string; setting: string; unit: string | null }>(
      `select name, current_setting(name) as setting, unit from pg_settings where name = any($1)`,
      [REPORTED],
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
  });
  const durable = settings.fsync === 'on' && settings.synchronous_commit === 'on';
  if (o.durable && !durable) {
    await stopServer();
    throw new Error(
      `--durable needs fsync and synchronous_commit on; the server runs fsync=${settings.fsync} synchronous_commit=${settings.synchronous_commit}`,
    );
  }
  return {
    adminUrl,
    source,
    durable,
    serverVersion: settings.server_version ?? 'unknown',
    settings,
    urlFor,
    createDatabase: async (name) => {
      await withClient(adminUrl, async (c) => {
        await c.query(`drop database if exists "${name}" with (force)`);
        await c.query(`create database "${name}"`);
      });
      created.add(name);
      return urlFor(name);
    },
    dropDatabases: async () => {
      await withClient(adminUrl, async (c) => {
        for (const name of created) await c.query(`drop database if exists "${name}" with (force)`).catch(() => undefined);
      });
      created.clear();
    },
    stop: async () => {
      await stopServer();
    },
  };
}

/** Flushes dirty pages so one contestant does not pay for the previous one's checkpoint. */
export async function checkpoint(url: string): Promise<void> {
  await withClient(url, (c) => c.query('checkpoint')).catch(() => undefined);
}
