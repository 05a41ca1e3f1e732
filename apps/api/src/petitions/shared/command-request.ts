import { ExecutionContext, PipeTransform, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { parseTrackingCode, type Actor, type Role } from '@wenzheng/petition';
import { ROLES } from '../../auth/auth.decorators';
import type { AuthenticatedRequest, Principal } from '../../auth/principal';
import type { CommandMeta } from '@wenzheng/command-runner';
import { newId } from '@wenzheng/event-store';
import { badInput } from '../../http/validation';

/** A case's id as every route takes it: versions 1 to 8, the RFC's variant (not the nil or max UUID). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const KEY = /^[A-Za-z0-9_.:-]{1,128}$/;

export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

/** `:id` of a petition: a UUID, else 400 naming the parameter. */
export class PetitionIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    const raw: string = value;
    if (!isUuid(value)) {
      // A tracking code where the id is wanted (a newcomer's find): say how to get the id.
      const code = parseTrackingCode(raw);
      throw badInput(
        'id',
        'isUuid',
        code
          ? `must be the petition's id (a UUID), not its tracking code; GET /api/petitions/${code} answers with the id`
          : 'must be a UUID',
      );
    }
    return value.toLowerCase();
  }
}

export function headerValue(req: AuthenticatedRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** What the idempotency interceptor claimed for a request with an Idempotency-Key. */
export interface ClaimedCommand {
  /** Stable across the retries of one request, never the client's key (keys are per caller). */
  readonly commandId: string;
  /** A random id reserved with the key, for a command that creates a case. */
  readonly newId: string;
}

export interface WriteHttpRequest extends AuthenticatedRequest {
  claimedCommand?: ClaimedCommand;
}

export interface RequestMeta {
  readonly idempotencyKey?: string;
  readonly claimed?: ClaimedCommand;
  readonly correlationId?: string;
  readonly principal?: Principal;
  /** The route's `@Roles` (none on a public route): the guard lets them in, the actor acts as one of them. */
  readonly roles: readonly Role[];
}

/** The Idempotency-Key header, validated (400 naming it). */
export function idempotencyKeyOf(req: AuthenticatedRequest): string | undefined {
  const key = headerValue(req, 'idempotency-key');
  if (key !== undefined && !KEY.test(key)) {
    throw badInput('Idempotency-Key', 'matches', 'must be 1-128 characters of letters, digits, "-", "_", ":" or "."');
  }
  return key;
}

const reflector = new Reflector();

/** The Idempotency-Key (with what was claimed under it), correlation id and roles of a write request, validated. */
export const WriteRequest = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestMeta => {
  const req = ctx.switchToHttp().getRequest<WriteHttpRequest>();
  const idempotencyKey = idempotencyKeyOf(req);
  const correlationId = headerValue(req, 'x-correlation-id');
  if (correlationId !== undefined && !KEY.test(correlationId)) {
    throw badInput('X-Correlation-Id', 'matches', 'must be 1-128 characters of letters, digits, "-", "_", ":" or "."');
  }
  const roles = reflector.getAllAndOverride<Role[] | undefined>(ROLES, [ctx.getHandler(), ctx.getClass()]) ?? [];
  return { idempotencyKey, claimed: req.claimedCommand, correlationId, principal: req.principal, roles };
});

/**
 * The actor of a command: the first of the token's roles that the route allows. Anonymous
 * requests (submit, comment, rate with an access key) act as an anonymous citizen.
 */
export function actorFor(principal: Principal | undefined, allowed: readonly Role[]): Actor {
  if (!principal) return { id: 'anonymous', role: 'citizen' };
  const role =
    principal.roles.find((r) => allowed.includes(r)) ??
    (principal.roles.includes('citizen') ? 'citizen' : (principal.roles[0] ?? 'citizen'));
  return { id: principal.sub, role, ...(principal.departmentId ? { departmentId: principal.departmentId } : {}) };
}

/** `allowed` defaults to the route's `@Roles`; a route whose actor depends on the body names them. */
export function commandMeta(request: RequestMeta, allowed: readonly Role[] = request.roles): CommandMeta {
  return {
    commandId: request.claimed?.commandId ?? newId(),
    correlationId: request.correlationId,
    actor: actorFor(request.principal, allowed),
  };
}
