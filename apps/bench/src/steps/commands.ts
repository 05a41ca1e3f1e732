import { readFileSync, readdirSync } from 'node:fs';
import type { Pool } from 'pg';
import { categories, departments } from '@wenzheng/reference-data';
import { EVENT_LOOP_MONITOR_MS, METRICS_PREFIX } from '@wenzheng/read-models';
import { Random } from '../generator';
import { chineseName, mobilePhone, answerText, locationOf, petitionText, placeFor } from '../generator/texts';
import { mintToken } from '../harness/tokens';
import type { ProjectionLagSeen } from '../report';

// End-to-end commands over HTTP: autocannon drives the real API (its own process) on loopback.
// Each connection takes new cases through their whole life, one request per command, as the
// people involved would: the citizen submits, the hotline reviews and dispatches, the department
// signs for it and answers, the citizen rates it (which closes it). Every request carries a fresh
// Idempotency-Key, so nothing is a replay.

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const autocannon = require('autocannon') as (options: Record<string, unknown>) => Promise<AutocannonResult>;

interface Histogram {
  readonly average: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p97_5: number;
  readonly p99: number;
  readonly max: number;
  readonly total: number;
}

export interface AutocannonResult {
  readonly requests: Histogram;
  readonly latency: Histogram;
  readonly duration: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly statusCodeStats: Record<string, { count: number }>;
}

interface Context {
  id?: string;
  accessKey?: string;
  departmentId?: string;
  categoryId?: string;
  categoryCode?: string;
}

interface Request {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface CommandsOptions {
  readonly baseUrl: string;
  readonly jwtSecret: string;
  readonly seconds: number;
  readonly connections: number;
  /**
   * Send exactly this many requests and wait for every answer, instead of loading for `seconds`
   * (which cuts up to one request per connection off unanswered): a test can then reconcile the
   * events written with the 2xx answers one for one.
   */
  readonly amount?: number;
  /** Requests a second over all connections (autocannon's overallRate): CPU per command compared at the same load. */
  readonly rate?: number;
  /**
   * No Idempotency-Key on any request (--commands-without-keys): what the key's claim and stored
   * answer cost a command, by difference with a run that sends them. Diagnostic only: a client of
   * the product sends one.
   */
  readonly withoutKeys?: boolean;
}

export interface CommandsResult {
  readonly connections: number;
  readonly seconds: number;
  /** Answered 2xx, per second. */
  readonly commandsPerSecond: number;
  readonly requests: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly statusCodes: Record<string, number>;
  readonly latency: {
    readonly p50Ms: number;
    readonly p90Ms: number;
    readonly p99Ms: number;
    readonly maxMs: number;
    readonly meanMs: number;
  };
  readonly mix: string;
  /** The first (up to 10) non-2xx answers of the product's load: step, status and the start of the body. */
  readonly rejected?: readonly Rejected[];
  /** The load's cap in requests a second (--commands-rate): its rate and latency then meet no target. */
  readonly cappedRate?: number;
  /** Sent without Idempotency-Key (--commands-without-keys): its figures then meet no target. */
  readonly withoutKeys?: boolean;
}

export interface Rejected {
  readonly step: string;
  readonly status: number;
  readonly body: string;
}

let sequence = 0;
const key = () => `bench-${process.pid}-${Date.now().toString(36)}-${(sequence++).toString(36)}`;

export async function commandsStep(o: CommandsOptions): Promise<CommandsResult> {
  const reviewer = await mintToken(o.jwtSecret, { sub: 'bench-reviewer', roles: ['reviewer'] });
  const handlers = new Map<string, string>();
  for (const d of departments)
    handlers.set(d.id, await mintToken(o.jwtSecret, { sub: `bench-handler-${d.code}`, roles: ['handler'], departmentId: d.id }));
  const r = new Random('commands', Date.now());
  const json = (token?: string): Record<string, string> => ({
    'content-type': 'application/json',
    ...(o.withoutKeys ? {} : { 'idempotency-key': key() }),
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  });
  const post = (path: string, headers: Record<string, string>, body: unknown): Request => ({
    method: 'POST',
    path,
    headers,
    body: JSON.stringify(body),
  });
  const keep = (status: number, body: string, context: Context) => {
    if (status === 201) {
      const b = JSON.parse(body) as { id: string; accessKey: string };
      context.id = b.id;
      context.accessKey = b.accessKey;
    }
  };
  // The first few refusals, by step: a run that should answer every request 2xx then says which did not, and why.
  const rejected: Rejected[] = [];
  const noting =
    (step: string, then?: (status: number, body: string, context: Context) => void) => (status: number, body: string, context: Context) => {
      if ((status < 200 || status > 299) && rejected.length < 10) rejected.push({ step, status, body: String(body).slice(0, 300) });
      then?.(status, body, context);
    };
  const requests = [
    {
      method: 'POST',
      path: '/api/petitions',
      setupRequest: (_: Request, context: Context) => {
        const category = r.pick(categories);
        context.categoryId = category.id;
        context.categoryCode = category.code;
        context.departmentId = category.defaultDepartmentId;
        const place = placeFor(r);
        const text = petitionText(category.code, place, r);
        const headers = json();
        const channel = r.pick(['web', 'wechat', 'app', 'hotline_12345']);
        // A 12345 call is entered by the hotline office (its token); drawn in the order they always were.
        if (channel === 'hotline_12345') headers.authorization = `Bearer ${reviewer}`;
        return post('/api/petitions', headers, {
          channel,
          kind: r.pick(['complaint', 'consultation', 'help', 'suggestion']),
          addressee: { type: r.pick(['mayor', 'general']) },
          title: text.title,
          content: text.content,
          location: locationOf(place),
          citizen: { name: chineseName(r), phone: mobilePhone(r) },
          publicConsent: r.chance(0.72),
        });
      },
      onResponse: noting('submit', keep),
    },
    {
      method: 'POST',
      path: '/',
      setupRequest: (_: Request, c: Context) =>
        c.id && post(`/api/petitions/${c.id}/review`, json(reviewer), { outcome: 'accepted', categoryId: c.categoryId }),
      onResponse: noting('review'),
    },
    {
      method: 'POST',
      path: '/',
      setupRequest: (_: Request, c: Context) =>
        c.id && post(`/api/petitions/${c.id}/dispatch`, json(reviewer), { departmentId: c.departmentId }),
      onResponse: noting('dispatch'),
    },
    {
      method: 'POST',
      path: '/',
      setupRequest: (_: Request, c: Context) =>
        c.id && post(`/api/petitions/${c.id}/acknowledge`, json(handlers.get(c.departmentId as string)), {}),
      onResponse: noting('acknowledge'),
    },
    {
      method: 'POST',
      path: '/',
      setupRequest: (_: Request, c: Context) =>
        c.id &&
        post(`/api/petitions/${c.id}/respond`, json(handlers.get(c.departmentId as string)), {
          answer: answerText(c.categoryCode ?? 'qt', r),
        }),
      onResponse: noting('respond'),
    },
    {
      method: 'POST',
      path: '/',
      setupRequest: (_: Request, c: Context) =>
        c.id &&
        post(
          `/api/petitions/${c.id}/rate`,
          { ...json(), 'x-access-key': c.accessKey as string },
          { satisfaction: r.pick(['satisfied', 'satisfied', 'basically_satisfied', 'unsatisfied']) },
        ),
      onResponse: noting('rate'),
    },
  ];
  const result = await autocannon({
    url: o.baseUrl,
    connections: o.connections,
    ...(o.amount ? { amount: o.amount } : { duration: o.seconds }),
    ...(o.rate ? { overallRate: o.rate } : {}),
    requests,
    timeout: 30,
  });
  return {
    ...summariseLoad(
      result,
      o.connections,
      'per case: submit, review, dispatch, acknowledge, respond, rate (1/6 each)' +
        // A capped load is for CPU per command at one rate: its commands/s and share of the ceiling say nothing.
        (o.rate ? `; capped at ${o.rate} requests/s (--commands-rate): rate and share of the ceiling not comparable` : '') +
        (o.withoutKeys ? '; without Idempotency-Key (--commands-without-keys): not the product as clients use it' : ''),
    ),
    rejected,
    ...(o.rate ? { cappedRate: o.rate } : {}),
    ...(o.withoutKeys ? { withoutKeys: true } : {}),
  };
}

/** autocannon's result as the report shows it: 2xx answers per second, latency percentiles, status codes. */
export function summariseLoad(result: AutocannonResult, connections: number, mix: string): CommandsResult {
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, Number(v.count)]));
  const ok = Object.entries(statusCodes)
    .filter(([k]) => k.startsWith('2'))
    .reduce((s, [, v]) => s + v, 0);
  return {
    connections,
    seconds: result.duration,
    commandsPerSecond: Math.round(ok / result.duration),
    requests: result.requests.total,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes,
    latency: {
      p50Ms: result.latency.p50,
      p90Ms: result.latency.p90,
      p99Ms: result.latency.p99,
      maxMs: result.latency.max,
      meanMs: Math.round(result.latency.mean * 100) / 100,
    },
    mix,
  };
}

/**
 * CPU time a process has used, user and system, from /proc (Linux; undefined elsewhere): unlike the
 * wall clock, it does not grow when other work shares the cores, so it compares runs on a busy machine.
 */
export function processCpuMs(pid: number): number | undefined {
  // utime and stime (fields 14 and 15 of the line), in clock ticks (100 a second).
  const fields = statFields(pid);
  return fields === undefined ? undefined : (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * CPU time of every process of the PostgreSQL server `pool` talks to (Linux, server on this machine;
 * undefined otherwise): the postmaster's own, its live children's (backends, WAL writer, checkpointer,
 * autovacuum) and, through its cutime and cstime, every child it has reaped, so a backend that ends
 * during the load still counts. With the API's, it says what a command costs the whole machine.
 */
export async function postgresCpuMs(pool: Pool): Promise<number | undefined> {
  const backend = (await pool.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
  const postmaster = statFields(backend)?.[1];
  if (postmaster === undefined || !/postgres/.test(readProc(Number(postmaster), 'comm') ?? '')) return undefined;
  const own = statFields(Number(postmaster));
  if (!own) return undefined;
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(Number(entry));
    if (f && f[1] === postmaster) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks * 10;
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** /proc/<pid>/stat's fields after the command name: [0] state, [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime. */
function statFields(pid: number): string[] | undefined {
  const stat = readProc(pid, 'stat');
  return stat === undefined ? undefined : stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

export function cpuPerCommand(before: number | undefined, after: number | undefined, commands: number): number | undefined {
  if (before === undefined || after === undefined || commands === 0) return undefined;
  return Math.round(((after - before) / commands) * 100) / 100;
}

/** The API's event-loop delay over a window, ms beyond the monitor's timer (EVENT_LOOP_MONITOR_MS; prom-client's monitorEventLoopDelay). */
export interface EventLoopDelay {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/**
 * The API's event-loop delay since the last read of its /metrics: prom-client resets its histogram
 * on every read, so one read starts a window and the next one ends it. How long the loop was held
 * by one piece of work (a projector's batch, a garbage collection, a large answer) is what a
 * command that arrives meanwhile waits on top of its own time: the tail of its latency.
 */
export async function eventLoopDelay(baseUrl: string): Promise<EventLoopDelay | undefined> {
  return (await apiMetrics(baseUrl))?.eventLoopDelay;
}

/** The API's garbage collections of one kind (V8's: minor is a scavenge, major a mark-compact). */
export interface GcKind {
  readonly count: number;
  readonly seconds: number;
}

/** Collections by kind since the process started (the API's wz_gc_collections_total and wz_gc_pause_seconds_total). */
export type GcTotals = Readonly<Record<string, GcKind>>;

/** The API's /metrics read once: its event-loop delay since the last read (which this read ends) and its collections so far. */
export async function apiMetrics(baseUrl: string): Promise<{ eventLoopDelay?: EventLoopDelay; gc?: GcTotals } | undefined> {
  const res = await fetch(`${baseUrl}/metrics`).catch(() => undefined);
  if (!res?.ok) return undefined;
  const text = await res.text();
  const ms = (name: string) => {
    const m = new RegExp(`^${METRICS_PREFIX}nodejs_eventloop_lag_${name}_seconds\\s+(\\S+)$`, 'm').exec(text);
    // An idle loop reads the monitor's own interval (10.1 ms at 10): what is beyond it is the loop held.
    return m ? Math.max(0, Math.round((Number(m[1]) * 1000 - EVENT_LOOP_MONITOR_MS) * 10) / 10) : NaN;
  };
  const d = { p50Ms: ms('p50'), p99Ms: ms('p99'), maxMs: ms('max') };
  const gc: Record<string, { count: number; seconds: number }> = {};
  // The API's own counters of every collection (MetricsService's observeCollections), not prom-client's
  // nodejs_gc_duration_seconds, which records one collection of each batch its observer is handed.
  const counters = new RegExp(`^${METRICS_PREFIX}gc_(collections_total|pause_seconds_total)\\{kind="(\\w+)"\\}\\s+(\\S+)$`, 'gm');
  for (const m of text.matchAll(counters)) {
    const k = (gc[m[2]] ??= { count: 0, seconds: 0 });
    if (m[1] === 'pause_seconds_total') k.seconds = Number(m[3]);
    else k.count = Number(m[3]);
  }
  return { ...(Object.values(d).every(Number.isFinite) && { eventLoopDelay: d }), ...(Object.keys(gc).length && { gc }) };
}

/** The collections between two readings, by kind (only kinds that ran). */
export function gcBetween(before: GcTotals | undefined, after: GcTotals | undefined): GcTotals | undefined {
  if (!before || !after) return undefined;
  const out: Record<string, GcKind> = {};
  for (const [kind, a] of Object.entries(after)) {
    const b = before[kind] ?? { count: 0, seconds: 0 };
    if (a.count > b.count) out[kind] = { count: a.count - b.count, seconds: Math.round((a.seconds - b.seconds) * 10_000) / 10_000 };
  }
  return out;
}

/** When the lag target is read: 10 s after the load stopped. */
export const LAG_AFTER_MS = 10_000;

/** Every projection's lag as a process's /health reports it (events and seconds behind the head). */
export async function healthLag(baseUrl: string): Promise<Record<string, ProjectionLagSeen>> {
  const health = (await (await fetch(`${baseUrl}/health`)).json()) as {
    checks?: { projections?: { projections?: Record<string, { lagEvents: number | null; lagSeconds: number }> } };
  };
  return Object.fromEntries(
    Object.entries(health.checks?.projections?.projections ?? {}).map(([k, v]) => [k, { events: v.lagEvents, seconds: v.lagSeconds }]),
  );
}

/**
 * The lag right after a load that ended at `ended` (how much work it left behind) and LAG_AFTER_MS
 * later (what the target is about), from the /health of the process that runs the projector.
 */
export async function lagAfterLoad(
  projectorUrl: string,
  ended: number,
): Promise<{ projectionLagAfterRun: Record<string, ProjectionLagSeen>; projectionLagAt10s: Record<string, ProjectionLagSeen> }> {
  const projectionLagAfterRun = await healthLag(projectorUrl);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, LAG_AFTER_MS - (Date.now() - ended))));
  return { projectionLagAfterRun, projectionLagAt10s: await healthLag(projectorUrl) };
}
