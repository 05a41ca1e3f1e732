import { readFileSync } from 'node:fs';
import { PerformanceObserver, constants } from 'node:perf_hooks';

export interface MemoryPeak {
  /** Highest resident set size seen, MB. */
  readonly peakRssMb: number;
  /** Highest V8 heap in use seen, MB. */
  readonly peakHeapMb: number;
  /**
   * The heap in the second half of the step minus the first half's, MB: near zero (or negative) when
   * memory does not grow with the events processed, clearly positive when it does. Measured on the
   * heap a full collection leaves (what is still alive) when each half had one; otherwise on the
   * highest heap seen in each half, which also counts garbage not yet collected and so moves with
   * the moment of the collections (see heapGrowthOn).
   */
  readonly heapGrowthMb: number;
  /** What heapGrowthMb compared: the heap left by full collections, or the highest heap seen. */
  readonly heapGrowthOn?: 'after full collections' | 'peaks';
}

interface Sample {
  readonly t: number;
  readonly rss: number;
  readonly heap: number;
  /** Taken right after a full (mark-compact) collection: the heap then is what is alive. */
  readonly afterFullGc?: boolean;
}

const MB = 1024 * 1024;
const round = (x: number) => Math.round(x * 10) / 10;

/**
 * Samples process.memoryUsage() on an interval for one step. A step runs in its own process, so
 * its peak is its own; `reset` starts over for the next measurement in the same process.
 */
export class MemorySampler {
  private samples: Sample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private collections: PerformanceObserver | undefined;

  constructor(
    private readonly intervalMs = 100,
    /** The clock the samples are timed by (a test sets its own). */
    private readonly now: () => number = Date.now,
  ) {}

  start(): this {
    this.halt(); // started again: one timer and one observer still
    this.reset();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
    // Reported after the collection, on the event loop's next turn: the heap then is the live set
    // plus what the turn in between allocated.
    this.collections = new PerformanceObserver((list) => {
      const full = list
        .getEntries()
        .some((e) => (e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR);
      if (full) this.sample(true);
    });
    this.collections.observe({ entryTypes: ['gc'] });
    return this;
  }

  reset(): void {
    this.samples = [];
    this.sample();
  }

  private halt(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.collections?.disconnect();
    this.collections = undefined;
  }

  sample(afterFullGc = false): void {
    const m = process.memoryUsage();
    this.samples.push({ t: this.now(), rss: m.rss, heap: m.heapUsed, ...(afterFullGc && { afterFullGc }) });
  }

  stop(): MemoryPeak {
    this.halt();
    this.sample();
    return summarise(this.samples);
  }
}

export function summarise(samples: readonly Sample[]): MemoryPeak {
  if (!samples.length) return { peakRssMb: 0, peakHeapMb: 0, heapGrowthMb: 0 };
  const first = samples[0].t;
  const middle = first + (samples[samples.length - 1].t - first) / 2;
  let rss = 0;
  let heap = 0;
  const peaks = { early: 0, late: 0 };
  const live = { early: 0, late: 0 };
  for (const s of samples) {
    rss = Math.max(rss, s.rss);
    heap = Math.max(heap, s.heap);
    const half = s.t <= middle ? 'early' : 'late';
    peaks[half] = Math.max(peaks[half], s.heap);
    if (s.afterFullGc) live[half] = Math.max(live[half], s.heap);
  }
  const [on, early, late] =
    live.early && live.late ? (['after full collections', live.early, live.late] as const) : (['peaks', peaks.early, peaks.late] as const);
  return {
    peakRssMb: round(rss / MB),
    peakHeapMb: round(heap / MB),
    heapGrowthMb: late ? round((late - early) / MB) : 0,
    ...(late ? { heapGrowthOn: on } : {}),
  };
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
