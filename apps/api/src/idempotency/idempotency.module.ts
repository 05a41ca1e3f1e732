import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyKeys } from './idempotency-keys';
import { PetitionRefResolver } from '../petitions/shared/petition-ref';

/** Idempotency-Key handling for every write route (docs/api.md, "Idempotency-Key"). */
@Module({
  providers: [IdempotencyKeys, PetitionRefResolver, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
  exports: [IdempotencyKeys],
})
export class IdempotencyModule {}
