import { SignJWT } from 'jose';
import type { Role } from '@wenzheng/petition';
import { TEST_JWT_SECRET } from './app';

/** An HS256 token as the API expects it, signed with the test secret; `standard`: OIDC claims as an issuer sends them (phone_number…). */
export async function mintToken(
  claims: { sub?: string; roles: Role[]; departmentId?: string; standard?: Record<string, unknown> },
  secret = TEST_JWT_SECRET,
): Promise<string> {
  return new SignJWT({ ...claims.standard, roles: claims.roles, ...(claims.departmentId ? { departmentId: claims.departmentId } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub ?? `${claims.roles[0]}-test`)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(secret));
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
