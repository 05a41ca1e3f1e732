import { DynamicModule, Module } from '@nestjs/common';
import type { Runtime } from '@wenzheng/platform';
import { HealthModule } from '@wenzheng/read-models';
import { MetricsModule } from '@wenzheng/read-models';
import { PetitionStorageModule } from '@wenzheng/command-runner';
import { ProjectionsModule } from '@wenzheng/read-models';
import { ReferenceDataModule } from '@wenzheng/read-models';
import { RuntimeModule } from '@wenzheng/platform';

/** The read side on its own: projections, with /health and /metrics for operations. */
@Module({})
export class ProjectorAppModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    return {
      module: ProjectorAppModule,
      imports: [
        RuntimeModule.forRuntime(runtime),
        HealthModule,
        MetricsModule,
        ReferenceDataModule,
        PetitionStorageModule,
        ProjectionsModule,
      ],
    };
  }
}
