import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { AppConfig, RunningPostgres, createRuntime, loadConfig, startEmbeddedPostgres } from '@wenzheng/platform';
import { PostgresEventStore } from '@wenzheng/event-store';
import { readModelEntities, readModelMigrations } from '@wenzheng/read-models';
import { IdempotencyKeys } from '../../apps/api/src/idempotency/idempotency-keys';
import { TEST_JWT_SECRET, createTestApp } from '../setup/app';
import { freePort } from '../setup/free-port';
import { submission } from '../setup/petitions';

/**
 * What a crash of PostgreSQL may take (apps/api/src/http/async-commit.ts): a commit that did not wait
 * for the disk (an Idempotency-Key's claim) until a later commit that did wait, and nothing else. The
 * server here is a persistent one, as `npm start` runs it (synchronous_commit on), with its WAL
 * writer slowed to once in 10 s and nothing else that would write the WAL out on its own (no
 * autovacuum, no timed checkpoint), so that a commit that did not wait stays in PostgreSQL's memory.
 * It is stopped as the kernel's OOM killer or a crash of the server would stop it: SIGQUIT to the
 * postmaster (an immediate shutdown writes nothing of its WAL buffers), then started again on the
 * same folder (crash recovery). What reached the kernel survives this, so it is no power cut: it
 * loses less than one, and shows what the WAL's order keeps.
 */
let parent: string;
let dataDir: string;
let port: number;
let pg: RunningPostgres;
let url: string;
/** The test's connections to the server now running (a crash ends them: see crash). */
let current: Pool | undefined;

const start = () =>
  startEmbeddedPostgres({
    dataDir,
    port,
    persistent: true,
    sharedBuffers: '128MB',
    settings: { wal_writer_delay: '10000ms', wal_writer_flush_after: '1MB', autovacuum: 'off', checkpoint_timeout: '1h' },
  });

async function crash(): Promise<void> {
  const pid = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  process.kill(pid, 'SIGQUIT');
  for (let waited = 0; ; waited += 50) {
    try {
      process.kill(pid, 0);
    } catch {
      break;
    }
    if (waited > 20_000) throw new Error(`PostgreSQL (pid ${pid}) did not stop on SIGQUIT`);
    await new Promise((r) => setTimeout(r, 50));
  }
  void current?.end().catch(() => undefined);
  current = undefined;
  pg = await start();
}

function pool(): Pool {
  if (!current) {
    current = new Pool({ connectionString: url, max: 4 });
    current.on('error', () => undefined);
    current.on('connect', (c) => c.on('error', () => undefined));
  }
  return current;
}

const config = { jwtSecret: TEST_JWT_SECRET } as AppConfig;
const claimRow = async (commandId: string) =>
  (await pool().query('select 1 from wz_http.idempotency_keys where command_id = $1', [commandId])).rowCount;

beforeAll(async () => {
  parent = await mkdtemp(path.join(tmpdir(), 'wz-crash-'));
  await chmod(parent, 0o755);
  dataDir = path.join(parent, 'data');
  port = await freePort();
  pg = await start();
  url = await pg.appDatabase('wz_crash');
  // The schema: the event store's and the read models' migrations (the key table among them).
  const runtime = await createRuntime(loadConfig({ AUTH_JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'error' }), {
    databaseUrl: url,
    entities: readModelEntities,
    migrations: readModelMigrations,
    poolSize: 2,
  });
  await runtime.close();
}, 120_000);

afterAll(async () => {
  await current?.end().catch(() => undefined);
  await pg?.stop();
  if (parent) await rm(parent, { recursive: true, force: true });
});

describe('a crash of PostgreSQL with fsync on (immediate stop, then recovery)', () => {
  it("takes a key's claim that nothing waited for after it: the crash here is a real one", async () => {
    // What the next tests rely on, shown: were every commit flushed at once (a clean shutdown, a WAL
    // writer that runs), nothing would ever be lost and they would prove nothing. (A claim that waits
    // for the disk again, CLAIM instead of CLAIM_WITHOUT_WAITING, fails this on purpose.)
    let lost = 0;
    for (let attempt = 0; attempt < 3 && !lost; attempt++) {
      const keys = new IdempotencyKeys(pool(), config);
      const claim = await keys.claim({ scope: 'crash-test', key: `alone-${attempt}`, fingerprint: { attempt } });
      if (claim.kind !== 'run') throw new Error('a fresh key is claimed to run');
      await crash();
      if ((await claimRow(claim.commandId)) === 0) lost++;
    }
    expect(lost).toBeGreaterThan(0);
  }, 120_000);

  it('keeps a claim that a later append waited for, and the append itself, three times in three', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const p = pool();
      const keys = new IdempotencyKeys(p, config);
      const store = new PostgresEventStore({ pool: p });
      const claim = await keys.claim({ scope: 'crash-test', key: `then-append-${attempt}`, fingerprint: { attempt } });
      if (claim.kind !== 'run') throw new Error('a fresh key is claimed to run');
      const stream = `crash-${claim.newId}`;
      await store.appendToStream(stream, [{ id: claim.commandId, type: 'CrashTested', data: { attempt }, metadata: {} }], {
        expectedRevision: 'no_stream',
      });
      await crash();
      expect(await claimRow(claim.commandId)).toBe(1);
      const events = await new PostgresEventStore({ pool: pool() }).readStream(stream);
      expect(events.map((e) => e.id)).toEqual([claim.commandId]);
    }
  }, 120_000);

  it('keeps the claim of a request that stores attachments before it commits anything (it waits for the disk)', async () => {
    const keys = new IdempotencyKeys(pool(), config);
    const claim = await keys.claim({ scope: 'crash-test', key: 'with-attachments', fingerprint: {}, writesOutside: true });
    if (claim.kind !== 'run') throw new Error('a fresh key is claimed to run');
    await crash();
    // Its files are stored under claim.newId before the append: a retry must find the same ids.
    expect(await claimRow(claim.commandId)).toBe(1);
  }, 120_000);

  it('an acknowledged petition survives it, and its retry under the same Idempotency-Key gets the same case, not a second one', async () => {
    const t = await createTestApp({ PROJECTOR_ENABLED: 'false' }, { databaseUrl: url });
    try {
      const body = submission();
      const first = await t.http().post('/api/petitions').set('Idempotency-Key', 'crash-submit').send(body).expect(201);
      await crash();
      // The answer itself is kept (it waits for the disk): a retry replays it at once, never waits
      // out the first attempt's lease and runs the command again.
      const { rows: kept } = await pool().query<{ n: string }>(
        'select count(*) as n from wz_http.idempotency_keys where response_status = 201 and response is not null',
      );
      expect(Number(kept[0].n)).toBe(1);
      // The API's pooled connections died with the server; the first requests after may meet one.
      let again = await t.http().post('/api/petitions').set('Idempotency-Key', 'crash-submit').send(body);
      for (let tries = 0; again.status >= 500 && tries < 10; tries++) {
        await new Promise((r) => setTimeout(r, 200));
        again = await t.http().post('/api/petitions').set('Idempotency-Key', 'crash-submit').send(body);
      }
      expect(again.status).toBe(201);
      expect(again.body.id).toBe(first.body.id);
      const { rows } = await pool().query<{ n: string }>(`select count(*) as n from wz_es.events where type = 'PetitionSubmitted'`);
      expect(Number(rows[0].n)).toBe(1);
    } finally {
      await t.close();
    }
  }, 120_000);
});
