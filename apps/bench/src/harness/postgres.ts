import { createServer } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '@wenzheng/platform';

export interface BenchPostgres {
  /** Connection string of a maintenance database: databases are created from it. */
  readonly adminUrl: string;
  readonly source: 'embedded' | 'DATABASE_URL';
  readonly serverVersion: string;
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
}

/** Settings that can change without a restart (the embedded server is started by libs/platform). */
const TUNING: Record<string, string> = {
  max_wal_size: '8GB',
  checkpoint_timeout: '30min',
  maintenance_work_mem: '512MB',
  effective_cache_size: '8GB',
  work_mem: '16MB',
};
const DURABLE: Record<string, string> = { fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on' };
const REPORTED = ['server_version', 'shared_buffers', 'fsync', 'synchronous_commit', 'full_page_writes', 'max_wal_size', 'work_mem', 'max_connections'];

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
    const pg = await startEmbeddedPostgres({ port: await freePort(), persistent: false, logFile: o.logFile ?? path.resolve('bench-results', 'postgres.log') });
    adminUrl = pg.adminUrl;
    stopServer = () => pg.stop();
    source = 'embedded';
    await withClient(adminUrl, async (c) => {
      for (const [k, v] of Object.entries({ ...TUNING, ...(o.durable ? DURABLE : {}) })) await c.query(`alter system set ${k} = '${v}'`);
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
      `select name, current_setting(name) as setting, unit from pg_settings where name = any($1)`, [REPORTED]);
    return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
  });
  return {
    adminUrl,
    source,
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
