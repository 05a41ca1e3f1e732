import { createHash } from 'node:crypto';
import { CallHandler, ExecutionContext, HttpException, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable, from, lastValueFrom } from 'rxjs';
import { DomainError } from '@wenzheng/domain-kernel';
import { hashAccessKey } from '../petitions/shared/citizen-credentials';
import { WriteHttpRequest, headerValue, idempotencyKeyOf } from '../petitions/shared/command-request';
import { ConcurrencyConflictError } from '@wenzheng/command-runner';
import { PetitionRefResolver } from '../petitions/shared/petition-ref';
import type { MultipartRequest } from '../attachments/multipart-command.middleware';
import type { AuthenticatedRequest } from '../auth/principal';
import { IdempotencyKeys, IdempotentRequest } from './idempotency-keys';
import { ThrottlerException } from '@nestjs/throttler';
import { RateLimitMark, TOO_MANY_REQUESTS, setRefusalHeaders } from '../http/rate-limit-mark';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

type HttpRequest = Request & WriteHttpRequest & MultipartRequest & RateLimitMark;

/**
 * Whose key it is. A token's subject; else the access key a citizen proves the case with (hashed
 * as the case stores it); else nobody: an anonymous submission or comment, whose key replays only
 * for the very same body, personal data included.
 */
function callerScope(req: AuthenticatedRequest): string {
  if (req.principal) return `sub:${req.principal.sub}`;
  const accessKey = headerValue(req, 'x-access-key');
  return accessKey ? `access-key:${hashAccessKey(accessKey)}` : 'anonymous';
}

function fingerprintOf(req: HttpRequest): unknown {
  const p = req.principal;
  return {
    route: `${req.method} ${String((req.route as { path?: unknown } | undefined)?.path ?? req.path)}`,
    params: req.params,
    query: req.query,
    // Roles and department too: a token of the same subject that now acts for another department is another caller.
    caller: p ? { sub: p.sub, roles: [...p.roles].sort(), departmentId: p.departmentId ?? null } : null,
    body: req.body ?? null,
    // Attachments sent as multipart (parsed before this runs): the same key with other files is another request.
    ...(req.attachmentFiles?.length && { files: req.attachmentFiles.map((f) => createHash('sha256').update(f.buffer).digest('hex')) }),
  };
}

/** Refused before anything was appended (the client may correct the request and reuse its key). */
function isRefusal(e: unknown): boolean {
  if (e instanceof HttpException) return e.getStatus() < 500;
  // Every decider's refusal (petition, consultation, interview, survey) is a DomainError.
  if (e instanceof DomainError) return e.httpStatus < 500;
  return e instanceof ConcurrencyConflictError;
}

/**
 * Idempotency-Key on every write route. Runs after the guards (401/403 come first, replay or
 * not), and before the pipes and the handler: the handler then runs under the claimed commandId,
 * or not at all when the first response is replayed.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('idempotency');

  constructor(
    private readonly keys: IdempotencyKeys,
    private readonly refs: PetitionRefResolver,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<HttpRequest>();
    if (SAFE_METHODS.has(req.method)) return next.handle();
    const key = idempotencyKeyOf(req);
    if (key === undefined) return next.handle();
    const res = ctx.switchToHttp().getResponse<Response>();
    const request: IdempotentRequest = {
      scope: callerScope(req),
      key,
      fingerprint: fingerprintOf(req),
      // Attachments are stored under the claimed ids before the command commits anything: that claim must be on disk first.
      writesOutside: Boolean(req.attachmentFiles?.length),
    };
    const ref = (req.params as Record<string, unknown> | undefined)?.ref;
    // A citizen's route names the case by id or tracking code, in any case: one case, one request.
    if (typeof ref === 'string') return from(this.resolved(ref, request).then((r) => this.around(r, req, res, next)));
    // One async function under one `from`, not a chain of rxjs operators: Nest's own interceptor
    // machinery already wraps each request in several observables, and this runs on every write.
    return from(this.around(request, req, res, next));
  }

  private async around(request: IdempotentRequest, req: HttpRequest, res: Response, next: CallHandler): Promise<unknown> {
    if (req.overRateLimit) return this.answerOverLimit(request, req.overRateLimit, res);
    const claim = await this.keys.claim(request);
    if (claim.kind === 'replay') {
      res.status(claim.status);
      return claim.body;
    }
    req.claimedCommand = { commandId: claim.commandId, newId: claim.newId };
    let body: unknown;
    try {
      // No default value: a handler that answers nothing is an error (EmptyError, a 500 as Nest gives
      // it without a key), never a success recorded under the key.
      body = await lastValueFrom(next.handle());
    } catch (e) {
      await this.keys.release(claim, isRefusal(e)).catch((err: unknown) => this.warn('release', err));
      throw e;
    }
    // The command is done: failing to record its answer must not turn it into an error.
    // The claim then lapses, and a retry runs again under the same commandId (no second append).
    await this.keys.complete(claim, res.statusCode, body).catch((e: unknown) => this.warn('record', e));
    return body;
  }

  /** Over the anonymous rate limit: the answer its key recorded, or the 429 (RateLimitMark). */
  private async answerOverLimit(
    request: IdempotentRequest,
    over: NonNullable<RateLimitMark['overRateLimit']>,
    res: Response,
  ): Promise<unknown> {
    const answer = await this.keys.recordedAnswer(request);
    if (!answer) {
      setRefusalHeaders(res, over.limit, over.retryAfterSeconds);
      throw new ThrottlerException(TOO_MANY_REQUESTS);
    }
    res.status(answer.status);
    return answer.body;
  }

  /** The fingerprint with `:ref` as the case it names (the id), so the same case by its code, its id or in lower case is one request. */
  private async resolved(ref: string, request: IdempotentRequest): Promise<IdempotentRequest> {
    const resolved = await this.refs.resolve(ref);
    if (resolved === undefined) return request; // the route's pipe answers 400
    const { id } = resolved;
    const fingerprint = request.fingerprint as { params: Record<string, unknown> };
    return { ...request, fingerprint: { ...fingerprint, params: { ...fingerprint.params, ref: id } } };
  }

  private warn(what: string, e: unknown): void {
    this.logger.warn(`could not ${what} an idempotency key: ${e instanceof Error ? e.name : 'error'}`);
  }
}
