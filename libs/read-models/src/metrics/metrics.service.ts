import { PerformanceObserver, constants } from 'node:perf_hooks';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Runtime } from '@wenzheng/platform';
import { projectionLag } from '@wenzheng/projector';
import { RUNTIME } from '@wenzheng/platform';
import { PROJECTIONS } from '../projections/projection-list';

/**
 * How often the event-loop monitor's timer fires, ms (prom-client's default, set here so a reader of
 * wz_nodejs_eventloop_lag_* knows it): an idle loop reads this much, a held one more.
 */
export const EVENT_LOOP_MONITOR_MS = 10;

/** The prefix of this process's metric names (prom-client's default metrics get it too). */
export const METRICS_PREFIX = 'wz_';

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

/**
 * Every garbage collection V8 reports, by kind: `wz_gc_collections_total` and
 * `wz_gc_pause_seconds_total`. prom-client's own nodejs_gc_duration_seconds records only the first
 * collection of each batch Node hands its observer (one batch a turn of the event loop), so under
 * load it counts a fraction of them; these count each one. Returns the observer (to disconnect).
 */
export function observeCollections(registry: Registry): PerformanceObserver {
  const count = new Counter({
    name: `${METRICS_PREFIX}gc_collections_total`,
    help: 'Garbage collections of this process, by kind (minor: a scavenge; major: a mark-compact)',
    labelNames: ['kind'],
    registers: [registry],
  });
  const pause = new Counter({
    name: `${METRICS_PREFIX}gc_pause_seconds_total`,
    help: 'Time in garbage collections of this process, by kind',
    labelNames: ['kind'],
    registers: [registry],
  });
  // Each kind from zero, so a reading before the first collection has the series (and a difference).
  for (const kind of Object.values(GC_KINDS)) {
    count.inc({ kind }, 0);
    pause.inc({ kind }, 0);
  }
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = GC_KINDS[(entry as { detail?: { kind?: number } }).detail?.kind ?? -1] ?? 'other';
      count.inc({ kind });
      pause.inc({ kind }, entry.duration / 1000);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return observer;
}

/** Prometheus metrics of this process: command latency, events appended, projection lag. */
@Injectable()
export class MetricsService implements OnModuleDestroy {
  readonly registry = new Registry();
  readonly commandDuration = new Histogram({
    name: 'wz_command_duration_seconds',
    help: 'Time to decide and append one command',
    labelNames: ['command', 'outcome'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly eventsAppended = new Counter({
    name: 'wz_events_appended_total',
    help: 'Events appended by this process',
    labelNames: ['type'],
    registers: [this.registry],
  });
  private readonly lagEvents = new Gauge({
    name: 'wz_projection_lag_events',
    help: 'Events in the log not yet projected',
    labelNames: ['projection'],
    registers: [this.registry],
  });
  private readonly lagSeconds = new Gauge({
    name: 'wz_projection_lag_seconds',
    help: 'Newest event time minus last projected event time',
    labelNames: ['projection'],
    registers: [this.registry],
  });
  private readonly processed = new Gauge({
    name: 'wz_projection_events_processed',
    help: 'Events a projection has processed',
    labelNames: ['projection'],
    registers: [this.registry],
  });

  /** Node keeps an observer (and what its callback reaches: this service's module) until disconnected. */
  private readonly collections: PerformanceObserver;

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {
    collectDefaultMetrics({ register: this.registry, prefix: METRICS_PREFIX, eventLoopMonitoringPrecision: EVENT_LOOP_MONITOR_MS });
    this.collections = observeCollections(this.registry);
  }

  onModuleDestroy(): void {
    this.collections.disconnect();
  }

  async lag() {
    return projectionLag(this.runtime.pool, this.runtime.eventStore, PROJECTIONS);
  }

  async render(): Promise<string> {
    for (const l of await this.lag()) {
      if (l.events !== null) this.lagEvents.set({ projection: l.projection }, l.events);
      this.lagSeconds.set({ projection: l.projection }, l.seconds);
      this.processed.set({ projection: l.projection }, l.eventsProcessed);
    }
    return this.registry.metrics();
  }
}
