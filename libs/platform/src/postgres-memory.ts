import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';

/**
 * How much memory the embedded PostgreSQL keeps as its own page cache (shared_buffers).
 *
 * PostgreSQL's built-in default is 128 MB whatever the machine; its documentation's starting point
 * for a database server is a quarter of the memory. At a year of a city's cases the assessment
 * report's fact tables and their indexes are some 2 GB: with 128 MB every report read most of its
 * pages again from the operating system's cache into PostgreSQL's (each page's checksum verified on
 * the way), about a fifth of the report's PostgreSQL CPU (docs/performance.md, the sixteenth round).
 */

/** A quarter of the memory; never less than PostgreSQL's own default, never more than this. */
export const SHARED_BUFFERS_SHARE = 4;
export const SHARED_BUFFERS_MIN_MB = 128;
export const SHARED_BUFFERS_MAX_MB = 8192;
/** A 32-bit process has some 3 GB of address space for everything: no more than this there. */
export const SHARED_BUFFERS_MAX_MB_32_BIT = 1024;

const MB = 1024 * 1024;

export interface MachineMemory {
  /** Bytes of memory of the machine (os.totalmem()). */
  readonly total: number;
  /** Bytes the process may use when a control group limits it (process.constrainedMemory()); 0 or absent: no limit known. */
  readonly constrained?: number;
  /** /proc/sys/vm/overcommit_memory: "2" makes the kernel count the whole shared segment against a strict limit. */
  readonly overcommit?: string;
  /** The smallest memory limit of the process's control groups and their parents (cgroupMemoryLimit), bytes. */
  readonly cgroupLimit?: number;
  /** process.arch: a 32-bit one ('arm', 'ia32') gets at most SHARED_BUFFERS_MAX_MB_32_BIT. */
  readonly arch?: string;
}

/**
 * The shared_buffers setting for this machine, as PostgreSQL spells it ("2048MB"), or undefined to
 * leave PostgreSQL's default: under strict overcommit (mode 2) a segment of a quarter of the memory
 * may not be granted at all, and the server would not start.
 */
export function sharedBuffersFor(memory: MachineMemory): string | undefined {
  if (memory.overcommit?.trim() === '2') return undefined;
  const limits = [memory.total, memory.constrained, memory.cgroupLimit].filter((n): n is number => typeof n === 'number' && n > 0);
  const limit = Math.min(...limits);
  if (!Number.isFinite(limit) || limit <= 0 || !(memory.total > 0)) return undefined;
  const mb = Math.floor(limit / SHARED_BUFFERS_SHARE / MB);
  const most = memory.arch === 'arm' || memory.arch === 'ia32' ? SHARED_BUFFERS_MAX_MB_32_BIT : SHARED_BUFFERS_MAX_MB;
  return `${Math.min(most, Math.max(SHARED_BUFFERS_MIN_MB, mb))}MB`;
}

/** A limit this large is none: cgroup v1 writes "no limit" as 2^63 rounded down to a page. */
const UNLIMITED = 2 ** 60;

/**
 * The smallest memory limit over the process's control groups and every parent of each (v2's
 * memory.max, v1's memory.limit_in_bytes), in bytes; undefined when none is set or none can be read.
 * Node's process.constrainedMemory() reads the process's own group only: a limit set on a parent (a
 * systemd slice, a Kubernetes pod, a nested container) is missed there, and a quarter of the host's
 * memory would be taken and then killed for as the cache filled. `read` gives a file's text or
 * undefined (injected by the tests).
 */
export function cgroupMemoryLimit(read: (file: string) => string | undefined, root = '/sys/fs/cgroup'): number | undefined {
  const found: number[] = [];
  const walk = (mount: string, file: string, groupPath: string) => {
    const parts = groupPath.split('/').filter((p) => p && p !== '..' && p !== '.');
    for (let i = parts.length; i >= 0; i--) {
      const text = read([mount, ...parts.slice(0, i), file].join('/'))?.trim();
      if (text && /^\d+$/.test(text) && Number(text) < UNLIMITED) found.push(Number(text));
    }
  };
  for (const line of (read('/proc/self/cgroup') ?? '').split('\n')) {
    const m = /^\d+:([^:]*):(.*)$/.exec(line.trim());
    if (!m) continue;
    if (m[1] === '') walk(root, 'memory.max', m[2]); // v2 (or v2 under a hybrid's "unified")
    if (m[1] === '') walk(`${root}/unified`, 'memory.max', m[2]);
    if (m[1].split(',').includes('memory')) walk(`${root}/memory`, 'memory.limit_in_bytes', m[2]);
  }
  return found.length ? Math.min(...found) : undefined;
}

const readText = (file: string): string | undefined => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

/** This machine's memory, as sharedBuffersFor reads it. */
export function machineMemory(): MachineMemory {
  // Node 20 gives 2^64 here when there is no limit (its documentation says undefined): Math.min keeps the real one.
  const constrained = (process as { constrainedMemory?: () => number | undefined }).constrainedMemory?.();
  return {
    total: totalmem(),
    constrained: constrained ?? undefined,
    // not Linux, or no /proc: the usual heuristic overcommit is assumed, and no control group
    overcommit: readText('/proc/sys/vm/overcommit_memory'),
    cgroupLimit: cgroupMemoryLimit(readText),
    arch: process.arch,
  };
}

/**
 * A shared_buffers value given in the configuration: a whole number and a unit PostgreSQL takes
 * (kB, MB, GB; any case), at least 16 MB and at most 1024 GB. Returns PostgreSQL's spelling, or throws
 * naming the rule.
 */
export function parseSharedBuffers(value: string): string {
  const m = /^(\d{1,10})\s*(kb|mb|gb)$/i.exec(value.trim());
  if (!m) throw new Error('must be auto or a size from 16MB to 1024GB in kB, MB or GB, like 512MB or 2GB');
  const units = { kb: ['kB', 1], mb: ['MB', 1024], gb: ['GB', 1024 * 1024] } as const;
  const [unit, kbPerUnit] = units[m[2].toLowerCase() as keyof typeof units];
  const kb = Number(m[1]) * kbPerUnit;
  // PostgreSQL wants at least 16 kB for each of the embedded server's 200 connections; 16MB leaves room.
  if (kb < 16 * 1024 || kb > 1024 * 1024 * 1024) throw new Error('must be between 16MB and 1024GB');
  return `${Number(m[1])}${unit}`;
}

/**
 * The value the last active `shared_buffers` line of a PostgreSQL configuration file sets (quotes
 * taken off), or undefined when none does. PostgreSQL reads such a file top to bottom, the last wins.
 */
export function sharedBuffersSetIn(text: string): string | undefined {
  let value: string | undefined;
  for (const line of text.split('\n')) {
    const m = /^\s*shared_buffers\s*=?\s*(?:'([^']*)'|([^\s#']+))/i.exec(line);
    if (m) value = (m[1] ?? m[2]).trim();
  }
  return value;
}

/** From this size of shared_buffers on, `npm start` says how many huge pages would hold them. */
export const HUGE_PAGES_ADVISED_FROM_MB = 1024;

/** What a running server says of its shared memory's pages (PostgreSQL 17+ for the status). */
export interface SharedMemoryPages {
  /** huge_pages_status: 'on', 'off' or 'unknown'. */
  readonly status: string;
  /** huge_pages: 'try' (PostgreSQL's default), 'on' or 'off' (an operator's choice, left alone). */
  readonly setting: string;
  /** shared_memory_size_in_huge_pages: the huge pages its shared memory needs (-1 where they are not supported). */
  readonly neededHugePages: number;
  /** shared_buffers in MB. */
  readonly sharedBuffersMb: number;
}

/**
 * The huge-pages clause of `npm start`'s line about the embedded server, or undefined when there is
 * nothing to say. A new PostgreSQL process maps each shared buffer it touches; on 4 kB pages that
 * is two page faults a buffer and a large page table for each process. On huge pages a rebuild took
 * about a third less of PostgreSQL's CPU and a fresh connection's first one-year report about half
 * (docs/performance.md, the nineteenth and twentieth rounds). Reserving them needs root
 * (vm.nr_hugepages), so a large pool on 4 kB pages gets the number to reserve; PostgreSQL's default
 * huge_pages=try uses them at its next start (huge_pages=off is an operator's choice: nothing advised).
 */
export function hugePagesNote(pages: SharedMemoryPages): string | undefined {
  if (pages.status === 'on') return 'on huge pages';
  if (
    pages.status !== 'off' ||
    pages.setting === 'off' ||
    pages.sharedBuffersMb < HUGE_PAGES_ADVISED_FROM_MB ||
    !(pages.neededHugePages > 0)
  )
    return undefined;
  return (
    `on 4 kB pages: ${pages.neededHugePages} more huge pages reserved as root (vm.nr_hugepages) would take about a third ` +
    `of PostgreSQL's CPU off rebuilds and large reads, used at its next start (README, Configuration)`
  );
}
