export interface Latency {
  readonly count: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

const round = (x: number) => Math.round(x * 100) / 100;

/** Nearest-rank percentiles of durations in milliseconds. */
export function latency(durationsMs: readonly number[]): Latency {
  const sorted = [...durationsMs].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : 0;
  return { count: sorted.length, p50Ms: round(at(50)), p95Ms: round(at(95)), p99Ms: round(at(99)), maxMs: round(sorted.at(-1) ?? 0) };
}

export const elapsedMs = (since: bigint, until: bigint = process.hrtime.bigint()) => Number(until - since) / 1e6;
