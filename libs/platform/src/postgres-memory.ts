import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';

/**
 * How much memory the embedded PostgreSQL keeps as its own page cache (shared_buffers).
 *
 * PostgreSQL's built-in default is 128 MB whatever the machine; its documentation's starting point
 * for a database server is a quarter of the memory. At a year of a city's cases the assessment
 * report's fact tables and their indexes are some 2 GB: with 128 MB every report read most of its
 * pages again from the operating system's cache into PostgreSQL's (each page's checksum verified on
 * the way), about a fifth of the report's PostgreSQL CPU (README, Performance, sixteenth round).
 */

/** A quarter of the memory; never less than PostgreSQL's own default, never more than this. */
export const SHARED_BUFFERS_SHARE = 4;
export const SHARED_BUFFERS_MIN_MB = 128;
export const SHARED_BUFFERS_MAX_MB = 8192;

const MB = 1024 * 1024;

export interface MachineMemory {
  /** Bytes of memory of the machine (os.totalmem()). */
  readonly total: number;
  /** Bytes the process may use when a control group limits it (process.constrainedMemory()); 0 or absent: no limit known. */
  readonly constrained?: number;
  /** /proc/sys/vm/overcommit_memory: "2" makes the kernel count the whole shared segment against a strict limit. */
  readonly overcommit?: string;
}

/**
 * The shared_buffers setting for this machine, as PostgreSQL spells it ("2048MB"), or undefined to
 * leave PostgreSQL's default: under strict overcommit (mode 2) a segment of a quarter of the memory
 * may not be granted at all, and the server would not start.
 */
export function sharedBuffersFor(memory: MachineMemory): string | undefined {
  if (memory.overcommit?.trim() === '2') return undefined;
  const limit = memory.constrained && memory.constrained > 0 ? Math.min(memory.total, memory.constrained) : memory.total;
  if (!Number.isFinite(limit) || limit <= 0) return undefined;
  const mb = Math.floor(limit / SHARED_BUFFERS_SHARE / MB);
  return `${Math.min(SHARED_BUFFERS_MAX_MB, Math.max(SHARED_BUFFERS_MIN_MB, mb))}MB`;
}

/** This machine's memory, as sharedBuffersFor reads it. */
export function machineMemory(): MachineMemory {
  const constrained = (process as { constrainedMemory?: () => number | undefined }).constrainedMemory?.();
  let overcommit: string | undefined;
  try {
    overcommit = readFileSync('/proc/sys/vm/overcommit_memory', 'utf8');
  } catch {
    overcommit = undefined; // not Linux, or no /proc: the usual heuristic overcommit is assumed
  }
  return { total: totalmem(), constrained: constrained ?? undefined, overcommit };
}

/**
 * A shared_buffers value given in the configuration: a whole number and a unit PostgreSQL takes
 * (kB, MB, GB; any case), at least 1 MB and at most 1 TB. Returns PostgreSQL's spelling, or throws
 * naming the rule.
 */
export function parseSharedBuffers(value: string): string {
  const m = /^(\d{1,10})\s*(kb|mb|gb)$/i.exec(value.trim());
  if (!m) throw new Error('must be auto or a size like 512MB or 2GB (kB, MB or GB)');
  const units = { kb: ['kB', 1], mb: ['MB', 1024], gb: ['GB', 1024 * 1024] } as const;
  const [unit, kbPerUnit] = units[m[2].toLowerCase() as keyof typeof units];
  const kb = Number(m[1]) * kbPerUnit;
  if (kb < 1024 || kb > 1024 * 1024 * 1024) throw new Error('must be between 1MB and 1024GB');
  return `${Number(m[1])}${unit}`;
}
