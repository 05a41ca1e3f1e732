import { createHash, createHmac, randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { newTrackingCode } from '@wenzheng/petition';

export const hashAccessKey = (accessKey: string): string => createHash('sha256').update(accessKey).digest('hex');

/**
 * Tracking codes and access keys for citizens without an account. The access key is derived from
 * the petition id with a server secret, so a submission retried after a crash (same Idempotency-Key,
 * hence the same random petition id reserved with it) returns the same key, while only its hash is
 * ever stored.
 */
@Injectable()
export class CitizenCredentials {
  constructor(private readonly secret: string) {}

  accessKeyFor(petitionId: string): string {
    return createHmac('sha256', this.secret).update(`access-key:${petitionId}`).digest('base64url').slice(0, 24);
  }

  /**
   * A case id the system derives from what it forwards (an interview's question, an Open311 client's
   * own id), so that a retry names the same case. Keyed with the server secret: anyone may submit a
   * case with an id of their choosing, and an id anyone could compute could be taken first, so that
   * the forwarded question or report would never become a case of its own (an attacking helper,
   * 2026-12-07). `version` is the UUID layout's version digit.
   */
  derivedId(label: string, version: 4 | 5): string {
    const h = createHmac('sha256', this.secret).update(`derived-id:${label}`).digest('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${version}${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** WZ + local date + 10 Crockford base-32 characters (about 10^15 codes a day; @wenzheng/petition tracking-code.ts). */
  newTrackingCode(localDate: string): string {
    return newTrackingCode(localDate, randomInt);
  }
}
