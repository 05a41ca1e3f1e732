import type { Role } from '@wenzheng/petition';

/** Who made the request, as the verified token says. Anonymous requests have none. */
export interface Principal {
  readonly sub: string;
  readonly roles: readonly Role[];
  readonly departmentId?: string;
}

export interface AuthenticatedRequest {
  principal?: Principal;
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
}
