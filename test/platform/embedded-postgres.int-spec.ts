import { mkdir, mkdtemp, readFile, rm, stat, chmod, unlink } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { Client, Pool } from 'pg';
import {
  APP_ROLE,
  CREDENTIALS_FILE,
  EmbeddedPostgresError,
  Runtime,
  createRuntime,
  loadConfig,
  machineMemory,
  sharedBuffersFor,
  startEmbeddedPostgres,
} from '@wenzheng/platform';
import { readModelEntities, readModelMigrations } from '@wenzheng/read-models';
import { SubjectKeyStore } from '@wenzheng/petition-store';
import { warmTables } from '@wenzheng/projector';
import { freePort } from '../setup/free-port';

/**
 * The embedded PostgreSQL as `npm start` runs it (createRuntime with no DATABASE_URL), in a temp
 * folder: random superuser password in a 0600 file, the application as a role that is no superuser.
 */
const FORMER_FIXED_PASSWORD = 'wenzheng';

async function sqlError(url: string, sql: string): Promise<string | undefined> {
  const c = new Client({ connectionString: url });
  try {
    await c.connect();
    await c.query(sql);
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function rows<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/** The server's shared_buffers in MB (pg_settings gives it in 8 kB pages). */
async function sharedBuffersMb(url: string): Promise<number> {
  const [r] = await rows<{ mb: number }>(url, `select setting::int8 * 8 / 1024 as mb from pg_settings where name = 'shared_buffers'`);
  return Number(r.mb);
}

const mb = (setting: string) => Number(/^(\d+)MB$/.exec(setting)?.[1]);

/** The server's own account of its shared memory's pages (what the huge-pages clause is checked against). */
async function sharedMemoryPages(url: string): Promise<{ status: string; needed: string }> {
  const [pages] = await rows<{ status: string; needed: string }>(
    url,
    `select current_setting('huge_pages_status') as status, current_setting('shared_memory_size_in_huge_pages') as needed`,
  );
  return pages;
}

function startRuntime(dataDir: string, port: number, env: Record<string, string> = {}, log?: (line: string) => void): Promise<Runtime> {
  const config = loadConfig({ EMBEDDED_PG_PORT: String(port), EMBEDDED_PG_DATA_DIR: dataDir, ...env });
  return createRuntime(config, { entities: readModelEntities, migrations: readModelMigrations, poolSize: 4, log });
}

/** What the application (as its own role) makes at run time besides the migrations. */
async function useSubjectKeys(runtime: Runtime): Promise<void> {
  await new SubjectKeyStore(runtime.pool).keyFor('subject-1');
}

describe('embedded PostgreSQL, locked down', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'wz-embedded-'));
    await chmod(dir, 0o755);
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('has a random superuser password in a 0600 file and runs the application as a role that is no superuser', async () => {
    const dataDir = path.join(dir, 'fresh');
    const port = await freePort();
    const runtime = await startRuntime(dataDir, port);
    try {
      await useSubjectKeys(runtime);
      expect(await stat(`/tmp/.s.PGSQL.${port}.lock`).catch(() => undefined)).toBeUndefined(); // another user could pre-create it
      const file = await stat(path.join(dataDir, CREDENTIALS_FILE));
      expect(file.mode & 0o777).toBe(0o600);
      expect(file.uid).toBe(userInfo().uid);

      const appUrl = new URL(runtime.databaseUrl);
      expect(appUrl.username).toBe(APP_ROLE);
      expect(await sqlError(`postgres://postgres:${FORMER_FIXED_PASSWORD}@127.0.0.1:${port}/postgres`, 'select 1')).toBe('28P01');

      const [me] = await rows<{
        rolsuper: boolean;
        rolcreaterole: boolean;
        rolcreatedb: boolean;
        readfiles: boolean;
        execprogram: boolean;
      }>(
        runtime.databaseUrl,
        `select rolsuper, rolcreaterole, rolcreatedb,
                pg_has_role(current_user, 'pg_read_server_files', 'member') as readfiles,
                pg_has_role(current_user, 'pg_execute_server_program', 'member') as execprogram
           from pg_roles where rolname = current_user`,
      );
      expect(me).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false, readfiles: false, execprogram: false });
      expect(await sqlError(runtime.databaseUrl, `copy (select 1) to program 'id'`)).toBe('42501');
      expect(await sqlError(runtime.databaseUrl, `create role wz_intruder login password 'x'`)).toBe('42501');
      expect(await sqlError(runtime.databaseUrl, `select pg_read_file('PG_VERSION')`)).toBe('42501');

      // the application's schemas (incl. the subject keys) are the app role's, and only it may connect
      const foreign = await rows<{ nspname: string }>(
        runtime.databaseUrl,
        `select nspname from pg_namespace where nspname like 'wz\\_%' and pg_get_userbyid(nspowner) <> current_user`,
      );
      expect(foreign).toEqual([]);
      const schemas = (
        await rows<{ nspname: string }>(runtime.databaseUrl, `select nspname from pg_namespace where nspname like 'wz\\_%'`)
      ).map((r) => r.nspname);
      expect(schemas).toEqual(expect.arrayContaining(['wz_es', 'wz_keys']));

      // sized to this machine (a quarter of its memory), not PostgreSQL's 128 MB whatever the machine
      expect(await sharedBuffersMb(runtime.databaseUrl)).toBe(mb(sharedBuffersFor(machineMemory()) ?? '128MB'));
    } finally {
      await runtime.close();
    }
  }, 60_000);

  it('runs with the shared_buffers EMBEDDED_PG_SHARED_BUFFERS gives, and with a quarter of the memory again without it', async () => {
    const dataDir = path.join(dir, 'buffers');
    const port = await freePort();
    const given = await startRuntime(dataDir, port, { EMBEDDED_PG_SHARED_BUFFERS: '160mb' });
    try {
      expect(await sharedBuffersMb(given.databaseUrl)).toBe(160);
    } finally {
      await given.close();
    }
    // the setting is given at each start, never written into the data folder's configuration
    const lines: string[] = [];
    const auto = await startRuntime(dataDir, port, {}, (line) => lines.push(line));
    try {
      expect(await sharedBuffersMb(auto.databaseUrl)).toBe(mb(sharedBuffersFor(machineMemory()) ?? '128MB'));
      // npm start's line names the size, where it came from, and the pages it is on (the number to reserve when not huge)
      const started = lines.find((l) => l.startsWith('embedded PostgreSQL: started on port'));
      expect(started).toContain(`shared_buffers ${sharedBuffersFor(machineMemory()) ?? '128MB'}, a quarter of the memory`);
      const pages = await sharedMemoryPages(auto.databaseUrl);
      if (pages.status === 'on') expect(started).toMatch(/; on huge pages$/);
      else if (Number(pages.needed) > 0 && (await sharedBuffersMb(auto.databaseUrl)) >= 1024)
        expect(started).toContain(`; on 4 kB pages: ${pages.needed} more huge pages reserved as root (vm.nr_hugepages)`);
      else expect(started).not.toContain('huge pages');
    } finally {
      await auto.close();
    }
  }, 60_000);

  it('never writes a password into the server log, which only its owner may read', async () => {
    // the log sits beside the data folder; a second start finds the app role already there
    const dataDir = path.join(dir, 'logged', 'pg');
    const port = await freePort();
    const umask = process.umask(0); // a careless operator's: nothing it creates may be open to others
    try {
      await (await startRuntime(dataDir, port)).close();
    } finally {
      process.umask(umask);
    }
    await (await startRuntime(dataDir, port)).close();
    expect((await stat(path.dirname(dataDir))).mode & 0o777).toBe(0o755);
    const credentials = JSON.parse(await readFile(path.join(dataDir, CREDENTIALS_FILE), 'utf8')) as Record<string, string>;
    const logFile = path.join(dir, 'logged', 'postgres.log');
    const log = await readFile(logFile, 'utf8');
    expect(log).toContain('ready to accept connections');
    expect(log).not.toContain(credentials.appPassword);
    expect(log).not.toContain(credentials.superuserPassword);
    expect((await stat(logFile)).mode & 0o777).toBe(0o600);
  }, 60_000);

  it("keeps its text in PostgreSQL's own C.UTF-8 whatever locale the environment names (code point order, Unicode case)", async () => {
    const saved = {
      LANG: process.env.LANG,
      LC_ALL: process.env.LC_ALL,
      LC_COLLATE: process.env.LC_COLLATE,
      LC_CTYPE: process.env.LC_CTYPE,
    };
    // Nothing set, initdb took the C library's plain C: lower('É') stayed 'É', and LANG=C.UTF-8 compared text through strcoll.
    process.env.LANG = 'C';
    process.env.LC_ALL = 'C';
    let pg: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
    try {
      pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'locale'), port: await freePort(), persistent: false });
    } finally {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
    try {
      await rows(pg.adminUrl, 'create database wenzheng');
      const dbs = await rows<{ name: string; provider: string; locale: string }>(
        pg.adminUrl,
        `select datname as name, datlocprovider as provider, datlocale as locale from pg_database where datname in ('postgres', 'wenzheng') order by 1`,
      );
      expect(dbs).toEqual([
        { name: 'postgres', provider: 'b', locale: 'C.UTF-8' },
        { name: 'wenzheng', provider: 'b', locale: 'C.UTF-8' },
      ]);
      const [r] = await rows<{ lower: string; upper: string; sorted: string }>(
        pg.adminUrl,
        `select lower('ÉǄÀ中ABC') as lower, upper('éǆà中abc') as upper,
                string_agg(w, ' ' order by w) as sorted from unnest(array['中','a','Z','é','😀','ﬁ','B']) w`,
      );
      expect(r).toEqual({ lower: 'éǆà中abc', upper: 'ÉǄÀ中ABC', sorted: 'B Z a é 中 ﬁ 😀' });
    } finally {
      await pg.stop();
    }
  }, 60_000);

  it('keeps the subject keys from every other role: not even CONNECT is granted to PUBLIC', async () => {
    // its own folder, as npm start leaves it (one subject key made), so it stands without the first test
    const dataDir = path.join(dir, 'keys');
    const port = await freePort();
    const app = await startRuntime(dataDir, port);
    try {
      await useSubjectKeys(app);
    } finally {
      await app.close();
    }
    const pg = await startEmbeddedPostgres({ dataDir, port, persistent: true });
    try {
      const appUrl = await pg.appDatabase('wenzheng');
      const admin = pg.urlFor('wenzheng');
      await rows(admin, `create role wz_probe login password 'probe-password'`);
      const probe = new URL(appUrl);
      probe.username = 'wz_probe';
      probe.password = 'probe-password';
      expect(await sqlError(probe.toString(), 'select 1')).toBe('42501'); // permission denied for database
      const [p] = await rows<{ usage: boolean; select: boolean }>(
        admin,
        `select has_schema_privilege('wz_probe', 'wz_keys', 'usage') as usage,
                has_table_privilege('wz_probe', 'wz_keys.subject_keys', 'select') as select`,
      );
      expect(p).toEqual({ usage: false, select: false });
      expect((await rows<{ n: number }>(appUrl, 'select count(*)::int as n from wz_keys.subject_keys'))[0].n).toBe(1);
      // pg_prewarm is installed by the superuser (the app role may not create it), so a rebuild run as the app role warms
      const appPool = new Pool({ connectionString: appUrl, max: 1 });
      // pool.end() resolves once it has asked its client to end, not once the connection is closed: the
      // server stopped right after may still cut that connection, which the pool reports as an error.
      appPool.on('error', () => undefined);
      try {
        const warmed = await warmTables(appPool, ['wz_keys.subject_keys']);
        expect(warmed).toMatchObject({ mode: 'buffer' });
        expect(warmed.pages).toBeGreaterThan(0);
      } finally {
        await appPool.end();
      }
    } finally {
      await pg.stop();
    }
  }, 60_000);

  it('moves an install with the former fixed password onto random ones and hands its objects to the app role', async () => {
    const dataDir = path.join(dir, 'former');
    const port = await freePort();
    // An install as the previous version left it: password "wenzheng", database and schemas the superuser's.
    const formerUrl = `postgres://postgres:${FORMER_FIXED_PASSWORD}@127.0.0.1:${port}/wenzheng`;
    const pg = await startEmbeddedPostgres({ dataDir, port, persistent: true });
    try {
      await rows(pg.adminUrl, 'create database wenzheng');
      await rows(pg.adminUrl, `alter role postgres password '${FORMER_FIXED_PASSWORD}'`);
      const former = await createRuntime(loadConfig({}), {
        databaseUrl: formerUrl,
        entities: readModelEntities,
        migrations: readModelMigrations,
        poolSize: 4,
      });
      await useSubjectKeys(former);
      await former.close();
    } finally {
      await pg.stop();
    }
    await unlink(path.join(dataDir, CREDENTIALS_FILE));

    const runtime = await startRuntime(dataDir, port);
    try {
      await useSubjectKeys(runtime);
      expect(new URL(runtime.databaseUrl).username).toBe(APP_ROLE);
      expect((await stat(path.join(dataDir, CREDENTIALS_FILE))).mode & 0o777).toBe(0o600);
      expect(await sqlError(formerUrl, 'select 1')).toBe('28P01');
      const leftovers = await rows<{ what: string }>(
        runtime.databaseUrl,
        `select 'schema ' || nspname as what from pg_namespace where nspname like 'wz\\_%' and pg_get_userbyid(nspowner) <> current_user
         union all
         select 'relation ' || c.oid::regclass from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema' and pg_get_userbyid(c.relowner) <> current_user
         union all
         select 'function ' || p.oid::regprocedure from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where n.nspname like 'wz\\_%' and pg_get_userbyid(p.proowner) <> current_user`,
      );
      expect(leftovers).toEqual([]);
      expect((await rows<{ n: number }>(runtime.databaseUrl, 'select count(*)::int as n from wz_keys.subject_keys'))[0].n).toBe(1);
    } finally {
      await runtime.close();
    }
  }, 90_000);

  it('beside a live process running it: joins as the app role with join (and leaves it running), refuses without', async () => {
    const dataDir = path.join(dir, 'shared');
    const port = await freePort();
    const owner = await startRuntime(dataDir, port); // this (Jest) process starts the server
    try {
      await useSubjectKeys(owner);
      const refused = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: true }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(EmbeddedPostgresError);
      expect((refused as Error).message).toContain(`is in use by another running process (pid ${process.pid})`);
      expect((refused as Error).message).toContain(`@127.0.0.1:${port}/wenzheng`);

      const joined = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: true, join: true });
      expect(joined.joined).toEqual({ pid: process.pid, port });
      const url = await joined.appDatabase('wenzheng');
      expect(new URL(url).username).toBe(APP_ROLE);
      expect((await rows<{ n: number }>(url, 'select count(*)::int as n from wz_keys.subject_keys'))[0].n).toBe(1);
      await joined.stop();
      expect((await rows<{ n: number }>(owner.databaseUrl, 'select 1 as n'))[0].n).toBe(1); // still running

      const tool = await startRuntime(dataDir, await freePort()); // createRuntime joins by default
      expect(tool.databaseUrl).toBe(url);
      await tool.close();
      expect((await rows<{ n: number }>(owner.databaseUrl, 'select 1 as n'))[0].n).toBe(1);
    } finally {
      await owner.close();
    }
  }, 60_000);

  it("keeps a shared_buffers an operator set in the data folder (ALTER SYSTEM) over the machine's size; an explicit one wins", async () => {
    const dataDir = path.join(dir, 'altered');
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dataDir, port, persistent: true });
    try {
      expect(first.sharedBuffers).toBe(`${sharedBuffersFor(machineMemory())}, a quarter of the memory`);
      // The huge-pages clause says what the server itself reports, in the numbers it reports.
      const pages = await sharedMemoryPages(first.adminUrl);
      const mbNow = mb(sharedBuffersFor(machineMemory()) ?? '128MB');
      if (pages.status === 'on') expect(first.hugePages).toBe('on huge pages');
      else if (pages.status === 'off' && mbNow >= 1024 && Number(pages.needed) > 0)
        expect(first.hugePages).toContain(`${pages.needed} more huge pages`);
      else expect(first.hugePages).toBeUndefined();
      await rows(first.adminUrl, `alter system set shared_buffers = '96MB'`);
    } finally {
      await first.stop();
    }
    const kept = await startEmbeddedPostgres({ dataDir, port, persistent: true });
    try {
      expect(await sharedBuffersMb(kept.adminUrl)).toBe(96);
      expect(kept.sharedBuffers).toBe('96MB, as postgresql.auto.conf in the data folder sets it');
    } finally {
      await kept.stop();
    }
    const given = await startEmbeddedPostgres({ dataDir, port, persistent: true, sharedBuffers: '160MB' });
    try {
      expect(await sharedBuffersMb(given.adminUrl)).toBe(160);
      expect(given.sharedBuffers).toBe('160MB, as EMBEDDED_PG_SHARED_BUFFERS gives it (over any value in the data folder)');
    } finally {
      await given.stop();
    }
  }, 60_000);

  it("takes a shared_buffers in `settings` over the option, once on the server's command line", async () => {
    const pg = await startEmbeddedPostgres({
      port: await freePort(),
      persistent: false,
      sharedBuffers: '160MB',
      settings: { shared_buffers: '144MB', work_mem: '8MB' },
    });
    try {
      expect(await sharedBuffersMb(pg.adminUrl)).toBe(144);
      const pid = (await readFile(path.join(pg.dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0].trim();
      const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
      expect(args.filter((a) => a.startsWith('shared_buffers='))).toEqual(['shared_buffers=144MB']);
      expect(args).toContain('work_mem=8MB'); // the other settings still go on it
    } finally {
      await pg.stop();
    }
  }, 30_000);

  // Under the kernel's usual heuristic overcommit (mode 0) a mapping larger than memory and swap is refused
  // at once; in mode 1 it would be granted, and the server would start on 8 GB of buffer descriptors.
  const heuristicOvercommit = machineMemory().overcommit?.trim() === '0' ? it : it.skip;
  heuristicOvercommit(
    'shared_buffers the machine cannot grant: one sentence naming EMBEDDED_PG_SHARED_BUFFERS',
    async () => {
      const error = await startEmbeddedPostgres({ port: await freePort(), persistent: false, sharedBuffers: '1000GB' }).then(
        async (pg) => {
          await pg.stop();
          return undefined;
        },
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(EmbeddedPostgresError);
      expect((error as Error).message).toMatch(/could not get its shared memory \(shared_buffers=1000GB\).*EMBEDDED_PG_SHARED_BUFFERS/);
      expect((error as Error).message).not.toContain('\n');
    },
    30_000,
  );

  const asRoot = userInfo().uid === 0 ? it : it.skip;
  asRoot(
    'as root, in a folder the postgres user cannot enter: one sentence saying what to do',
    async () => {
      const closed = await mkdtemp(path.join(tmpdir(), 'wz-closed-')); // 0700
      await mkdir(path.join(closed, 'project'), { mode: 0o700 });
      try {
        const error = await startEmbeddedPostgres({
          dataDir: path.join(closed, 'project', 'pg'),
          port: await freePort(),
          persistent: true,
        }).then(
          async (pg) => {
            await pg.stop();
            return undefined;
          },
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(EmbeddedPostgresError);
        const message = (error as Error).message;
        expect(message).toContain(`cannot enter ${closed}`);
        expect(message).toMatch(/DATABASE_URL/);
        expect(message).not.toContain('\n');
      } finally {
        await rm(closed, { recursive: true, force: true });
      }
    },
    30_000,
  );
});
