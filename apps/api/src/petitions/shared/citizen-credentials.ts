import { createHash, createHmac, randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const hashAccessKey = (accessKey: string): string => createHash('sha256').update(accessKey).digest('hex');

/**
 * Tracking codes and access keys for citizens without an account. The access key is derived from
 * the petition id with a server secret, so a retried submission (same Idempotency-Key, hence the
 * same petition id) returns the same key, while only its hash is ever stored.
 */
@Injectable()
export class CitizenCredentials {
  constructor(private readonly secret: string) {}

  accessKeyFor(petitionId: string): string {
    return createHmac('sha256', this.secret).update(`access-key:${petitionId}`).digest('base64url').slice(0, 24);
  }

  /** WZ + local date + 10 Crockford base-32 characters (about 10^15 codes a day). */
  newTrackingCode(localDate: string): string {
    let suffix = '';
    for (let i = 0; i < 10; i++) suffix += CROCKFORD[randomInt(32)];
    return `WZ${localDate.replace(/-/g, '')}-${suffix}`;
  }
}
