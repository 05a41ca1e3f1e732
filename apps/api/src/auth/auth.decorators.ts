import { SetMetadata, createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Role } from '@wenzheng/petition';
import type { AuthenticatedRequest, Principal } from './principal';

export const IS_PUBLIC = 'wz:public';
export const ROLES = 'wz:roles';

/** No token needed; a token that is present is still verified (a bad one is 401). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const OWN_CREDENTIALS = 'wz:own-credentials';
/** The route checks its own Authorization header (e.g. /metrics and METRICS_TOKEN): no JWT verified here. */
export const OwnCredentials = () => SetMetadata(OWN_CREDENTIALS, true);

/** A token with one of these roles is needed. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal | undefined => ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal,
);
