import { scaleOutStep } from '../../apps/bench/src/steps/scale-out';
import { createTestDatabase } from '../setup/database';

// The bench's scale-out step on tiny numbers: two real API processes behind its round-robin proxy,
// apps/projector as the only projector. Its figures are never asserted; what is: the proxy spread
// the connections over both processes, every 2xx left exactly one event (none lost, none written
// twice), and the separate projector brought every read model to the head of the log.

jest.setTimeout(240_000);

describe('bench scale-out step', () => {
  it('runs the command load through the proxy on two API processes, and the projector catches up', async () => {
    const db = await createTestDatabase('wz_bench_scale');
    try {
      // A fixed number of requests, each answered: the events reconcile one for one with the 2xx.
      // After a second of the same load, not counted: its events are projected before the measured load starts.
      const r = await scaleOutStep({ databaseUrl: db.url, seconds: 1, connections: 4, amount: 48, warmupSeconds: 1 });
      expect(r.warmupSeconds).toBe(1);
      expect(r.apiProcesses).toBe(2);
      expect(r.connectionsPerApi).toEqual([2, 2]);
      // Every status at once, so a failure names the codes that came back.
      expect({ errors: r.errors, non2xx: r.non2xx, statusCodes: r.statusCodes, rejected: r.rejected }).toEqual({
        errors: 0,
        non2xx: 0,
        statusCodes: { '200': 40, '201': 8 },
        rejected: [],
      });
      expect(r.ok).toBe(48);
      expect(r.commandEvents).toBe(r.ok);
      expect(r.answeredUncounted).toBe(0);
      expect(r.duplicateEvents).toBe(0);
      // One submit per case (the 201s): 48 requests over 4 connections are 2 whole cases each.
      expect(r.submitted).toBe(8);
      // A rate closes its case (PetitionClosed) unless the citizen was unsatisfied.
      expect(r.eventsAppended - r.commandEvents).toBeGreaterThanOrEqual(0);
      expect(r.eventsAppended - r.commandEvents).toBeLessThanOrEqual(8);
      expect(r.caseRowsAdded).toBe(r.submitted);
      expect(r.caughtUpAfterSeconds).not.toBeNull();
      expect(Object.keys(r.projectionLagAt10s).length).toBeGreaterThan(0);
      expect(Object.values(r.projectionLagAt10s).every((l) => l.events === 0)).toBe(true);
      expect(r.consistent).toBe(true);
      // The warm-up's cases are there too, and none of them is in the figures above.
      const { rows } = await db.pool.query<{ n: number }>('select count(*)::int as n from wz_rm.cases');
      expect(rows[0].n).toBeGreaterThan(8);
    } finally {
      await db.drop();
    }
  });
});
