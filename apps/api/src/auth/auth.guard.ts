import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@wenzheng/petition';
import { IS_PUBLIC, OWN_CREDENTIALS, ROLES } from './auth.decorators';
import type { AuthenticatedRequest } from './principal';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

/**
 * Every route needs a bearer token unless marked @Public(). A missing or invalid token is 401;
 * a valid one without a role the route names is 403. Department checks belong to the decider.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(OWN_CREDENTIALS, targets)) return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false;
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES, targets);
    const header = req.headers['authorization'];
    const value = Array.isArray(header) ? header[0] : header;
    if (value) {
      const m = /^Bearer\s+(\S+)$/i.exec(value);
      if (!m) throw new UnauthorizedException('authorization: expected "Bearer <token>"');
      try {
        req.principal = await this.verifier.verify(m[1]);
      } catch (e) {
        throw new UnauthorizedException(e instanceof InvalidTokenError ? `invalid token: ${e.message}` : 'invalid token');
      }
    }
    if (isPublic) return true;
    if (!req.principal) throw new UnauthorizedException('a bearer token is required');
    if (roles?.length && !roles.some((r) => req.principal?.roles.includes(r))) {
      throw new ForbiddenException(`needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }
}
