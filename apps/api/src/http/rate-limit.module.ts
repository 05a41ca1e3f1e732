import { Global, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import type { AppConfig } from '@wenzheng/platform';
import type { Pool } from 'pg';
import { APP_CONFIG, PG_POOL } from '@wenzheng/platform';
import { AnonymousRateLimitGuard } from './anonymous-rate-limit.guard';
import { PostgresThrottlerStorage } from './postgres-throttler-storage';
import { TOO_MANY_REQUESTS } from './rate-limit-mark';

@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, PG_POOL],
      // Counters in PostgreSQL: a limit per address holds however many API processes serve it.
      useFactory: (c: AppConfig, pool: Pool) => ({
        storage: new PostgresThrottlerStorage(pool),
        throttlers: [{ name: 'default', ttl: 60_000, limit: c.anonymousRateLimitPerMinute }],
        errorMessage: TOO_MANY_REQUESTS,
      }),
    }),
  ],
  providers: [AnonymousRateLimitGuard],
  exports: [ThrottlerModule, AnonymousRateLimitGuard],
})
export class RateLimitModule {}
