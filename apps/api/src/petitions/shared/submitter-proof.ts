import { ExecutionContext, UnauthorizedException, createParamDecorator } from '@nestjs/common';
import type { AuthenticatedRequest } from '../../auth/principal';
import { hashAccessKey } from './citizen-credentials';

export interface SubmitterProofValue {
  readonly userId?: string;
  readonly accessKeyHash?: string;
}

export const SUBMITTER_PROOF_REQUIRED =
  'rating needs the X-Access-Key returned at submission, or a citizen token; a reviewer recording a call-back (回访) sends "via": "callback"';

/**
 * How a request proves it comes from the submitter: a citizen token's `sub`, or the access key
 * returned at submission in `X-Access-Key`. Neither: 401, unless `{ optional: true }` (the route
 * then decides). Whether it matches is the decider's (403).
 */
export const SubmitterProof = createParamDecorator(
  (options: { optional?: boolean } | undefined, ctx: ExecutionContext): SubmitterProofValue => {
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const raw = req.headers['x-access-key'];
    const key = Array.isArray(raw) ? raw[0] : raw;
    const userId = req.principal?.roles.includes('citizen') ? req.principal.sub : undefined;
    if (key !== undefined && !/^[A-Za-z0-9_-]{8,128}$/.test(key)) throw new UnauthorizedException('X-Access-Key: malformed');
    if (!key && !userId && !options?.optional) throw new UnauthorizedException(SUBMITTER_PROOF_REQUIRED);
    return { ...(userId ? { userId } : {}), ...(key ? { accessKeyHash: hashAccessKey(key) } : {}) };
  },
);
