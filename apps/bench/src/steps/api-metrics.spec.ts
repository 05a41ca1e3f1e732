import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { EVENT_LOOP_MONITOR_MS } from '@wenzheng/read-models';
import { gcLine } from '../report';
import { apiMetrics, gcBetween } from './commands';

// The command step reads the API's /metrics before and after the load: the event loop's delay and
// the collections V8 made meanwhile (prom-client's nodejs_gc_duration_seconds, with the API's prefix).

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

  it('reads the collections by kind from what prom-client exposes, and counts only those made between two readings', async () => {
    // A real registry with the API's prefix, so the names are prom-client's, not this test's guess.
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'wz_', eventLoopMonitoringPrecision: EVENT_LOOP_MONITOR_MS });
    const read = async () => {
      body = await registry.metrics();
      return (await apiMetrics(baseUrl))?.gc;
    };
    // The observer reports a collection in a later turn: wait until one of each kind asked for is in.
    const waitFor = async (kind: string, count: number) => {
      for (let i = 0; i < 100 && ((await read())?.[kind]?.count ?? 0) < count; i++) await new Promise((r) => setTimeout(r, 20));
    };
    const gc = (global as { gc?: (o?: { type: 'major' | 'minor' }) => void }).gc;
    if (!gc) {
      // Jest without --expose-gc: garbage to make the young generation collect instead.
      for (let i = 0; i < 200 && !(await read())?.minor; i++) new Array(200_000).fill({ i });
    } else gc({ type: 'minor' });
    await waitFor('minor', 1);
    const before = await read();
    expect(before?.minor?.count).toBeGreaterThan(0);
    expect(before?.minor?.seconds).toBeGreaterThan(0);
    // Nothing collected between two readings: nothing counted.
    expect(gcBetween(before, before)).toEqual({});
    const garbage: unknown[] = [];
    for (let i = 0; i < 400; i++) garbage.push(new Array(10_000).fill({ i }));
    garbage.length = 0;
    await waitFor('minor', (before?.minor?.count ?? 0) + 1);
    const between = gcBetween(before, await read());
    expect(between?.minor?.count).toBeGreaterThan(0);
    registry.clear();
  });

  it('keeps the event-loop delay it read before, and says nothing when the route is missing', async () => {
    body = [
      'wz_nodejs_eventloop_lag_p50_seconds 0.0121',
      'wz_nodejs_eventloop_lag_p99_seconds 0.0301',
      'wz_nodejs_eventloop_lag_max_seconds 0.05',
      'wz_nodejs_gc_duration_seconds_sum{kind="minor"} 0.8',
      'wz_nodejs_gc_duration_seconds_count{kind="minor"} 100',
      'wz_nodejs_gc_duration_seconds_sum{kind="major"} 0.012',
      'wz_nodejs_gc_duration_seconds_count{kind="major"} 1',
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
      "the API's garbage collection during the load (prom-client's gc durations): incremental 1 (8 ms), minor 100 (800 ms); 202 µs a 2xx",
    );
  });
});
