import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { Pool } from 'pg';

// `npm run bench -- --steps commands --profile`: where the time of a command goes, from both ends.
// The API runs under `node --cpu-prof` (the profile is written when it exits on SIGTERM) and the
// server preloads pg_stat_statements (track = all, so the statements inside append_events count
// too); both are summarised into small tables for the README.

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

export interface CommandsProfile {
  readonly cpu?: CpuSummary;
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

interface CpuProfile {
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
    const file = f.url ? `${moduleOf(f.url, f.functionName)}/${path.basename(f.url)}:${f.lineNumber + 1}` : '';
    const fn = `${f.functionName || '(anonymous)'}${file ? ` ${file}` : ''}`;
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

/** The newest .cpuprofile the API wrote into the folder, summarised. */
export async function readCpuProfile(dir: string): Promise<CpuSummary | undefined> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.cpuprofile')).sort();
  const last = files.at(-1);
  if (!last) return undefined;
  return summariseCpuProfile(JSON.parse(await readFile(path.join(dir, last), 'utf8')) as CpuProfile);
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
    lines.push(`API CPU profile: ${p.cpu.sampledMs.toLocaleString('en-US')} ms sampled, idle ${p.cpu.idlePercent}%`, '');
    lines.push('| module | self % |', '|---|---:|', ...p.cpu.modules.map((r) => `| ${r.name} | ${r.selfPercent} |`), '');
    lines.push('| function | self % |', '|---|---:|', ...p.cpu.functions.map((r) => `| \`${r.name}\` | ${r.selfPercent} |`), '');
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
