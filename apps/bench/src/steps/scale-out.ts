import { Server, Socket, createServer, connect } from 'node:net';
import { Pool } from 'pg';
import { PostgresEventStore } from '@wenzheng/event-store';
import { ApiProcess, compiledEntry, startApiProcess } from '../harness/api-process';
import { BENCH_JWT_SECRET, NO_TIMERS } from '../harness/runtime';
import type { ProjectionLagSeen } from '../report';
import { CommandsResult, commandsStep, lagAfterLoad } from './commands';
import { bringProjectionsToHead, readModelState } from './projections';

// Past one process: two API processes (their in-process projector off) behind a round-robin on
// loopback, and apps/projector as the one process that projects, all on the same PostgreSQL. The
// load is the command step's own (commandsStep), sent through the proxy. On the bench's 2 cores a
// second process competes for the same CPU, so the figure measures what scale-out costs and that
// it stays correct (no event lost or written twice, the projector catching up), not a speed-up.

export interface RoundRobinProxy {
  readonly url: string;
  /** Connections handed to each target so far, in the order given. */
  readonly connectionsPerTarget: number[];
  stop(): Promise<void>;
}

/**
 * A TCP round-robin on 127.0.0.1: each incoming connection goes to the next target, whole (HTTP
 * keep-alive keeps a connection on one process, as a layer-4 balancer would). Bounded: at most
 * `maxConnections` at once, and it closes itself after `lifetimeMs` whether or not it was stopped.
 */
export async function startRoundRobinProxy(
  targets: readonly string[],
  o: { maxConnections?: number; lifetimeMs: number },
): Promise<RoundRobinProxy> {
  const upstream = targets.map((t) => new URL(t));
  const counts = upstream.map(() => 0);
  const sockets = new Set<Socket>();
  let next = 0;
  const server: Server = createServer((client) => {
    const i = next++ % upstream.length;
    counts[i]++;
    const target = connect(Number(upstream[i].port), upstream[i].hostname);
    for (const s of [client, target]) {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
    }
    // Either side failing or closing ends both: a half-open pair would hold a bench connection forever.
    const end = () => {
      client.destroy();
      target.destroy();
    };
    client.once('error', end).once('close', end);
    target.once('error', end).once('close', end);
    client.pipe(target);
    target.pipe(client);
  });
  server.maxConnections = o.maxConnections ?? 256;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the proxy has no TCP address');
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= new Promise<void>((resolve) => {
      clearTimeout(lifetime);
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    }));
  const lifetime = setTimeout(() => void stop(), o.lifetimeMs);
  lifetime.unref();
  return { url: `http://127.0.0.1:${address.port}`, connectionsPerTarget: counts, stop };
}

export interface ScaleOutResult extends CommandsResult {
  readonly apiProcesses: number;
  /** Seconds of the same load before the measured one, not counted (absent in runs before 2026-12-03: none). */
  readonly warmupSeconds?: number;
  /** Proxy connections each API process was given. */
  readonly connectionsPerApi: number[];
  /** Events the run wrote (the rate's PetitionClosed included). */
  readonly eventsAppended: number;
  /** Events of the six commands the load sends: one per 2xx when nothing is lost or doubled. */
  readonly commandEvents: number;
  /**
   * commandEvents − 2xx: commands committed whose answer the load never counted, because a timed
   * load stops with a request in flight on each connection (0..connections; exactly 0 with `amount`).
   * Negative would be a 2xx without its event.
   */
  readonly answeredUncounted: number;
  /** Command events beyond one of each type per stream (a command applied twice). */
  readonly duplicateEvents: number;
  /** PetitionSubmitted events written, and the cases the projector added to the staff read model (wz_rm.cases). */
  readonly submitted: number;
  readonly caseRowsAdded: number;
  readonly projectionLagAfterRun: Record<string, ProjectionLagSeen>;
  readonly projectionLagAt10s: Record<string, ProjectionLagSeen>;
  /** Seconds after the load when every projection's checkpoint was found at the head of the log (looked for from the 10 s lag reading on). */
  readonly caughtUpAfterSeconds: number | null;
  /** Every 2xx has its event (answeredUncounted within 0..connections), no duplicates, one case row per submit, every projection at the head. */
  readonly consistent: boolean;
  readonly peakRssMb: { readonly api: Array<number | undefined>; readonly projector: number | undefined };
}

/** The six command events of the load (steps/commands.ts); the rate's PetitionClosed follows from one. */
const COMMAND_EVENTS = [
  'PetitionSubmitted',
  'PetitionReviewed',
  'PetitionDispatched',
  'PetitionAcknowledged',
  'PetitionResponded',
  'PetitionRated',
];

const PROJECTOR_MAIN = () => compiledEntry('../../../projector/src/main.js');
const CATCH_UP_LIMIT_MS = 120_000;

export async function scaleOutStep(o: {
  databaseUrl: string;
  seconds: number;
  connections: number;
  /** A fixed number of requests instead of `seconds` (commandsStep's `amount`). */
  amount?: number;
  apiProcesses?: number;
  /** The same load through the round-robin for this long first, not counted; then every projection at the head again. */
  warmupSeconds?: number;
  log?: (m: string) => void;
}): Promise<ScaleOutResult> {
  // Lag then measures this load alone, not what an earlier step left unprojected.
  await bringProjectionsToHead({ databaseUrl: o.databaseUrl, log: o.log });
  const env = {
    DATABASE_URL: o.databaseUrl,
    AUTH_JWT_SECRET: BENCH_JWT_SECRET,
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000000',
    ...NO_TIMERS,
  };
  const started: ApiProcess[] = [];
  const pool = new Pool({ connectionString: o.databaseUrl, max: 1 });
  let proxy: RoundRobinProxy | undefined;
  try {
    // One after another: each process runs the migrations at start, which need not race.
    for (let i = 0; i < (o.apiProcesses ?? 2); i++) started.push(await startApiProcess({ ...env, PROJECTOR_ENABLED: 'false' }));
    const projector = await startApiProcess(env, { entry: PROJECTOR_MAIN(), portVariable: 'PROJECTOR_PORT' });
    started.push(projector);
    const apis = started.slice(0, -1);
    proxy = await startRoundRobinProxy(
      apis.map((a) => a.baseUrl),
      { maxConnections: o.connections * 2, lifetimeMs: (o.seconds + 120) * 1000 },
    );
    const head = async () =>
      (await pool.query<{ p: string | null }>('select max(global_position)::text as p from wz_es.events')).rows[0].p ?? '0';
    const store = new PostgresEventStore({ pool });
    const atHeadWithin = async (since: number): Promise<number | null> => {
      for (;;) {
        const state = await readModelState(pool, store);
        if (Object.values(state.projections).every((p) => p.lagEvents === 0)) return Math.round((Date.now() - since) / 100) / 10;
        if (Date.now() - since > CATCH_UP_LIMIT_MS) return null;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    };
    if (o.warmupSeconds) {
      await commandsStep({ baseUrl: proxy.url, jwtSecret: BENCH_JWT_SECRET, seconds: o.warmupSeconds, connections: o.connections });
      // Its events projected before the measured load starts, so that the reconciliation below counts that load alone.
      if ((await atHeadWithin(Date.now())) === null) throw new Error('the projector did not reach the head after the warm-up load');
    }
    const casesBefore = (await readModelState(pool, store)).caseRows;
    const connectionsBefore = [...proxy.connectionsPerTarget];
    const from = await head();
    const r = await commandsStep({
      baseUrl: proxy.url,
      jwtSecret: BENCH_JWT_SECRET,
      seconds: o.seconds,
      connections: o.connections,
      amount: o.amount,
    });
    const ended = Date.now();
    const connectionsPerApi = proxy.connectionsPerTarget.map((n, i) => n - connectionsBefore[i]);
    await proxy.stop();
    const lag = await lagAfterLoad(projector.baseUrl, ended);
    const caughtUpAfterSeconds = await atHeadWithin(ended);
    const { rows } = await pool.query<{ type: string; n: number; streams: number }>(
      `select type, count(*)::int as n, count(distinct stream_id)::int as streams
         from wz_es.events where global_position > $1::bigint group by type`,
      [from],
    );
    const commands = rows.filter((x) => COMMAND_EVENTS.includes(x.type));
    const commandEvents = commands.reduce((s, x) => s + x.n, 0);
    const duplicateEvents = commands.reduce((s, x) => s + x.n - x.streams, 0);
    const submitted = rows.find((x) => x.type === 'PetitionSubmitted')?.n ?? 0;
    const answeredUncounted = commandEvents - r.ok;
    const caseRowsAdded = (await readModelState(pool, store)).caseRows - casesBefore;
    const peaks = await Promise.all(started.map((p) => p.stop()));
    started.length = 0;
    return {
      ...r,
      apiProcesses: apis.length,
      warmupSeconds: o.warmupSeconds ?? 0,
      connectionsPerApi,
      eventsAppended: rows.reduce((s, x) => s + x.n, 0),
      commandEvents,
      answeredUncounted,
      duplicateEvents,
      submitted,
      caseRowsAdded,
      ...lag,
      caughtUpAfterSeconds,
      consistent:
        answeredUncounted >= 0 &&
        answeredUncounted <= o.connections &&
        duplicateEvents === 0 &&
        caseRowsAdded === submitted &&
        caughtUpAfterSeconds !== null,
      peakRssMb: { api: peaks.slice(0, -1), projector: peaks.at(-1) },
    };
  } finally {
    await proxy?.stop();
    await Promise.all(started.map((p) => p.stop()));
    await pool.end();
  }
}
