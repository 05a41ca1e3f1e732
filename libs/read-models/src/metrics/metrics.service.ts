import { Inject, Injectable } from '@nestjs/common';
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

/** Prometheus metrics of this process: command latency, events appended, projection lag. */
@Injectable()
export class MetricsService {
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

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {
    collectDefaultMetrics({ register: this.registry, prefix: 'wz_', eventLoopMonitoringPrecision: EVENT_LOOP_MONITOR_MS });
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
