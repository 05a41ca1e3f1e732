import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { PostgresEventStore } from '@wenzheng/event-store';
import { Random } from '../generator';
import { Latency, latency } from '../harness/stats';

// Event append throughput, this store against Emmett's PostgreSQL store, on the same server in
// the same run, each in its own database and its own process (Emmett's driver sets global pg type
// parsers). Every append states the revision it expects, as a command handler does.

export interface AppendScenario {
  readonly name: string;
  readonly writers: number;
  /** Events per append. */
  readonly batch: number;
}

export const APPEND_SCENARIOS: readonly AppendScenario[] = [
  { name: 'single event, 1 writer', writers: 1, batch: 1 },
  { name: 'single event, 16 writers', writers: 16, batch: 1 },
  { name: 'batch of 10, 1 writer', writers: 1, batch: 10 },
  { name: 'batch of 10, 16 writers', writers: 16, batch: 10 },
];

export type Contestant = 'wenzheng' | 'emmett';

export interface AppendScenarioResult {
  readonly scenario: string;
  readonly writers: number;
  readonly batch: number;
  readonly appends: number;
  readonly events: number;
  readonly seconds: number;
  readonly appendsPerSecond: number;
  readonly eventsPerSecond: number;
  readonly latency: Latency;
  readonly conflicts: number;
}

export interface AppendsOptions {
  readonly contestant: Contestant;
  readonly databaseUrl: string;
  readonly scenarios?: readonly AppendScenario[];
  readonly seconds: number;
  readonly warmupSeconds?: number;
  /** Both stores get a pool of this size. */
  readonly poolSize?: number;
}

/** What one append does, whoever stores it: append `count` events to a stream at an expected version. */
type Appender = (stream: string, events: number, expected: number) => Promise<void>;

interface Store {
  readonly append: Appender;
  close(): Promise<void>;
}

/** A comment as the API stores it: realistic size and shape of data and metadata. */
function payload(r: Random, i: number) {
  const commandId = r.uuid();
  return {
    type: 'PetitionCommented',
    data: {
      petitionId: r.uuid(),
      text: `同小区，确有此事，希望相关部门尽快处理（第${i}条）`,
      author: `网友${r.digits(4)}`,
      at: new Date().toISOString(),
    },
    metadata: {
      commandId,
      correlationId: commandId,
      causationId: commandId,
      actor: { id: 'anonymous', role: 'citizen' },
      occurredAt: new Date().toISOString(),
      schemaVersion: 1,
      hash: r.uuid().replace(/-/g, '') + r.uuid().replace(/-/g, ''),
    },
  };
}

async function openStore(o: AppendsOptions): Promise<Store> {
  const max = o.poolSize ?? 20;
  const r = new Random('appends', o.contestant);
  if (o.contestant === 'wenzheng') {
    const store = new PostgresEventStore({ poolConfig: { connectionString: o.databaseUrl, max } });
    await store.migrate();
    return {
      append: async (stream, count, expected) => {
        const events = Array.from({ length: count }, (_, i) => payload(r, i));
        // expected = events already in the stream; the first one is revision 0.
        await store.appendToStream(stream, events, { expectedRevision: expected === 0 ? 'no_stream' : BigInt(expected - 1) });
      },
      close: () => store.close(),
    };
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { getPostgreSQLEventStore } = require('@event-driven-io/emmett-postgresql') as typeof import('@event-driven-io/emmett-postgresql');
  const pool = new Pool({ connectionString: o.databaseUrl, max });
  const store = getPostgreSQLEventStore(o.databaseUrl, { connectionOptions: { pool } });
  await store.schema.migrate();
  return {
    append: async (stream, count, expected) => {
      const events = Array.from({ length: count }, (_, i) => payload(r, i));
      // Emmett counts versions from 1; 0 is "no stream yet" (PostgreSQLEventStoreDefaultStreamVersion).
      await store.appendToStream(stream, events, { expectedStreamVersion: BigInt(expected) });
    },
    close: async () => {
      await store.close();
      await pool.end().catch(() => undefined);
      // Emmett's migration opens pools of its own by connection string.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      await (require('@event-driven-io/dumbo') as { endAllPools: () => Promise<unknown> }).endAllPools().catch(() => undefined);
    },
  };
}

const STREAMS_PER_WRITER = 50;

async function runScenario(
  store: Store,
  s: AppendScenario,
  seconds: number,
  warmupSeconds: number,
  runId: string,
): Promise<AppendScenarioResult> {
  const tag = s.name.replace(/[^a-z0-9]+/gi, '-');
  const measureFrom = Date.now() + warmupSeconds * 1000;
  const until = measureFrom + seconds * 1000;
  const durations: number[] = [];
  let appends = 0;
  let conflicts = 0;
  const writer = async (w: number) => {
    const versions = new Array<number>(STREAMS_PER_WRITER).fill(0);
    for (let n = 0; Date.now() < until; n++) {
      const k = n % STREAMS_PER_WRITER;
      const started = process.hrtime.bigint();
      try {
        await store.append(`bench-${runId}-${tag}-${w}-${k}`, s.batch, versions[k]);
        versions[k] += s.batch;
      } catch {
        conflicts++;
        continue;
      }
      const done = Date.now();
      if (done >= measureFrom && done < until) {
        appends++;
        durations.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
    }
  };
  await Promise.all(Array.from({ length: s.writers }, (_, w) => writer(w)));
  return {
    scenario: s.name,
    writers: s.writers,
    batch: s.batch,
    appends,
    events: appends * s.batch,
    seconds,
    appendsPerSecond: Math.round(appends / seconds),
    eventsPerSecond: Math.round((appends * s.batch) / seconds),
    latency: latency(durations),
    conflicts,
  };
}

export async function appendsStep(o: AppendsOptions): Promise<AppendScenarioResult[]> {
  const store = await openStore(o);
  const runId = Date.now().toString(36);
  try {
    const out: AppendScenarioResult[] = [];
    for (const s of o.scenarios ?? APPEND_SCENARIOS) out.push(await runScenario(store, s, o.seconds, o.warmupSeconds ?? 2, runId));
    return out;
  } finally {
    await store.close();
  }
}

export interface CeilingResult {
  readonly clients: number;
  readonly rowsPerSecond: number;
}

export interface PgbenchResult {
  readonly available: boolean;
  readonly reason?: string;
  readonly version?: string;
  readonly command?: string;
  readonly results: CeilingResult[];
}

export const PGBENCH = process.env.PGBENCH ?? '/usr/bin/pgbench';

function run(file: string, args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(file, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (out += d.toString()));
    p.once('error', reject);
    p.once('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

/**
 * The ceiling: pgbench inserting one row of the same size per transaction into a table with an
 * identity key, with 1 and 16 clients. No event store can commit single events faster than this
 * on the same server.
 */
export async function pgbenchCeiling(o: { databaseUrl: string; seconds: number; clients?: readonly number[] }): Promise<PgbenchResult> {
  if (!existsSync(PGBENCH)) return { available: false, reason: `${PGBENCH} not found (set PGBENCH to its path)`, results: [] };
  const url = new URL(o.databaseUrl);
  const pool = new Pool({ connectionString: o.databaseUrl, max: 1 });
  const p = payload(new Random('pgbench'), 0);
  const literal = (v: unknown) => `'${JSON.stringify(v).replace(/'/g, "''")}'::jsonb`;
  await pool.query(`create table if not exists ceiling (id bigint generated always as identity primary key, stream_id text not null,
    type text not null, data jsonb not null, metadata jsonb not null, created_at timestamptz not null default now())`);
  await pool.end();
  const dir = await mkdtemp(path.join(tmpdir(), 'wz-pgbench-'));
  const script = path.join(dir, 'insert.sql');
  await writeFile(
    script,
    `\\set s random(1, 100000)\ninsert into ceiling (stream_id, type, data, metadata) values ('s' || :s, '${p.type}', ${literal(p.data)}, ${literal(p.metadata)});\n`,
  );
  const env = { PGPASSWORD: decodeURIComponent(url.password) };
  const base = ['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username), '-n', '-M', 'prepared', '-f', script];
  const database = url.pathname.slice(1);
  try {
    const version = (await run(PGBENCH, ['--version'], env)).out.trim();
    const results: CeilingResult[] = [];
    for (const clients of o.clients ?? [1, 16]) {
      const args = [
        ...base,
        '-c',
        String(clients),
        '-j',
        String(Math.min(clients, 2)),
        '-T',
        String(Math.max(1, Math.round(o.seconds))),
        database,
      ];
      const r = await run(PGBENCH, args, env);
      const m = /tps = ([\d.]+) \(without initial connection time\)/.exec(r.out);
      if (r.code !== 0 || !m) return { available: false, reason: `pgbench failed (${r.code}): ${r.out.slice(-500)}`, version, results };
      results.push({ clients, rowsPerSecond: Math.round(Number(m[1])) });
    }
    return {
      available: true,
      version,
      command: `pgbench ${base.slice(0, -1).join(' ')} insert.sql -c N -j min(N,2) -T ${Math.round(o.seconds)}`,
      results,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
