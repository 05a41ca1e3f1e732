import { SetMetadata, createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Role } from '@wenzheng/petition';
import type { AuthenticatedRequest, Principal } from './principal';

export { IS_PUBLIC, OWN_CREDENTIALS, OwnCredentials, Public } from '@wenzheng/platform';
export const ROLES = 'wz:roles';

/** A token with one of these roles is needed. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal | undefined => ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal,
);
