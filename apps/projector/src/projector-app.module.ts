import { DynamicModule, Module } from '@nestjs/common';
import type { Runtime } from '@wenzheng/platform';
import { HealthModule } from '../../api/src/health/health.module';
import { MetricsModule } from '../../api/src/metrics/metrics.module';
import { PetitionStorageModule } from '@wenzheng/petition-store';
import { ProjectionsModule } from '../../api/src/projections/projections.module';
import { ReferenceModule } from '../../api/src/reference/reference.module';
import { RuntimeModule } from '@wenzheng/platform';

/** The read side on its own: projections, with /health and /metrics for operations. */
@Module({})
export class ProjectorAppModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    return {
      module: ProjectorAppModule,
      imports: [RuntimeModule.forRuntime(runtime), HealthModule, MetricsModule, ReferenceModule, PetitionStorageModule, ProjectionsModule],
    };
  }
}
