import { fork } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { PostgresEventStore } from '@wenzheng/event-store';
import { CliExit, parseSharedBuffers, runCli } from '@wenzheng/platform';
import { DEFAULT_GENERATOR, GeneratorOptions } from './generator';
import { ArgumentError, parseArgs, positiveInt, positiveNumber } from './harness/args';
import { startApiProcess } from './harness/api-process';
import { MemoryPeak, MemorySampler } from './harness/memory';
import { BenchPostgres, checkpoint, startBenchPostgres } from './harness/postgres';
import { BENCH_JWT_SECRET, NO_TIMERS } from './harness/runtime';
import {
  BenchReport,
  CommandPair,
  CommandsReport,
  SizeReport,
  commandRoundsReport,
  evaluateTargets,
  renderMarkdown,
  renderText,
} from './report';
import { AppendScenarioResult, Contestant, appendsStep, pgbenchCeiling } from './steps/appends';
import {
  LAG_AFTER_MS,
  apiMetrics,
  commandsStep,
  cpuPerCommand,
  gcBetween,
  lagAfterLoad,
  postgresCpuMs,
  processCpuMs,
} from './steps/commands';
import { readsAtHeadStep, reportAtHeadStep } from './steps/at-head';
import { bringProjectionsToHead } from './steps/projections';
import { LOG_ORDERS, LogOrder } from './steps/log-order';
import { ceilingStep } from './steps/ceiling';
import { ScaleOutResult, scaleOutStep } from './steps/scale-out';
import { rebuildStep } from './steps/rebuild';
import { seedStep } from './steps/seed';
import { InterviewsResult, interviewsStep } from './steps/interviews';
import { PROFILE_WINDOW_DIR } from './profile/window-profiler';
import {
  CommandsProfile,
  ModuleCpu,
  PROFILE_SERVER_SETTINGS,
  WINDOW_PROFILER,
  profileWindow,
  readAllocationProfile,
  readCpuByModule,
  readCpuProfile,
  renderProfile,
  resetStatements,
  statementTotals,
  topStatements,
} from './profile/profile';

const USAGE = `npm run bench -- [options]

  --cases N            cases in the generated data set (default 20000: a quick run)
  --sizes A,B          grow the data set through these sizes, measuring rebuild, listing, search
                       and the report at each (e.g. 100000,1000000)
  --full               --sizes 100000,1000000
  --steps LIST         appends,seed,rebuild,reads,report,commands,scale-out,interviews (default: all); reads
                       and report first bring every projection to the head of the log, and so does
                       commands before its load; commands runs the ceiling route (apps/bench/src/ceiling) right before the product; scale-out sends
                       the same load through a loopback round-robin to two API processes (projector
                       off) with apps/projector as a third, and compares with commands' figure
  --append-seconds S   measured seconds per append scenario (default 1.5, after 1 s warm-up)
  --append-rounds R    rounds, alternating which store goes first; medians reported (default 3)
  --http-seconds S     autocannon duration (default 10)
  --http-rounds R      the ceiling and the product's command load R times, alternating which goes
                       first; the report takes the round whose share of the ceiling is the median
                       (the lower middle one for an even R), the median of the rounds' p99s (the
                       higher middle one), lists every round, and judges the lag target on every
                       round (default 1: the ceiling, then the product; 3 with --full)
  --http-warmup S      the ceiling's and the product's command load run this long first, not counted
                       (default 2; 0: none): compiled code and open connections, as a running service has
  --connections C      autocannon connections (default 32)
  --commands-rate R    commands step only: at most R requests a second over all connections (compare CPU
                       per command at one load; default: as fast as answered)
  --commands-without-keys
                       commands step only: no Idempotency-Key on the product's requests (what the
                       key's claim and stored answer cost a command, by difference; diagnostic)
  --reads N            listing and search requests measured at each size (default 200 each)
  --listeners N        interviews: SSE listeners on the interview page (default 1000)
  --questions-per-second Q
                       interviews: questions asked a second (default 50); lasts --http-seconds
  --concurrency C      streams appended at once while seeding (default 8)
  --log-order O        occurred (default): what a seed appended is then put in the order it happened,
                       each case's events spread over the log as a deployment's are; seeder: as the
                       seeder appended it, each case's events together (the rebuild's best case)
  --seed TEXT          generator seed (default "wenzheng"); --year YYYY (default 2025)
  --no-projector       run the API without its in-process projector during the command run
  --profile            the command step with a CPU profile and an allocation profile of the API
                       over the measured load only, and pg_stat_statements preloaded; the
                       ceiling route profiled the same way, its CPU set beside the API's module
                       by module; all summarised into bench-*-profile.md (figures then carry
                       the profilers' cost: compare ratios, not with an unprofiled run)
  --durable            every figure with fsync, synchronous_commit and full_page_writes on (the
                       embedded server otherwise runs with them off); the report names the mode
  --shared-buffers S   the embedded server's shared_buffers: auto (default, as npm start: a quarter of
                       the memory, 128MB to 8GB) or a size like 128MB (the runs before 2026-12-04
                       afternoon ran with PostgreSQL's 128MB); the report's header names it
  --out DIR            where the JSON and Markdown results go (default bench-results)

Starts its own PostgreSQL (embedded, in a temporary folder) unless DATABASE_URL is set; then it
creates and drops its own databases there. HTTP traffic goes to 127.0.0.1 only.`;

// interviews: 1,000 SSE listeners on one interview page while 50 questions a second are asked (issue 17).
const ALL_STEPS = ['appends', 'seed', 'rebuild', 'reads', 'report', 'commands', 'scale-out', 'interviews'] as const;
type StepName = (typeof ALL_STEPS)[number];

// ---- steps in child processes -------------------------------------------------------------------
// Each step runs in a process of its own, so its peak memory is its own, and Emmett's driver
// (which changes pg's global type parsers) never shares a process with this store.

type ChildStep = 'appends' | 'pgbench' | 'seed' | 'rebuild' | 'reads' | 'report' | 'ceiling' | 'commands' | 'scale-out' | 'interviews';

interface ChildParams {
  readonly [key: string]: unknown;
}

const CHILD_STEPS: Record<ChildStep, (p: any) => Promise<unknown>> = {
  appends: appendsStep,
  pgbench: pgbenchCeiling,
  seed: seedStep,
  rebuild: rebuildStep,
  report: (p: { databaseUrl: string; year: number }) => reportAtHeadStep({ ...p, log }),
  reads: (p: { databaseUrl: string; requests: number; year: number }) => readsAtHeadStep({ ...p, log }),
  ceiling: ceilingStep,
  'scale-out': (p: { databaseUrl: string; seconds: number; connections: number; warmupSeconds?: number }) => scaleOutStep({ ...p, log }),
  interviews: interviewsStep,
  commands: async (p: {
    databaseUrl: string;
    seconds: number;
    connections: number;
    rate?: number;
    withoutKeys?: boolean;
    warmupSeconds?: number;
    projector: boolean;
    profileDir?: string;
  }) => {
    // The load starts on read models at the head of the log, as a running service's are: otherwise the
    // in-process projector spends the measured seconds projecting what was seeded before (a run with
    // --steps seed,commands did), and its CPU is charged to the commands.
    const catchUp = await bringProjectionsToHead({ databaseUrl: p.databaseUrl, log });
    if (catchUp.rebuilt.length || catchUp.projected.length) await checkpoint(p.databaseUrl); // its writes flushed before, not during, the load
    const api = await startApiProcess(
      {
        DATABASE_URL: p.databaseUrl,
        AUTH_JWT_SECRET: BENCH_JWT_SECRET,
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000000',
        PROJECTOR_ENABLED: p.projector ? 'true' : 'false',
        ...NO_TIMERS,
        ...(p.profileDir && { [PROFILE_WINDOW_DIR]: p.profileDir }),
      },
      { nodeArgs: p.profileDir ? ['--require', WINDOW_PROFILER()] : [] },
    );
    const pool = new Pool({ connectionString: p.databaseUrl, max: 1 });
    const eventLog = new PostgresEventStore({ pool });
    const count = async () => (await eventLog.countEvents()) ?? 0;
    try {
      // The same load first, not counted: a running service's code is compiled and its connections open.
      if (p.warmupSeconds)
        await commandsStep({
          baseUrl: api.baseUrl,
          jwtSecret: BENCH_JWT_SECRET,
          seconds: p.warmupSeconds,
          connections: p.connections,
          rate: p.rate,
          withoutKeys: p.withoutKeys,
        });
      const before = await count();
      if (p.profileDir) await resetStatements(p.databaseUrl);
      // The profiles hold the measured load only (not the start, not the warm-up); started before
      // the CPU readings, so the profilers' own start is not charged to the commands.
      if (p.profileDir) await profileWindow(api.pid, p.profileDir, 'started');
      const pgBefore = await postgresCpuMs(pool);
      const cpuBefore = processCpuMs(api.pid);
      const gcBefore = (await apiMetrics(api.baseUrl))?.gc; // also starts the event loop's window
      const r = await commandsStep({
        baseUrl: api.baseUrl,
        jwtSecret: BENCH_JWT_SECRET,
        seconds: p.seconds,
        connections: p.connections,
        rate: p.rate,
        withoutKeys: p.withoutKeys,
      });
      const apiCpuMsPerCommand = cpuPerCommand(cpuBefore, processCpuMs(api.pid), r.ok);
      const after = await apiMetrics(api.baseUrl);
      const apiEventLoopDelay = after?.eventLoopDelay;
      const apiGc = gcBetween(gcBefore, after?.gc);
      const postgresCpuMsPerCommand = cpuPerCommand(pgBefore, await postgresCpuMs(pool), r.ok);
      // Stopped after the CPU readings: writing the profiles is not a command's work.
      if (p.profileDir) await profileWindow(api.pid, p.profileDir, 'done');
      const statements = p.profileDir ? await topStatements(p.databaseUrl) : [];
      const totals = p.profileDir ? await statementTotals(p.databaseUrl) : undefined;
      const ended = Date.now();
      const eventsAppended = (await count()) - before;
      const { projectionLagAfterRun, projectionLagAt10s } = await lagAfterLoad(api.baseUrl, ended);
      const apiPeakRssMb = await api.stop();
      const profile: CommandsProfile | undefined = p.profileDir
        ? {
            cpu: await readCpuProfile(p.profileDir),
            cpuByModule: await readCpuByModule(p.profileDir, apiCpuMsPerCommand),
            allocations: await readAllocationProfile(p.profileDir),
            statements,
            totals,
            commands: r.ok,
          }
        : undefined;
      return {
        ...r,
        apiCpuMsPerCommand,
        postgresCpuMsPerCommand,
        apiEventLoopDelay,
        apiGc,
        projector: p.projector,
        warmupSeconds: p.warmupSeconds ?? 0,
        catchUp,
        eventsAppended,
        projectionLagAfterRun,
        projectionLagAt10s,
        apiPeakRssMb,
        profile,
      };
    } catch (e) {
      await api.stop();
      throw e;
    } finally {
      await pool.end();
    }
  },
};

interface ChildOutcome<T> {
  readonly result: T;
  readonly memory: MemoryPeak;
}

function inChild<T>(step: ChildStep, params: ChildParams): Promise<ChildOutcome<T>> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--child'], { stdio: 'inherit', serialization: 'advanced' });
    let settled = false;
    child.once('message', (m: { ok: boolean; result?: T; memory?: MemoryPeak; error?: string }) => {
      settled = true;
      if (m.ok) resolve({ result: m.result as T, memory: m.memory as MemoryPeak });
      else reject(new Error(`step ${step} failed: ${m.error}`));
    });
    child.once('exit', (code) => {
      if (!settled) reject(new Error(`step ${step} exited with ${code} before reporting`));
    });
    child.send({ step, params });
  });
}

function runChild(): void {
  process.once('message', (m: { step: ChildStep; params: ChildParams }) => {
    const sampler = new MemorySampler().start();
    CHILD_STEPS[m.step](m.params).then(
      (result) => {
        const memory = sampler.stop();
        const maxRss = Math.round(process.resourceUsage().maxRSS / 102.4) / 10;
        process.send?.({ ok: true, result, memory: { ...memory, peakRssMb: Math.max(memory.peakRssMb, maxRss) } }, () => process.exit(0));
      },
      (e: unknown) => {
        process.send?.({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }, () => process.exit(1));
      },
    );
  });
}

// ---- the run ------------------------------------------------------------------------------------

interface Options {
  readonly sizes: number[];
  readonly steps: Set<StepName>;
  readonly appendSeconds: number;
  readonly appendRounds: number;
  readonly warmupSeconds: number;
  readonly httpSeconds: number;
  readonly httpWarmupSeconds: number;
  /** Rounds of the ceiling and the product's command load, alternating which runs first (median reported). */
  readonly httpRounds: number;
  readonly connections: number;
  readonly commandsRate?: number;
  readonly commandsWithoutKeys: boolean;
  readonly reads: number;
  readonly listeners: number;
  readonly questionsPerSecond: number;
  readonly concurrency: number;
  readonly logOrder: LogOrder;
  readonly generator: GeneratorOptions;
  readonly projector: boolean;
  readonly durable: boolean;
  readonly profile: boolean;
  readonly sharedBuffers: string;
  readonly out: string;
}

function options(argv: readonly string[]): Options | undefined {
  const a = parseArgs(
    argv,
    ['full', 'durable', 'no-projector', 'profile', 'commands-without-keys', 'help'],
    [
      'cases',
      'sizes',
      'steps',
      'append-seconds',
      'append-rounds',
      'http-seconds',
      'http-warmup',
      'http-rounds',
      'connections',
      'commands-rate',
      'reads',
      'listeners',
      'questions-per-second',
      'concurrency',
      'log-order',
      'seed',
      'year',
      'shared-buffers',
      'out',
    ],
  );
  if (a.help) {
    console.log(USAGE);
    return undefined;
  }
  let sizes: number[];
  if (a.full) sizes = [100_000, 1_000_000];
  else if (typeof a.sizes === 'string') sizes = a.sizes.split(',').map((s) => positiveInt('sizes', s.trim(), 0));
  else sizes = [positiveInt('cases', a.cases, 20_000)];
  if (a.cases !== undefined && (a.full || a.sizes)) throw new ArgumentError('give --cases, --sizes or --full, not several');
  sizes = [...new Set(sizes)].sort((x, y) => x - y);
  const steps = new Set<StepName>(
    typeof a.steps === 'string'
      ? a.steps.split(',').map((s) => {
          const name = s.trim() as StepName;
          if (!ALL_STEPS.includes(name)) throw new ArgumentError(`unknown step "${s}" (known: ${ALL_STEPS.join(', ')})`);
          return name;
        })
      : ALL_STEPS,
  );
  // --full, the run the README cites, takes three rounds unless told (a profile is of one round).
  const httpRounds = positiveInt('http-rounds', a['http-rounds'], a.full && !a.profile ? 3 : 1);
  // One profile a run: the profile's files are named after the run, not the round.
  if (httpRounds > 1 && a.profile)
    throw new ArgumentError('--profile profiles one round of the command step: give it without --http-rounds');
  return {
    sizes,
    steps,
    appendSeconds: positiveNumber('append-seconds', a['append-seconds'], 1.5),
    appendRounds: positiveInt('append-rounds', a['append-rounds'], 3),
    warmupSeconds: 1,
    httpSeconds: positiveNumber('http-seconds', a['http-seconds'], 10),
    httpWarmupSeconds: a['http-warmup'] === '0' ? 0 : positiveNumber('http-warmup', a['http-warmup'], 2),
    httpRounds,
    connections: positiveInt('connections', a.connections, 32),
    ...(a['commands-rate'] !== undefined ? { commandsRate: positiveNumber('commands-rate', a['commands-rate'], 0) } : {}),
    commandsWithoutKeys: a['commands-without-keys'] === true,
    reads: positiveInt('reads', a.reads, 200),
    listeners: positiveInt('listeners', a.listeners, 1000),
    questionsPerSecond: positiveNumber('questions-per-second', a['questions-per-second'], 50),
    concurrency: positiveInt('concurrency', a.concurrency, 8),
    logOrder: logOrder(a['log-order']),
    generator: {
      seed: typeof a.seed === 'string' ? a.seed : DEFAULT_GENERATOR.seed,
      year: positiveInt('year', a.year, DEFAULT_GENERATOR.year),
    },
    projector: !a['no-projector'],
    durable: a.durable === true,
    profile: a.profile === true,
    sharedBuffers: sharedBuffersOption(a['shared-buffers']),
    out: path.resolve(typeof a.out === 'string' ? a.out : 'bench-results'),
  };
}

function sharedBuffersOption(value: string | boolean | undefined): string {
  if (value === undefined || value === 'auto') return 'auto';
  try {
    if (typeof value !== 'string') throw new Error('must be auto or a size from 16MB to 1024GB in kB, MB or GB, like 128MB');
    return parseSharedBuffers(value);
  } catch (e) {
    throw new ArgumentError(`--shared-buffers ${(e as Error).message}`);
  }
}

function logOrder(value: string | boolean | undefined): LogOrder {
  if (value === undefined) return 'occurred';
  if (typeof value !== 'string' || !LOG_ORDERS.includes(value as LogOrder))
    throw new ArgumentError(`--log-order must be one of ${LOG_ORDERS.join(', ')}`);
  return value as LogOrder;
}

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

async function main(o: Options): Promise<void> {
  const started = Date.now();
  await mkdir(o.out, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  log(`sizes ${o.sizes.join(', ')}; steps ${[...o.steps].join(', ')}`);
  const pg: BenchPostgres = await startBenchPostgres({
    databaseUrl: process.env.DATABASE_URL,
    durable: o.durable,
    logFile: path.join(o.out, 'postgres.log'),
    settings: o.profile ? PROFILE_SERVER_SETTINGS : undefined,
    sharedBuffers: o.sharedBuffers,
  });
  log(
    `PostgreSQL ${pg.serverVersion} (${pg.source}), ${pg.durable ? 'durable' : 'NOT durable'}: fsync=${pg.settings.fsync} synchronous_commit=${pg.settings.synchronous_commit}`,
  );
  const report: BenchReport = {
    date: new Date().toISOString(),
    machine: {
      nproc: os.cpus().length,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 1024 ** 3),
      node: process.version,
      os: `${os.type()} ${os.release()} ${os.arch()}`,
    },
    postgres: { source: pg.source, version: pg.serverVersion, durable: pg.durable, settings: pg.settings },
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    options: { ...o, steps: [...o.steps] },
    sizes: [],
    stepSeconds: [],
    failures: [],
  };
  const stop = async () => {
    await pg.dropDatabases().catch(() => undefined);
    await pg.stop().catch(() => undefined);
  };
  const base = path.join(o.out, `bench-${stamp}`);
  const save = async () => {
    report.totalSeconds = Math.round((Date.now() - started) / 1000);
    report.targets = evaluateTargets(report);
    await writeFile(`${base}.json`, JSON.stringify(report, null, 2));
    await writeFile(`${base}.md`, renderMarkdown(report));
  };
  /** Runs one step; a failure is recorded (and the run goes on) rather than losing what was measured. */
  const step = async (label: string, work: () => Promise<void>): Promise<boolean> => {
    log(label);
    const t = Date.now();
    try {
      await work();
      return true;
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      log(`${label}: FAILED: ${error}`);
      report.failures.push({ step: label, error: error.slice(0, 2000) });
      return false;
    } finally {
      report.stepSeconds.push({ step: label, seconds: Math.round((Date.now() - t) / 1000) });
      await save();
    }
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  try {
    if (o.steps.has('appends'))
      await step('appends', async () => {
        // Rounds alternate the order of the contestants; each scenario reports its median round,
        // so a noisy neighbour on a shared machine does not decide the ratio.
        const rounds: Record<Contestant, AppendScenarioResult[][]> = { wenzheng: [], emmett: [] };
        const memory: Partial<Record<Contestant, MemoryPeak>> = {};
        const urls = {
          wenzheng: await pg.createDatabase('bench_appends_wenzheng'),
          emmett: await pg.createDatabase('bench_appends_emmett'),
        };
        for (let round = 0; round < o.appendRounds; round++) {
          const order: Contestant[] = round % 2 === 0 ? ['wenzheng', 'emmett'] : ['emmett', 'wenzheng'];
          for (const contestant of order) {
            await checkpoint(pg.adminUrl);
            log(`  ${contestant}, round ${round + 1} of ${o.appendRounds}`);
            const r = await inChild<AppendScenarioResult[]>('appends', {
              contestant,
              databaseUrl: urls[contestant],
              seconds: o.appendSeconds,
              warmupSeconds: o.warmupSeconds,
            });
            rounds[contestant].push(r.result);
            const m = memory[contestant];
            memory[contestant] = m && m.peakRssMb >= r.memory.peakRssMb ? m : r.memory;
          }
        }
        const ceilingUrl = await pg.createDatabase('bench_pgbench');
        await checkpoint(pg.adminUrl);
        log('  pgbench ceiling');
        const ceiling = await inChild<Awaited<ReturnType<typeof pgbenchCeiling>>>('pgbench', {
          databaseUrl: ceilingUrl,
          seconds: o.appendSeconds,
        });
        report.appends = {
          rounds: o.appendRounds,
          wenzheng: {
            results: medianRounds(rounds.wenzheng),
            memory: memory.wenzheng as MemoryPeak,
            rounds: rounds.wenzheng.map((r) => r.map((x) => x.eventsPerSecond)),
          },
          emmett: {
            results: medianRounds(rounds.emmett),
            memory: memory.emmett as MemoryPeak,
            rounds: rounds.emmett.map((r) => r.map((x) => x.eventsPerSecond)),
          },
          pgbench: ceiling.result,
        };
      });

    const needsData = ['seed', 'rebuild', 'reads', 'report', 'commands', 'scale-out'].some((s) => o.steps.has(s as StepName));
    const dataUrl = needsData ? await pg.createDatabase('bench_wenzheng') : '';
    let seeded = 0;
    for (const size of o.sizes) {
      const sizeReport: SizeReport = { cases: size };
      report.sizes.push(sizeReport);
      if (o.steps.has('seed')) {
        const ok = await step(`seed ${seeded}..${size - 1}`, async () => {
          const r = await inChild<Awaited<ReturnType<typeof seedStep>>>('seed', {
            databaseUrl: dataUrl,
            from: seeded,
            to: size,
            generator: o.generator,
            concurrency: o.concurrency,
            logOrder: o.logOrder,
            showProgress: true,
          });
          sizeReport.seed = { ...r.result, memory: r.memory };
          seeded = size;
          // Statistics as autovacuum would have them on a live system, before anything reads.
          await analyze(dataUrl);
        });
        if (!ok) break;
      }
      if (o.steps.has('rebuild')) {
        await step(`rebuild at ${size} cases`, async () => {
          const r = await inChild<Awaited<ReturnType<typeof rebuildStep>>>('rebuild', { databaseUrl: dataUrl, showProgress: true });
          sizeReport.rebuild = { ...r.result, memory: r.memory };
          await analyze(dataUrl);
        });
      }
      if (o.steps.has('reads')) {
        await step(`listing and search at ${size} cases (projections brought to the head first)`, async () => {
          const r = await inChild<Awaited<ReturnType<typeof readsAtHeadStep>>>('reads', {
            databaseUrl: dataUrl,
            requests: o.reads,
            year: o.generator.year,
          });
          sizeReport.reads = { ...r.result, memory: r.memory };
        });
      }
      if (o.steps.has('report')) {
        await step(`assessment report at ${size} cases (projections brought to the head first)`, async () => {
          const r = await inChild<Awaited<ReturnType<typeof reportAtHeadStep>>>('report', { databaseUrl: dataUrl, year: o.generator.year });
          sizeReport.report = { ...r.result, memory: r.memory };
        });
      }
    }
    if (o.steps.has('commands')) {
      let ceilingCpuByModule: ModuleCpu | undefined;
      let ceilingUrl: string | undefined;
      const pairs: CommandPair[] = [];
      // The stack's ceiling right next to the product, same server, connections and duration. With
      // --http-rounds R the pair runs R times, alternating which goes first (as the appends' rounds
      // do), and the report takes the round whose share of the ceiling is the median.
      const ceilingRun = (round: number) =>
        step(
          `ceiling route over HTTP for ${o.httpSeconds} s after ${o.httpWarmupSeconds} s not counted, ${o.connections} connections${roundLabel(round)}`,
          async () => {
            ceilingUrl ??= await pg.createDatabase('bench_ceiling');
            await checkpoint(pg.adminUrl);
            const profileDir = o.profile ? await mkdtemp(path.join(os.tmpdir(), 'wz-bench-ceiling-profile-')) : undefined;
            try {
              const r = await inChild<Awaited<ReturnType<typeof ceilingStep>>>('ceiling', {
                databaseUrl: ceilingUrl,
                seconds: o.httpSeconds,
                connections: o.connections,
                warmupSeconds: o.httpWarmupSeconds,
                profileDir,
              });
              const { cpuByModule, ...ceiling } = r.result;
              pairs[round].ceiling = { ...ceiling, memory: r.memory };
              ceilingCpuByModule = cpuByModule;
            } finally {
              if (profileDir) await rm(profileDir, { recursive: true, force: true });
            }
          },
        );
      const productRun = (round: number) =>
        step(
          `commands over HTTP for ${o.httpSeconds} s after ${o.httpWarmupSeconds} s not counted, ${o.connections} connections, lag read ${LAG_AFTER_MS / 1000} s after${roundLabel(round)}`,
          async () => {
            await checkpoint(pg.adminUrl);
            const profileDir = o.profile ? await mkdtemp(path.join(os.tmpdir(), 'wz-bench-profile-')) : undefined;
            const r = await inChild<Omit<CommandsReport, 'memory'> & { profile?: CommandsProfile }>('commands', {
              databaseUrl: dataUrl,
              seconds: o.httpSeconds,
              connections: o.connections,
              rate: o.commandsRate,
              withoutKeys: o.commandsWithoutKeys,
              warmupSeconds: o.httpWarmupSeconds,
              projector: o.projector,
              profileDir,
            });
            const { profile, ...commands } = r.result;
            pairs[round].commands = { ...commands, memory: r.memory };
            if (profile) {
              await writeFile(`${base}-profile.md`, `${renderProfile({ ...profile, ceilingCpuByModule })}\n`);
              log(`profile: ${path.relative(process.cwd(), base)}-profile.md`);
            }
            if (profileDir) {
              // The raw profiles too, for DevTools or a flame graph; the folder goes.
              for (const ext of ['.cpuprofile', '.heapprofile']) {
                const raw = (await readdir(profileDir)).find((f) => f.endsWith(ext));
                if (raw) await copyFile(path.join(profileDir, raw), `${base}${ext}`);
              }
              await rm(profileDir, { recursive: true, force: true });
            }
          },
        );
      const roundLabel = (round: number) => (o.httpRounds > 1 ? `, round ${round + 1} of ${o.httpRounds}` : '');
      for (let round = 0; round < o.httpRounds; round++) {
        pairs.push({});
        if (round % 2 === 0) {
          await ceilingRun(round);
          await productRun(round);
        } else {
          await productRun(round);
          await ceilingRun(round);
        }
        Object.assign(report, commandRoundsReport(pairs));
      }
    }
    if (o.steps.has('scale-out')) {
      await step(
        `scale-out: the same load through a round-robin to 2 API processes + apps/projector, lag read ${LAG_AFTER_MS / 1000} s after`,
        async () => {
          await checkpoint(pg.adminUrl);
          const r = await inChild<ScaleOutResult>('scale-out', {
            databaseUrl: dataUrl,
            seconds: o.httpSeconds,
            connections: o.connections,
            warmupSeconds: o.httpWarmupSeconds,
          });
          report.scaleOut = { ...r.result, memory: r.memory };
        },
      );
    }
    if (o.steps.has('interviews')) {
      await step(`interviews: ${o.listeners} SSE listeners, ${o.questionsPerSecond} questions/s for ${o.httpSeconds} s`, async () => {
        const url = await pg.createDatabase('bench_interviews');
        await checkpoint(pg.adminUrl);
        const r = await inChild<InterviewsResult>('interviews', {
          databaseUrl: url,
          listeners: o.listeners,
          questionsPerSecond: o.questionsPerSecond,
          seconds: o.httpSeconds,
        });
        report.interviews = { ...r.result, memory: r.memory };
      });
    }
  } finally {
    await stop();
  }
  await save();
  console.log(renderText(report));
  log(`results: ${path.relative(process.cwd(), base)}.json and .md (${report.totalSeconds} s)`);
}

/** Per scenario, the round with the median events/s (its latency comes with it). */
function medianRounds(rounds: AppendScenarioResult[][]): AppendScenarioResult[] {
  return rounds[0].map((_, i) => {
    const sorted = rounds.map((r) => r[i]).sort((a, b) => a.eventsPerSecond - b.eventsPerSecond);
    return sorted[Math.floor((sorted.length - 1) / 2)];
  });
}

async function analyze(url: string): Promise<void> {
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    await pool.query('analyze');
  } finally {
    await pool.end();
  }
}

if (process.argv.includes('--child')) runChild();
else
  runCli({
    name: 'bench',
    usage: USAGE,
    stack: true,
    runtime: false,
    parse: (argv) => {
      const o = options(argv);
      if (!o) throw new CliExit(0);
      return o;
    },
    main: ({ args }) => main(args),
  });
