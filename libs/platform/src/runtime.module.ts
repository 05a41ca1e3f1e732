import { DynamicModule, Global, Module } from '@nestjs/common';
import type { Runtime } from '@wenzheng/platform';
import { APP_CONFIG, EVENT_STORE, PG_POOL, RUNTIME } from './tokens';

/** The process-wide resources made before Nest starts (pool, event store, config), as providers. */
@Global()
@Module({})
export class RuntimeModule {
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
