import { ExecutionContext, ForbiddenException, HttpException, UnauthorizedException, createParamDecorator } from '@nestjs/common';
import type { AuthenticatedRequest, Principal } from '../../auth/principal';
import { hashAccessKey } from './citizen-credentials';

export interface SubmitterProofValue {
  readonly userId?: string;
  readonly accessKeyHash?: string;
}

export const SUBMITTER_PROOF_REQUIRED =
  'rating needs the X-Access-Key returned at submission, or a citizen token; a reviewer recording a call-back (回访) sends "via": "callback"';

/**
 * The refusal of a request without the submitter's proof. A valid staff token is a caller we know,
 * just not the submitter: 403 (asking them to authenticate again would not help); no credentials
 * at all is 401. `required` says what the route takes.
 */
export function missingSubmitterProof(principal: Principal | undefined, required: string): HttpException {
  if (!principal) return new UnauthorizedException(required);
  return new ForbiddenException(`this route is the submitter's: a ${principal.roles.join('/')} token is not their proof; ${required}`);
}

/**
 * A call-back (回访: a rating or 补充材料 with `via`) is the hotline office's: any other caller is refused
 * before the case is read, so that 403 against 404 never tells whether a tracking code names a case
 * (an attacking helper). The decider still checks the role and the case.
 */
export function refuseCallbackByOthers(principal: Principal | undefined): void {
  if (!principal?.roles.includes('reviewer'))
    throw new ForbiddenException('via: a call-back (回访) is recorded by the hotline office, with a reviewer token');
}

/**
 * How a request proves it comes from the submitter: a citizen token's `sub`, or the access key
 * returned at submission in `X-Access-Key`. Neither: 401 (403 for a staff token), unless
 * `{ optional: true }` (the route then decides). Whether it matches is the decider's (403).
 */
export const SubmitterProof = createParamDecorator(
  (options: { optional?: boolean } | undefined, ctx: ExecutionContext): SubmitterProofValue => {
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const raw = req.headers['x-access-key'];
    const key = Array.isArray(raw) ? raw[0] : raw;
    const userId = req.principal?.roles.includes('citizen') ? req.principal.sub : undefined;
    if (key !== undefined && !/^[A-Za-z0-9_-]{8,128}$/.test(key)) throw new UnauthorizedException('X-Access-Key: malformed');
    if (!key && !userId && !options?.optional) throw missingSubmitterProof(req.principal, SUBMITTER_PROOF_REQUIRED);
    return { ...(userId ? { userId } : {}), ...(key ? { accessKeyHash: hashAccessKey(key) } : {}) };
  },
);
