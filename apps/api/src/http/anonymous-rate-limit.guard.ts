import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerRequest } from '@nestjs/throttler';
import { APP_CONFIG } from '@wenzheng/platform';
import type { AppConfig } from '@wenzheng/platform';
import { Open311Keys } from '../open311/open311-keys';
import { isOpen311Request } from '../open311/open311-path';
import type { Response } from 'express';
import type { AuthenticatedRequest } from '../auth/principal';
import { idempotencyKeyOf } from '../petitions/shared/command-request';
import { type RateLimitMark, setRefusalHeaders } from './rate-limit-mark';

/**
 * Rate limit for anonymous writes (submission, comments), per client address and route:
 * 429 with Retry-After. Requests with a verified token are not limited here.
 *
 * Over the limit, a request with an Idempotency-Key is let past, marked (RateLimitMark), to be
 * answered from its key alone by the idempotency interceptor: a client retrying a submission whose
 * answer it lost gets that answer, not a 429; anything its key does not answer is the 429 there.
 * It never runs, claims or waits, so no new work passes the limit and a flood costs one lookup each.
 *
 * An Open311 client's report with a valid api_key is limited per client, not per address, at
 * OPEN311_RATE_LIMIT_PER_MINUTE: a FixMyStreet installation sends every one of its users' reports
 * from its own server, so the limit for one person at one address would refuse its busy minutes.
 */
@Injectable()
export class AnonymousRateLimitGuard extends ThrottlerGuard {
  @Inject(APP_CONFIG) private readonly config!: AppConfig;
  private open311Keys?: Open311Keys;

  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    const client = this.open311ClientOf(request.context);
    if (client === undefined) return super.handleRequest(request);
    return super.handleRequest({ ...request, limit: this.config.open311RateLimitPerMinute, getTracker: async () => `open311:${client}` });
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return context.switchToHttp().getRequest<AuthenticatedRequest>().principal !== undefined;
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    return String(req.ip ?? 'unknown');
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest & RateLimitMark>();
    if (hasValidKey(req)) {
      req.overRateLimit = { retryAfterSeconds: detail.timeToBlockExpire, limit: detail.limit };
      context.switchToHttp().getResponse<Response>().removeHeader('Retry-After');
      return;
    }
    // The limit's headers as a request within it carries them (the library sets Retry-After alone on a 429).
    setRefusalHeaders(context.switchToHttp().getResponse<Response>(), detail.limit, detail.timeToBlockExpire);
    await super.throwThrottlingException(context, detail);
  }

  /** The Open311 client a POST to /open311 names by a valid api_key; none for any other request (an unknown key is the route's 403). */
  private open311ClientOf(context: ExecutionContext): string | undefined {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest & { originalUrl?: string; body?: unknown }>();
    if (!isOpen311Request(req)) return undefined;
    const apiKey = (req.body as { api_key?: unknown } | undefined)?.api_key;
    if (typeof apiKey !== 'string' || apiKey === '') return undefined;
    this.open311Keys ??= new Open311Keys(this.config.open311ApiKeys);
    try {
      return this.open311Keys.clientOf(apiKey);
    } catch {
      return undefined;
    }
  }
}

function hasValidKey(req: AuthenticatedRequest): boolean {
  try {
    return idempotencyKeyOf(req) !== undefined;
  } catch {
    return false; // a malformed key is refused by the route; over the limit, the 429 comes first
  }
}
