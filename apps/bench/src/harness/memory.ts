import { readFileSync } from 'node:fs';

export interface MemoryPeak {
  /** Highest resident set size seen, MB. */
  readonly peakRssMb: number;
  /** Highest V8 heap in use seen, MB. */
  readonly peakHeapMb: number;
  /**
   * Highest heap in the second half of the step minus the highest in the first half, MB. Near zero
   * (or negative) when memory does not grow with the events processed; clearly positive when it does.
   */
  readonly heapGrowthMb: number;
}

const MB = 1024 * 1024;
const round = (x: number) => Math.round(x * 10) / 10;

/**
 * Samples process.memoryUsage() on an interval for one step. A step runs in its own process, so
 * its peak is its own; `reset` starts over for the next measurement in the same process.
 */
export class MemorySampler {
  private samples: Array<{ t: number; rss: number; heap: number }> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly intervalMs = 100) {}

  start(): this {
    this.reset();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  reset(): void {
    this.samples = [];
    this.sample();
  }

  sample(): void {
    const m = process.memoryUsage();
    this.samples.push({ t: Date.now(), rss: m.rss, heap: m.heapUsed });
  }

  stop(): MemoryPeak {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    return summarise(this.samples);
  }
}

export function summarise(samples: ReadonlyArray<{ t: number; rss: number; heap: number }>): MemoryPeak {
  if (!samples.length) return { peakRssMb: 0, peakHeapMb: 0, heapGrowthMb: 0 };
  const first = samples[0].t;
  const middle = first + (samples[samples.length - 1].t - first) / 2;
  let rss = 0;
  let heap = 0;
  let early = 0;
  let late = 0;
  for (const s of samples) {
    rss = Math.max(rss, s.rss);
    heap = Math.max(heap, s.heap);
    if (s.t <= middle) early = Math.max(early, s.heap);
    else late = Math.max(late, s.heap);
  }
  return { peakRssMb: round(rss / MB), peakHeapMb: round(heap / MB), heapGrowthMb: late ? round((late - early) / MB) : 0 };
}

/** Another process's peak resident set (VmHWM), MB; undefined where /proc is not available. */
export function peakRssOfProcess(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}
