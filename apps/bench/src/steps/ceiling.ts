import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { categories } from '@wenzheng/reference-data';
import { Random } from '../generator';
import { answerText, petitionText, placeFor } from '../generator/texts';
import { compiledEntry, startApiProcess } from '../harness/api-process';
import { TABLE } from '../ceiling/ceiling.module';
import { ModuleCpu, WINDOW_PROFILER, profileWindow, readCpuByModule } from '../profile/profile';
import { PROFILE_WINDOW_DIR } from '../profile/window-profiler';
import { CommandsResult, autocannon, cpuPerCommand, postgresCpuMs, processCpuMs, summariseLoad } from './commands';

// The product's command step against the stack's own ceiling: the same autocannon load shape
// (connections, duration, six commands per stream, bodies of the same texts) on the minimal
// route of apps/bench/src/ceiling, so the ratio compares like with like.

const STEPS = ['submitted', 'reviewed', 'dispatched', 'acknowledged', 'responded', 'rated'] as const;

interface Context {
  streamId?: string;
  categoryCode?: string;
}

export async function ceilingLoad(o: { baseUrl: string; seconds: number; connections: number }): Promise<CommandsResult> {
  const r = new Random('ceiling', Date.now());
  const request = (type: (typeof STEPS)[number], streamId: string, data: Record<string, string>) => ({
    method: 'POST',
    path: `/streams/${streamId}/events`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type, data }),
  });
  const requests = STEPS.map((type, i) => ({
    method: 'POST',
    path: '/',
    setupRequest: (_: unknown, c: Context) => {
      if (i === 0) {
        const category = r.pick(categories);
        const text = petitionText(category.code, placeFor(r), r);
        c.streamId = randomUUID();
        c.categoryCode = category.code;
        return request(type, c.streamId, { title: text.title, content: text.content, channel: 'web' });
      }
      const content = type === 'responded' ? answerText(c.categoryCode ?? 'qt', r) : type;
      return request(type, c.streamId as string, { title: type, content });
    },
  }));
  const result = await autocannon({ url: o.baseUrl, connections: o.connections, duration: o.seconds, requests, timeout: 30 });
  return summariseLoad(result, o.connections, 'per stream: six appends, each reading the stream then inserting one row');
}

export interface CeilingResult extends CommandsResult {
  /** Rows the route inserted during the measured load (each a 201). */
  readonly rowsInserted: number;
  /** Seconds of the same load before the measured one, not counted. */
  readonly warmupSeconds?: number;
  /** CPU time of the ceiling's process during the load, per request answered 2xx (compare the product's per command). */
  readonly cpuMsPerRequest?: number;
  /** CPU time of every PostgreSQL process during the load, per request answered 2xx (the product's `postgresCpuMsPerCommand`). */
  readonly postgresCpuMsPerRequest?: number;
  readonly peakRssMb?: number;
  /** Under --profile: the route's CPU a request by module (cpuByModule), to set beside the product's. */
  readonly cpuByModule?: ModuleCpu;
}

/** The compiled ceiling app, beside the bench's own compiled files (scripts/run.js --own-build). */
const CEILING_MAIN = () => compiledEntry('../ceiling/main.js');

/** Starts the ceiling app in its own process on the database, loads it, stops it. */
export async function ceilingStep(o: {
  databaseUrl: string;
  seconds: number;
  connections: number;
  /** The same load for this long first, not counted (the product's step does the same). */
  warmupSeconds?: number;
  /** Under --profile: the route's process profiled over the measured load only, as the product's API is. */
  profileDir?: string;
}): Promise<CeilingResult> {
  const server = await startApiProcess(
    { DATABASE_URL: o.databaseUrl, ...(o.profileDir && { [PROFILE_WINDOW_DIR]: o.profileDir }) },
    { entry: CEILING_MAIN(), nodeArgs: o.profileDir ? ['--require', WINDOW_PROFILER()] : [] },
  );
  const pool = new Pool({ connectionString: o.databaseUrl, max: 1 });
  const count = async () => Number((await pool.query<{ n: string }>(`select count(*) as n from ${TABLE}`)).rows[0].n);
  try {
    if (o.warmupSeconds) await ceilingLoad({ baseUrl: server.baseUrl, seconds: o.warmupSeconds, connections: o.connections });
    const rowsBefore = await count();
    const pgBefore = await postgresCpuMs(pool);
    // As the product's step: the profiler started before the CPU readings and stopped after them.
    if (o.profileDir) await profileWindow(server.pid, o.profileDir, 'started');
    const cpuBefore = processCpuMs(server.pid);
    const r = await ceilingLoad({ baseUrl: server.baseUrl, seconds: o.seconds, connections: o.connections });
    const cpuMsPerRequest = cpuPerCommand(cpuBefore, processCpuMs(server.pid), r.ok);
    const postgresCpuMsPerRequest = cpuPerCommand(pgBefore, await postgresCpuMs(pool), r.ok);
    if (o.profileDir) await profileWindow(server.pid, o.profileDir, 'done');
    const rows = (await count()) - rowsBefore;
    const cpuByModule = o.profileDir ? await readCpuByModule(o.profileDir, cpuMsPerRequest) : undefined;
    return {
      ...r,
      ...(cpuByModule && { cpuByModule }),
      rowsInserted: rows,
      warmupSeconds: o.warmupSeconds ?? 0,
      cpuMsPerRequest,
      postgresCpuMsPerRequest,
      peakRssMb: await server.stop(),
    };
  } catch (e) {
    await server.stop();
    throw e;
  } finally {
    await pool.end();
  }
}
