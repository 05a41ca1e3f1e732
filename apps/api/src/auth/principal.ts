import type { Role } from '@wenzheng/petition';

/** Who made the request, as the verified token says. Anonymous requests have none. */
export interface Principal {
  readonly sub: string;
  readonly roles: readonly Role[];
  readonly departmentId?: string;
  /**
   * The OIDC `phone_number` claim as written, only when `phone_number_verified` is the boolean true:
   * the issuer checked the person holds it. Never stored or logged (a survey keys it, as an HMAC).
   */
  readonly verifiedPhoneNumber?: string;
}

export interface AuthenticatedRequest {
  principal?: Principal;
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
}
