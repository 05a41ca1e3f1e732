import { createHash } from 'node:crypto';

/**
 * How `cases` knows whose case it is without holding the account id: a hash of the citizen
 * token's `sub` recorded at submission. GET /api/me/petitions computes the same from the caller.
 * base64url rather than hex: a hex digest's runs of digits can read as a phone number to the
 * personal-data scans of the read models.
 */
export const submitterKey = (userId: string | undefined | null): string | null =>
  typeof userId === 'string' && userId ? createHash('sha256').update(`wz:submitter:${userId}`).digest('base64url') : null;
