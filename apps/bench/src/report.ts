import { describeWarmed } from '@wenzheng/projector';
import type { MemoryPeak } from './harness/memory';
import type { AppendScenarioResult, PgbenchResult } from './steps/appends';
import type { AssessmentResult } from './steps/assessment';
import type { CommandsResult, EventLoopDelay, GcTotals } from './steps/commands';
import type { LogShape } from './steps/log-order';
import { ReadsResult, worstShape } from './steps/reads';
import type { CaseSearchResult } from './steps/case-search';
import type { RebuildStepResult } from './steps/rebuild';
import type { SeedStepResult } from './steps/seed';
import type { CeilingResult } from './steps/ceiling';
import type { ScaleOutResult } from './steps/scale-out';
import type { CatchUpResult, ReadModelState } from './steps/projections';
import { InterviewsResult, interviewsSection } from './steps/interviews';
import { DiskUse, diskLine } from './steps/disk';

export type WithMemory<T> = T & { memory: MemoryPeak };

export interface SizeReport {
  readonly cases: number;
  seed?: WithMemory<SeedStepResult>;
  rebuild?: WithMemory<RebuildStepResult>;
  /** readModel: the read models as the step found them right before measuring (absent: never checked). */
  reads?: WithMemory<
    ReadsResult & {
      publicRows: number;
      caseSearch?: CaseSearchResult;
      apiPeakRssMb?: number;
      readModel?: ReadModelState;
      catchUp?: CatchUpResult;
      disk?: DiskUse;
    }
  >;
  report?: WithMemory<AssessmentResult & { readModel?: ReadModelState; catchUp?: CatchUpResult }>;
}

/** A projection's lag as /health reports it. */
export interface ProjectionLagSeen {
  readonly events: number | null;
  readonly seconds: number;
}

export type CommandsReport = WithMemory<
  CommandsResult & {
    apiPeakRssMb?: number;
    /** CPU time (user + system, from /proc) of the API process during the load, per command answered 2xx. */
    apiCpuMsPerCommand?: number;
    /** CPU time of every PostgreSQL process during the load (its projector's statements included), per command answered 2xx. */
    postgresCpuMsPerCommand?: number;
    /** The API's event-loop delay during the measured load (absent in runs before 2026-12-04). */
    apiEventLoopDelay?: EventLoopDelay;
    /** The API's garbage collections during the measured load, by kind (absent in runs before 2026-12-06 evening). */
    apiGc?: GcTotals;
    projector: boolean;
    /** Seconds of the same load before the measured one, not counted (absent in runs before 2026-12-03: none). */
    warmupSeconds?: number;
    /** The projections brought to the head of the log before the load (absent in runs before 2026-12-03). */
    catchUp?: CatchUpResult;
    eventsAppended?: number;
    /** Right after the load stopped: the work the load left behind. */
    projectionLagAfterRun: Record<string, ProjectionLagSeen>;
    /** 10 s after the load stopped: what the lag target is about. */
    projectionLagAt10s?: Record<string, ProjectionLagSeen>;
  }
>;

/** One round of the ceiling and the product's command load (--http-rounds), in the order they ran. */
export interface CommandRound {
  readonly first: 'ceiling' | 'product';
  readonly ceilingCommandsPerSecond?: number;
  /** The ceiling's non-2xx answers and errors in this round (a round where it did not answer cleanly is not judged). */
  readonly ceilingFailures?: number;
  readonly productCommandsPerSecond?: number;
  /** The product's commands/s over the ceiling's, when both ran and the ceiling answered. */
  readonly share?: number;
  readonly productP99Ms?: number;
  readonly apiCpuMsPerCommand?: number;
  readonly postgresCpuMsPerCommand?: number;
  readonly ceilingCpuMsPerRequest?: number;
  readonly ceilingPostgresCpuMsPerRequest?: number;
  /** The API's collections during the load: µs a command in all, and how many were major (mark-compact). */
  readonly apiGcUsPerCommand?: number;
  readonly apiMajorGcs?: number;
  /** Every projection's lag 10 s after this round's load (the lag target holds only if it held in every round). */
  readonly projectionLagAt10s?: Record<string, ProjectionLagSeen>;
}

/** One round's ceiling and product, as the bench fills it in (either may be missing when its step failed). */
export interface CommandPair {
  ceiling?: WithMemory<CeilingResult>;
  commands?: CommandsReport;
}

/** Seconds in collections over every kind. */
const gcSeconds = (gc: GcTotals) => Object.values(gc).reduce((t, k) => t + k.seconds, 0);

const shareOf = (p: CommandPair) =>
  p.ceiling && p.commands && p.ceiling.commandsPerSecond > 0 ? p.commands.commandsPerSecond / p.ceiling.commandsPerSecond : undefined;

/** A round as the report lists it; round i ran the ceiling first when i is even (0-based). */
export function commandRoundOf(p: CommandPair, round: number): CommandRound {
  const share = shareOf(p);
  return {
    first: round % 2 === 0 ? 'ceiling' : 'product',
    ceilingCommandsPerSecond: p.ceiling?.commandsPerSecond,
    ...(p.ceiling && { ceilingFailures: p.ceiling.non2xx + p.ceiling.errors }),
    productCommandsPerSecond: p.commands?.commandsPerSecond,
    ...(share !== undefined && { share: Math.round(share * 10_000) / 10_000 }),
    productP99Ms: p.commands?.latency.p99Ms,
    apiCpuMsPerCommand: p.commands?.apiCpuMsPerCommand,
    postgresCpuMsPerCommand: p.commands?.postgresCpuMsPerCommand,
    ceilingCpuMsPerRequest: p.ceiling?.cpuMsPerRequest,
    ceilingPostgresCpuMsPerRequest: p.ceiling?.postgresCpuMsPerRequest,
    ...(p.commands?.apiGc &&
      p.commands.ok > 0 && {
        apiGcUsPerCommand: Math.round((gcSeconds(p.commands.apiGc) * 1e6) / p.commands.ok),
        apiMajorGcs: p.commands.apiGc.major?.count ?? 0,
      }),
    projectionLagAt10s: p.commands?.projectionLagAt10s,
  };
}

/**
 * The round whose share of the ceiling is the median of the rounds where both ran (the lower of
 * the two middle ones for an even count: the verdict never rests on the better of two); undefined
 * when no round has both.
 */
export function medianCommandRound<P extends CommandPair>(pairs: readonly P[]): P | undefined {
  const both = pairs.filter((p) => shareOf(p) !== undefined).sort((a, b) => (shareOf(a) as number) - (shareOf(b) as number));
  return both.length ? both[Math.floor((both.length - 1) / 2)] : undefined;
}

/**
 * What the report keeps of the command step's rounds: the median round's ceiling and product (one
 * pair, never two rounds mixed, when any round has both), and with more than one round every round
 * in the order run. When no round has both, whichever side ran first is kept (its share is then not
 * judged: see commandTargets).
 */
export function commandRoundsReport(pairs: readonly CommandPair[]): Pick<BenchReport, 'ceiling' | 'commands' | 'commandRounds'> {
  const median = medianCommandRound(pairs);
  return {
    ceiling: median ? median.ceiling : pairs.find((p) => p.ceiling)?.ceiling,
    commands: median ? median.commands : pairs.find((p) => p.commands)?.commands,
    ...(pairs.length > 1 && { commandRounds: pairs.map(commandRoundOf) }),
  };
}

export interface Target {
  readonly target: string;
  readonly measured: string;
  /** undefined: not measured in this run (or not at the size the target names). */
  readonly met: boolean | undefined;
  readonly note?: string;
}

export interface BenchReport {
  readonly date: string;
  readonly machine: { nproc: number; cpu: string; memoryGb: number; node: string; os: string };
  /** durable: fsync and synchronous_commit on for every figure of the run (--durable). */
  readonly postgres: { source: string; version: string; durable?: boolean; settings: Record<string, string> };
  readonly command: string;
  readonly options: unknown;
  appends?: {
    rounds: number;
    /** Per contestant: the median round of each scenario, and every round's events/s. */
    wenzheng: { results: AppendScenarioResult[]; memory: MemoryPeak; rounds: number[][] };
    emmett: { results: AppendScenarioResult[]; memory: MemoryPeak; rounds: number[][] };
    pgbench: PgbenchResult;
  };
  readonly sizes: SizeReport[];
  commands?: CommandsReport;
  /** Participation load: SSE listeners on one interview page (steps/interviews.ts). */
  interviews?: InterviewsResult & { memory: MemoryPeak };
  /** The minimal NestJS + cqrs + class-validator route, run right before the product's command step. */
  ceiling?: WithMemory<CeilingResult>;
  /**
   * With --http-rounds above 1: every round of the ceiling and the product, alternating which ran
   * first; `ceiling` and `commands` are then the median round's pair.
   */
  commandRounds?: CommandRound[];
  /** The same command load through a loopback round-robin to two API processes, apps/projector projecting. */
  scaleOut?: WithMemory<ScaleOutResult>;
  totalSeconds?: number;
  /** Wall time of each step, process start included. */
  readonly stepSeconds: Array<{ step: string; seconds: number }>;
  readonly failures: Array<{ step: string; error: string }>;
  targets?: Target[];
}

const n = (x: number | undefined) => (x === undefined ? '–' : Math.round(x).toLocaleString('en-US'));
const ms = (x: number | undefined) => (x === undefined ? '–' : x < 10 ? x.toFixed(1) : String(Math.round(x)));
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || !b ? undefined : a / b);
const x2 = (r: number | undefined) => (r === undefined ? '–' : `${r.toFixed(2)}×`);

function ceilingFor(report: BenchReport, writers: number): number | undefined {
  const c = report.appends?.pgbench.results;
  return c?.find((r) => r.clients === writers)?.rowsPerSecond;
}

/** Each target of the issue against what this run measured; never asserted, only reported. */
export function evaluateTargets(report: BenchReport): Target[] {
  const out: Target[] = [];
  const largest = report.sizes.at(-1);
  const ap = report.appends;
  if (ap) {
    const ours = ap.wenzheng.results.find((r) => r.writers === 16 && r.batch === 1);
    const theirs = ap.emmett.results.find((r) => r.writers === 16 && r.batch === 1);
    const r = ratio(ours?.eventsPerSecond, theirs?.eventsPerSecond);
    out.push({
      target: 'appends ≥ 1.5× Emmett PostgreSQL, 16 writers',
      measured: `${x2(r)} (${n(ours?.eventsPerSecond)} vs ${n(theirs?.eventsPerSecond)} events/s, single-event appends)`,
      met: r === undefined ? undefined : r >= 1.5,
    });
  } else out.push({ target: 'appends ≥ 1.5× Emmett PostgreSQL, 16 writers', measured: 'not run', met: undefined });
  const c = report.commands;
  out.push({
    target: '1,000 commands/s end to end on 2 cores',
    measured: c
      ? `${n(c.commandsPerSecond)} commands/s on ${report.machine.nproc} cores (p50 ${ms(c.latency.p50Ms)} ms, p99 ${ms(c.latency.p99Ms)} ms)`
      : 'not run',
    met: c ? c.commandsPerSecond >= 1000 : undefined,
    note: c && report.machine.nproc !== 2 ? `measured on ${report.machine.nproc} cores, not 2` : undefined,
  });
  out.push(...commandTargets(report));
  const rb = largest?.rebuild;
  out.push({
    target: 'rebuild ≥ 30,000 events/s',
    measured: rb
      ? `${n(rb.eventsPerSecond)} events/s for all ${rb.projections.length} projections together over ${n(rb.events)} events (${rebuildHow(rb)})`
      : 'not run',
    met: rb ? rb.eventsPerSecond >= 30_000 : undefined,
  });
  const atMillion = report.sizes.find((s) => s.cases >= 1_000_000);
  const readsAt = atMillion ?? largest;
  const rd = readsAt?.reads;
  const scale = atMillion ? '' : readsAt ? ` — measured at ${n(readsAt.cases)} cases, not 1,000,000` : '';
  const publicListing = rd && readModelProblem(rd.readModel, 'petition_views', rd.readModel?.publicRows, 'the public listing');
  // Every filter shape on its own (issue 15 item 4), not only the mix of all of them: one slow shape hides in the mix's p95.
  const worstListing = rd && worstShape(rd, 'listing');
  const worstSearch = rd && worstShape(rd, 'search');
  const worstText = (w: { name: string; p95Ms: number } | undefined) => (w ? `; slowest shape ${w.name} ${ms(w.p95Ms)} ms` : '');
  out.push(
    guarded(publicListing, {
      target: 'listing p95 ≤ 15 ms at 1,000,000 cases, every filter shape',
      measured: rd ? `${ms(rd.listing.p95Ms)} ms at ${n(readsAt?.cases)} cases${scale}${worstText(worstListing)}` : 'not run',
      met: rd && atMillion ? rd.listing.p95Ms <= 15 && (worstListing?.p95Ms ?? 0) <= 15 : undefined,
    }),
  );
  out.push(
    guarded(publicListing, {
      target: 'search p95 ≤ 50 ms at 1,000,000 cases, every shape',
      measured: rd ? `${ms(rd.search.p95Ms)} ms at ${n(readsAt?.cases)} cases${scale}${worstText(worstSearch)}` : 'not run',
      met: rd && atMillion ? rd.search.p95Ms <= 50 && (worstSearch?.p95Ms ?? 0) <= 50 : undefined,
    }),
  );
  const cs = rd?.caseSearch;
  out.push(
    guarded(cs && readModelProblem(rd?.readModel, 'petition_views', rd?.readModel?.caseRows, 'the staff search (cases)'), {
      target: 'staff search (GET /api/cases) p95 ≤ 50 ms at 1,000,000 cases',
      measured: cs
        ? `${ms(cs.all.p95Ms)} ms at ${n(cs.cases)} cases${scale} (p95 by shape: ${Object.entries(cs.byShape)
            .map(([k, v]) => `${k} ${ms(v.p95Ms)}`)
            .join(', ')}${cs.errors ? `; ${cs.errors} errors` : ''})`
        : 'not run',
      met: cs && atMillion ? cs.all.p95Ms <= 50 && Object.values(cs.byShape).every((v) => v.p95Ms <= 50) && cs.errors === 0 : undefined,
    }),
  );
  // Issue 15 names the report's 3 s at 1M cases: a fast report at 20,000 cases says nothing about it.
  const reportAt = atMillion ?? largest;
  const rp = reportAt?.report;
  const reportScale = atMillion ? '' : reportAt ? ` — measured at ${n(reportAt.cases)} cases, not 1,000,000` : '';
  out.push(
    guarded(rp && readModelProblem(rp.readModel, 'department_performance', undefined, 'the assessment facts'), {
      target: 'one-year assessment report ≤ 3 s at 1,000,000 cases',
      measured: rp
        ? `${ms(rp.medianMs)} ms median, ${ms(rp.firstMs)} ms first, at ${n(reportAt?.cases)} cases (${rp.method})${reportScale}`
        : 'not run',
      met: rp && atMillion ? Math.max(rp.medianMs, rp.firstMs) <= 3000 : undefined,
    }),
  );
  out.push(memoryTarget(report));
  return out;
}

/**
 * Why a read figure says nothing: the read model it was measured on was never checked, was behind
 * the log, or was empty (a query on an empty table is fast and meaningless). undefined: it counts.
 */
export function readModelProblem(
  state: ReadModelState | undefined,
  projection: string,
  rows: number | undefined,
  what: string,
): string | undefined {
  if (!state) return 'the read models were not checked against the head of the log before measuring';
  const behind = Object.entries(state.projections).filter(([, p]) => p.lagEvents !== 0);
  if (behind.length)
    return `read models behind the log when measured: ${behind.map(([name, p]) => `${name} ${p.lagEvents ?? '?'} events`).join(', ')}`;
  if (rows === 0) return `${what} was empty when measured (0 rows of ${n(state.headEvents)} events)`;
  if (!state.projections[projection]?.hasRows) return `${projection} was empty when measured (${n(state.headEvents)} events in the log)`;
  return undefined;
}

/** A target measured on a read model that does not count is "not measured", with the reason. */
function guarded(problem: string | undefined, t: Target): Target {
  return problem ? { ...t, met: undefined, note: `not measured: ${problem}` } : t;
}

/** The API's collections during the load, by kind, and their time a command (V8's time in the collector's pauses, main thread). */
export function gcLine(gc: GcTotals, commands: number): string {
  const kinds = Object.entries(gc).sort(([a], [b]) => a.localeCompare(b));
  const seconds = gcSeconds(gc);
  return `the API's garbage collection during the load (every collection V8 reported, by kind): ${
    kinds.length ? kinds.map(([kind, k]) => `${kind} ${n(k.count)} (${Math.round(k.seconds * 1000)} ms)`).join(', ') : 'none'
  }${commands > 0 ? `; ${Math.round((seconds * 1e6) / commands)} µs a 2xx` : ''}`;
}

/** With --http-rounds: each round's figure in the order run, after the median (which the verdict uses). */
function roundsLine(rounds: readonly CommandRound[] | undefined, figure: (r: CommandRound) => string): string {
  if (!rounds || rounds.length < 2) return '';
  return `; the median of ${rounds.length} rounds, alternating which ran first: ${rounds.map(figure).join(', ')}`;
}

/** The rounds (1-based) where the ceiling's or the product's load did not run (its step failed: see failures). */
function missingRounds(rounds: readonly CommandRound[] | undefined): string | undefined {
  const missing = (rounds ?? []).flatMap((r, i) =>
    r.ceilingCommandsPerSecond === undefined || r.productCommandsPerSecond === undefined ? [i + 1] : [],
  );
  return missing.length
    ? `round${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${rounds?.length} ${missing.length > 1 ? 'lack' : 'lacks'} the ceiling's or the product's load (see the failures)`
    : undefined;
}

/** The rounds (1-based) where the ceiling route did not answer cleanly: its rate is then no ceiling. */
function uncleanCeilings(rounds: readonly CommandRound[] | undefined): string | undefined {
  const unclean = (rounds ?? []).flatMap((r, i) => ((r.ceilingFailures ?? 0) > 0 ? [i + 1] : []));
  return unclean.length
    ? `the ceiling route answered non-2xx or errors in round${unclean.length > 1 ? 's' : ''} ${unclean.join(', ')} of ${rounds?.length}`
    : undefined;
}

/** The median of the rounds' p99s (the higher middle one for an even count: never the better of two). */
function medianP99(rounds: readonly CommandRound[]): number | undefined {
  const p99s = rounds.flatMap((r) => (r.productP99Ms === undefined ? [] : [r.productP99Ms])).sort((a, b) => a - b);
  return p99s.length ? p99s[Math.floor(p99s.length / 2)] : undefined;
}

/** Each projection's largest lag over several readings (a reading missing a projection leaves the others'). */
function worstLag(readings: ReadonlyArray<Record<string, ProjectionLagSeen> | undefined>): Record<string, ProjectionLagSeen> | undefined {
  const worst: Record<string, ProjectionLagSeen> = {};
  let any = false;
  for (const reading of readings) {
    for (const [k, v] of Object.entries(reading ?? {})) {
      any = true;
      const w = worst[k];
      if (!w || v.seconds > w.seconds || (v.seconds === w.seconds && (v.events ?? 0) > (w.events ?? 0))) worst[k] = v;
    }
  }
  return any ? worst : undefined;
}

/** Issue 15's command targets: a share of the stack's own ceiling, p99 at 32 connections, lag 10 s after the load. */
function commandTargets(report: BenchReport): Target[] {
  const c = report.commands;
  const ceiling = report.ceiling;
  const rounds = report.commandRounds;
  const share = c && ceiling && ceiling.commandsPerSecond > 0 ? c.commandsPerSecond / ceiling.commandsPerSecond : undefined;
  // A diagnostic load (capped, or without the keys every client sends) is not the load the targets name.
  const notTheLoad = c?.withoutKeys
    ? 'the load sent no Idempotency-Key (--commands-without-keys)'
    : c?.cappedRate
      ? `the load was capped at ${c.cappedRate} requests/s (--commands-rate)`
      : undefined;
  // Why the share of the ceiling is not judged: not the load, or a ceiling that did not answer cleanly.
  const missing = missingRounds(rounds);
  const shareNotMeasured =
    notTheLoad ??
    missing ??
    uncleanCeilings(rounds) ??
    (ceiling && (ceiling.non2xx > 0 || ceiling.errors > 0)
      ? `the ceiling route answered ${ceiling.non2xx} non-2xx and ${ceiling.errors} errors`
      : undefined);
  const out: Target[] = [
    {
      target:
        'commands/s ≥ 50% of the stack’s ceiling (minimal NestJS + cqrs + class-validator route, same PostgreSQL, connections, duration)',
      measured:
        rounds && rounds.length > 1 && rounds.every((r) => r.share === undefined)
          ? 'no round ran both the ceiling and the product'
          : share === undefined
            ? c
              ? 'ceiling not run'
              : 'not run'
            : `${Math.round(share * 100)}% (${n(c?.commandsPerSecond)} vs ${n(ceiling?.commandsPerSecond)} commands/s)${roundsLine(rounds, (r) => (r.share === undefined ? '–' : `${Math.round(r.share * 100)}%`))}`,
      met: share === undefined || shareNotMeasured ? undefined : share >= 0.5,
      note: shareNotMeasured ? `not measured: ${shareNotMeasured}` : undefined,
    },
  ];
  // With rounds, the p99 is the median of the rounds' p99s, not the median-share round's own.
  const p99 = rounds && rounds.length > 1 ? medianP99(rounds) : c?.latency.p99Ms;
  const p99NotMeasured = notTheLoad ?? (c && c.connections !== 32 ? `run at ${c.connections} connections, not 32` : missing);
  out.push({
    target: 'command p99 ≤ 100 ms at 32 connections',
    measured: c
      ? `${ms(p99)} ms at ${c.connections} connections${roundsLine(rounds, (r) => (r.productP99Ms === undefined ? '–' : `${ms(r.productP99Ms)} ms`))}`
      : 'not run',
    met: c && p99 !== undefined && !p99NotMeasured ? p99 <= 100 : undefined,
    note: p99NotMeasured ? `not measured: ${p99NotMeasured}` : undefined,
  });
  // With rounds, the lag target holds only if it held after every round's load: the worst of each projection.
  const lag = rounds?.length ? worstLag([c?.projectionLagAt10s, ...rounds.map((r) => r.projectionLagAt10s)]) : c?.projectionLagAt10s;
  const lagProblem = !c
    ? undefined
    : !c.projector
      ? 'the API ran without its projector (--no-projector)'
      : !lag || !Object.keys(lag).length
        ? 'no lag read 10 s after the load'
        : rounds?.some((r) => !r.projectionLagAt10s || !Object.keys(r.projectionLagAt10s).length)
          ? `no lag read 10 s after round ${rounds.findIndex((r) => !r.projectionLagAt10s || !Object.keys(r.projectionLagAt10s).length) + 1}'s load`
          : missing;
  const worst = lag && Object.entries(lag).sort(([, a], [, b]) => b.seconds - a.seconds);
  // The same target for apps/projector, when the scale-out step ran: it projects for two API processes.
  const apart = report.scaleOut && Object.entries(report.scaleOut.projectionLagAt10s).sort(([, a], [, b]) => b.seconds - a.seconds);
  const apartLine = apart?.length
    ? `; as apps/projector (scale-out step): worst ${apart[0][0]} ${apart[0][1].seconds.toFixed(1)} s (${n(apart[0][1].events ?? undefined)} events)`
    : '';
  out.push({
    target: 'every projection’s lag ≤ 1 s, 10 s after the load stops (projector in the API process, and as apps/projector)',
    measured: !c
      ? `not run${apartLine}`
      : worst?.length
        ? `worst ${worst[0][0]} ${worst[0][1].seconds.toFixed(1)} s (${n(worst[0][1].events ?? undefined)} events); ${worst.filter(([, l]) => l.seconds > 1).length} of ${worst.length} over 1 s${apartLine}`
        : '–',
    met:
      !c || lagProblem
        ? undefined
        : [...(worst ?? []), ...(apart ?? [])].every(([, l]) => l.seconds <= 1) && (!report.scaleOut || report.scaleOut.consistent),
    note: lagProblem ? `not measured: ${lagProblem}` : undefined,
  });
  return out;
}

/** How the rebuild read the log (runs recorded before issue 15 read it once per projection, one after another). */
function rebuildHow(rb: RebuildStepResult): string {
  if (rb.eventsRead === undefined) return 'each projection reading the log in turn';
  const warmed = warmedClause(rb.warmed);
  return (
    `${n(rb.eventsRead)} events read from the log, vacuum, indexes and statistics after loading in ${rb.indexSeconds} s` +
    (warmed ? `; ${warmed}` : '')
  );
}

/** The rebuild's warming of the report's tables in words, or '' when it did none and says nothing. */
const warmedClause = (w: RebuildStepResult['warmed']): string => {
  const words = w && describeWarmed(w);
  return words ? `the report's tables warmed: ${words}` : '';
};

/** Peak memory of each step at the smallest and the largest size of the run; growth beyond noise fails. */
function memoryTarget(report: BenchReport): Target {
  const target = 'no step’s memory growing with the number of events';
  const first = report.sizes[0];
  const last = report.sizes.at(-1);
  const steps: Array<[string, (s: SizeReport) => number | undefined]> = [
    ['seed', (s) => s.seed?.memory.peakRssMb],
    ['rebuild', (s) => s.rebuild?.memory.peakRssMb],
    ['API (reads)', (s) => s.reads?.apiPeakRssMb],
    // The API process that answered the report; the step's own process downloads and parses the
    // whole answer (106 MB of JSON at 1M cases), which is the client's memory, not the report's.
    ['report (API)', (s) => s.report?.apiPeakRssMb ?? s.report?.memory.peakRssMb],
  ];
  if (!first || !last || first === last) {
    const growth = report.sizes.flatMap((s) => [s.seed, s.rebuild].flatMap((x) => (x ? [x.memory] : [])));
    const worstOf = growth.length ? growth.reduce((a, b) => (b.heapGrowthMb > a.heapGrowthMb ? b : a)) : undefined;
    const worst = worstOf?.heapGrowthMb;
    // The heap full collections left (what is alive) when the step had one in each half; the
    // highest heap seen otherwise (garbage included, so it moves with when the collections came).
    const basis = worstOf?.heapGrowthOn === 'after full collections' ? 'heap left by full collections' : 'highest heap';
    return {
      target,
      measured:
        worst === undefined
          ? 'not run'
          : `one size only; largest heap growth within a step (2nd half − 1st half, ${basis}): ${worst.toFixed(1)} MB`,
      met: worst === undefined ? undefined : worst < 64,
      note: 'run with --sizes A,B (or --full) to compare peaks across sizes',
    };
  }
  const parts: string[] = [];
  let met = true;
  for (const [name, of] of steps) {
    const a = of(first);
    const b = of(last);
    if (a === undefined || b === undefined) continue;
    parts.push(`${name} ${Math.round(a)} → ${Math.round(b)} MB`);
    // The log grows 10× between sizes: anything proportional would show far above this.
    if (b > a * 1.25 + 64) met = false;
  }
  return {
    target,
    measured: `peak RSS at ${n(first.cases)} → ${n(last.cases)} cases: ${parts.join(', ')}`,
    met: parts.length ? met : undefined,
  };
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

function mdTable(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

interface Section {
  readonly title: string;
  readonly header: string[];
  readonly rows: string[][];
  readonly notes?: string[];
}

function sections(report: BenchReport): Section[] {
  const out: Section[] = [];
  if (report.interviews) out.push(interviewsSection(report.interviews));
  const ap = report.appends;
  if (ap) {
    out.push({
      title: `Event appends (events/s, median of ${ap.rounds} rounds; same PostgreSQL, same run; expected revision on every append)`,
      header: ['scenario', 'Wenzheng', 'Emmett', 'ratio', 'p50 ms (W / E)', 'pgbench ceiling', 'W / ceiling'],
      rows: ap.wenzheng.results.map((w) => {
        const e = ap.emmett.results.find((x) => x.scenario === w.scenario);
        const ceiling = w.batch === 1 ? ceilingFor(report, w.writers) : undefined;
        return [
          w.scenario,
          n(w.eventsPerSecond),
          n(e?.eventsPerSecond),
          x2(ratio(w.eventsPerSecond, e?.eventsPerSecond)),
          `${ms(w.latency.p50Ms)} / ${ms(e?.latency.p50Ms)}`,
          ceiling ? n(ceiling) : '–',
          ceiling ? `${Math.round((w.eventsPerSecond / ceiling) * 100)}%` : '–',
        ];
      }),
      notes: [
        ap.pgbench.available
          ? `ceiling: pgbench, one row of the same size per transaction (${ap.pgbench.version})`
          : `pgbench: ${ap.pgbench.reason}`,
        `every round (events/s per scenario): Wenzheng ${ap.wenzheng.rounds.map((r) => r.join('/')).join(', ')}; Emmett ${ap.emmett.rounds.map((r) => r.join('/')).join(', ')}`,
        `peak RSS of the appending process: Wenzheng ${ap.wenzheng.memory.peakRssMb} MB, Emmett ${ap.emmett.memory.peakRssMb} MB`,
      ],
    });
  }
  if (report.sizes.some((s) => s.seed || s.rebuild || s.reads || s.report)) {
    out.push({
      title: 'Data set, rebuild, reads and report, by size',
      header: [
        'cases',
        'events',
        'seed ev/s',
        'rebuild ev/s',
        'listing p50/p95 ms',
        'search p50/p95 ms',
        'report ms',
        'peak RSS MB seed/rebuild/API (reads)/API (report)',
      ],
      rows: report.sizes.map((s) => [
        n(s.cases),
        n(s.rebuild?.events ?? s.seed?.totalEvents),
        n(s.seed?.eventsPerSecond),
        n(s.rebuild?.eventsPerSecond),
        s.reads ? `${ms(s.reads.listing.p50Ms)} / ${ms(s.reads.listing.p95Ms)}` : '–',
        s.reads ? `${ms(s.reads.search.p50Ms)} / ${ms(s.reads.search.p95Ms)}` : '–',
        s.report ? `${ms(s.report.medianMs)} (first ${ms(s.report.firstMs)})` : '–',
        [s.seed?.memory.peakRssMb, s.rebuild?.memory.peakRssMb, s.reads?.apiPeakRssMb, s.report?.apiPeakRssMb ?? s.report?.memory.peakRssMb]
          .map((v) => (v === undefined ? '–' : String(Math.round(v))))
          .join(' / '),
      ]),
      notes: report.sizes.flatMap((s) => [
        ...(s.seed?.log ? [`${n(s.cases)} cases: ${logLine(s.seed.log)}`] : []),
        ...(s.rebuild
          ? [
              `${n(s.cases)} cases: rebuild of ${s.rebuild.projections.map((p) => p.name).join(', ')} together in ${s.rebuild.seconds} s (${rebuildHow(s.rebuild)})`,
            ]
          : []),
        ...[s.reads?.catchUp, s.report?.catchUp]
          .filter((x): x is CatchUpResult => x !== undefined)
          .slice(0, 1)
          .map((cu) => `${n(s.cases)} cases: ${catchUpLine(cu)}`),
        ...(s.reads
          ? [
              `${n(s.cases)} cases: ${n(s.reads.publicRows)} public rows, ${n(s.reads.readModel?.caseRows)} cases rows; p95 by shape: ${Object.entries(
                s.reads.byShape,
              )
                .map(([k, v]) => `${k} ${ms(v.p95Ms)}`)
                .join(', ')}`,
              ...(s.reads.disk ? [`${n(s.cases)} cases: ${diskLine(s.reads.disk)}`] : []),
            ]
          : []),
        ...(s.report?.note ? [`${n(s.cases)} cases: ${s.report.note}`] : []),
      ]),
    });
  }
  const c = report.commands;
  const ce = report.ceiling;
  const rounds = report.commandRounds;
  if (c || ce) {
    const cpu = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(2));
    const row = (label: string, r: CommandsResult, rss: number | undefined, appCpu: number | undefined, pgCpu: number | undefined) => [
      label,
      n(r.commandsPerSecond),
      ms(r.latency.p50Ms),
      ms(r.latency.p90Ms),
      ms(r.latency.p99Ms),
      n(r.requests),
      n(r.non2xx),
      rss === undefined ? '–' : String(Math.round(rss)),
      cpu(appCpu),
      cpu(pgCpu),
    ];
    const lagLine = (when: string, lag: Record<string, ProjectionLagSeen> | undefined) =>
      `projection lag ${when} (from /health, seconds / events): ${
        lag && Object.keys(lag).length
          ? Object.entries(lag)
              .map(([k, v]) => `${k} ${v.seconds.toFixed(1)} / ${n(v.events ?? undefined)}`)
              .join(', ')
          : '–'
      }`;
    const shape = c ?? ce;
    out.push({
      title: `Commands over HTTP (autocannon, ${shape?.connections} connections, ${shape?.seconds} s${
        c?.warmupSeconds ? ` after ${c.warmupSeconds} s of the same load not counted, each` : ''
      }; ${
        rounds && rounds.length > 1
          ? `the median round of ${rounds.length}, alternating which ran first`
          : 'the ceiling route first, then the product'
      }${c ? `, API ${c.projector ? 'with' : 'without'} its projector` : ''})`,
      header: [
        '',
        'commands/s',
        'p50 ms',
        'p90 ms',
        'p99 ms',
        'requests',
        'non-2xx',
        'peak RSS MB',
        'Node CPU ms / 2xx',
        'PostgreSQL CPU ms / 2xx',
        'share of ceiling',
      ],
      rows: [
        ...(c
          ? [
              [
                ...row('product (apps/api)', c, c.apiPeakRssMb, c.apiCpuMsPerCommand, c.postgresCpuMsPerCommand),
                ce?.commandsPerSecond ? `${Math.round((c.commandsPerSecond / ce.commandsPerSecond) * 100)}%` : '–',
              ],
            ]
          : []),
        ...(ce ? [[...row('ceiling (minimal Nest route)', ce, ce.peakRssMb, ce.cpuMsPerRequest, ce.postgresCpuMsPerRequest), '100%']] : []),
      ],
      notes: [
        ...(c
          ? [
              `product: ${c.mix}; status codes ${JSON.stringify(c.statusCodes)}; events appended: ${n(c.eventsAppended)}${c.apiCpuMsPerCommand === undefined ? '' : `; API CPU ${c.apiCpuMsPerCommand} ms per command`}`,
              ...(c.apiEventLoopDelay
                ? [
                    `product: the API's event loop was held up during the load by p50 ${c.apiEventLoopDelay.p50Ms} ms, p99 ${c.apiEventLoopDelay.p99Ms} ms, at most ${c.apiEventLoopDelay.maxMs} ms (beyond its monitor's own timer; a command arriving then waits that long before its own work starts)`,
                  ]
                : []),
              ...(c.apiGc ? [`product: ${gcLine(c.apiGc, c.ok)}`] : []),
              ...(c.catchUp ? [`product: ${catchUpLine(c.catchUp, 'the load')}`] : []),
              lagLine('right after the load', c.projectionLagAfterRun),
              lagLine('10 s after the load', c.projectionLagAt10s),
            ]
          : []),
        ...(rounds && rounds.length > 1
          ? [
              `rounds, in the order run (product / ceiling commands/s, share; product p99; CPU ms of Node + PostgreSQL a command / a ceiling request; the API's collections): ${rounds
                .map(
                  (r, i) =>
                    `${i + 1}. ${r.first} first: ${n(r.productCommandsPerSecond)} / ${n(r.ceilingCommandsPerSecond)}, ${
                      r.share === undefined ? '–' : `${Math.round(r.share * 100)}%`
                    }; ${ms(r.productP99Ms)} ms; ${cpu(r.apiCpuMsPerCommand)} + ${cpu(r.postgresCpuMsPerCommand)} / ${cpu(r.ceilingCpuMsPerRequest)} + ${cpu(r.ceilingPostgresCpuMsPerRequest)}${
                      r.apiGcUsPerCommand === undefined ? '' : `; API GC ${r.apiGcUsPerCommand} µs a command, ${r.apiMajorGcs} major`
                    }`,
                )
                .join('; ')}`,
            ]
          : []),
        ...(ce
          ? [
              `ceiling: ${ce.mix} (apps/bench/src/ceiling, its own process and database on the same server); status codes ${JSON.stringify(ce.statusCodes)}; rows inserted ${n(ce.rowsInserted)}${ce.cpuMsPerRequest === undefined ? '' : `; CPU ${ce.cpuMsPerRequest} ms per request`}`,
            ]
          : []),
      ],
    });
  }
  const so = report.scaleOut;
  if (so) {
    // Worst by events behind: a projection whose event types the load never sends keeps the age of
    // the last event it did project, so its seconds say little about keeping up with this load.
    const lag = (l: Record<string, ProjectionLagSeen> | undefined) => {
      const worst = Object.entries(l ?? {}).sort(
        ([, a], [, b]) => (b.events ?? Infinity) - (a.events ?? Infinity) || b.seconds - a.seconds,
      )[0];
      return worst ? `${n(worst[1].events ?? undefined)} events, ${worst[1].seconds.toFixed(1)} s (${worst[0]})` : '–';
    };
    const row = (label: string, r: CommandsResult, lagEnd: string, lag10: string, share: string) => [
      label,
      n(r.commandsPerSecond),
      ms(r.latency.p50Ms),
      ms(r.latency.p99Ms),
      n(r.non2xx),
      lagEnd,
      lag10,
      share,
    ];
    out.push({
      title: `Past one process (${so.connections} connections, ${so.seconds} s; same load as the command step, through a TCP round-robin on loopback)`,
      header: ['', 'commands/s', 'p50 ms', 'p99 ms', 'non-2xx', 'most behind at load end', 'most behind 10 s later', 'vs one process'],
      rows: [
        ...(c
          ? [
              row(
                `1 API process, projector ${c.projector ? 'inside' : 'off'}`,
                c,
                lag(c.projectionLagAfterRun),
                lag(c.projectionLagAt10s),
                '1.00×',
              ),
            ]
          : []),
        row(
          `${so.apiProcesses} API processes + apps/projector`,
          so,
          lag(so.projectionLagAfterRun),
          lag(so.projectionLagAt10s),
          x2(ratio(so.commandsPerSecond, c?.commandsPerSecond)),
        ),
      ],
      notes: [
        `on ${report.machine.nproc} cores every process competes for the same CPU: this measures the overhead and the correctness of scale-out, not a speed-up`,
        `connections per API process ${so.connectionsPerApi.join(' / ')}; peak RSS MB: API ${so.peakRssMb.api.map((x) => n(x)).join(' / ')}, projector ${n(so.peakRssMb.projector)}`,
        `${so.consistent ? 'consistent' : 'NOT CONSISTENT'}: ${n(so.commandEvents)} command events for ${n(so.ok)} 2xx (${n(so.answeredUncounted)} committed but cut off unanswered when the timed load stopped, at most one per connection), ${n(so.duplicateEvents)} duplicates, ${n(so.eventsAppended)} events in all; ${n(so.submitted)} submits → ${n(so.caseRowsAdded)} rows projected into wz_rm.cases; every projection's checkpoint ${so.caughtUpAfterSeconds === null ? 'NOT at the head of the log 2 min after the load' : `at the head of the log when checked ${so.caughtUpAfterSeconds} s after the load`}`,
      ],
    });
  }
  if (report.failures.length) {
    out.push({
      title: 'Failed steps',
      header: ['step', 'error'],
      rows: report.failures.map((f) => [f.step, f.error.split('\n')[0].slice(0, 300)]),
    });
  }
  out.push({
    title: 'Time per step (wall clock, s)',
    header: ['step', 'seconds'],
    rows: report.stepSeconds.map((x) => [x.step, String(x.seconds)]),
  });
  if (report.targets) {
    out.push({
      title: `Targets (measured, never asserted) — PostgreSQL ${modeOf(report)}`,
      header: ['target', 'measured', 'met'],
      rows: report.targets.map((t) => [
        t.target,
        t.measured + (t.note ? ` (${t.note})` : ''),
        t.met === undefined ? 'not measured' : t.met ? 'yes' : 'NO',
      ]),
    });
  }
  return out;
}

function logLine(l: LogShape): string {
  const order =
    l.order === 'occurred'
      ? `the seeded events put in the order they happened (${n(l.reordered)} events, ${l.seconds} s), as a deployment's log holds them`
      : "the seeded events in the seeder's order, each case's together (--log-order seeder: the rebuild's best case)";
  return `log: ${order}; in pages of ${n(l.pageSize)} events a stream falls into ${(l.streamPages / Math.max(1, l.streams)).toFixed(2)} pages on average (${n(l.streamPages)} (page, stream) pairs, ${n(l.streams)} streams)`;
}

function catchUpLine(cu: CatchUpResult, before = 'the reads and the report'): string {
  const how = [
    cu.rebuilt.length ? `rebuilt ${cu.rebuilt.join(', ')}` : '',
    warmedClause(cu.warmed),
    cu.projected.length ? `projected ${cu.projected.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  return `every projection at the head of the log (${n(cu.headEvents)} events) before ${before}${how ? ` — ${how}, ${cu.seconds} s` : ', already there'}`;
}

/** Which PostgreSQL mode every figure of the run was measured in. */
export function modeOf(report: BenchReport): string {
  const s = report.postgres.settings;
  const durable = report.postgres.durable ?? (s.fsync === 'on' && s.synchronous_commit === 'on');
  return durable
    ? 'durable (fsync on, synchronous_commit on)'
    : `not durable (fsync ${s.fsync ?? '?'}, synchronous_commit ${s.synchronous_commit ?? '?'}; --durable for the other column)`;
}

function machineLine(report: BenchReport): string {
  const m = report.machine;
  const s = report.postgres.settings;
  return `Mode: ${modeOf(report)}. ${report.date.slice(0, 10)}; ${m.nproc} × ${m.cpu}, ${m.memoryGb} GB, ${m.os}, Node ${m.node}; PostgreSQL ${report.postgres.version} (${report.postgres.source}, shared_buffers ${s.shared_buffers ?? '?'}${s.huge_pages_status ? ` (huge pages ${s.huge_pages_status})` : ''}, fsync ${s.fsync ?? '?'}, synchronous_commit ${s.synchronous_commit ?? '?'}); \`${report.command}\`${report.totalSeconds !== undefined ? `, ${Math.round(report.totalSeconds / 60)} min` : ''}`;
}

export function renderText(report: BenchReport): string {
  const lines = [machineLine(report), ''];
  for (const s of sections(report)) {
    lines.push(s.title, ...table(s.header, s.rows), ...(s.notes ?? []).map((x) => `  ${x}`), '');
  }
  return lines.join('\n');
}

export function renderMarkdown(report: BenchReport): string {
  const lines = [machineLine(report), ''];
  for (const s of sections(report)) {
    lines.push(`**${s.title}**`, '', ...mdTable(s.header, s.rows), '', ...(s.notes ?? []).map((x) => `- ${x}`), '');
  }
  return lines.join('\n');
}
