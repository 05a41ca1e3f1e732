import { DynamicModule, Global, Module } from '@nestjs/common';
import type { Runtime } from '@wenzheng/platform';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { HealthModule } from './health/health.module';
import { PetitionsModule } from './petitions/petitions.module';
import { ProjectionsModule } from './projections/projections.module';
import { ReferenceModule } from './reference/reference.module';
import { APP_CONFIG, EVENT_STORE, PG_POOL, RUNTIME } from './tokens';

@Global()
@Module({})
class RuntimeModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    const providers = [
      { provide: RUNTIME, useValue: runtime },
      { provide: EVENT_STORE, useValue: runtime.eventStore },
      { provide: PG_POOL, useValue: runtime.pool },
      { provide: APP_CONFIG, useValue: runtime.config },
    ];
    return { module: RuntimeModule, providers, exports: providers.map((p) => p.provide) };
  }
}

@Module({})
export class AppModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    return {
      module: AppModule,
      imports: [RuntimeModule.forRuntime(runtime), AuthModule, HealthModule, ReferenceModule, CalendarModule, PetitionsModule, ProjectionsModule],
    };
  }
}
