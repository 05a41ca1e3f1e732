import { Client } from 'pg';
import { Projector, liveTables, rebuildProjection } from '@wenzheng/projector';
import { createTestApp, TestApp } from '../setup/app';
import { DEPT_A, Tokens, submission, tokens } from '../setup/petitions';
import { bearer } from '../setup/tokens';
import { PROJECTIONS } from '@wenzheng/read-models';
import { PetitionEventCodec } from '@wenzheng/petition-store';

/**
 * Bounded fault test: concurrent clients submit and work cases while the projector is killed and
 * restarted, batches crash half-written, and database connections are dropped under them. After:
 * every acknowledged command's events are in the store exactly once, and every read model equals
 * a fresh rebuild. Prints the load held and the faults injected.
 */
const CLIENTS = Number(process.env.FAULT_CLIENTS ?? 12);
const SECONDS = Number(process.env.FAULT_SECONDS ?? 8);

let t: TestApp;
let tk: Tokens;
beforeAll(async () => {
  t = await createTestApp({ PROJECTOR_ENABLED: 'false' });
  tk = await tokens();
});
afterAll(async () => t.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function snapshot(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const p of PROJECTIONS) {
    for (const [logical, table] of Object.entries(liveTables(p))) {
      const { rows } = await t.runtime.pool.query(`select * from ${table}`);
      out[`${p.name}.${logical}`] = rows.map((r) => JSON.stringify(r)).sort();
    }
  }
  return out;
}

it('holds load through projector kills, half-written batches and dropped connections, losing and duplicating nothing', async () => {
  const codec = t.app.get(PetitionEventCodec);
  const decode = codec.projectionDecoder;
  const faults = { projectorKills: 0, batchCrashes: 0, connectionsDropped: 0 };
  let crashing = true;
  const newProjector = () =>
    new Projector({
      pool: t.runtime.pool,
      store: t.runtime.eventStore,
      projections: PROJECTIONS,
      decode,
      batchSize: 50,
      beforeCheckpoint: () => {
        if (crashing && Math.random() < 0.15) {
          faults.batchCrashes++;
          throw new Error('injected crash between rows and checkpoint');
        }
      },
    });
  let projector = newProjector();
  await projector.start();

  const deadline = Date.now() + SECONDS * 1000;
  let running = true;

  // fault injectors
  const killer = (async () => {
    while (running) {
      await sleep(700 + Math.random() * 600);
      if (!running) break;
      await projector.stop();
      faults.projectorKills++;
      await sleep(100 + Math.random() * 300);
      projector = newProjector();
      await projector.start().catch(() => undefined);
    }
  })();
  const admin = new Client({ connectionString: t.runtime.databaseUrl });
  admin.on('error', () => undefined);
  await admin.connect();
  const dropper = (async () => {
    while (running) {
      await sleep(400 + Math.random() * 400);
      if (!running) break;
      const { rows } = await admin.query(
        `select pg_terminate_backend(pid) as ok from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend' and random() < 0.25`,
      );
      faults.connectionsDropped += rows.filter((r: { ok: boolean }) => r.ok).length;
    }
  })();

  // clients
  const acknowledged: Array<{ key: string; step: string; id: string }> = [];
  let submitKeys = 0;
  let retries = 0;
  let gaveUp = 0;
  const call = async (
    key: string,
    step: string,
    send: () => PromiseLike<{ status: number; body: Record<string, unknown> }>,
  ): Promise<Record<string, unknown> | undefined> => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const res = await Promise.resolve(send()).catch(() => ({ status: 599, body: {} as Record<string, unknown> }));
      if (res.status < 300) {
        acknowledged.push({ key, step, id: String(res.body.id) });
        return res.body;
      }
      if (res.status < 500 && res.status !== 409) throw new Error(`${step} ${key}: ${res.status} ${JSON.stringify(res.body)}`);
      retries++;
      await sleep(20 + attempt * 30);
    }
    gaveUp++;
    return undefined;
  };
  const client = async (c: number) => {
    let n = 0;
    while (Date.now() < deadline) {
      n++;
      const k = `c${c}-n${n}`;
      submitKeys++;
      const sub = await call(`${k}-submit`, 'submit', () =>
        t.http().post('/api/petitions').set('Idempotency-Key', `${k}-submit`).send(submission()),
      );
      if (!sub) continue;
      const id = sub.id as string;
      const steps: Array<[string, string, string, object]> = [
        ['review', tk.reviewer, 'review', { outcome: 'accepted' }],
        ['dispatch', tk.reviewer, 'dispatch', { departmentId: DEPT_A }],
        ['acknowledge', tk.handlerA, 'acknowledge', {}],
        ['respond', tk.handlerA, 'respond', { answer: '已处理，情况属实，已整改。' }],
      ];
      for (const [step, token, route, body] of steps) {
        const key = `${k}-${step}`;
        const ok = await call(key, step, () =>
          t.http().post(`/api/petitions/${id}/${route}`).set(bearer(token)).set('Idempotency-Key', key).send(body),
        );
        if (!ok) break;
      }
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  const seconds = (Date.now() - started) / 1000;
  running = false;
  await Promise.all([killer, dropper]);
  await admin.end();
  crashing = false;

  // the final projector catches up
  await projector.stop();
  projector = newProjector();
  await projector.start();
  const [head] = await t.runtime.eventStore.readAll({ direction: 'backwards', maxCount: 1 });
  await projector.waitFor(head.position, 60_000);
  await projector.stop();

  console.log(
    `[faults] ${acknowledged.length} commands acknowledged by ${CLIENTS} clients in ${seconds.toFixed(1)} s ` +
      `(${(acknowledged.length / seconds).toFixed(0)} commands/s), ${retries} retries, ${gaveUp} given up; faults injected: ` +
      `${faults.projectorKills} projector kills, ${faults.batchCrashes} half-written batches, ${faults.connectionsDropped} connections dropped`,
  );
  expect(acknowledged.length).toBeGreaterThan(CLIENTS * 5);
  expect(faults.projectorKills + faults.batchCrashes).toBeGreaterThan(2);
  expect(faults.connectionsDropped).toBeGreaterThan(0);

  // every acknowledged command's events are in the store, exactly once
  const { rows: byCommand } = await t.runtime.pool.query(
    `select metadata->>'commandId' as key, type, count(*)::int as n from wz_es.events group by 1, 2`,
  );
  for (const r of byCommand as Array<{ key: string; type: string; n: number }>) {
    expect({ key: r.key, type: r.type, n: r.n }).toEqual({ key: r.key, type: r.type, n: 1 });
  }
  // The commandId is the server's (keys are per caller), so a command is found by its case and
  // event type: each occurs once per case on this path, and no retried submission made a second case.
  const { rows: byCase } = await t.runtime.pool.query(`select stream_id, type, count(*)::int as n from wz_es.events group by 1, 2`);
  const perCase = new Map((byCase as Array<{ stream_id: string; type: string; n: number }>).map((r) => [`${r.stream_id} ${r.type}`, r.n]));
  for (const [streamType, n] of perCase) expect({ streamType, n }).toEqual({ streamType, n: 1 });
  const TYPE: Record<string, string> = {
    submit: 'PetitionSubmitted',
    review: 'PetitionReviewed',
    dispatch: 'PetitionDispatched',
    acknowledge: 'PetitionAcknowledged',
    respond: 'PetitionResponded',
  };
  for (const a of acknowledged) expect({ key: a.key, n: perCase.get(`petition-${a.id} ${TYPE[a.step]}`) }).toEqual({ key: a.key, n: 1 });
  expect((byCase as Array<{ type: string }>).filter((r) => r.type === 'PetitionSubmitted').length).toBeLessThanOrEqual(submitKeys);

  // every read model equals a fresh rebuild
  const live = await snapshot();
  for (const p of PROJECTIONS) {
    await rebuildProjection(p, { pool: t.runtime.pool, store: t.runtime.eventStore, decode, prefetch: (e) => codec.prefetch(e) });
  }
  const rebuilt = await snapshot();
  for (const table of Object.keys(live)) expect({ table, rows: live[table] }).toEqual({ table, rows: rebuilt[table] });
}, 180_000);
