import { SignJWT } from 'jose';
import type { Role } from '@wenzheng/petition';

/** An HS256 bearer token as the API verifies it (AUTH_JWT_SECRET). */
export function mintToken(secret: string, claims: { sub: string; roles: Role[]; departmentId?: string }): Promise<string> {
  return new SignJWT({ roles: claims.roles, ...(claims.departmentId ? { departmentId: claims.departmentId } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(secret));
}
