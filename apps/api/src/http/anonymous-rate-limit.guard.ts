import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { AuthenticatedRequest } from '../auth/principal';

/**
 * Rate limit for anonymous writes (submission, comments), per client address and route:
 * 429 with Retry-After. Requests with a verified token are not limited here.
 */
@Injectable()
export class AnonymousRateLimitGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return context.switchToHttp().getRequest<AuthenticatedRequest>().principal !== undefined;
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    return String(req.ip ?? 'unknown');
  }
}
