import { Global, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import type { AppConfig } from '@wenzheng/platform';
import { APP_CONFIG } from '../tokens';
import { AnonymousRateLimitGuard } from './anonymous-rate-limit.guard';

@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => ({
        throttlers: [{ name: 'default', ttl: 60_000, limit: c.anonymousRateLimitPerMinute }],
        errorMessage: 'too many requests from this address: try again after the Retry-After seconds',
      }),
    }),
  ],
  providers: [AnonymousRateLimitGuard],
  exports: [ThrottlerModule, AnonymousRateLimitGuard],
})
export class RateLimitModule {}
