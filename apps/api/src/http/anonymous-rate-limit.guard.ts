import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Response } from 'express';
import type { AuthenticatedRequest } from '../auth/principal';
import { idempotencyKeyOf } from '../petitions/shared/command-request';
import { IdempotencyKeys } from '../idempotency/idempotency-keys';
import { callerScope } from '../idempotency/idempotency.interceptor';

/**
 * Rate limit for anonymous writes (submission, comments), per client address and route:
 * 429 with Retry-After. Requests with a verified token are not limited here.
 *
 * A retry under an Idempotency-Key already claimed (docs/api.md) is let through over the limit:
 * the key answers it (the first response replayed, 422 for another body), so it is no new work,
 * and a client retrying a submission whose answer it lost must get that answer, not a 429.
 */
@Injectable()
export class AnonymousRateLimitGuard extends ThrottlerGuard {
  @Inject(IdempotencyKeys) private readonly keys!: IdempotencyKeys;

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return context.switchToHttp().getRequest<AuthenticatedRequest>().principal !== undefined;
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    return String(req.ip ?? 'unknown');
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    if (await this.answeredByKey(context)) {
      context.switchToHttp().getResponse<Response>().removeHeader('Retry-After');
      return;
    }
    await super.throwThrottlingException(context, detail);
  }

  private async answeredByKey(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    let key: string | undefined;
    try {
      key = idempotencyKeyOf(req);
    } catch {
      return false; // a malformed key is refused by the route; over the limit, the 429 comes first
    }
    if (key === undefined) return false;
    return this.keys.held(callerScope(req), key);
  }
}
