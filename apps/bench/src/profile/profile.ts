import { access, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { Pool } from 'pg';
import { compiledEntry } from '../harness/api-process';
import { WINDOW_FILES } from './window-profiler';

// `npm run bench -- --steps commands --profile`: where the time of a command goes, from both ends.
// The API records a CPU profile and an allocation profile of the measured load only
// (window-profiler.ts) and the server preloads pg_stat_statements (track = all, so the statements
// inside append_events count too); all are summarised into small tables for the README.

/** The compiled preload the API is started with under --profile. */
export const WINDOW_PROFILER = () => compiledEntry('../profile/window-profiler.js');

/**
 * Signals the API's window profiler (SIGWINCH) and waits for its file: `started` once it samples,
 * `done` once both profiles are written. Throws when the process does not answer in time (it was
 * not started with the preload, or died), so a profile is never read from another window.
 */
export async function profileWindow(pid: number, dir: string, until: 'started' | 'done', timeoutMs = 60_000): Promise<void> {
  process.kill(pid, 'SIGWINCH');
  const file = path.join(dir, WINDOW_FILES[until]);
  const exists = (f: string) =>
    access(f).then(
      () => true,
      () => false,
    );
  for (const deadline = Date.now() + timeoutMs; ;) {
    if (await exists(file)) return;
    if (await exists(path.join(dir, WINDOW_FILES.error)))
      throw new Error(`the API's window profiler failed: ${await readFile(path.join(dir, WINDOW_FILES.error), 'utf8')}`);
    if (Date.now() > deadline) throw new Error(`the API's window profiler did not write ${WINDOW_FILES[until]} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What the bench's PostgreSQL preloads under --profile. */
export const PROFILE_SERVER_SETTINGS: Readonly<Record<string, string>> = {
  shared_preload_libraries: 'pg_stat_statements',
  'pg_stat_statements.track': 'all',
};

export interface ProfileRow {
  readonly name: string;
  /** Share of the sampled time, in percent. */
  readonly selfPercent: number;
  readonly selfMs: number;
}

export interface CpuSummary {
  readonly sampledMs: number;
  /** Idle (waiting on I/O: PostgreSQL, the network) as a share of the sampled time. */
  readonly idlePercent: number;
  readonly functions: ProfileRow[];
  readonly modules: ProfileRow[];
}

export interface StatementRow {
  readonly query: string;
  readonly calls: number;
  readonly totalMs: number;
  readonly meanMs: number;
  readonly percent: number;
}

export interface StatementTotals {
  /** Statements sent by clients (not those run inside functions), and their execution time. */
  readonly calls: number;
  readonly totalMs: number;
}

export interface AllocationSummary {
  /** What V8's sampling estimates was allocated during the window (collected objects included), in kB. */
  readonly totalKb: number;
  readonly functions: AllocationRow[];
  readonly modules: AllocationRow[];
}

export interface AllocationRow {
  readonly name: string;
  readonly kb: number;
  readonly percent: number;
}

/** One module's CPU in a load, in µs per request answered 2xx (see cpuByModule). */
export type ModuleCpu = Readonly<Record<string, number>>;

export interface CommandsProfile {
  readonly cpu?: CpuSummary;
  /** The API's CPU by module, µs per command answered 2xx (cpuByModule). */
  readonly cpuByModule?: ModuleCpu;
  /** The ceiling route's, µs per request answered 2xx, profiled the same way in its own step. */
  readonly ceilingCpuByModule?: ModuleCpu;
  readonly allocations?: AllocationSummary;
  readonly statements: StatementRow[];
  readonly totals?: StatementTotals;
  /** Commands answered 2xx during the load, to say calls per command. */
  readonly commands: number;
}

interface CpuNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly children?: number[];
}

export interface CpuProfile {
  readonly nodes: CpuNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: number[];
  readonly timeDeltas: number[];
}

/** Where a frame's code lives: a package, a library or app folder of this repository, or Node itself. */
export function moduleOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  const own = /\/(libs\/[^/]+|apps\/[^/]+\/src\/[^/]+)/.exec(url);
  if (own) return own[1].replace(/\.js$/, '');
  if (url.startsWith('node:')) return url.split('/')[0];
  return path.basename(url);
}

export function summariseCpuProfile(profile: CpuProfile, top = 15): CpuSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0) || 1;
  const fns = new Map<string, number>();
  const mods = new Map<string, number>();
  let idle = 0;
  for (const [id, us] of self) {
    const f = (byId.get(id) as CpuNode).callFrame;
    if (f.functionName === '(idle)') idle += us;
    const fn = frameName(f);
    fns.set(fn, (fns.get(fn) ?? 0) + us);
    const m = moduleOf(f.url, f.functionName);
    mods.set(m, (mods.get(m) ?? 0) + us);
  }
  const rows = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, selfMs: Math.round(us / 1000), selfPercent: Math.round((us / total) * 1000) / 10 }));
  return {
    sampledMs: Math.round(total / 1000),
    idlePercent: Math.round((idle / total) * 1000) / 10,
    functions: rows(fns),
    modules: rows(mods),
  };
}

/**
 * The process's CPU per request by module: each sample (idle left out) charged to the nearest frame
 * of its stack whose code has a module of its own, so Node's and V8's frames (a socket write, a
 * builtin) count for the code that called them; a sample with no such frame is Node's own work
 * (parsing HTTP, socket reads, timers), under "(node)"; V8's "(garbage collector)" and "(program)"
 * keep rows of their own. The window profiler's own samples (stopping the profilers is inside the
 * window) are left out. The shares of the remaining busy samples of the main thread are scaled to
 * the CPU the whole process spent a request (`cpuMsPerRequest`, measured by the step beside the
 * profile: every thread, so the collector's helpers, libuv's pool and a worker's work are spread
 * over the rows in proportion), so the product's table and the ceiling's add up to their own CPU and
 * can be read side by side.
 */
/** Where the window profiler's code is, as moduleOf names it. */
const PROFILER_MODULE = 'apps/bench/src/profile';

export function cpuByModule(profile: CpuProfile, cpuMsPerRequest: number): ModuleCpu {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const owner = new Map<number, string>();
  const ownerOf = (id: number): string => {
    const known = owner.get(id);
    if (known !== undefined) return known;
    const f = (byId.get(id) as CpuNode).callFrame;
    const m = moduleOf(f.url, f.functionName);
    const up = parent.get(id);
    const own = m === '(native)' || m.startsWith('node:') || m === '(root)' ? (up === undefined ? '(node)' : ownerOf(up)) : m;
    owner.set(id, own);
    return own;
  };
  const us = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const d = profile.timeDeltas[i] ?? 0;
    if ((byId.get(id) as CpuNode).callFrame.functionName === '(idle)') return;
    const m = ownerOf(id);
    if (m === PROFILER_MODULE) return;
    busy += d;
    us.set(m, (us.get(m) ?? 0) + d);
  });
  const out: Record<string, number> = {};
  for (const [m, d] of us) out[m] = Math.round((d / (busy || 1)) * cpuMsPerRequest * 1000 * 10) / 10;
  return out;
}

/** The raw .cpuprofile the window profiler wrote into the folder, by module (cpuByModule). */
export async function readCpuByModule(dir: string, cpuMsPerRequest: number | undefined): Promise<ModuleCpu | undefined> {
  const profile = await readNewest<CpuProfile>(dir, '.cpuprofile');
  return profile && cpuMsPerRequest !== undefined ? cpuByModule(profile, cpuMsPerRequest) : undefined;
}

interface HeapNode {
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly selfSize: number;
  readonly children?: HeapNode[];
}

/** Where a frame's code is, as the CPU table names it: `name module/file:line`. */
function frameName(f: { functionName: string; url: string; lineNumber: number }): string {
  const where = f.url.startsWith('node:') ? f.url : `${moduleOf(f.url, f.functionName)}/${path.basename(f.url)}`;
  const file = f.url ? `${where}:${f.lineNumber + 1}` : '';
  return `${f.functionName || '(anonymous)'}${file ? ` ${file}` : ''}`;
}

/**
 * A sampling heap profile (V8's HeapProfiler, sizes already scaled to estimate every byte) by the
 * function that allocated and by its module. A frame of Node itself or of V8 (a builtin such as
 * `slice` or `replace`, no package) is charged to the nearest caller that has a module of its own,
 * so the module table says whose code asked for the memory.
 */
export function summariseAllocations(profile: { head: HeapNode }, top = 15): AllocationSummary {
  const fns = new Map<string, number>();
  const mods = new Map<string, number>();
  let total = 0;
  const isOwner = (m: string) => !m.startsWith('(') && !m.startsWith('node:');
  const walk = (n: HeapNode, owner: string) => {
    const m = moduleOf(n.callFrame.url, n.callFrame.functionName);
    const here = isOwner(m) ? m : owner;
    if (n.selfSize > 0) {
      total += n.selfSize;
      const fn = frameName(n.callFrame);
      fns.set(fn, (fns.get(fn) ?? 0) + n.selfSize);
      mods.set(here, (mods.get(here) ?? 0) + n.selfSize);
    }
    for (const c of n.children ?? []) walk(c, here);
  };
  walk(profile.head, '(node)');
  const rows = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, bytes]) => ({ name, kb: Math.round(bytes / 1024), percent: Math.round((bytes / (total || 1)) * 1000) / 10 }));
  return { totalKb: Math.round(total / 1024), functions: rows(fns), modules: rows(mods) };
}

/** The parsed JSON of the newest file of an extension in the folder (file names sort by time), if any. */
async function readNewest<T>(dir: string, ext: string): Promise<T | undefined> {
  const last = (await readdir(dir).catch(() => [] as string[]))
    .filter((f) => f.endsWith(ext))
    .sort()
    .at(-1);
  return last ? (JSON.parse(await readFile(path.join(dir, last), 'utf8')) as T) : undefined;
}

/** The allocation profile the API wrote into the folder (window-profiler.ts), summarised. */
export async function readAllocationProfile(dir: string): Promise<AllocationSummary | undefined> {
  const profile = await readNewest<{ head: HeapNode }>(dir, '.heapprofile');
  return profile && summariseAllocations(profile);
}

/** The newest .cpuprofile the API wrote into the folder, summarised. */
export async function readCpuProfile(dir: string): Promise<CpuSummary | undefined> {
  const profile = await readNewest<CpuProfile>(dir, '.cpuprofile');
  return profile && summariseCpuProfile(profile);
}

/** Clears the statement statistics (as the superuser the bench connects as). */
export async function resetStatements(databaseUrl: string): Promise<boolean> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await pool.query('create extension if not exists pg_stat_statements');
    await pool.query('select pg_stat_statements_reset()');
    return true;
  } catch {
    return false; // not preloaded: the profile then has the CPU side only
  } finally {
    await pool.end();
  }
}

/** The statements of this database by total execution time since the reset. */
export async function topStatements(databaseUrl: string, top = 15): Promise<StatementRow[]> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const { rows } = await pool.query<{ query: string; calls: string; total: number; mean: number; percent: number }>(
      `select query, calls, total_exec_time as total, mean_exec_time as mean,
              100 * total_exec_time / nullif(sum(total_exec_time) over (), 0) as percent
         from pg_stat_statements
        where dbid = (select oid from pg_database where datname = current_database())
        order by total_exec_time desc limit $1`,
      [top],
    );
    return rows.map((r) => ({
      query: r.query.replace(/\s+/g, ' ').slice(0, 160),
      calls: Number(r.calls),
      totalMs: Math.round(r.total),
      meanMs: Math.round(r.mean * 1000) / 1000,
      percent: Math.round((r.percent ?? 0) * 10) / 10,
    }));
  } catch {
    return [];
  } finally {
    await pool.end();
  }
}

/** Every statement clients sent to this database since the reset (a round trip each). */
export async function statementTotals(databaseUrl: string): Promise<StatementTotals | undefined> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const { rows } = await pool.query<{ calls: string; total: number }>(
      `select coalesce(sum(calls), 0) as calls, coalesce(sum(total_exec_time), 0) as total from pg_stat_statements
        where toplevel and dbid = (select oid from pg_database where datname = current_database())`,
    );
    return { calls: Number(rows[0].calls), totalMs: Math.round(rows[0].total) };
  } catch {
    return undefined;
  } finally {
    await pool.end();
  }
}

export function renderProfile(p: CommandsProfile): string {
  const lines: string[] = [];
  if (p.cpu) {
    lines.push(
      `API CPU profile of the measured load: ${p.cpu.sampledMs.toLocaleString('en-US')} ms sampled, idle ${p.cpu.idlePercent}%`,
      '',
    );
    lines.push('| module | self % |', '|---|---:|', ...p.cpu.modules.map((r) => `| ${r.name} | ${r.selfPercent} |`), '');
    lines.push('| function | self % |', '|---|---:|', ...p.cpu.functions.map((r) => `| \`${r.name}\` | ${r.selfPercent} |`), '');
  }
  if (p.cpuByModule && p.ceilingCpuByModule) lines.push(...renderAgainstCeiling(p.cpuByModule, p.ceilingCpuByModule), '');
  if (p.allocations) {
    const a = p.allocations;
    const perCommand = (kb: number) => (kb / Math.max(1, p.commands)).toFixed(1);
    lines.push(
      `API allocations (V8's sampling heap profile, collected objects included): ${a.totalKb.toLocaleString('en-US')} kB, ` +
        `${perCommand(a.totalKb)} kB per command answered 2xx`,
      '',
    );
    lines.push(
      "| module (Node's and V8's own frames charged to their caller) | kB per command | % |",
      '|---|---:|---:|',
      ...a.modules.map((r) => `| ${r.name} | ${perCommand(r.kb)} | ${r.percent} |`),
      '',
    );
    lines.push(
      '| function | kB per command | % |',
      '|---|---:|---:|',
      ...a.functions.map((r) => `| \`${r.name}\` | ${perCommand(r.kb)} | ${r.percent} |`),
      '',
    );
  }
  if (p.statements.length) {
    const per = (x: number) => (x / Math.max(1, p.commands)).toFixed(1);
    const totals = p.totals ? `; per command ${per(p.totals.calls)} statements from clients, ${per(p.totals.totalMs)} ms executing` : '';
    lines.push(`pg_stat_statements over the command step (${p.commands.toLocaleString('en-US')} commands answered 2xx${totals})`, '');
    lines.push('| statement | calls / command | mean ms | % of time |', '|---|---:|---:|---:|');
    for (const s of p.statements)
      lines.push(
        `| \`${s.query.replace(/\|/g, '\\|')}\` | ${(s.calls / Math.max(1, p.commands)).toFixed(2)} | ${s.meanMs} | ${s.percent} |`,
      );
  }
  return lines.join('\n');
}

/**
 * The product's CPU a command against the ceiling's a request, module by module, the modules the
 * product spends most more on first (every module above 1% of the difference, the rest summed).
 */
export function renderAgainstCeiling(product: ModuleCpu, ceiling: ModuleCpu): string[] {
  const sum = (m: ModuleCpu) => Object.values(m).reduce((a, b) => a + b, 0);
  const names = [...new Set([...Object.keys(product), ...Object.keys(ceiling)])];
  const rows = names.map((name) => ({ name, p: product[name] ?? 0, c: ceiling[name] ?? 0 })).sort((a, b) => b.p - b.c - (a.p - a.c));
  const gap = sum(product) - sum(ceiling);
  const shown = rows.filter((r) => Math.abs(r.p - r.c) >= Math.max(1, Math.abs(gap) / 100));
  const rest = rows.filter((r) => !shown.includes(r));
  const us = (x: number) => Math.round(x).toLocaleString('en-US');
  return [
    `The API's CPU a command against the ceiling route's a request, by module (µs, each profile's busy samples of the main thread scaled to its process's CPU a 2xx, every thread's; ` +
      `Node's own frames charged to their caller, "(node)" when none; the profiler's own samples left out): ${us(sum(product))} against ${us(sum(ceiling))}, ${us(gap)} more`,
    '',
    '| module | product µs / command | ceiling µs / request | difference |',
    '|---|---:|---:|---:|',
    ...shown.map((r) => `| ${r.name} | ${us(r.p)} | ${us(r.c)} | ${us(r.p - r.c)} |`),
    ...(rest.length
      ? [
          `| ${rest.length} other module${rest.length === 1 ? '' : 's'} | ${us(rest.reduce((a, r) => a + r.p, 0))} | ${us(rest.reduce((a, r) => a + r.c, 0))} | ${us(rest.reduce((a, r) => a + r.p - r.c, 0))} |`,
        ]
      : []),
  ];
}
