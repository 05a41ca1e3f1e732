import { KeyObject, createHmac, createSecretKey } from 'node:crypto';
import type { AppConfig } from '@wenzheng/platform';
import { PHONE_DIGITS_RULES, phoneNumberDigits } from '@wenzheng/redaction';
import { developmentSecret } from '@wenzheng/platform';

/**
 * A keyed hash of a phone number (blind index): staff find a caller's cases by the number, while
 * the read models hold only this hash. HMAC with a server secret rather than a plain hash: the
 * mainland numbering space is small enough to hash whole, so without the key (kept out of the
 * database) the column cannot be turned back into numbers. Any way of writing one number (+86,
 * 0086, spaces, dashes, full-width digits) gives one hash.
 */
export class PhoneBlindIndex {
  /** Made once: createHmac with the bytes would import them again for every number (a rebuild hashes one per case). */
  private readonly key: KeyObject;

  /**
   * Names the key and the digits' rules without revealing the key (a hash of a fixed text under it):
   * an index stored beside a case's key (see PetitionEventCodec) is used only while it was made under
   * this same key and the same PHONE_DIGITS_RULES.
   */
  readonly keyId: string;

  constructor(secret: string) {
    // Its own key, derived: the same secret signs other things, and a hash must not match any of them.
    this.key = createSecretKey(createHmac('sha256', secret).update('wenzheng:phone-blind-index:v1').digest());
    this.keyId = createHmac('sha256', this.key)
      .update(`wenzheng:phone-blind-index:key-id:${PHONE_DIGITS_RULES}`)
      .digest('base64url')
      .slice(0, 16);
  }

  /**
   * The index of a phone number, or undefined when `phone` is not one. base64url rather than hex:
   * a hex digest's digit runs could read as a phone number to the read models' personal-data scans.
   */
  of(phone: string): string | undefined {
    const digits = phoneNumberDigits(phone);
    return digits === undefined ? undefined : createHmac('sha256', this.key).update(digits).digest('base64url');
  }

  /**
   * The secret the API, the projector and `npm run rebuild` must share: ACCESS_KEY_SECRET, else
   * AUTH_JWT_SECRET, else the development secret `npm start` signs with. Changing it changes every
   * index: `npm run rebuild -- petition_views` afterwards.
   */
  static fromConfig(config: Pick<AppConfig, 'accessKeySecret' | 'jwtSecret'>): PhoneBlindIndex {
    return new PhoneBlindIndex(config.accessKeySecret ?? config.jwtSecret ?? developmentSecret().secret);
  }
}
