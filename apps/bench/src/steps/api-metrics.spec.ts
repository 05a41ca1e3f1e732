import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PerformanceObserver } from 'node:perf_hooks';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { EVENT_LOOP_MONITOR_MS, METRICS_PREFIX, observeCollections } from '@wenzheng/read-models';
import { gcLine } from '../report';
import { GcTotals, apiMetrics, gcBetween } from './commands';

// The command step reads the API's /metrics before and after the load: the event loop's delay and
// the collections V8 made meanwhile (the API's wz_gc_* counters: every collection, by kind).

describe("the API's metrics around the command load", () => {
  let server: Server;
  let baseUrl: string;
  let body = '';

  beforeAll(async () => {
    server = createServer((_, res) => res.end(body));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('counts every collection V8 reports, by kind, and only those made between two readings', async () => {
    // The API's registry as MetricsService makes it: prom-client's default metrics and the API's own counters.
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: METRICS_PREFIX, eventLoopMonitoringPrecision: EVENT_LOOP_MONITOR_MS });
    const observer = observeCollections(registry);
    // An independent count of the same entries, to compare with.
    let seen = 0;
    const witness = new PerformanceObserver((list) => (seen += list.getEntries().length));
    witness.observe({ entryTypes: ['gc'] });
    const settle = () => new Promise((r) => setTimeout(r, 50));
    // The witness's count just before and just after the registry renders: a collection in between
    // (the rendering allocates) may or may not be in the counters read.
    const read = async () => {
      const from = seen;
      body = await registry.metrics();
      const to = seen;
      return { gc: (await apiMetrics(baseUrl))?.gc, from, to };
    };
    const total = (gc: GcTotals | undefined) => Object.values(gc ?? {}).reduce((t, k) => t + k.count, 0);
    try {
      await settle();
      const before = await read();
      // Every kind is there from zero, before its first collection.
      expect(Object.keys(before.gc ?? {}).sort()).toEqual(['incremental', 'major', 'minor', 'weakcb']);
      // Many scavenges in one turn: Node hands them to the observers as one batch, of which
      // prom-client's own nodejs_gc_duration_seconds records only the first.
      const seenBefore = seen;
      // (Arrays small enough for the young generation: a large one goes to V8's large-object space.)
      for (let i = 0; i < 20_000; i++) new Array(1_000).fill({ i });
      await settle();
      expect(seen - seenBefore).toBeGreaterThan(3);
      const after = await read();
      const between = gcBetween(before.gc, after.gc);
      expect(between?.minor?.count).toBeGreaterThan(0);
      expect(between?.minor?.seconds).toBeGreaterThan(0);
      // Every collection counted: as many as the witness saw between the two renderings.
      expect(total(between)).toBeGreaterThanOrEqual(after.from - before.to);
      expect(total(between)).toBeLessThanOrEqual(after.to - before.from);
      // Nothing collected between two readings: nothing counted.
      expect(gcBetween(after.gc, after.gc)).toEqual({});
    } finally {
      witness.disconnect();
      observer.disconnect();
      registry.clear();
    }
  });

  it('keeps the event-loop delay it read before, and says nothing when the route is missing', async () => {
    body = [
      'wz_nodejs_eventloop_lag_p50_seconds 0.0121',
      'wz_nodejs_eventloop_lag_p99_seconds 0.0301',
      'wz_nodejs_eventloop_lag_max_seconds 0.05',
      'wz_gc_pause_seconds_total{kind="minor"} 0.8',
      'wz_gc_collections_total{kind="minor"} 100',
      'wz_gc_pause_seconds_total{kind="major"} 0.012',
      'wz_gc_collections_total{kind="major"} 1',
      // prom-client's own histogram (a fraction of the collections under load) is not what is read.
      'wz_nodejs_gc_duration_seconds_count{kind="minor"} 7',
    ].join('\n');
    const m = await apiMetrics(baseUrl);
    expect(m?.eventLoopDelay).toEqual({ p50Ms: 2.1, p99Ms: 20.1, maxMs: 40 });
    expect(m?.gc).toEqual({ minor: { count: 100, seconds: 0.8 }, major: { count: 1, seconds: 0.012 } });
    expect(await apiMetrics('http://127.0.0.1:1')).toBeUndefined();
  });

  it('takes the difference kind by kind and leaves out a kind that did not run; the report says the time a command', () => {
    const before = { minor: { count: 10, seconds: 0.1 }, major: { count: 2, seconds: 0.05 } };
    const after = { minor: { count: 110, seconds: 0.9 }, major: { count: 2, seconds: 0.05 }, incremental: { count: 1, seconds: 0.008 } };
    const d = gcBetween(before, after);
    expect(d).toEqual({ minor: { count: 100, seconds: 0.8 }, incremental: { count: 1, seconds: 0.008 } });
    expect(gcBetween(undefined, after)).toBeUndefined();
    expect(gcLine(d as NonNullable<typeof d>, 4_000)).toBe(
      "the API's garbage collection during the load (every collection V8 reported, by kind): incremental 1 (8 ms), minor 100 (800 ms); 202 µs a 2xx",
    );
  });
});
