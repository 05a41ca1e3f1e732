import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Projector } from '@wenzheng/projector';
import type { Runtime } from '@wenzheng/platform';
import { RUNTIME } from '@wenzheng/platform';
import { PetitionEventCodec } from '@wenzheng/petition-store';
import { PROJECTIONS } from './projection-list';
import { HealthContributors } from '../health/health-contributors';
import { MetricsService } from '../metrics/metrics.service';

/**
 * Runs the projections inside this process when PROJECTOR_ENABLED (the default for `npm start`);
 * apps/projector runs the same service on its own to scale read-side work separately.
 */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('projector');
  readonly projector: Projector;

  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    codec: PetitionEventCodec,
    health: HealthContributors,
    metrics: MetricsService,
  ) {
    this.projector = new Projector({
      pool: runtime.pool,
      store: runtime.eventStore,
      projections: PROJECTIONS,
      decode: codec.projectionDecoder,
      prefetch: (events) => codec.prefetch(events),
      log: (m) => this.logger.warn(m),
    });
    health.register('projections', async () => {
      const states = new Map(this.projector.status().map((s) => [s.name, s]));
      const lag = await metrics.lag();
      const lagging = lag.filter((l) => l.seconds > runtime.config.projectionLagReadySeconds);
      const failing = [...states.values()].filter((s) => s.lastError && !s.caughtUp);
      const rebuildNeeded = [...states.values()].flatMap((s) => (s.rebuildNeeded ? [s.rebuildNeeded] : []));
      return {
        status: failing.length || lagging.length ? 'down' : 'up',
        ...(rebuildNeeded.length ? { detail: rebuildNeeded.join('; ') } : {}),
        runsHere: runtime.config.projectorEnabled,
        projections: Object.fromEntries(
          lag.map((l) => [
            l.projection,
            {
              lagEvents: l.events,
              lagSeconds: l.seconds,
              lagging: l.seconds > runtime.config.projectionLagReadySeconds,
              ...(states.get(l.projection)?.lastError ? { lastError: states.get(l.projection)?.lastError } : {}),
            },
          ]),
        ),
      };
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.runtime.config.projectorEnabled) await this.projector.start();
    else await this.projector.prepare();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.projector.stop();
  }
}
